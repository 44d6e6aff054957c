package io.cdclake.schema;

import static io.cdclake.schema.Flow.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.TableSchema;
import io.cdclake.schema.ReconcileOptions.TypeConflictPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every applied change is in the snapshot summary, and the history is rebuilt from the table alone. */
class SchemaHistoryTest {
  @TempDir Path dir;

  @Test
  void theHistoryIsReadBackOldestFirstWithSourcePositionsDdlAndFieldIds() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = new Flow(w, "orders", TableConfig.DEFAULT, ReconcileOptions.forDebezium(), 2);
      f.accept(f.insert(Row.of("id", 1L, "name", "a", "qty", 5), schema("id long!", "name string", "qty int")));
      int nameId = f.table.schema().findField("name").fieldId();
      f.accept(f.insert(Row.of("id", 2L, "name", "b", "note", "x", "qty", 6), schema("id long!", "name string", "note string", "qty int")));
      f.accept(f.ddl(SchemaChange.Kind.ALTER_TABLE, schema("id long!", "title string", "note string", "qty int"),
          "ALTER TABLE orders RENAME COLUMN name TO title", List.of()));
      f.accept(f.ddl(SchemaChange.Kind.ALTER_TABLE, schema("id long!", "title string", "note string"), "ALTER TABLE orders DROP COLUMN qty",
          List.of()));

      List<SchemaHistory.Entry> h = SchemaHistory.read(f.table);
      assertThat(h).hasSize(3);
      SchemaHistory.Entry add = h.get(0);
      assertThat(add.via()).isEqualTo("event");
      assertThat(add.position()).isEqualTo("postgresql{lsn=2}");
      assertThat(add.transport()).isEqualTo("pg.public.orders/0@2");
      assertThat(add.ddl()).isNull();
      assertThat(add.table()).isEqualTo("public.orders");
      assertThat(add.changes()).singleElement().satisfies(c -> {
        assertThat(c.op()).isEqualTo("add-column");
        assertThat(c.column()).isEqualTo("note");
        assertThat(c.fieldId()).isEqualTo(f.table.schema().findField("note").fieldId());
        assertThat(c.details()).isEqualTo(Map.of("type", "string", "after", "name"));
      });
      SchemaHistory.Entry rename = h.get(1);
      assertThat(rename.via()).isEqualTo("ddl");
      assertThat(rename.ddl()).isEqualTo("ALTER TABLE orders RENAME COLUMN name TO title");
      assertThat(rename.changes()).singleElement().satisfies(c -> {
        assertThat(c.op()).isEqualTo("rename-column");
        assertThat(c.fieldId()).isEqualTo(nameId);
        assertThat(c.column()).isEqualTo("title");
        assertThat(c.details()).containsEntry("from", "name");
      });
      assertThat(h.get(2).changes()).extracting(SchemaHistory.ColumnRecord::op).containsExactly("keep-column");
      assertThat(h.get(2).schemaId()).isEqualTo(f.table.schema().schemaId());
      assertThat(h.get(0).snapshotId()).isNotZero();
      assertThat(h.get(0).timestampMillis()).isLessThanOrEqualTo(h.get(2).timestampMillis());
      assertThat(h.get(1).toString()).contains("schema " + h.get(1).schemaId() + " via ddl at postgresql{lsn=3} (pg.public.orders/0@3): "
          + "rename column name to title");
      // the JSON form parses back to the same entry
      assertThat(SchemaHistory.parse(h.get(1).toJson(), h.get(1).snapshotId(), h.get(1).timestampMillis())).isEqualTo(h.get(1));
    }
  }

  @Test
  void theHistorySnapshotCarriesTheCallersSummaryPropertiesAndNoData() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = new Flow(w, "orders", TableConfig.DEFAULT, ReconcileOptions.forDebezium(), 2);
      f.accept(f.insert(Row.of("id", 1L, "qty", 5), schema("id long!", "qty int")));
      SchemaUpdate u = f.reconciler.fit(f.ddl(SchemaChange.Kind.ALTER_TABLE, schema("id long!", "qty long"), null, List.of()),
          f.state()).update();
      long before = f.table.currentSnapshot().snapshotId();
      SchemaApplier.Applied a = SchemaApplier.create().apply(f.table, 2, u, Map.of("cdc-lake.writer-id", "w1", "cdc-lake.checkpoint", "{}"));
      f.table.refresh();
      var s = f.table.currentSnapshot();
      assertThat(s.snapshotId()).isEqualTo(a.entry().snapshotId());
      assertThat(s.parentId()).isEqualTo(before);
      assertThat(s.summary()).containsEntry("cdc-lake.writer-id", "w1").containsEntry("cdc-lake.checkpoint", "{}")
          .containsKey(EvolutionProperties.SCHEMA_CHANGE).doesNotContainKey("added-data-files");
      assertThat(s.schemaId()).isEqualTo(f.table.schema().schemaId());
      assertThat(Warehouse.read(f.table, "id")).hasSize(1);
    }
  }

  @Test
  void describeListsFieldIdsKeysKeptAndRedirectedColumns() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      TableConfig cfg = TableConfig.DEFAULT.withEvolution(EvolutionPolicy.DEFAULTS.withTypeChanges(TypeConflictPolicy.NEW_COLUMN));
      Flow f = new Flow(w, "orders", cfg, ReconcileOptions.forDebezium(), 3);
      f.accept(f.insert(Row.of("id", 1L, "price", 1, "note", "n"), schema("id long!", "price int", "note string")));
      f.accept(f.ddl(SchemaChange.Kind.ALTER_TABLE, Flow.withDefault(schema("id long!", "price string", "qty int"), "qty", 1), null, List.of()));
      String text = SchemaHistory.describe(f.state());
      assertThat(text).isEqualTo("""
          1 id long required key
          2 price int optional (kept: dropped at the source)
          4 price__v2 string optional (values of source column price)
          5 qty int optional default 1
          3 note string optional (kept: dropped at the source)
          """);
      assertThat(SchemaHistory.describe(TableState.none(2))).isEqualTo("(no table)\n");
      String shown = SchemaHistory.show(f.table, 3);
      assertThat(shown).startsWith("test.db.orders (format v3, schema " + f.table.schema().schemaId() + ")\n  1 id long required key\n")
          .contains("schema changes (1):\n").endsWith(" schema 1 via ddl at postgresql{lsn=2} (pg.public.orders/0@2): add column price__v2 "
              + "string after price; add column qty int after price__v2 default 1; keep column price (no longer written); write price "
              + "into price__v2; keep column note (no longer written)\n");
    }
  }

  @Test
  void aMalformedRecordNamesTheSnapshot() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Table t = w.create("t", new org.apache.iceberg.Schema(org.apache.iceberg.types.Types.NestedField.required(1, "id",
          org.apache.iceberg.types.Types.LongType.get())), 2);
      t.newAppend().set(EvolutionProperties.SCHEMA_CHANGE, "{\"v\":99}").commit();
      t.refresh();
      long id = t.currentSnapshot().snapshotId();
      assertThatThrownBy(() -> SchemaHistory.read(t)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("snapshot=" + id).hasMessageContaining(EvolutionProperties.SCHEMA_CHANGE);
    }
  }

  @Test
  void aLongDdlIsCutInTheRecord() {
    TableSchema s = schema("id long!");
    SchemaUpdate u = SchemaUpdate.of(Events.TABLE, List.of(new SchemaUpdate.AddColumn(null, -1, "x",
        org.apache.iceberg.types.Types.IntegerType.get(), false))).withOrigin(new SchemaUpdate.Origin("ddl", null, null, "x".repeat(5000)));
    SchemaHistory.Entry e = SchemaHistory.entry(u, u.changes(), new org.apache.iceberg.Schema(
        org.apache.iceberg.types.Types.NestedField.optional(1, "x", org.apache.iceberg.types.Types.IntegerType.get())));
    assertThat(e.ddl()).hasSize(2000);
    assertThat(e.toJson()).doesNotContain("\"position\"");
    assertThat(s.columns()).hasSize(1);
  }
}
