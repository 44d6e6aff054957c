package io.cdclake.iceberg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cdclake.codec.debezium.DebeziumDecoder;
import io.cdclake.iceberg.Catalogs;
import io.cdclake.iceberg.CdcPipeline;
import io.cdclake.iceberg.testing.IcebergVsDatabase;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.schema.ReconcileOptions;
import io.cdclake.schema.SchemaHistory;
import io.cdclake.schema.TableConfigs;
import io.cdclake.schema.TableState;
import io.cdclake.testsupport.CapturedRecord;
import io.cdclake.testsupport.CapturedStream;
import io.cdclake.testsupport.DatabaseState;
import io.cdclake.testsupport.DebeziumCapture;
import io.cdclake.testsupport.DebeziumCapture.JsonForm;
import io.cdclake.testsupport.ModelComparison;
import io.cdclake.testsupport.ModelComparison.Difference;
import io.cdclake.testsupport.ModelComparison.Kind;
import io.cdclake.testsupport.PostgresServer;
import io.cdclake.testsupport.Workload;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real DDL from PostgreSQL, which has no schema-change topic: PostgreSQL and the Debezium PostgreSQL
 * connector capture {@link Workload#postgresDdl()} (ADD COLUMN without and with a DEFAULT, ALTER COLUMN TYPE
 * integer to bigint, RENAME COLUMN and DROP COLUMN between data changes, and a NOT NULL column dropped and
 * another renamed), and the records, JSON with schemas, go in capture order through {@link CdcPipeline}
 * (Debezium codec, reconciler, schema evolution, writer) into an embedded warehouse. The changes reach
 * cdc-lake only through the message schemas of the row events after them, so by the documented rules
 * ({@code cdc-schema-evolution/README.md}, {@link io.cdclake.schema.SchemaReconciler}):
 * <ul>
 *   <li>an added column is added (optional, after its source predecessor); its DEFAULT becomes the initial
 *       default on format v3, so rows no event touched since read it as the database shows them (v2: NULL);</li>
 *   <li>integer to bigint is widened in place (same field id, old rows read as long);</li>
 *   <li>only DDL events rename and drop: a column the message schema no longer lists stays in the table as an
 *       optional column (rows written after the drop hold NULL there, older rows keep their values), and a
 *       rename, which the message schema shows as one column gone and one new, is an added column under a
 *       new field id: the rows no event touched since the rename hold the value under the old name, and NULL
 *       under the new one. Those cells are the one difference from the database, asserted cell by cell.</li>
 * </ul>
 * The Iceberg tables are read back through Iceberg (deletes applied) and compared with the database's final
 * state value by value; the schema (field ids, types, defaults) and the change history in the snapshot
 * summaries ({@link SchemaHistory#read}) are asserted exactly.
 */
class PostgresDdlPipelineIT {
  @RegisterExtension static final PostgresServer PG = PostgresServer.create();

  private static CapturedStream stream;
  private static DatabaseState database;
  @TempDir static Path v3Dir;
  private static Catalog v3;

  @TempDir Path dir;

  @BeforeAll
  static void captureAndIngest() throws Exception {
    long t0 = System.nanoTime();
    stream = DebeziumCapture.of(PG).run(Workload.postgresDdl());
    try (Connection c = PG.connect()) {
      database = DatabaseState.read(c);
    }
    long t1 = System.nanoTime();
    v3 = ingest(v3Dir, 3);
    System.out.printf("PostgresDdlPipelineIT: PostgreSQL %s; captured %s; capture total %d ms; ingest %d ms%n", PG.version(),
        stream.describeTimings(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
  }

  private static TableId tableOfTopic(String topic) {
    String[] parts = topic.split("\\.");
    return parts.length == 3 && parts[0].equals(DebeziumCapture.TOPIC_PREFIX) ? TableId.of(PG.database(), parts[1], parts[2]) : null;
  }

  static TableConfigs formatVersion(int v) {
    return TableConfigs.parse(new ByteArrayInputStream(("[{\"table\": \"*\", \"format-version\": " + v + "}]").getBytes(StandardCharsets.UTF_8)));
  }

  /** Every captured record, in capture order, through one pipeline; one flush at the end (schema changes split the batch). */
  private static Catalog ingest(Path warehouse, int formatVersion) {
    Catalog catalog = Catalogs.embedded(warehouse);
    try (CdcPipeline p = CdcPipeline.builder(catalog, "pg-ddl")
        .decoder(DebeziumDecoder.builder().tableForTopic(PostgresDdlPipelineIT::tableOfTopic).build())
        .reconcileOptions(ReconcileOptions.forDebezium()).tables(formatVersion(formatVersion)).commitEvery(1_000_000, Duration.ofDays(1))
        .build()) {
      for (CapturedRecord r : stream.records(JsonForm.WITH_SCHEMA)) {
        p.accept(r.toRawMessage());
      }
      p.flush();
    }
    return catalog;
  }

  private static Table table(Catalog catalog, String name, int formatVersion) {
    return IcebergVsDatabase.table(catalog, formatVersion(formatVersion), database.table("public", name));
  }

  /** The cells of rows no event touched after the rename: NULL under the new name, the value under the old one. */
  private static boolean renamedValueNotCarried(Difference d) {
    return d.kind() == Kind.VALUE && d.actual() == null
        && (d.table().table().equals("people") && d.column().equals("nickname") || d.table().table().equals("items") && d.column().equals("title"));
  }

  private static void assertEqualsDatabaseApartFromRenames(Catalog catalog, int formatVersion) {
    ModelComparison c = IcebergVsDatabase.compare(catalog, formatVersion(formatVersion), database);
    System.out.printf("PostgresDdlPipelineIT (v%d): %s%n", formatVersion, c.describe().lines().findFirst().orElse(""));
    assertThat(c.differencesExcept(PostgresDdlPipelineIT::renamedValueNotCarried)).as(c.describe()).isEmpty();
    assertThat(c.differences()).extracting(d -> d.table().table(), Difference::key, Difference::expected).as(c.describe())
        .containsExactlyInAnyOrder(
            tuple("people", Row.of("id", 3), "cyclone"), tuple("people", Row.of("id", 4), "dd"), tuple("people", Row.of("id", 5), "evie"),
            tuple("people", Row.of("id", 7), "g"), tuple("items", Row.of("sku", "b-2"), "banana"), tuple("items", Row.of("sku", "d-4"), "date"));
    assertThat(c.comparedTables()).isEqualTo(2);
    assertThat(c.comparedRows()).isEqualTo(database.rowCount()).isEqualTo(12);
    assertThat(c.droppedColumns()).containsExactly("items.label", "items.qty", "people.nick", "people.note");
    // nothing is lost: those values are in the old column
    Map<Object, Map<String, Object>> people = IcebergVsDatabase.rowsBy(table(catalog, "people", formatVersion), "id");
    Map<Object, Map<String, Object>> items = IcebergVsDatabase.rowsBy(table(catalog, "items", formatVersion), "sku");
    for (Difference d : c.differences()) {
      Map<String, Object> row = d.table().table().equals("people") ? people.get(d.key().get("id")) : items.get(d.key().get("sku"));
      assertThat(row.get(d.table().table().equals("people") ? "nick" : "label")).isEqualTo(d.expected());
    }
  }

  @Test
  void theTablesEqualTheDatabaseApartFromValuesARenameWithoutDdlCannotMove() {
    assertEqualsDatabaseApartFromRenames(v3, 3);
  }

  @Test
  void theSchemaWidensInPlaceAddsTheRenamedColumnUnderANewFieldIdAndKeepsDroppedColumnsOptional() {
    Table people = table(v3, "people", 3);
    assertThat(IcebergVsDatabase.columns(people)).containsExactly(
        "1 id int required", "2 name string optional", "3 age long optional", "8 nickname string optional", "4 nick string optional",
        "5 note string optional", "6 email string optional", "7 status string optional");
    assertThat(people.schema().identifierFieldNames()).containsExactly("id");
    assertThat(people.schema().findField("status").initialDefault()).as("initial default on v3").isEqualTo("active");
    assertThat(people.schema().findField("status").writeDefault()).isEqualTo("active");
    // message schemas never rename or drop: nothing is retired or redirected
    TableState state = TableState.of(people, TableUtil.formatVersion(people));
    assertThat(state.retired()).isEmpty();
    assertThat(state.redirects()).isEmpty();

    Table items = table(v3, "items", 3);
    assertThat(IcebergVsDatabase.columns(items)).containsExactly(
        "1 sku string required", "5 title string optional", "2 qty int optional", "3 label string optional", "4 price decimal(8, 2) optional");
  }

  @Test
  void columnsTheSourceDroppedKeepOlderValuesAndHoldNullInRowsWrittenAfterTheDrop() {
    Map<Object, Map<String, Object>> people = IcebergVsDatabase.rowsBy(table(v3, "people", 3), "id");
    // note dropped: rows whose last event came before the drop keep it; rows written after it hold NULL
    assertThat(people.get(2).get("note")).isEqualTo("touched after rename");
    assertThat(people.get(3).get("note")).isEqualTo("touched after widen");
    assertThat(people.get(1).get("note")).as("updated after the drop").isNull();
    assertThat(people.get(10).get("note")).as("inserted after the drop").isNull();
    // the widened column: old rows read as long, new rows hold values beyond int
    assertThat(people.get(3).get("age")).isEqualTo(2147483647L);
    assertThat(people.get(8).get("age")).isEqualTo(5000000001L);
    assertThat(people.get(1).get("age")).isEqualTo(3000000000L);
    assertThat(people.keySet()).containsExactly(1, 2, 3, 4, 5, 7, 8, 10);

    Map<Object, Map<String, Object>> items = IcebergVsDatabase.rowsBy(table(v3, "items", 3), "sku");
    // qty dropped (a-1 was updated just before, b-2 after), then label renamed to title (a-1 updated after, b-2 not)
    assertThat(items.get("a-1")).containsEntry("qty", null).containsEntry("label", null).containsEntry("title", "Apple");
    assertThat(items.get("b-2")).containsEntry("qty", null).containsEntry("label", "banana").containsEntry("title", null)
        .containsEntry("price", new BigDecimal("0.55"));
    assertThat(items.keySet()).containsExactly("a-1", "b-2", "d-4", "e-5");
  }

  @Test
  void theHistoryRecordsEachChangeTheStreamShowedInItsOwnSnapshotAfterTheRowsBeforeIt() {
    Table people = table(v3, "people", 3);
    List<SchemaHistory.Entry> history = SchemaHistory.read(people);
    assertThat(history).extracting(SchemaHistory.Entry::schemaId, SchemaHistory.Entry::via).containsExactly(
        tuple(1, "event"), tuple(2, "event"), tuple(3, "event"), tuple(4, "event"));
    assertThat(history).extracting(e -> e.changes().stream().map(c -> c.op() + " " + c.column() + " " + c.fieldId() + ": " + c.text()).toList())
        .containsExactly(
            List.of("add-column email 6: add column email string"),
            List.of("add-column status 7: add column status string default 'active'"),
            List.of("widen-column age 3: widen age int -> long"),
            List.of("add-column nickname 8: add column nickname string after age"));
    assertThat(history).allSatisfy(e -> {
      assertThat(e.table()).isEqualTo("cdclake.public.people");
      assertThat(e.position()).startsWith("postgresql{");
      assertThat(e.transport()).startsWith("cdc.public.people/0@");
      assertThat(e.ddl()).isNull();
      // the change has a snapshot of its own, without data, on top of the rows written before it
      Snapshot s = people.snapshot(e.snapshotId());
      assertThat(s.summary()).doesNotContainKey(SnapshotSummary.ADDED_FILES_PROP);
      assertThat(s.summary()).doesNotContainKey(SnapshotSummary.ADDED_DELETE_FILES_PROP);
      assertThat(s.schemaId()).isEqualTo(e.schemaId());
    });
    assertThat(people.snapshots()).as("the rows are in snapshots of their own").anySatisfy(s -> assertThat(s.summary())
        .containsKey(SnapshotSummary.ADDED_FILES_PROP));
    // positions of the changes follow the stream
    assertThat(history).extracting(SchemaHistory.Entry::transport)
        .containsExactly("cdc.public.people/0@4", "cdc.public.people/0@7", "cdc.public.people/0@11", "cdc.public.people/0@16");

    List<SchemaHistory.Entry> items = SchemaHistory.read(table(v3, "items", 3));
    assertThat(items).singleElement().satisfies(e -> assertThat(e.changes()).extracting(SchemaHistory.ColumnRecord::text)
        .containsExactly("add column title string after sku"));
  }

  @Test
  void onFormatV2TheRowsNoEventTouchedSinceAddColumnDefaultReadNull() {
    Catalog v2 = ingest(dir, 2);
    Table people = table(v2, "people", 2);
    assertThat(people.schema().findField("status").initialDefault()).isNull();
    ModelComparison c = IcebergVsDatabase.compare(v2, formatVersion(2), database);
    List<Difference> defaults = c.differencesExcept(PostgresDdlPipelineIT::renamedValueNotCarried);
    // row 4's last event came before ADD COLUMN status text DEFAULT 'active'; every other row has an event after it
    assertThat(defaults).extracting(Difference::key, Difference::column, Difference::expected, Difference::actual).as(c.describe())
        .containsExactly(tuple(Row.of("id", 4), "status", "active", null));
    assertThat(c.comparedRows()).isEqualTo(database.rowCount());
  }
}
