package io.cdclake.iceberg;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.ChangeDecoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.DeadLetter;
import io.cdclake.model.DecodeException;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.TableId;
import io.cdclake.model.TransportPosition;
import io.cdclake.schema.ReconcileException;
import io.cdclake.schema.ReconcileOptions;
import io.cdclake.schema.Reconciliation;
import io.cdclake.schema.SchemaReconciler;
import io.cdclake.schema.RejectedTypeChangeException;
import io.cdclake.schema.SchemaApplier;
import io.cdclake.schema.SchemaUpdate;
import io.cdclake.schema.TableConfig;
import io.cdclake.schema.TableConfigs;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain-Java host: decode → reconcile → write → commit, driven by a service's own consumer
 * loop. Not thread-safe: one thread calls it.
 *
 * <pre>{@code
 * CdcPipeline p = CdcPipeline.builder(Catalogs.embedded(Path.of("warehouse")), "orders-sync")
 *     .decoder(debeziumDecoder).tables(TableConfigs.parse(Path.of("tables.json"))).commitEvery(10_000, Duration.ofSeconds(30))
 *     .build();
 * consumer.seek(p.resumePositions());
 * for (record : consumer) { p.accept(new RawMessage(key, value, headers, topic, TransportPosition.kafka(topic, part, offset))); }
 * p.flush();   // then acknowledge the transport
 * }</pre>
 *
 * <ul>
 *   <li>Row events are reconciled per table ({@link SchemaReconciler}); a schema change (a DDL event, or
 *       a new column or wider type in the data) first commits the table's pending rows, then evolves the table
 *       through {@link SchemaApplier} (schema, cdc-lake table properties and the history record in one
 *       transaction, refreshed and retried when another writer changed the table first), then goes on: a
 *       batch is split at the change, and no snapshot holds rows from both sides of it. After a DDL event the
 *       table's checkpoint is committed at once (an empty snapshot), so a restart never replays a schema change
 *       older than a later one. Rules and policies per table: {@link io.cdclake.schema.EvolutionPolicy}.</li>
 *   <li>A source table renamed (Debezium {@code RENAME_TABLE}) renames its Iceberg tables when the routing gives
 *       the new name another identifier and that identifier is free; the rows stay.</li>
 *   <li>Tables are created on first use (routing by {@link TableRouter}, setup by {@link TableSetup});
 *       {@link TableConfig.Mode} picks the upsert table, a changelog table, or both.</li>
 *   <li>A commit happens on {@link #flush()}, when {@code commitEvery} events are pending, or when the
 *       interval has passed (checked on each call and by {@link #flushIfDue()}). Each table commits
 *       atomically with the transport offsets consumed so far; on restart, {@link #resumePositions()}
 *       says where to resume and events a table already holds are skipped.</li>
 *   <li>Bad input: {@link DecodeException} and {@link ReconcileException} fail fast (default) or go to
 *       the {@link DeadLetter.Sink} with the raw message and the reason. Events a table's
 *       {@code type-changes=dead-letter} policy refuses ({@link RejectedTypeChangeException}) always go to the
 *       sink; a pipeline with such a table and no sink fails at build.</li>
 *   <li>Tombstones are ignored and counted, or applied as deletes by key ({@link TombstonePolicy}).</li>
 * </ul>
 */
public final class CdcPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CdcPipeline.class);

  /** What a tombstone (a null Kafka value) means. */
  public enum TombstonePolicy {
    /** Ignore it (after an envelope delete it only lets Kafka compact the topic). Counted. */
    IGNORE,
    /** Delete the row of its key (for flattened streams that drop delete events). */
    DELETE_BY_KEY
  }

  private final Catalog catalog;
  private final String writerId;
  private final ChangeDecoder decoder;
  private final TableConfigs tables;
  private final TableRouter router;
  private final ReconcileOptions reconcileOptions;
  private final WriterOptions writerOptions;
  private final CommitterOptions committerOptions;
  private final int commitEvery;
  private final Duration commitInterval;
  private final DeadLetter.Sink deadLetters;
  private final TombstonePolicy tombstones;
  private final int maxDeleteFiles;
  private final Clock clock;
  private final SchemaApplier applier;

  private final Map<TableId, TableState> states = new LinkedHashMap<>();
  private final Checkpoint.Builder consumed = Checkpoint.builder();
  private Checkpoint safe = Checkpoint.EMPTY;
  private long pending;
  private long lastFlush;
  private long batch;

  private final EnumMap<Op, Long> byOp = new EnumMap<>(Op.class);
  private long heartbeats;
  private long tombstonesIgnored;
  private long tombstonesAsDeletes;
  private long replayed;
  private long deadLetterCount;
  private long commits;
  private long schemaUpdates;
  private long compactions;

  private CdcPipeline(Builder b) {
    this.catalog = b.catalog;
    this.writerId = b.writerId;
    this.decoder = b.decoder;
    this.tables = b.tables;
    this.router = b.router;
    this.reconcileOptions = b.reconcileOptions;
    this.writerOptions = b.writerOptions;
    this.committerOptions = b.committerOptions;
    this.commitEvery = b.commitEvery;
    this.commitInterval = b.commitInterval;
    this.deadLetters = b.deadLetters;
    this.tombstones = b.tombstones;
    this.maxDeleteFiles = b.maxDeleteFiles;
    this.clock = b.clock;
    this.lastFlush = clock.millis();
    this.applier = SchemaApplier.withMaxAttempts(committerOptions.maxAttempts());
  }

  /**
   * @param catalog where the tables live ({@link Catalogs})
   * @param writerId names this pipeline in the tables' snapshot summaries; checkpoints are kept per writer id, so
   *     a restarted pipeline must use the same one, and two pipelines must not share one
   */
  public static Builder builder(Catalog catalog, String writerId) {
    return new Builder(catalog, writerId);
  }

  // ------------------------------------------------------------------ input

  /**
   * Decodes a transport message and takes its events.
   *
   * @throws IllegalStateException when no decoder was configured
   * @throws DecodeException when the message is bad and no dead-letter sink is configured
   */
  public void accept(RawMessage message) {
    if (decoder == null) {
      throw new IllegalStateException("Cannot accept raw message: the pipeline has no decoder (see CdcPipeline.Builder.decoder)");
    }
    List<ChangeEvent> events;
    try {
      events = decoder.decode(message);
    } catch (DecodeException e) {
      e.atInput(message.describe());
      deadLetter(message, e);
      return;
    }
    for (ChangeEvent e : events) {
      ChangeEvent withTransport = e.transport() == null && message.transport() != null ? e.withTransport(message.transport()) : e;
      try {
        take(withTransport);
      } catch (ReconcileException ex) {
        deadLetter(message, ex);
      }
    }
    if (events.isEmpty() && message.transport() != null) {
      consumed.add(message.transport());
    }
    afterInput();
  }

  /**
   * Takes one decoded event (from a codec, not yet reconciled).
   *
   * @throws ReconcileException when the event does not fit its table and no dead-letter sink is configured
   */
  public void accept(ChangeEvent event) {
    try {
      take(event);
    } catch (ReconcileException ex) {
      deadLetter(new RawMessage(null, null, Map.of(), event.table() == null ? null : event.table().toString(), event.transport()), ex);
    }
    afterInput();
  }

  private void deadLetter(RawMessage message, RuntimeException e) {
    if (deadLetters == null) {
      throw e;
    }
    deadLetters.accept(DeadLetter.of(message, e));
    deadLetterCount++;
    if (message.transport() != null) {
      consumed.add(message.transport());
    }
  }

  private void afterInput() {
    if (pending >= commitEvery || (pending > 0 && clock.millis() - lastFlush >= commitInterval.toMillis())) {
      flush();
    }
  }

  /** Commits when the time trigger is due; for hosts whose loop runs idle. */
  public void flushIfDue() {
    if (pending > 0 && clock.millis() - lastFlush >= commitInterval.toMillis()) {
      flush();
    }
  }

  private void take(ChangeEvent e) {
    byOp.merge(e.op(), 1L, Long::sum);
    switch (e.op()) {
      case HEARTBEAT, TX_BEGIN, TX_END, MESSAGE -> heartbeats++;
      case TOMBSTONE -> tombstone(e);
      case SCHEMA_CHANGE -> schemaChange(e);
      default -> row(e);
    }
    if (e.transport() != null) {
      consumed.add(e.transport());
    }
  }

  private void tombstone(ChangeEvent e) {
    if (tombstones == TombstonePolicy.IGNORE || e.table() == null || e.key() == null) {
      tombstonesIgnored++;
      return;
    }
    tombstonesAsDeletes++;
    row(ChangeEvent.builder(Op.DELETE).table(e.table()).key(e.key()).position(e.position()).transport(e.transport())
        .commitTime(e.commitTime()).build());
  }

  private void schemaChange(ChangeEvent e) {
    for (SchemaChange c : e.schemaChanges()) {
      ChangeEvent one = e.toBuilder().table(c.table()).schemaChanges(List.of(c)).build();
      if (c.kind() == SchemaChange.Kind.DROP_TABLE) {
        // dropping is the operator's decision, never the pipeline's; the reconciler forgets the source schema
        TableState s = states.get(c.table());
        if (s != null) {
          s.reconciler.fit(one, s.upsertState());
        }
        continue;
      }
      if (c.kind() == SchemaChange.Kind.RENAME_TABLE) {
        renameTable(c.previousTable(), c.table());
      }
      TableState s = state(c.table());
      if (e.transport() != null && s.covers(e.transport())) {
        replayed++;
        continue;
      }
      if (evolve(s, one) && e.transport() != null) {
        commitPositions(s, e.transport());
      }
    }
  }

  private void row(ChangeEvent e) {
    TableState s = state(e.table());
    if (e.transport() != null && s.covers(e.transport())) {
      replayed++;
      return;
    }
    Reconciliation rec = s.reconciler.fit(e, s.primaryState());
    if (rec.update() != null) {
      evolve(s, e);
      rec = null;
    }
    if (!s.exists()) {
      return; // a delete or truncate of a table that was never created: nothing to remove
    }
    // each table is fit on its own state (their field ids differ); the first fit serves when nothing changed
    if (s.upsertWriter != null) {
      s.upsertWriter.write((rec != null && s.upsertId != null ? rec : s.reconciler.fit(e, s.upsertState())).event());
    }
    if (s.changelogWriter != null) {
      s.changelogWriter.write((rec != null && s.upsertId == null ? rec : s.reconciler.fit(e, s.changelogState())).event());
    }
    s.pending++;
    pending++;
  }

  // ------------------------------------------------------------------ tables

  private TableState state(TableId id) {
    if (id == null) {
      throw new ReconcileException("Cannot route event: it names no table", null, null, null, null, null);
    }
    return states.computeIfAbsent(id, this::open);
  }

  private TableState open(TableId id) {
    TableConfig cfg = tables.forTable(id);
    TableState s = new TableState(id, cfg, SchemaReconciler.create(id, cfg, reconcileOptions));
    TableConfig.Mode mode = cfg.mode();
    s.upsertId = mode == TableConfig.Mode.CHANGELOG ? null : router.route(id, cfg);
    s.changelogId = mode == TableConfig.Mode.UPSERT ? null
        : mode == TableConfig.Mode.CHANGELOG ? router.route(id, cfg) : router.changelog(id, cfg);
    if (s.upsertId != null && catalog.tableExists(s.upsertId)) {
      s.upsert = catalog.loadTable(s.upsertId);
    }
    if (s.changelogId != null && catalog.tableExists(s.changelogId)) {
      s.changelog = catalog.loadTable(s.changelogId);
    }
    s.startWriters();
    return s;
  }

  /**
   * Evolves every table of the source table for the event: the rows before it are committed first; each
   * Iceberg table (upsert, changelog) gets the update its own state needs (their field ids differ).
   *
   * @return true when a table was created or needed a change (made here or already made by another writer)
   */
  private boolean evolve(TableState s, ChangeEvent event) {
    if (s.pending > 0) {
      commitTable(s, safe); // rows before the change go in their own commit
    }
    boolean changed = false;
    if (s.upsertId != null) {
      Table before = s.upsert;
      s.upsert = applyUpdate(s, s.upsert, s.upsertId, s.reconciler.fit(event, s.upsertState()).update(), false);
      changed |= s.upsert != before || s.lastApplied;
    }
    if (s.changelogId != null) {
      Table before = s.changelog;
      s.changelog = applyUpdate(s, s.changelog, s.changelogId, s.reconciler.fit(event, s.changelogState()).update(), true);
      changed |= s.changelog != before || s.lastApplied;
    }
    if (changed) {
      schemaUpdates++;
      s.startWriters();
    }
    return changed;
  }

  private Table applyUpdate(TableState s, Table table, TableIdentifier id, SchemaUpdate update, boolean changelog) {
    s.lastApplied = false;
    if (update == null) {
      return table;
    }
    if (table == null) {
      Schema schema = update.newSchema(null);
      s.lastApplied = true;
      return TableSetup.createOrLoad(catalog, id, changelog ? TableSetup.changelogSchema(schema) : schema, s.config, writerOptions.keyless());
    }
    // committed here or already made by another writer: either way the table changed under this pipeline's writers
    applier.apply(table, TableUtil.formatVersion(table), update);
    s.lastApplied = true;
    table.refresh();
    return table;
  }

  /** Commits the table's checkpoint up to and including a DDL event (an empty snapshot), after the change it made. */
  private void commitPositions(TableState s, TransportPosition ddl) {
    Checkpoint upTo = Checkpoint.of(consumed.build().offsets()).merge(Checkpoint.of(List.of(ddl)));
    Map<String, String> extra = Map.of(CdcLakeProperties.PIPELINE_OFFSETS, safe.offsetsJson());
    long b = ++batch;
    if (s.upsert != null) {
      s.upsertWriter.committed(s.upsertCommitter.commit(List.of(new WriteResult(s.upsert.name(), s.upsert.schema().schemaId(), b, false,
          List.of(), upTo, 0, 0)), extra).checkpoint());
    }
    if (s.changelog != null) {
      s.changelogCommitter.commit(List.of(new WriteResult(s.changelog.name(), s.changelog.schema().schemaId(), b, false, List.of(), upTo, 0, 0)),
          extra);
    }
  }

  /** A renamed source table: its Iceberg tables move to the new routed names when those differ and are free. */
  private void renameTable(TableId from, TableId to) {
    TableState old = states.remove(from);
    TableConfig fromCfg = tables.forTable(from);
    TableConfig toCfg = tables.forTable(to);
    if (old != null && old.pending > 0) {
      commitTable(old, safe);
    }
    if (old != null) {
      old.abortWriters();
    }
    moveTable(fromCfg.mode() == TableConfig.Mode.CHANGELOG ? null : router.route(from, fromCfg),
        toCfg.mode() == TableConfig.Mode.CHANGELOG ? null : router.route(to, toCfg));
    moveTable(fromCfg.mode() == TableConfig.Mode.UPSERT ? null : fromCfg.mode() == TableConfig.Mode.CHANGELOG ? router.route(from, fromCfg)
        : router.changelog(from, fromCfg), toCfg.mode() == TableConfig.Mode.UPSERT ? null
        : toCfg.mode() == TableConfig.Mode.CHANGELOG ? router.route(to, toCfg) : router.changelog(to, toCfg));
    states.remove(to);
  }

  private void moveTable(TableIdentifier from, TableIdentifier to) {
    if (from == null || to == null || from.equals(to) || !catalog.tableExists(from) || catalog.tableExists(to)) {
      return;
    }
    if (catalog instanceof SupportsNamespaces ns && !ns.namespaceExists(to.namespace())) {
      ns.createNamespace(to.namespace());
    }
    catalog.renameTable(from, to);
    LOG.info("Source table renamed: Iceberg table {} renamed to {}", from, to);
  }

  /** One source table: its reconciler, tables, writers and committers. */
  private final class TableState {
    final TableId id;
    final TableConfig config;
    final SchemaReconciler reconciler;
    TableIdentifier upsertId;
    TableIdentifier changelogId;
    Table upsert;
    Table changelog;
    ChangeCommitter upsertCommitter;
    ChangeCommitter changelogCommitter;
    ChangeWriter upsertWriter;
    ChangeWriter changelogWriter;
    long pending;
    io.cdclake.schema.TableState upsertEvo;
    io.cdclake.schema.TableState changelogEvo;
    boolean lastApplied;

    TableState(TableId id, TableConfig config, SchemaReconciler reconciler) {
      this.id = id;
      this.config = config;
      this.reconciler = reconciler;
    }

    boolean exists() {
      return upsert != null || changelog != null;
    }

    /** The upsert table as schema evolution sees it (or a table to create). */
    io.cdclake.schema.TableState upsertState() {
      if (upsertEvo == null) {
        upsertEvo = EvolutionStates.upsert(upsert, config.formatVersion());
      }
      return upsertEvo;
    }

    /** The changelog table without its {@code _cdc_} columns, as schema evolution sees it (or a table to create). */
    io.cdclake.schema.TableState changelogState() {
      if (changelogEvo == null) {
        changelogEvo = EvolutionStates.changelog(changelog, config.formatVersion());
      }
      return changelogEvo;
    }

    /** The state the reconciler first fits events to: the upsert table's, else the changelog table's. */
    io.cdclake.schema.TableState primaryState() {
      return upsertId != null ? upsertState() : changelogState();
    }

    /** True when every table of this source table already holds the position. */
    boolean covers(TransportPosition p) {
      boolean any = false;
      if (upsertCommitter != null) {
        if (!upsertCommitter.checkpoint().covers(p)) {
          return false;
        }
        any = true;
      }
      if (changelogCommitter != null) {
        if (!changelogCommitter.checkpoint().covers(p)) {
          return false;
        }
        any = true;
      }
      return any;
    }

    void abortWriters() {
      if (upsertWriter != null) {
        upsertWriter.abort();
      }
      if (changelogWriter != null) {
        changelogWriter.abort();
      }
    }

    void startWriters() {
      abortWriters();
      upsertEvo = null;
      changelogEvo = null;
      if (upsert != null) {
        upsertCommitter = ChangeCommitter.create(upsert, writerId, committerOptions);
        String precombine = config.precombineKey() == null ? null : config.columnNames().getOrDefault(config.precombineKey(),
            config.precombineKey());
        upsertWriter = ChangeWriter.upsert(upsert, writerOptions.withPrecombineColumn(precombine), upsertCommitter.checkpoint());
      }
      if (changelog != null) {
        changelogCommitter = ChangeCommitter.create(changelog, writerId, committerOptions);
        changelogWriter = ChangeWriter.changelog(changelog, writerOptions);
      }
      pending = 0;
    }
  }

  // ------------------------------------------------------------------ commits

  /**
   * Commits every table with pending events, each atomically with the transport offsets consumed
   * so far. On a commit failure the table's writers restart from its checkpoint and the exception
   * propagates: the host restarts from {@link #resumePositions()}.
   */
  public void flush() {
    Checkpoint upTo = consumed.build();
    for (TableState s : states.values()) {
      if (s.pending > 0) {
        commitTable(s, safe);
      }
    }
    safe = upTo;
    pending = 0;
    lastFlush = clock.millis();
  }

  private void commitTable(TableState s, Checkpoint pipelineSafe) {
    Checkpoint offsets = Checkpoint.of(consumed.build().offsets());
    Map<String, String> extra = Map.of(CdcLakeProperties.PIPELINE_OFFSETS, pipelineSafe.offsetsJson());
    long b = ++batch;
    try {
      if (s.upsertWriter != null) {
        WriteResult r = s.upsertWriter.complete(b);
        CommitOutcome o = s.upsertCommitter.commit(List.of(r.withCovers(offsets.merge(r.covers()))), extra);
        s.upsertWriter.committed(o.checkpoint());
        count(o);
        compact(s.upsert);
      }
      if (s.changelogWriter != null) {
        WriteResult r = s.changelogWriter.complete(b);
        count(s.changelogCommitter.commit(List.of(r.withCovers(offsets.merge(r.covers()))), extra));
      }
    } catch (RuntimeException e) {
      LOG.warn("Commit of {} failed; its writers restart from the table's checkpoint", s.id);
      s.startWriters();
      throw e;
    }
    pending -= s.pending;
    s.pending = 0;
  }

  private void count(CommitOutcome o) {
    if (o.status() == CommitOutcome.Status.COMMITTED) {
      commits++;
    }
  }

  private void compact(Table t) {
    if (maxDeleteFiles > 0 && Compaction.compactIfNeeded(t, maxDeleteFiles).compacted()) {
      compactions++;
    }
  }

  /**
   * Where the host resumes its transport: per stream partition, the last offset every table of this
   * pipeline had committed (read from the snapshot summaries of the catalog's tables under this
   * writer id). Resume after each position; events a table already holds are skipped anyway.
   */
  public List<TransportPosition> resumePositions() {
    Checkpoint out = safe;
    for (Table t : knownTables()) {
      for (org.apache.iceberg.Snapshot snap : org.apache.iceberg.util.SnapshotUtil.currentAncestors(t)) {
        if (writerId.equals(snap.summary().get(CdcLakeProperties.WRITER_ID))) {
          out = out.merge(Checkpoint.fromJson(snap.summary().get(CdcLakeProperties.PIPELINE_OFFSETS), null));
          break;
        }
      }
    }
    return out.offsets();
  }

  private List<Table> knownTables() {
    List<Table> out = new ArrayList<>();
    if (catalog instanceof SupportsNamespaces) {
      for (TableIdentifier id : Catalogs.listTables(catalog)) {
        out.add(catalog.loadTable(id));
      }
    } else {
      for (TableState s : states.values()) {
        if (s.upsert != null) {
          out.add(s.upsert);
        }
        if (s.changelog != null) {
          out.add(s.changelog);
        }
      }
    }
    return out;
  }

  /**
   * The Iceberg tables of the source tables this pipeline has seen so far (created or loaded; upsert
   * and changelog tables), in the order it first met them. Source tables whose events only deleted
   * from a table that did not exist have none.
   */
  public List<TableIdentifier> tables() {
    List<TableIdentifier> out = new ArrayList<>();
    for (TableState s : states.values()) {
      if (s.upsert != null) {
        out.add(s.upsertId);
      }
      if (s.changelog != null) {
        out.add(s.changelogId);
      }
    }
    return out;
  }

  public PipelineCounters counters() {
    long stale = 0;
    for (TableState s : states.values()) {
      if (s.upsertWriter != null) {
        stale += s.upsertWriter.counters().stale();
      }
    }
    return new PipelineCounters(new EnumMap<>(byOp), heartbeats, tombstonesIgnored, tombstonesAsDeletes, replayed, stale,
        deadLetterCount, commits, schemaUpdates, compactions);
  }

  /** Drops what is not committed (call {@link #flush()} first to keep it); files written for it become orphans. */
  @Override
  public void close() {
    for (TableState s : states.values()) {
      if (s.upsertWriter != null) {
        s.upsertWriter.abort();
      }
      if (s.changelogWriter != null) {
        s.changelogWriter.abort();
      }
    }
  }

  /** Configures a pipeline. */
  public static final class Builder {
    private final Catalog catalog;
    private final String writerId;
    private ChangeDecoder decoder;
    private TableConfigs tables = TableConfigs.defaults();
    private TableRouter router = TableRouter.defaults();
    private ReconcileOptions reconcileOptions = ReconcileOptions.defaults();
    private WriterOptions writerOptions = WriterOptions.defaults();
    private CommitterOptions committerOptions = CommitterOptions.defaults().withInlineManifestWork(true);
    private int commitEvery = 10_000;
    private Duration commitInterval = Duration.ofSeconds(60);
    private DeadLetter.Sink deadLetters;
    private TombstonePolicy tombstones = TombstonePolicy.IGNORE;
    private int maxDeleteFiles;
    private Clock clock = Clock.systemUTC();

    private Builder(Catalog catalog, String writerId) {
      this.catalog = requireNonNull(catalog, "catalog is null");
      this.writerId = requireNonNull(writerId, "writerId is null");
    }

    public Builder decoder(ChangeDecoder value) {
      this.decoder = value;
      return this;
    }

    public Builder tables(TableConfigs value) {
      this.tables = requireNonNull(value, "tables is null");
      return this;
    }

    public Builder router(TableRouter value) {
      this.router = requireNonNull(value, "router is null");
      return this;
    }

    public Builder reconcileOptions(ReconcileOptions value) {
      this.reconcileOptions = requireNonNull(value, "reconcileOptions is null");
      return this;
    }

    public Builder writerOptions(WriterOptions value) {
      this.writerOptions = requireNonNull(value, "writerOptions is null");
      return this;
    }

    public Builder committerOptions(CommitterOptions value) {
      this.committerOptions = requireNonNull(value, "committerOptions is null");
      return this;
    }

    /** Commit when {@code events} row events are pending or {@code interval} has passed since the last commit. */
    public Builder commitEvery(int events, Duration interval) {
      if (events < 1) {
        throw new IllegalArgumentException("Cannot configure pipeline: commit-every must be at least 1 (commit-every=" + events + ")");
      }
      this.commitEvery = events;
      this.commitInterval = requireNonNull(interval, "interval is null");
      return this;
    }

    /** Where bad input goes instead of failing the pipeline (default: fail fast). */
    public Builder deadLetters(DeadLetter.Sink value) {
      this.deadLetters = value;
      return this;
    }

    public Builder tombstones(TombstonePolicy value) {
      this.tombstones = requireNonNull(value, "tombstones is null");
      return this;
    }

    /** Compact a table after a commit when it has more delete files than this (0: never). */
    public Builder compactWhenDeleteFilesExceed(int value) {
      this.maxDeleteFiles = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = requireNonNull(value, "clock is null");
      return this;
    }

    /**
     * @throws IllegalArgumentException when a table's {@code type-changes} is {@code dead-letter} (or the reconcile
     *     options say so) and no dead-letter sink is configured
     */
    public CdcPipeline build() {
      if (deadLetters == null) {
        List<TableConfig> all = new ArrayList<>(tables.entries());
        all.add(TableConfig.DEFAULT);
        for (TableConfig t : all) {
          if (t.evolution().typeChanges(reconcileOptions) == ReconcileOptions.TypeConflictPolicy.DEAD_LETTER) {
            throw new IllegalArgumentException("Cannot build pipeline: type-changes=dead-letter needs a dead-letter sink (table="
                + t.db() + "." + t.table() + ", see CdcPipeline.Builder.deadLetters)");
          }
        }
      }
      return new CdcPipeline(this);
    }
  }
}
