package io.cdclake.iceberg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cdclake.codec.debezium.DebeziumDecoder;
import io.cdclake.iceberg.Catalogs;
import io.cdclake.iceberg.CdcPipeline;
import io.cdclake.iceberg.PipelineCounters;
import io.cdclake.iceberg.testing.IcebergVsDatabase;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.TableId;
import io.cdclake.schema.ReconcileOptions;
import io.cdclake.schema.SchemaHistory;
import io.cdclake.schema.TableConfigs;
import io.cdclake.schema.TableState;
import io.cdclake.testsupport.CapturedRecord;
import io.cdclake.testsupport.CapturedStream;
import io.cdclake.testsupport.DatabaseState;
import io.cdclake.testsupport.DebeziumCapture.JsonForm;
import io.cdclake.testsupport.MariaDbCapture;
import io.cdclake.testsupport.MariaDbServer;
import io.cdclake.testsupport.ModelComparison;
import io.cdclake.testsupport.ValueComparison;
import io.cdclake.testsupport.Workload;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real DDL from MariaDB through the schema-change topic: MariaDB (Debian's server, started by
 * {@link MariaDbServer}) and the Debezium MariaDB connector ({@code include.schema.changes=true}) capture
 * {@link Workload#mariaDbDdl()}: a table created while streaming, ADD COLUMN without and with a DEFAULT
 * (placed AFTER a column), MODIFY int to bigint on two tables, RENAME COLUMN, CHANGE COLUMN (a rename with a
 * wider varchar), DROP COLUMN, with rows written before and after each change, old rows updated and deleted
 * after each, a multi-statement transaction, an UPDATE that changes nothing, and DDL transactions that
 * begin and never end. Data events and schema-change events go in capture (binlog) order, JSON with
 * schemas, through the Debezium codec and {@link CdcPipeline} into an embedded warehouse, format v3.
 *
 * <p>The DDL text says what each change is, so every rule of {@code cdc-schema-evolution/README.md} applies:
 * renames keep the field id and the data written before them, the widening is in place, the dropped column
 * is kept (optional, no longer written: updates carry its old value forward, inserts hold NULL), and the
 * DEFAULT becomes the column's initial default, so a row no event touched since the ADD COLUMN reads it.
 * The Iceberg tables, read back through Iceberg with deletes applied, equal MariaDB's final state value by
 * value with no exception; schema and history are asserted exactly.
 *
 * <p>Tagged {@code mariadb}: runs in the {@code mariadb} surefire execution (the connector's own Debezium version, see the
 * pom).
 */
@Tag("mariadb")
class MariaDbDdlPipelineIT {
  @RegisterExtension static final MariaDbServer DB = MariaDbServer.create();

  private static final TableConfigs V3 = PostgresDdlPipelineIT.formatVersion(3);

  private static CapturedStream stream;
  private static DatabaseState database;
  @TempDir static Path warehouse;
  private static Catalog catalog;
  private static PipelineCounters counters;

  @BeforeAll
  static void captureAndIngest() throws Exception {
    long t0 = System.nanoTime();
    stream = MariaDbCapture.of(DB).run(Workload.mariaDbDdl());
    try (Connection c = DB.connect()) {
      database = DatabaseState.read(c);
    }
    long t1 = System.nanoTime();
    catalog = Catalogs.embedded(warehouse);
    try (CdcPipeline p = CdcPipeline.builder(catalog, "mariadb-ddl").decoder(decoder()).reconcileOptions(ReconcileOptions.forDebezium())
        .tables(V3).commitEvery(1_000_000, Duration.ofDays(1)).build()) {
      for (CapturedRecord r : stream.records(JsonForm.WITH_SCHEMA)) {
        p.accept(r.toRawMessage());
      }
      p.flush();
      counters = p.counters();
    }
    System.out.printf("MariaDbDdlPipelineIT: MariaDB %s; captured %s; capture total %d ms; ingest %d ms; %s%n", DB.version(),
        stream.describeTimings(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000, stream.countsByTopic());
  }

  private static DebeziumDecoder decoder() {
    return DebeziumDecoder.builder().tableForTopic(MariaDbDdlPipelineIT::tableOfTopic).build();
  }

  /** Data topics are {@code cdc.<database>.<table>}; MariaDB tables have no schema part. */
  private static TableId tableOfTopic(String topic) {
    String[] parts = topic.split("\\.");
    return parts.length == 3 && parts[0].equals(MariaDbCapture.TOPIC_PREFIX) && !parts[2].equals("transaction")
        ? TableId.of(parts[1], null, parts[2]) : null;
  }

  private static List<ChangeEvent> decoded() {
    DebeziumDecoder d = decoder();
    List<ChangeEvent> out = new ArrayList<>();
    for (CapturedRecord r : stream.records(JsonForm.WITH_SCHEMA)) {
      d.decode(r.toRawMessage(), out::add);
    }
    return out;
  }

  private static Table table(String name) {
    return IcebergVsDatabase.table(catalog, V3, database.table(null, name));
  }

  @Test
  void theTablesEqualTheDatabaseValueByValue() {
    ModelComparison c = IcebergVsDatabase.compare(catalog, V3, database);
    System.out.printf("MariaDbDdlPipelineIT: %s%n", c.describe().lines().findFirst().orElse(""));
    assertThat(c.differences()).as(c.describe()).isEmpty();
    assertThat(c.comparedTables()).isEqualTo(2);
    assertThat(c.comparedRows()).isEqualTo(database.rowCount()).isEqualTo(13);
    assertThat(c.comparedCells()).isEqualTo(11 * 9 + 2 * 4);
    assertThat(c.droppedColumns()).containsExactly("customers.price");
    assertThat(c.nullForMissingColumn()).isZero();
  }

  @Test
  void renamesKeepFieldIdsAndDataTheWideningIsInPlaceAndTheDroppedColumnIsKept() {
    Table customers = table("customers");
    assertThat(IcebergVsDatabase.columns(customers)).containsExactly(
        "1 id int required", "2 name string optional", "10 tier string optional", "3 points long optional", "4 nickname string optional",
        "5 remark string optional", "6 price decimal(10, 2) optional", "7 seen timestamptz optional", "8 born date optional",
        "9 email string optional");
    assertThat(customers.schema().identifierFieldNames()).containsExactly("id");
    assertThat(customers.schema().findField("tier").initialDefault()).isEqualTo("basic");
    TableState state = TableState.of(customers, TableUtil.formatVersion(customers));
    assertThat(state.retired()).containsExactly(6);
    assertThat(state.redirects()).isEmpty();

    Map<Object, Map<String, Object>> rows = IcebergVsDatabase.rowsBy(customers, "id");
    // values written before the renames, read under the new names (row 3's last event came before both)
    assertThat(rows.get(3)).containsEntry("nickname", "cyclone").containsEntry("remark", "touched after widen");
    assertThat(rows.get(13)).containsEntry("nickname", "mx").containsEntry("remark", "never touched again")
        .as("untouched since ADD COLUMN tier DEFAULT 'basic': the initial default").containsEntry("tier", "basic");
    // the kept column: updates after the drop carry the old value forward, inserts after it hold NULL
    assertThat(rows.get(1)).containsEntry("name", "Ada").containsEntry("price", new BigDecimal("1.50"));
    assertThat(rows.get(3)).containsEntry("price", new BigDecimal("99999999.99"));
    assertThat(rows.get(11)).containsEntry("price", null);
    assertThat(rows.get(12)).containsEntry("price", null);
    assertThat(rows.get(8)).containsEntry("points", 5000000001L);
    assertThat(rows.keySet()).containsExactly(1, 2, 3, 4, 5, 7, 8, 10, 11, 12, 13);

    Table orders = table("orders");
    assertThat(IcebergVsDatabase.columns(orders)).containsExactly(
        "1 id int required", "2 customer_id long optional", "3 amount decimal(10, 2) optional", "4 placed timestamp optional");
  }

  @Test
  void theHistoryRecordsEveryDdlWithItsTextInItsOwnSnapshot() {
    Table customers = table("customers");
    List<SchemaHistory.Entry> history = SchemaHistory.read(customers);
    assertThat(history).extracting(SchemaHistory.Entry::via, SchemaHistory.Entry::ddl).containsExactly(
        tuple("ddl", "ALTER TABLE customers ADD COLUMN email varchar(60)"),
        tuple("ddl", "ALTER TABLE customers ADD COLUMN tier varchar(10) DEFAULT 'basic' AFTER name"),
        tuple("ddl", "ALTER TABLE customers MODIFY points bigint"),
        tuple("ddl", "ALTER TABLE customers RENAME COLUMN nick TO nickname"),
        tuple("ddl", "ALTER TABLE customers CHANGE COLUMN note remark varchar(80)"),
        tuple("ddl", "ALTER TABLE customers DROP COLUMN price"));
    assertThat(history).extracting(e -> e.changes().stream().map(c -> c.op() + " " + c.column() + " " + c.fieldId() + ": " + c.text()).toList())
        .containsExactly(
            List.of("add-column email 9: add column email string"),
            List.of("add-column tier 10: add column tier string after name default 'basic'"),
            List.of("widen-column points 3: widen points int -> long"),
            List.of("rename-column nickname 4: rename column nick to nickname"),
            List.of("rename-column remark 5: rename column note to remark"),
            List.of("keep-column price 6: keep column price (no longer written)"));
    assertThat(history).extracting(SchemaHistory.Entry::schemaId).containsExactly(1, 2, 3, 4, 5, 5);
    assertThat(history).allSatisfy(e -> {
      assertThat(e.table()).isEqualTo("cdclake.customers");
      assertThat(e.position()).startsWith("mariadb-gtid:");
      assertThat(e.transport()).startsWith("cdc/0@");
      Snapshot s = customers.snapshot(e.snapshotId());
      assertThat(s.summary()).as("a change has a snapshot of its own, without data").doesNotContainKey(SnapshotSummary.ADDED_FILES_PROP);
      assertThat(s.summary()).doesNotContainKey(SnapshotSummary.ADDED_DELETE_FILES_PROP);
    });
    assertThat(customers.snapshots()).as("the rows are in snapshots of their own").anySatisfy(s -> assertThat(s.summary())
        .containsKey(SnapshotSummary.ADDED_FILES_PROP));

    List<SchemaHistory.Entry> orders = SchemaHistory.read(table("orders"));
    assertThat(orders).singleElement().satisfies(e -> {
      assertThat(e.ddl()).isEqualTo("ALTER TABLE orders MODIFY customer_id bigint NOT NULL");
      assertThat(e.changes()).extracting(SchemaHistory.ColumnRecord::text).containsExactly("widen customer_id int -> long");
    });
  }

  @Test
  void whatShowSchemaPrintsNamesTheKeptColumnTheDefaultAndEveryDdl() {
    Table customers = table("customers");
    // cdc-lake show --table cdclake.customers --schema prints this text; times, snapshot ids and positions differ per run
    List<String> lines = SchemaHistory.show(customers, TableUtil.formatVersion(customers)).lines()
        .map(l -> l.replaceFirst("^  \\S+ snapshot -?\\d+ (schema \\d+ via \\w+) at \\S+ \\(cdc/0@\\d+\\): ", "  $1: ")).toList();
    assertThat(lines).containsExactly(
        "cdc_lake.cdclake.customers (format v3, schema 5)",
        "  1 id int required key",
        "  2 name string optional",
        "  10 tier string optional default basic",
        "  3 points long optional",
        "  4 nickname string optional",
        "  5 remark string optional",
        "  6 price decimal(10,2) optional (kept: dropped at the source)",
        "  7 seen timestamptz optional",
        "  8 born date optional",
        "  9 email string optional",
        "schema changes (6):",
        "  schema 1 via ddl: add column email string",
        "  schema 2 via ddl: add column tier string after name default 'basic'",
        "  schema 3 via ddl: widen points int -> long",
        "  schema 4 via ddl: rename column nick to nickname",
        "  schema 5 via ddl: rename column note to remark",
        "  schema 5 via ddl: keep column price (no longer written)");
  }

  @Test
  void theStreamHoldsTheMariaDbQuirksThePipelineTook() {
    List<ChangeEvent> events = decoded();
    // each DDL statement while streaming: a BEGIN on the transaction topic and no END
    Set<String> begun = new LinkedHashSet<>();
    Set<String> ended = new LinkedHashSet<>();
    for (ChangeEvent e : events) {
      if (e.op() == Op.TX_BEGIN) {
        begun.add(e.transaction().id());
      } else if (e.op() == Op.TX_END) {
        ended.add(e.transaction().id());
      }
    }
    begun.removeAll(ended);
    List<ChangeEvent> streamedDdl = events.stream().filter(e -> e.op() == Op.SCHEMA_CHANGE && !e.snapshot()).toList();
    assertThat(streamedDdl).hasSize(8);
    assertThat(begun).as("transactions begun and never ended").hasSize(streamedDdl.size());
    // the snapshot's DDL: session settings, DROP TABLE IF EXISTS, DROP/CREATE DATABASE, USE, CREATE TABLE
    assertThat(events.stream().filter(e -> e.op() == Op.SCHEMA_CHANGE && e.snapshot()).map(ChangeEvent::ddl).toList())
        .anySatisfy(d -> assertThat(d).startsWith("DROP TABLE IF EXISTS `cdclake`.`customers`"))
        .anySatisfy(d -> assertThat(d).startsWith("CREATE TABLE `customers`"));
    // 13 UPDATE statements on customers; UPDATE customers SET name = 'bob' WHERE id = 2 changed nothing: MariaDB wrote no event for it
    List<ChangeEvent> updates = events.stream().filter(e -> e.op() == Op.UPDATE && e.table().table().equals("customers")).toList();
    assertThat(updates).hasSize(12).allSatisfy(e -> assertThat(ValueComparison.same(e.before(), e.after())).isFalse());
    // every event went in: the pipeline commits per DDL and at the end, never rows from both sides of a change
    assertThat(counters.deadLetters()).isZero();
    assertThat(counters.schemaUpdates()).isGreaterThanOrEqualTo(7);
  }
}
