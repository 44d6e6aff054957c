package io.cdclake.iceberg;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.TableId;
import io.cdclake.schema.ReconcileOptions;
import io.cdclake.schema.Reconciliation;
import io.cdclake.schema.SchemaApplier;
import io.cdclake.schema.SchemaReconciler;
import io.cdclake.schema.SchemaUpdate;
import io.cdclake.schema.TableConfig;
import io.cdclake.schema.TableConfigs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task side of an engine host (a Flink sink writer, a Spark partition task): one per task,
 * for every table its events name. It reconciles each row event against its table
 * ({@link SchemaReconciler}), creates tables on first use and evolves them when an event needs it,
 * and hands the events to the tables' {@link ChangeWriter}s. The host decides where a batch ends
 * ({@link #complete()}), and commits what all its tasks returned with one {@link TablesCommitter}.
 * Not thread-safe.
 *
 * <h2>Several tasks, one table</h2>
 * The host must route events with {@link EventRouter}: every event of a key to one task, a delete of
 * the old key of a key-changing update to the old key's task, and every truncate and schema-change
 * event to every task, in the order of its input. Each task then touches only its own keys (its
 * writers do not delete the old key of a key change: {@link ChangeWriter#upsertForRoutedTask}), so
 * tasks whose splits fall at different places cannot undo each other's rows. Then:
 * <ul>
 *   <li>A truncate ends an <em>epoch</em> of the batch in every task: the results of a batch are
 *       numbered {@code epoch << 32 | split} ({@link WriteResult#batch()}), so the committer applies
 *       the truncate after what every task wrote before it and before what any task wrote after it.</li>
 *   <li>A schema change (a DDL event, or an event with a new column) completes the task's open batch
 *       of the table (a new <em>split</em>), evolves the table unless another task already did
 *       (refresh, reconcile again, retry on conflicts), and goes on with new writers. Changes are applied
 *       with {@link SchemaApplier}: the schema, cdc-lake's table properties and the history record in one
 *       transaction; every task applying the same DDL finds it done after the first. Each Iceberg table
 *       (upsert, changelog) is fit on its own state.</li>
 * </ul>
 * Each table commits what all tasks wrote in one atomic commit; batches of one host commit are
 * committed in epoch and split order.
 */
public final class TaskWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskWriter.class);
  private static final int EVOLVE_ATTEMPTS = 10;
  private final SchemaApplier applier = SchemaApplier.create();

  private final Catalog catalog;
  private final String writerId;
  private final TableConfigs tables;
  private final TableRouter router;
  private final ReconcileOptions reconcileOptions;
  private final WriterOptions writerOptions;
  private final CdcPipeline.TombstonePolicy tombstones;
  private final Map<TableId, TableState> states = new LinkedHashMap<>();

  private long events;
  private long ignored;
  private long schemaUpdates;

  TaskWriter(Catalog catalog, String writerId, TableConfigs tables, TableRouter router, ReconcileOptions reconcileOptions,
      WriterOptions writerOptions, CdcPipeline.TombstonePolicy tombstones) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.writerId = requireNonNull(writerId, "writerId is null");
    this.tables = requireNonNull(tables, "tables is null");
    this.router = requireNonNull(router, "router is null");
    this.reconcileOptions = requireNonNull(reconcileOptions, "reconcileOptions is null");
    this.writerOptions = requireNonNull(writerOptions, "writerOptions is null");
    this.tombstones = requireNonNull(tombstones, "tombstones is null");
  }

  /**
   * Takes one decoded event. Heartbeats, transaction markers and logical messages are counted and
   * dropped; tombstones follow the {@link CdcPipeline.TombstonePolicy}.
   *
   * @throws io.cdclake.schema.ReconcileException when the event does not fit its table
   */
  public void write(ChangeEvent e) {
    events++;
    switch (e.op()) {
      case HEARTBEAT, TX_BEGIN, TX_END, MESSAGE -> ignored++;
      case TOMBSTONE -> tombstone(e);
      case SCHEMA_CHANGE -> schemaChange(e);
      case TRUNCATE -> truncate(e);
      default -> row(e);
    }
  }

  /**
   * Completes every table's open batch: the results of all epochs and splits since the last call,
   * numbered so that {@link ChangeCommitter} commits them in order. Epochs start again at 0.
   */
  public List<WriteResult> complete() {
    List<WriteResult> out = new ArrayList<>();
    for (TableState s : states.values()) {
      s.split();
      out.addAll(s.done);
      s.done.clear();
      s.epoch = 0;
      s.split = 0;
    }
    return out;
  }

  /** Drops every open batch and its files (they were never committed). */
  public void abort() {
    for (TableState s : states.values()) {
      s.abortWriters();
      for (WriteResult r : s.done) {
        io.cdclake.iceberg.internal.FileSink.deleteQuietly(s.io(), r.files());
      }
      s.done.clear();
      s.epoch = 0;
      s.split = 0;
    }
  }

  /**
   * What the task did so far.
   *
   * @param events events taken
   * @param ignored events that change no table (heartbeats, transaction markers, messages, ignored tombstones)
   * @param schemaUpdates schema updates this task applied (not those another task applied first)
   */
  public record Counters(long events, long ignored, long schemaUpdates) {
  }

  public Counters counters() {
    return new Counters(events, ignored, schemaUpdates);
  }

  /** Drops what is open ({@link #abort()}) and closes the catalog client. */
  @Override
  public void close() {
    abort();
    if (catalog instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("Cannot close catalog {}: {}", catalog.name(), e.getMessage());
      }
    }
  }

  // ------------------------------------------------------------------ events

  private void tombstone(ChangeEvent e) {
    if (tombstones == CdcPipeline.TombstonePolicy.IGNORE || e.table() == null || e.key() == null) {
      ignored++;
      return;
    }
    row(ChangeEvent.builder(Op.DELETE).table(e.table()).key(e.key()).position(e.position()).transport(e.transport())
        .commitTime(e.commitTime()).build());
  }

  private void truncate(ChangeEvent e) {
    TableState s = state(e.table());
    s.split();
    s.epoch++;
    s.split = 0;
    row(e);
  }

  private void schemaChange(ChangeEvent e) {
    for (SchemaChange c : e.schemaChanges()) {
      if (c.kind() == SchemaChange.Kind.DROP_TABLE) {
        continue; // dropping is the operator's decision, never the pipeline's
      }
      TableState s = state(c.table());
      ChangeEvent one = e.toBuilder().table(c.table()).schemaChanges(List.of(c)).build();
      Reconciliation rec = s.reconciler.fit(one, s.primaryState());
      if (rec.update() != null && s.exists()) {
        evolve(s, one);
      }
    }
  }

  private void row(ChangeEvent e) {
    TableState s = state(e.table());
    Reconciliation rec = s.reconciler.fit(e, s.primaryState());
    if (rec.update() != null || s.writerSchemaIsOld()) {
      rec = evolve(s, e);
    }
    if (!s.exists()) {
      return; // a delete or truncate of a table that was never created: nothing to remove
    }
    // each table is fit on its own state (their field ids differ); the primary fit serves its own table
    if (s.upsertWriter != null) {
      s.upsertWriter.write((s.upsertId != null ? rec : s.reconciler.fit(e, s.upsertState())).event());
    }
    if (s.changelogWriter != null) {
      s.changelogWriter.write((s.upsertId == null ? rec : s.reconciler.fit(e, s.changelogState())).event());
    }
    s.pending = true;
  }

  /**
   * Brings the tables to the schema the event needs: refreshes them (another task may have evolved
   * them), reconciles again and applies what is still missing, retrying on conflicting commits.
   * The open batch is completed first when the writers' schema changes (a new split).
   */
  private Reconciliation evolve(TableState s, ChangeEvent e) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= EVOLVE_ATTEMPTS; attempt++) {
      s.refresh();
      Reconciliation rec = s.reconciler.fit(e, s.primaryState());
      if (rec.update() == null) {
        s.restartIfSchemaChanged();
        return rec;
      }
      try {
        s.split();
        if (s.upsertId != null) {
          s.upsert = applyUpdate(s.upsert, s.upsertId, s.reconciler.fit(e, s.upsertState()).update(), s.config, false);
        }
        if (s.changelogId != null) {
          s.changelog = applyUpdate(s.changelog, s.changelogId, s.reconciler.fit(e, s.changelogState()).update(), s.config, true);
        }
        schemaUpdates++;
        s.startWriters();
        return s.reconciler.fit(e, s.primaryState());
      } catch (CommitFailedException | AlreadyExistsException | org.apache.iceberg.jdbc.UncheckedSQLException ex) {
        // another task changed or created the table (or its namespace) first: look again
        last = ex;
        LOG.info("Schema update of {} conflicted (attempt {}): {}", s.id, attempt, ex.getMessage());
      }
    }
    throw last;
  }

  private Table applyUpdate(Table table, TableIdentifier id, SchemaUpdate update, TableConfig cfg, boolean changelog) {
    if (update == null) {
      return table;
    }
    if (table == null) {
      Schema schema = update.newSchema(null);
      return TableSetup.createOrLoad(catalog, id, changelog ? TableSetup.changelogSchema(schema) : schema, cfg, writerOptions.keyless());
    }
    // refreshes, re-validates against what other tasks did, retries; nothing left to do is not a commit
    applier.apply(table, TableUtil.formatVersion(table), update);
    table.refresh();
    return table;
  }

  // ------------------------------------------------------------------ tables

  private TableState state(TableId id) {
    if (id == null) {
      throw new io.cdclake.schema.ReconcileException("Cannot route event: it names no table", null, null, null, null, null);
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
    s.refresh();
    s.startWriters();
    return s;
  }

  /** One source table in this task: its reconciler, tables, writers, and the results of completed splits. */
  private final class TableState {
    final TableId id;
    final TableConfig config;
    final SchemaReconciler reconciler;
    TableIdentifier upsertId;
    TableIdentifier changelogId;
    Table upsert;
    Table changelog;
    ChangeWriter upsertWriter;
    ChangeWriter changelogWriter;
    int writerSchemaId = -1;
    io.cdclake.schema.TableState upsertEvo;
    io.cdclake.schema.TableState changelogEvo;
    boolean pending;
    int epoch;
    int split;
    final List<WriteResult> done = new ArrayList<>();

    TableState(TableId id, TableConfig config, SchemaReconciler reconciler) {
      this.id = id;
      this.config = config;
      this.reconciler = reconciler;
    }

    boolean exists() {
      return upsert != null || changelog != null;
    }

    org.apache.iceberg.io.FileIO io() {
      return upsert != null ? upsert.io() : changelog.io();
    }

    void refresh() {
      upsert = reload(upsert, upsertId);
      changelog = reload(changelog, changelogId);
      upsertEvo = null;
      changelogEvo = null;
    }

    private Table reload(Table t, TableIdentifier tid) {
      if (tid == null) {
        return null;
      }
      if (t != null) {
        t.refresh();
        return t;
      }
      return catalog.tableExists(tid) ? catalog.loadTable(tid) : null;
    }

    /** The upsert table as schema evolution sees it (or a table to create); rebuilt after a refresh. */
    io.cdclake.schema.TableState upsertState() {
      if (upsertEvo == null) {
        upsertEvo = EvolutionStates.upsert(upsert, config.formatVersion());
      }
      return upsertEvo;
    }

    /** The changelog table without its {@code _cdc_} columns, as schema evolution sees it. */
    io.cdclake.schema.TableState changelogState() {
      if (changelogEvo == null) {
        changelogEvo = EvolutionStates.changelog(changelog, config.formatVersion());
      }
      return changelogEvo;
    }

    /** The state events are first fit to: the upsert table's, else the changelog table's. */
    io.cdclake.schema.TableState primaryState() {
      return upsertId != null ? upsertState() : changelogState();
    }

    private int currentSchemaId() {
      Table t = upsert != null ? upsert : changelog;
      return t == null ? -1 : t.schema().schemaId();
    }

    /** True when the table exists now but the writers were made before (or without) it. */
    boolean writerSchemaIsOld() {
      return exists() && writerSchemaId != currentSchemaId() && (upsertWriter == null && changelogWriter == null);
    }

    /** After another task evolved the table: new writers when the schema is not the writers' one. */
    void restartIfSchemaChanged() {
      if (exists() && writerSchemaId != currentSchemaId()) {
        split();
        startWriters();
      }
    }

    /** Completes the open batch as the current split (when anything was written) and moves to the next split. */
    void split() {
      if (!pending) {
        return;
      }
      long batch = ((long) epoch << 32) | split;
      if (upsertWriter != null) {
        done.add(upsertWriter.complete(batch));
      }
      if (changelogWriter != null) {
        done.add(changelogWriter.complete(batch));
      }
      split++;
      pending = false;
    }

    void abortWriters() {
      if (upsertWriter != null) {
        upsertWriter.abort();
      }
      if (changelogWriter != null) {
        changelogWriter.abort();
      }
      pending = false;
    }

    void startWriters() {
      if (pending) {
        throw new IllegalStateException("writers restarted with an open batch (table=" + id + ")");
      }
      abortWriters();
      upsertWriter = null;
      changelogWriter = null;
      if (upsert != null) {
        String precombine = config.precombineKey() == null ? null : config.columnNames().getOrDefault(config.precombineKey(),
            config.precombineKey());
        upsertWriter = ChangeWriter.upsertForRoutedTask(upsert, writerOptions.withPrecombineColumn(precombine),
            ChangeCommitter.readCheckpoint(upsert, writerId));
      }
      if (changelog != null) {
        changelogWriter = ChangeWriter.changelog(changelog, writerOptions);
      }
      writerSchemaId = currentSchemaId();
      upsertEvo = null;
      changelogEvo = null;
    }
  }
}
