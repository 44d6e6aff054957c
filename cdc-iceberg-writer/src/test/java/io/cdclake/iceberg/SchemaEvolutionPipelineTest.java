package io.cdclake.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.DeadLetter;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import io.cdclake.schema.EvolutionPolicy;
import io.cdclake.schema.ReconcileOptions;
import io.cdclake.schema.RejectedTypeChangeException;
import io.cdclake.schema.SchemaHistory;
import io.cdclake.schema.TableConfig;
import io.cdclake.schema.TableConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.util.SnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema changes through the whole pipeline (reconcile, SchemaApplier, ChangeWriter, ChangeCommitter)
 * on the embedded catalog: applied in the same order as the data, never a snapshot with rows from both
 * sides of a change, the history in the snapshot summaries, replays after a restart change nothing.
 */
class SchemaEvolutionPipelineTest {
  static final TableId ORDERS = TableId.of("shop", "public", "orders");

  @TempDir Path dir;

  private long offset;

  private static TableSchema schema(Object... nameTypePairs) {
    List<Column> cols = new ArrayList<>();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      String n = (String) nameTypePairs[i];
      cols.add(n.equals("id") ? Column.required(n, (ColumnType) nameTypePairs[i + 1]) : Column.optional(n, (ColumnType) nameTypePairs[i + 1]));
    }
    return TableSchema.of(cols, List.of("id"));
  }

  static final TableSchema V1 = schema("id", ColumnType.LONG, "name", ColumnType.STRING, "qty", ColumnType.INT);

  private ChangeEvent row(Op op, TableSchema schema, Object... kv) {
    long o = ++offset;
    Row after = Row.of(kv);
    return ChangeEvent.builder(op).table(ORDERS).schema(schema).key(after.project(List.of("id"))).after(after)
        .position(SourcePosition.of("postgresql", Fixture.PG, o, o)).transport(TransportPosition.kafka("orders", 0, o)).build();
  }

  private ChangeEvent ddl(TableSchema after, String text) {
    long o = ++offset;
    return ChangeEvent.builder(Op.SCHEMA_CHANGE).table(ORDERS).ddl(text)
        .schemaChanges(List.of(new SchemaChange(SchemaChange.Kind.ALTER_TABLE, ORDERS, null, after, List.of())))
        .position(SourcePosition.of("postgresql", Fixture.PG, o, o)).transport(TransportPosition.kafka("orders", 0, o)).build();
  }

  private CdcPipeline pipeline(Catalog c, TableConfigs tables, List<DeadLetter> letters) {
    CdcPipeline.Builder b = CdcPipeline.builder(c, "svc").tables(tables).reconcileOptions(ReconcileOptions.forDebezium())
        .commitEvery(1000, Duration.ofHours(1));
    if (letters != null) {
      b.deadLetters(letters::add);
    }
    return b.build();
  }

  private static TableConfigs policy(EvolutionPolicy p) {
    return TableConfigs.of(List.of(TableConfig.DEFAULT.withEvolution(p)));
  }

  private static Table table(Catalog c, String name) {
    return c.loadTable(TableIdentifier.of("shop", name));
  }

  /** The stream: rows, a rename, rows, a drop, an update of an old row, an insert; all in one batch. */
  private List<ChangeEvent> stream() {
    offset = 0;
    TableSchema v2 = schema("id", ColumnType.LONG, "title", ColumnType.STRING, "qty", ColumnType.INT);
    TableSchema v3 = schema("id", ColumnType.LONG, "title", ColumnType.STRING);
    return List.of(
        row(Op.INSERT, V1, "id", 1L, "name", "a", "qty", 5),
        row(Op.INSERT, V1, "id", 2L, "name", "b", "qty", 6),
        ddl(v2, "ALTER TABLE orders RENAME COLUMN name TO title"),
        row(Op.INSERT, v2, "id", 3L, "title", "c", "qty", 7),
        ddl(v3, "ALTER TABLE orders DROP COLUMN qty"),
        row(Op.UPDATE, v3, "id", 1L, "title", "a2"),
        row(Op.INSERT, v3, "id", 4L, "title", "d"));
  }

  @Test
  void changesApplyInDataOrderAndNoSnapshotHoldsRowsFromBothSidesOfOne() {
    Catalog c = Catalogs.embedded(dir);
    CdcPipeline p = pipeline(c, TableConfigs.defaults(), null);
    stream().forEach(p::accept);
    p.flush();
    Table t = table(c, "orders");

    assertThat(Fixture.byId(t)).isEqualTo(new TreeMap<>(Map.of(
        1L, Fixture.map("id", 1L, "title", "a2", "qty", 5),
        2L, Fixture.map("id", 2L, "title", "b", "qty", 6),
        3L, Fixture.map("id", 3L, "title", "c", "qty", 7),
        4L, Fixture.map("id", 4L, "title", "d", "qty", null))));
    assertThat(SchemaHistory.read(t)).extracting(e -> e.changes().get(0).text()).containsExactly("rename column name to title",
        "keep column qty (no longer written)");

    // oldest first: each data snapshot was written with one schema, and every change sits between data snapshots
    List<Snapshot> snaps = new ArrayList<>();
    SnapshotUtil.currentAncestors(t).forEach(s -> snaps.add(0, s));
    List<String> kinds = new ArrayList<>();
    for (Snapshot s : snaps) {
      boolean data = s.addedDataFiles(t.io()).iterator().hasNext();
      boolean change = s.summary().containsKey(io.cdclake.schema.EvolutionProperties.SCHEMA_CHANGE);
      kinds.add(change ? "change@" + s.schemaId() : data ? "rows@" + s.schemaId() : "positions@" + s.schemaId());
      assertThat(data && change).isFalse();
    }
    int s0 = snaps.get(0).schemaId();
    // the drop keeps qty (already optional): only the table properties change, not the schema
    assertThat(kinds).containsExactly("rows@" + s0, "change@" + (s0 + 1), "positions@" + (s0 + 1), "rows@" + (s0 + 1),
        "change@" + (s0 + 1), "positions@" + (s0 + 1), "rows@" + (s0 + 1));
  }

  @Test
  void aRestartedPipelineReplayingTheStreamChangesNothing() {
    Catalog c = Catalogs.embedded(dir);
    CdcPipeline p = pipeline(c, TableConfigs.defaults(), null);
    stream().forEach(p::accept);
    p.flush();
    Table t = table(c, "orders");
    int snapshots = count(t);
    String metadata = org.apache.iceberg.TableUtil.metadataFileLocation(t);

    CdcPipeline again = pipeline(Catalogs.embedded(dir), TableConfigs.defaults(), null);
    stream().forEach(again::accept);
    again.flush();
    t.refresh();
    assertThat(count(t)).isEqualTo(snapshots);
    assertThat(org.apache.iceberg.TableUtil.metadataFileLocation(t)).isEqualTo(metadata);
    assertThat(again.counters().replayed()).isEqualTo(7);
  }

  @Test
  void aRestartAfterTheLastDdlReplaysOnlyWhatFollowsIt() {
    Catalog c = Catalogs.embedded(dir);
    List<ChangeEvent> events = stream();
    CdcPipeline p = pipeline(c, TableConfigs.defaults(), null);
    events.subList(0, 5).forEach(p::accept); // up to the drop; the rows after it are lost with the process
    CdcPipeline again = pipeline(Catalogs.embedded(dir), TableConfigs.defaults(), null);
    events.forEach(again::accept);
    again.flush();
    Table t = table(c, "orders");
    assertThat(Fixture.byId(t).get(1L)).isEqualTo(Fixture.map("id", 1L, "title", "a2", "qty", 5));
    assertThat(Fixture.byId(t)).containsOnlyKeys(1L, 2L, 3L, 4L);
    assertThat(SchemaHistory.read(t)).hasSize(2);
  }

  @Test
  void aTypeChangeGoesToANewColumnThroughTheWriter() {
    Catalog c = Catalogs.embedded(dir);
    CdcPipeline p = pipeline(c, policy(EvolutionPolicy.DEFAULTS.withTypeChanges(ReconcileOptions.TypeConflictPolicy.NEW_COLUMN)), null);
    TableSchema text = schema("id", ColumnType.LONG, "name", ColumnType.STRING, "qty", ColumnType.STRING);
    p.accept(row(Op.INSERT, V1, "id", 1L, "name", "a", "qty", 5));
    p.accept(row(Op.INSERT, text, "id", 2L, "name", "b", "qty", "six"));
    p.accept(row(Op.UPDATE, text, "id", 1L, "name", "a2", "qty", "five"));
    p.flush();
    Table t = table(c, "orders");
    assertThat(Fixture.byId(t)).isEqualTo(new TreeMap<>(Map.of(
        1L, Fixture.map("id", 1L, "name", "a2", "qty", 5, "qty__v2", "five"),
        2L, Fixture.map("id", 2L, "name", "b", "qty", null, "qty__v2", "six"))));
  }

  @Test
  void refusedTypeChangesGoToTheDeadLetterSinkAndTheRestGoesOn() {
    Catalog c = Catalogs.embedded(dir);
    TableConfigs dl = policy(EvolutionPolicy.DEFAULTS.withTypeChanges(ReconcileOptions.TypeConflictPolicy.DEAD_LETTER));
    assertThatThrownBy(() -> pipeline(c, dl, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dead-letter sink");
    List<DeadLetter> letters = new ArrayList<>();
    CdcPipeline p = pipeline(c, dl, letters);
    TableSchema text = schema("id", ColumnType.LONG, "name", ColumnType.STRING, "qty", ColumnType.STRING);
    p.accept(row(Op.INSERT, V1, "id", 1L, "name", "a", "qty", 5));
    p.accept(row(Op.INSERT, text, "id", 2L, "name", "b", "qty", "six"));
    p.accept(row(Op.INSERT, text, "id", 3L, "name", "c", "qty", null));
    p.flush();
    assertThat(letters).singleElement().satisfies(l -> {
      assertThat(l.errorType()).isEqualTo(RejectedTypeChangeException.class.getName());
      assertThat(l.message().transport()).isEqualTo(TransportPosition.kafka("orders", 0, 2));
    });
    assertThat(Fixture.byId(table(c, "orders"))).containsOnlyKeys(1L, 3L);
  }

  @Test
  void upsertAndChangelogTablesEvolveEachByItsOwnFieldIds() {
    Catalog c = Catalogs.embedded(dir);
    TableConfig both = new TableConfig("shop", "orders", List.of(), null, List.of(), 2, null, null, List.of(), List.of(),
        TableConfig.Mode.UPSERT_AND_CHANGELOG, Map.of(), Map.of());
    CdcPipeline p = pipeline(c, TableConfigs.of(List.of(both)), null);
    TableSchema v2 = schema("id", ColumnType.LONG, "name", ColumnType.STRING, "qty", ColumnType.INT, "note", ColumnType.STRING);
    TableSchema v3 = schema("id", ColumnType.LONG, "name", ColumnType.STRING, "qty", ColumnType.LONG, "note", ColumnType.STRING);
    p.accept(row(Op.INSERT, V1, "id", 1L, "name", "a", "qty", 5));
    p.accept(ddl(v2, "ALTER TABLE orders ADD COLUMN note text"));
    p.accept(ddl(v3, "ALTER TABLE orders ALTER COLUMN qty TYPE bigint"));
    p.accept(row(Op.INSERT, v3, "id", 2L, "name", "b", "qty", 6_000_000_000L, "note", "n"));
    p.flush();
    Table upsert = table(c, "orders");
    Table changelog = table(c, "orders_changelog");
    assertThat(upsert.schema().findField("qty").type()).isEqualTo(org.apache.iceberg.types.Types.LongType.get());
    assertThat(changelog.schema().findField("qty").type()).isEqualTo(org.apache.iceberg.types.Types.LongType.get());
    assertThat(changelog.schema().findField("note").fieldId()).isNotEqualTo(upsert.schema().findField("note").fieldId());
    assertThat(Fixture.byId(upsert).get(2L)).isEqualTo(Fixture.map("id", 2L, "name", "b", "qty", 6_000_000_000L, "note", "n"));
    assertThat(SchemaHistory.read(changelog)).hasSize(2);
  }

  @Test
  void aRenamedSourceTableRenamesItsIcebergTableAndKeepsTheRows() {
    Catalog c = Catalogs.embedded(dir);
    CdcPipeline p = pipeline(c, TableConfigs.defaults(), null);
    p.accept(row(Op.INSERT, V1, "id", 1L, "name", "a", "qty", 5));
    TableId renamed = TableId.of("shop", "public", "orders_v2");
    long o = ++offset;
    p.accept(ChangeEvent.builder(Op.SCHEMA_CHANGE).ddl("ALTER TABLE orders RENAME TO orders_v2")
        .schemaChanges(List.of(new SchemaChange(SchemaChange.Kind.RENAME_TABLE, renamed, ORDERS, V1, List.of())))
        .position(SourcePosition.of("postgresql", Fixture.PG, o, o)).transport(TransportPosition.kafka("orders", 0, o)).build());
    p.accept(ChangeEvent.builder(Op.INSERT).table(renamed).schema(V1).key(Row.of("id", 2L)).after(Row.of("id", 2L, "name", "b", "qty", 6))
        .position(SourcePosition.of("postgresql", Fixture.PG, 9, 9)).transport(TransportPosition.kafka("orders", 0, 9)).build());
    p.flush();
    assertThat(c.tableExists(TableIdentifier.of("shop", "orders"))).isFalse();
    assertThat(Fixture.byId(table(c, "orders_v2"))).containsOnlyKeys(1L, 2L);
  }

  private static int count(Table t) {
    t.refresh();
    int n = 0;
    for (Snapshot s : t.snapshots()) {
      n++;
    }
    return n;
  }
}
