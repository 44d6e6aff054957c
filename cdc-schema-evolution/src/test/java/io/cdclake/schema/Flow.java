package io.cdclake.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;

/**
 * The path a writer takes, for tests: reconcile an event against the table's state; when it needs a
 * schema update, create the table or apply the update with {@link SchemaApplier} (rows before it are
 * already committed, each event in its own snapshot), reconcile again, then write the row with
 * {@link TestWriter}. Positions count up, one per event.
 */
final class Flow {
  private static final String[] LSN = {"lsn"};

  private final Warehouse warehouse;
  private final String name;
  private final int formatVersion;
  private final SchemaApplier applier = SchemaApplier.create();
  final io.cdclake.model.TableId id;
  SchemaReconciler reconciler;
  Table table;
  long position;

  Flow(Warehouse warehouse, String name, TableConfig config, ReconcileOptions options, int formatVersion) {
    this(warehouse, Events.TABLE, name, config, options, formatVersion);
  }

  Flow(Warehouse warehouse, io.cdclake.model.TableId id, String name, TableConfig config, ReconcileOptions options, int formatVersion) {
    this.warehouse = warehouse;
    this.id = id;
    this.name = name;
    this.formatVersion = formatVersion;
    this.reconciler = SchemaReconciler.create(id, config, options);
  }

  /** A fresh reconciler, as after a restart: everything it knows comes from the table. */
  void restart(TableConfig config, ReconcileOptions options) {
    reconciler = SchemaReconciler.create(id, config, options);
  }

  /** Uses a table created elsewhere (another tool). */
  Flow with(Table existing) {
    this.table = existing;
    return this;
  }

  TableState state() {
    if (table == null) {
      return TableState.none(formatVersion);
    }
    table.refresh();
    return TableState.of(table, formatVersion);
  }

  /** Reconciles, evolves and writes one event; returns what was applied (null when nothing). */
  SchemaApplier.Applied accept(ChangeEvent e) {
    TableState st = state();
    Reconciliation r = reconciler.fit(e, st);
    SchemaApplier.Applied applied = null;
    if (r.update() != null) {
      if (!st.exists()) {
        Schema s = r.update().newSchema(null);
        table = warehouse.create(name, s, formatVersion);
      } else {
        applied = applier.apply(table, formatVersion, r.update());
        // a crash after the commit replays the update: it must change nothing
        assertThat(applier.apply(table, formatVersion, r.update()).committed()).as("the update applied again").isFalse();
      }
      r = reconciler.fit(e, state());
      assertThat(r.update()).as("the same event against the evolved table").isNull();
    }
    if (e.op().isRowChange() && e.op() != Op.TRUNCATE && table != null) {
      TestWriter.write(table, r.event());
    }
    return applied;
  }

  ChangeEvent insert(Row after, TableSchema schema) {
    return row(Op.INSERT, after, schema);
  }

  ChangeEvent update(Row after, TableSchema schema) {
    return row(Op.UPDATE, after, schema);
  }

  private ChangeEvent row(Op op, Row after, TableSchema schema) {
    long p = ++position;
    Row key = schema != null && schema.hasPrimaryKey() ? after.project(schema.primaryKey()) : null;
    return ChangeEvent.builder(op).table(id).schema(schema).key(key).after(after)
        .position(SourcePosition.of("postgresql", LSN, p)).transport(TransportPosition.kafka("pg.public.orders", 0, p)).build();
  }

  /** A DDL event: the table's schema after it, the DDL text (or DMS operation), explicit column changes. */
  ChangeEvent ddl(SchemaChange.Kind kind, TableSchema after, String ddl, List<SchemaChange.ColumnChange> columnChanges) {
    long p = ++position;
    return ChangeEvent.builder(Op.SCHEMA_CHANGE).table(id).ddl(ddl)
        .schemaChanges(List.of(new SchemaChange(kind, id, null, after, columnChanges)))
        .position(SourcePosition.of("postgresql", LSN, p)).transport(TransportPosition.kafka("pg.public.orders", 0, p)).build();
  }

  List<Map<String, Object>> rows() {
    return Warehouse.read(table, "id");
  }

  List<String> history() {
    table.refresh();
    List<String> out = new ArrayList<>();
    for (SchemaHistory.Entry en : SchemaHistory.read(table)) {
      en.changes().forEach(c -> out.add(c.text()));
    }
    return out;
  }

  // ------------------------------------------------------------------ building schemas and rows

  /** Columns from {@code "name type"} texts, {@code !} after the type for NOT NULL; the key is the first column. */
  static TableSchema schema(String... columns) {
    return keyed(List.of(columns[0].split(" ")[0]), columns);
  }

  static TableSchema keyed(List<String> key, String... columns) {
    List<Column> cols = new ArrayList<>();
    for (String c : columns) {
      String[] parts = c.split(" ", 2);
      String t = parts[1];
      boolean required = t.endsWith("!");
      cols.add(new Column(parts[0], io.cdclake.schema.internal.TypeText.parse(required ? t.substring(0, t.length() - 1) : t), !required,
          null, null));
    }
    return TableSchema.of(cols, key);
  }

  static TableSchema withDefault(TableSchema s, String column, Object value) {
    List<Column> cols = new ArrayList<>();
    for (Column c : s.columns()) {
      cols.add(c.name().equals(column) ? c.withDefault(value) : c);
    }
    return TableSchema.of(cols, s.primaryKey());
  }

  static ColumnType type(String text) {
    return io.cdclake.schema.internal.TypeText.parse(text);
  }

  /** A map of name/value pairs in order (nulls allowed). */
  static Map<String, Object> m(Object... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put((String) kv[i], kv[i + 1]);
    }
    return out;
  }
}
