package io.cdclake.schema;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.schema.SchemaUpdate.Change;
import io.cdclake.schema.internal.DdlPlanner;
import io.cdclake.schema.internal.Planner;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.Schema;

/**
 * Fits the change events of one source table to its Iceberg table, and says which schema change
 * the table needs first. One per table; thread-safe; needs no writer or catalog.
 *
 * <h2>What a reconciled event holds</h2>
 * <ul>
 *   <li>Images keyed by Iceberg column names ({@link TableConfig#columnNames()} maps source names).</li>
 *   <li>Values in the canonical Java class of the column's Iceberg type ({@link IcebergTypes#valueClass}),
 *       coerced exactly: text to numbers, decimals, dates, times, timestamps and UUIDs; numbers to
 *       decimals of the column's scale; nested values to JSON text in string columns. A value that does
 *       not fit throws {@link CoercionException}; nothing is rounded.</li>
 *   <li>After images of INSERT, SNAPSHOT_READ and UPDATE hold every column of the table: an omitted
 *       column (also one the event does not know at all) becomes NULL in a {@link ImageMode#FULL full}
 *       image and UNCHANGED in a {@link ImageMode#PARTIAL partial} one (per source: {@link ReconcileOptions};
 *       per table: {@link TableConfig#insertImages()}, {@link TableConfig#updateImages()}); UNCHANGED stays
 *       UNCHANGED. In a full image an omitted required string (binary) column is the empty string (bytes):
 *       DMS leaves out empty values, and NULL is impossible there.</li>
 *   <li>Before images and keys are coerced, never filled. With {@link TableConfig#primaryKey()} set the
 *       key is taken from the after image (before image for deletes) when it holds every key column.</li>
 *   <li>Columns the table does not have and nothing can type yet (only NULL so far, no source schema, not
 *       declared) are left out of the images; the reconciler remembers their names
 *       ({@link #untypedColumns()}) and adds them when a first value arrives.</li>
 * </ul>
 *
 * <h2>Column types, in order of precedence</h2>
 * <ol>
 *   <li>A declared type ({@link TableConfig#declaredTypes()}: {@code column-types}, {@code timestamp.fields}).
 *       Declared columns are part of the table from the first event on, even before any value.</li>
 *   <li>The source schema: {@link ChangeEvent#schema()} (Debezium schema, DMS {@code table-def}), else the last
 *       one this reconciler saw for the table (also from a create-table or alter-table event). Every column of
 *       the source schema is added, even one whose values were all NULL or omitted so far.</li>
 *   <li>The table's own type, for a column it already has.</li>
 *   <li>The values of this event only, by their Java class ({@link io.cdclake.schema.internal.ValueTypes}); a
 *       column typed this way widens as values arrive (int to long, float to double, decimal precision up)
 *       but never from text to another type: a string column stays a string column.</li>
 * </ol>
 * New columns are optional; key columns of a new table are required and become its identifier fields
 * ({@link TableConfig#primaryKey()}, else the source schema's key, else the event key's columns).
 * A declared or source type that the table's type cannot become in place (long to string, a decimal scale
 * change) throws {@link TypeConflictException} by {@link ReconcileOptions#typeConflicts()}; a narrowing goes by
 * the {@code narrowing} policy (below).
 *
 * <h2>Events</h2>
 * INSERT, SNAPSHOT_READ, UPDATE, DELETE: as above. TRUNCATE and TOMBSTONE: the key is coerced for the
 * columns the table has; never a schema update. SCHEMA_CHANGE: each {@link SchemaChange} of this table
 * becomes one update in the vocabulary of {@link SchemaUpdate} (see "Schema evolution" below). Other
 * events pass through unchanged.
 *
 * <h2>Schema evolution</h2>
 * {@link #fit(ChangeEvent, TableState)} sees the table as a {@link TableState}: its schema, format version,
 * the columns the source dropped but the table keeps ({@code retired}) and the source columns whose values
 * go to another column since a type change ({@code redirects}). The rules, with the table's
 * {@link EvolutionPolicy} ({@link TableConfig#evolution()}):
 * <ul>
 *   <li>Sources: DDL events (DMS control records with their {@code table-def}, Debezium {@code tableChanges}
 *       with full column lists, explicit {@link SchemaChange.ColumnChange}s), and the schema or values of row
 *       events (a new field, a wider type, a column made nullable, a new key). One planner serves both; only
 *       DDL events rename and drop.</li>
 *   <li>Added column: optional, placed after its source predecessor ({@code column-positions}); a source
 *       DEFAULT becomes the initial and write default on format v3 ({@code column-defaults}; v2 reads NULL).</li>
 *   <li>Widening (int to long, float to double, decimal precision up at the same scale): in place.</li>
 *   <li>Narrowing stated by a DDL event (the table's type is a promotion of the new one: bigint to int, double to
 *       float, decimal precision down): {@code narrowing} fail (default: {@link TypeConflictException} naming
 *       table, column, old and new type) or keep-wider (the column keeps its type; every value fits exactly). A
 *       row event's message schema narrower than the table changes nothing under either policy: messages written
 *       before a widening may arrive after it (another partition, a replay). Other types the table holds exactly
 *       (a string column the source makes int) change nothing.</li>
 *   <li>Any other type change: {@code type-changes} fail (default), new-column ({@code <col>__v2}), or
 *       dead-letter ({@link RejectedTypeChangeException} for events with a value of the new type).</li>
 *   <li>Rename: only when the source says so (a RENAME column change; DDL text {@code RENAME [COLUMN] a TO b}
 *       or MySQL {@code CHANGE a b ...}, confirmed by the column list; a DMS {@code rename-column} control
 *       record whose {@code table-def} differs from the table by one column gone and one new, when the event's
 *       {@code ddl} is that operation name). A full column list alone cannot tell a rename from a drop plus an
 *       add, so it is a drop plus an add. {@code rename-columns} rename (default) or drop-and-add.</li>
 *   <li>Drop (a column missing from a DDL's full column list, or a DROP column change): {@code drop-columns}
 *       keep (default: the column stays, made optional, is no longer filled: updates leave it UNCHANGED for the
 *       writer to carry the old value forward, inserts write NULL) or drop. A column the source adds again
 *       while a kept one has its name: the kept one is renamed {@code <col>__dropped}.</li>
 *   <li>Nullability relaxed: the column becomes optional (never the other way; key columns stay required).</li>
 *   <li>Key: a DDL's key that differs from the table's identifier fields, or a row event's key that differs
 *       from the previous one, sets the identifier fields ({@code key-changes}, never when {@code primary_key}
 *       is configured). Dropping a key column without a new key fails.</li>
 * </ul>
 * Apply an update with {@link SchemaApplier}, then fit the event again against the state it returns. A
 * {@code TableState} is cheap to keep and should be rebuilt only when the table changed.
  */
public final class SchemaReconciler {
  private final TableId table;
  private final TableConfig config;
  private final ReconcileOptions options;
  private final Planner planner;
  private final DdlPlanner ddl;
  private final AtomicReference<TableSchema> sourceSchema = new AtomicReference<>();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Set<String> typed = ConcurrentHashMap.newKeySet();
  // what this reconciler last added to seen and typed (racy by design: a stale value only means adding again)
  private volatile String[] noteKey;
  private volatile String[] noteBefore;
  private volatile String[] noteAfter;
  private volatile Set<String> lastTyped;

  private SchemaReconciler(TableId table, TableConfig config, ReconcileOptions options) {
    this.table = requireNonNull(table, "table is null");
    this.config = requireNonNull(config, "config is null");
    this.options = requireNonNull(options, "options is null");
    this.planner = new Planner(table, options, config.declaredTypes(), config.primaryKey(), config.evolution());
    this.ddl = new DdlPlanner(table, config.declaredTypes().keySet(), config.evolution(), config::icebergName);
  }

  /**
   * @param table the source table this reconciler serves
   * @param config the table's config ({@link TableConfigs#forTable(TableId)}, or {@link TableConfig#DEFAULT})
   * @param options how the source's values are read (a preset such as {@link ReconcileOptions#forDms(boolean)})
   */
  public static SchemaReconciler create(TableId table, TableConfig config, ReconcileOptions options) {
    return new SchemaReconciler(table, config, options);
  }

  public TableId table() {
    return table;
  }

  public TableConfig config() {
    return config;
  }

  public ReconcileOptions options() {
    return options;
  }

  /** The last source schema seen for the table (under Iceberg column names), or null. */
  public TableSchema sourceSchema() {
    return sourceSchema.get();
  }

  /** Every column name the events have mentioned so far (as VALUE, NULL or UNCHANGED), under Iceberg names. */
  public Set<String> seenColumns() {
    return Set.copyOf(seen);
  }

  /** Columns mentioned so far that nothing could type yet (only NULL, no source schema, not declared): not in the table yet. */
  public Set<String> untypedColumns() {
    Set<String> out = new LinkedHashSet<>(seen);
    out.removeAll(typed);
    return Set.copyOf(out);
  }

  /** What an omitted column means in the after image of events of this op (the table config first, then the options). */
  public ImageMode afterImageMode(Op op) {
    if (op == Op.UPDATE) {
      return config.updateImages() != null ? config.updateImages() : options.updateImages();
    }
    return config.insertImages() != null ? config.insertImages() : options.insertImages();
  }

  /**
   * Fits one event to a table whose only state is its schema (format v2, no retired or redirected
   * columns): {@link #fit(ChangeEvent, TableState) fit(event, TableState.of(current))}.
   *
   * @param current the table's current schema, or null when the table does not exist yet
   */
  public Reconciliation reconcile(ChangeEvent event, Schema current) {
    return fit(event, TableState.of(current));
  }

  /**
   * Fits one event to the table.
   *
   * @param event an event of this reconciler's table (or one without a table: transaction markers, heartbeats)
   * @param state the table as it is now ({@link TableState#of(org.apache.iceberg.Table, int)}), or
   *     {@link TableState#none(int)} when it does not exist yet
   * @return the fitted event and the schema update it needs (null when the table fits); apply the update
   *     ({@link SchemaApplier}) and reconcile the event again against the state it returns before writing
   * @throws CoercionException when a value does not fit its column
   * @throws RejectedTypeChangeException when the table's policy refuses a type change and the event holds a value
   *     of the new type: route the event to the dead letters
   * @throws TypeConflictException when a column's type would have to change in a way Iceberg cannot do (and the
   *     policy says fail), or a DDL change cannot be applied (a key column dropped without a new key)
   * @throws ReconcileException when a table cannot be created from what is known (no typed column or key)
   * @throws IllegalArgumentException when the event is for another table
   */
  public Reconciliation fit(ChangeEvent event, TableState state) {
    requireNonNull(event, "event is null");
    requireNonNull(state, "state is null");
    if (event.table() != null && !event.table().equals(table) && event.op() != Op.SCHEMA_CHANGE) {
      throw new IllegalArgumentException("Cannot reconcile event: it is for another table (table=" + event.table() + ", reconciler table="
          + table + ")");
    }
    Op op = event.op();
    if (op == Op.SCHEMA_CHANGE) {
      return schemaChange(event, state);
    }
    if (op == Op.TRUNCATE || op == Op.TOMBSTONE) {
      return keyOnly(event, state.schema());
    }
    if (!op.isRowChange()) {
      return new Reconciliation(event, null);
    }
    TableSchema previous = sourceSchema.get();
    TableSchema source = event.schema() == null ? previous : remember(event.schema());
    List<String> keyChange = null;
    if (event.schema() != null && previous != null && previous != source && previous.hasPrimaryKey() && source.hasPrimaryKey()
        && !previous.primaryKey().equals(source.primaryKey()) && !Set.copyOf(previous.primaryKey()).equals(Set.copyOf(source.primaryKey()))) {
      keyChange = source.primaryKey();
    }
    Planner.Images images = new Planner.Images(rename(event.key()), rename(event.before()), rename(event.after()));
    noteKey = note(images.key(), noteKey);
    noteBefore = note(images.before(), noteBefore);
    noteAfter = note(images.after(), noteAfter);
    Planner.Plan plan = planner.plan(images, op, op.hasAfter() ? afterImageMode(op) : null, state,
        new Planner.Source(source, event.schema() != null, keyChange), event);
    Set<String> t = plan.typed();
    if (t != lastTyped) {
      typed.addAll(t);
      lastTyped = t;
    }
    ChangeEvent out = event.toBuilder().key(plan.key()).before(plan.before()).after(plan.after()).build();
    return new Reconciliation(out, plan.update(table, List.of(), SchemaUpdate.Origin.of(event)));
  }

  private Reconciliation keyOnly(ChangeEvent event, Schema current) {
    Row key = rename(event.key());
    if (key == null || current == null) {
      return new Reconciliation(key == event.key() ? event : event.toBuilder().key(key).build(), null);
    }
    Row.Builder b = Row.builder(key.size());
    Row known = Row.builder().build();
    List<String> inTable = new ArrayList<>();
    for (String n : key.names()) {
      if (current.asStruct().field(n) != null) {
        inTable.add(n);
      }
    }
    if (!inTable.isEmpty()) {
      Schema keySchema = current.select(inTable);
      Planner.Plan plan = new Planner(table, options, Map.of(), List.of()).plan(new Planner.Images(key.project(inTable), null, null), null,
          keySchema, null, event);
      known = plan.key();
    }
    for (String n : key.names()) {
      int i = known.indexOf(n);
      if (i >= 0) {
        copy(known, i, b);
      } else {
        copy(key, key.indexOf(n), b);
      }
    }
    return new Reconciliation(event.toBuilder().key(b.build()).build(), null);
  }

  /**
   * A DDL event: each change of this table in turn. Renames and drops come from the {@link DdlPlanner}
   * (a rename only where the source says so); column types, additions, positions, defaults and
   * nullability from the same {@link Planner} that fits row events; then the key; then the drops.
   */
  private Reconciliation schemaChange(ChangeEvent event, TableState state) {
    List<SchemaChange> mine = new ArrayList<>();
    for (SchemaChange c : event.schemaChanges()) {
      if (c.table().equals(table) || (c.kind() == SchemaChange.Kind.RENAME_TABLE && table.equals(c.previousTable()))) {
        mine.add(c);
      }
    }
    if (mine.isEmpty()) {
      return new Reconciliation(event, null);
    }
    List<Change> renames = new ArrayList<>();
    List<Change> drops = new ArrayList<>();
    TableState now = state;
    TableSchema source = null;
    boolean ordered = false;
    List<String> keyChange = null;
    boolean touched = false;
    for (SchemaChange c : mine) {
      if (c.kind() == SchemaChange.Kind.DROP_TABLE || !c.table().equals(table)) {
        // the source table is gone (or renamed away): nothing changes in Iceberg; a later create diffs against the table
        sourceSchema.set(null);
        source = null;
        touched = false;
        continue;
      }
      DdlPlanner.Prepass p = ddl.prepass(c, sourceSchema.get(), now, event);
      renames.addAll(p.renames());
      drops.addAll(p.drops());
      now = p.state();
      if (p.sourceAfter() != null) {
        sourceSchema.set(p.sourceAfter());
      }
      if (p.source() != null) {
        source = p.source();
        ordered = p.ordered();
        touched = true;
      }
      if (p.keyChange() != null) {
        keyChange = p.keyChange();
      }
    }
    if (!touched && renames.isEmpty() && drops.isEmpty()) {
      return new Reconciliation(event, null);
    }
    Planner.Plan plan = planner.plan(new Planner.Images(null, null, null), Op.SCHEMA_CHANGE, null, now,
        new Planner.Source(source, ordered, keyChange), event);
    typed.addAll(plan.typed());
    checkKeyDrops(state, plan, drops, event);
    List<Change> tail = new ArrayList<>(plan.changes());
    tail.addAll(drops);
    Planner.Plan all = new Planner.Plan(plan.key(), plan.before(), plan.after(), tail, plan.createsTable(), plan.identifierFields(),
        plan.typed());
    return new Reconciliation(event, all.update(table, renames, SchemaUpdate.Origin.of(event)));
  }

  /** A key column the source dropped must leave the key in the same change, else the writer could no longer upsert. */
  private void checkKeyDrops(TableState state, Planner.Plan plan, List<Change> drops, ChangeEvent event) {
    if (!state.exists() || drops.isEmpty()) {
      return;
    }
    for (Change c : plan.changes()) {
      if (c instanceof SchemaUpdate.SetIdentifierFields) {
        return;
      }
    }
    Set<Integer> keys = state.schema().identifierFieldIds();
    for (Change c : drops) {
      int id = c instanceof SchemaUpdate.DropColumn d ? d.fieldId() : ((SchemaUpdate.RetireColumn) c).fieldId();
      if (keys.contains(id)) {
        throw new TypeConflictException("Cannot drop column: the source dropped a key (identifier) column and states no new key, so "
            + "rows could no longer be matched; set primary_key to the new key in the table config", table, c.column(), "key column",
            "dropped", event.position(), event.transport());
      }
    }
  }

  private TableSchema remember(TableSchema source) {
    TableSchema mapped = rename(source);
    sourceSchema.set(mapped);
    return mapped;
  }

  private TableSchema rename(TableSchema s) {
    if (config.columnNames().isEmpty()) {
      return s;
    }
    List<Column> cols = new ArrayList<>(s.columns().size());
    for (Column c : s.columns()) {
      cols.add(new Column(config.icebergName(c.name()), c.type(), c.optional(), c.sourceType(), c.defaultValue()));
    }
    return TableSchema.of(cols, s.primaryKey().stream().map(config::icebergName).toList());
  }

  private Row rename(Row r) {
    if (r == null || config.columnNames().isEmpty()) {
      return r;
    }
    Row.Builder b = Row.builder(r.size());
    for (int i = 0; i < r.size(); i++) {
      ColumnState st = r.state(i);
      String n = config.icebergName(r.name(i));
      switch (st) {
        case UNCHANGED -> b.putUnchanged(n);
        case NULL -> b.putNull(n);
        default -> b.put(n, r.value(i));
      }
    }
    return b.build();
  }

  private static void copy(Row from, int i, Row.Builder to) {
    switch (from.state(i)) {
      case UNCHANGED -> to.putUnchanged(from.name(i));
      case NULL -> to.putNull(from.name(i));
      default -> to.put(from.name(i), from.value(i));
    }
  }

  /**
   * Adds the image's column names to {@link #seen}, unless they are the names last noted for this image
   * (the same String objects in the same order: decoders share one names array per table).
   *
   * @return the names now known to be noted for this image
   */
  private String[] note(Row r, String[] last) {
    if (r == null) {
      return last;
    }
    int n = r.size();
    if (last != null && last.length == n) {
      int i = 0;
      while (i < n && r.name(i) == last[i]) {
        i++;
      }
      if (i == n) {
        return last;
      }
    }
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = r.name(i);
    }
    seen.addAll(java.util.Arrays.asList(names));
    return names;
  }
}
