package io.cdclake.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import io.cdclake.schema.ReconcileOptions;
import io.cdclake.schema.SchemaHistory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine hosts: a DDL event broadcast to every task evolves the table once (the first task makes the
 * change, the others find it made), each task goes on with the new schema, and a column the source
 * dropped keeps the values of rows another task updates.
 */
class TaskSchemaEvolutionTest {
  static final TableId ORDERS = TableId.of("shop", "public", "orders");

  @TempDir Path dir;

  private long n;

  private static TableSchema schema(String... names) {
    List<Column> cols = new ArrayList<>();
    for (String c : names) {
      cols.add(c.equals("id") ? Column.required(c, ColumnType.LONG) : c.equals("qty") ? Column.optional(c, ColumnType.INT)
          : Column.optional(c, ColumnType.STRING));
    }
    return TableSchema.of(cols, List.of("id"));
  }

  private ChangeEvent row(Op op, TableSchema s, Object... kv) {
    n++;
    Row after = Row.of(kv);
    return ChangeEvent.builder(op).table(ORDERS).schema(s).key(after.project(List.of("id"))).after(after)
        .position(SourcePosition.of("postgresql", Fixture.PG, n, n)).transport(TransportPosition.kafka("orders", 0, n)).build();
  }

  private ChangeEvent ddl(TableSchema after, String text) {
    n++;
    return ChangeEvent.builder(Op.SCHEMA_CHANGE).table(ORDERS).ddl(text)
        .schemaChanges(List.of(new SchemaChange(SchemaChange.Kind.ALTER_TABLE, ORDERS, null, after, List.of())))
        .position(SourcePosition.of("postgresql", Fixture.PG, n, n)).transport(TransportPosition.kafka("orders", 0, n)).build();
  }

  @Test
  void aDdlBroadcastToEveryTaskEvolvesTheTableOnceAndEveryTaskGoesOn() {
    HostSettings settings = HostSettings.embedded("engine", dir).reconcileOptions(ReconcileOptions::forDebezium).build();
    TableSchema v1 = schema("id", "name", "qty");
    TableSchema v2 = schema("id", "title", "qty");
    TableSchema v3 = schema("id", "title");
    try (TaskWriter a = settings.newTaskWriter(0, 0); TaskWriter b = settings.newTaskWriter(1, 0);
        TablesCommitter committer = settings.newCommitter()) {
      a.write(row(Op.INSERT, v1, "id", 1L, "name", "a", "qty", 5));
      b.write(row(Op.INSERT, v1, "id", 2L, "name", "b", "qty", 6));
      List<WriteResult> first = new ArrayList<>(a.complete());
      first.addAll(b.complete());
      committer.commit(new HostCommit("test", 1), first, Map.of());

      ChangeEvent rename = ddl(v2, "ALTER TABLE orders RENAME COLUMN name TO title");
      ChangeEvent drop = ddl(v3, "ALTER TABLE orders DROP COLUMN qty");
      a.write(rename);
      b.write(rename);
      a.write(row(Op.INSERT, v2, "id", 3L, "title", "c", "qty", 7));
      a.write(drop);
      b.write(drop);
      b.write(row(Op.UPDATE, v3, "id", 2L, "title", "b2"));
      a.write(row(Op.UPDATE, v3, "id", 1L, "title", "a2"));
      List<WriteResult> second = new ArrayList<>(a.complete());
      second.addAll(b.complete());
      committer.commit(new HostCommit("test", 2), second, Map.of());

      Table t = settings.loadCatalog().loadTable(TableIdentifier.of("shop", "orders"));
      assertThat(Fixture.byId(t)).isEqualTo(new TreeMap<>(Map.of(
          1L, Fixture.map("id", 1L, "title", "a2", "qty", 5),
          2L, Fixture.map("id", 2L, "title", "b2", "qty", 6),
          3L, Fixture.map("id", 3L, "title", "c", "qty", 7))));
      assertThat(SchemaHistory.read(t)).extracting(e -> e.changes().get(0).text()).containsExactly("rename column name to title",
          "keep column qty (no longer written)");
      assertThat(a.counters().schemaUpdates() + b.counters().schemaUpdates()).isGreaterThanOrEqualTo(2);
    }
  }
}
