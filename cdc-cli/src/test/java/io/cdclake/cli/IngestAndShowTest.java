package io.cdclake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.iceberg.Catalogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest} and {@code show} on the bundled sample ({@code examples/orders.debezium.ndjson}):
 * golden outputs in both forms (NULL vs empty string, quoting, the TOASTed note kept), restarts,
 * bad lines, and the table list. Golden files live in {@code src/test/resources/show/}; run with
 * {@code -Dcdclake.updateGolden=true} to rewrite them after an intended change (then review the diff).
 */
class IngestAndShowTest {
  static final String SAMPLE = OrdersExampleTest.SAMPLE.toString();
  static final String SAMPLE_SUMMARY = "cdc-lake ingest: 23 lines, 23 events (INSERT 5, UPDATE 5, DELETE 3, SNAPSHOT_READ 7, TOMBSTONE 3),"
      + " 3 skipped (3 tombstones), 0 errors, 2 commits, 2 tables (inventory.customers, inventory.orders)";

  /** A Debezium envelope without schema, as one bare line; its file and line number are its transport position. */
  static String insert(int id, String v) {
    return "{\"before\":null,\"after\":{\"id\":" + id + ",\"v\":" + (v == null ? "null" : "\"" + v + "\"")
        + "},\"source\":{\"connector\":\"postgresql\",\"db\":\"d\",\"schema\":\"s\",\"table\":\"t\",\"ts_ms\":1700000000000,\"lsn\":"
        + (100 + id) + ",\"txId\":7},\"op\":\"c\",\"ts_ms\":1700000000001}";
  }

  static final String BROKEN = "{\"before\":null,\"after\":{\"id\":9";

  @TempDir
  Path dir;

  private String warehouse() {
    return dir.resolve("warehouse").toString();
  }

  private CliRun ingest(String... more) {
    List<String> args = new ArrayList<>(List.of("ingest", "--warehouse", warehouse()));
    args.addAll(List.of(more));
    return CliRun.run("", args.toArray(new String[0]));
  }

  private CliRun show(String... more) {
    List<String> args = new ArrayList<>(List.of("show", "--warehouse", warehouse()));
    args.addAll(List.of(more));
    return CliRun.run("", args.toArray(new String[0]));
  }

  private Path file(String name, String... lines) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return p;
  }

  private static void assertGolden(String name, String actual) throws IOException {
    Path golden = Paths.get("src/test/resources/show/" + name);
    if (Boolean.getBoolean("cdclake.updateGolden")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).as(name).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  private Map<String, Integer> snapshots() {
    Catalog c = Catalogs.embedded(Path.of(warehouse()));
    Map<String, Integer> out = new TreeMap<>();
    for (TableIdentifier id : c.listTables(Namespace.of("inventory"))) {
      Table t = c.loadTable(id);
      int n = 0;
      for (Snapshot ignored : t.snapshots()) {
        n++;
      }
      out.put(id.toString(), n);
    }
    return out;
  }

  @Test
  void sampleIngestsAndShowsAsTheGoldenOutputsInBothForms() throws IOException {
    CliRun in = ingest("--format", "debezium-json", SAMPLE);
    assertThat(in.exitCode()).as(in.err()).isZero();
    assertThat(in.out()).as("ingest prints nothing on stdout").isEmpty();
    assertThat(in.errLines()).as("no progress line when stderr is not a terminal: time, then the summary").hasSize(2);
    assertThat(in.errLines().get(0)).matches("cdc-lake ingest: [0-9.]+ s, [0-9,]+ events/s into warehouse .*");
    assertThat(in.summary()).isEqualTo(SAMPLE_SUMMARY);

    for (String table : List.of("orders", "customers")) {
      for (String format : List.of("csv", "json")) {
        CliRun s = show("--table", "inventory." + table, "--format", format);
        assertThat(s.exitCode()).as(s.err()).isZero();
        assertThat(s.err()).isEmpty();
        assertGolden(table + "." + format, s.out());
      }
    }
    // the points of the golden files, spelled out
    List<String> customersCsv = show("--table", "inventory.customers").outLines();
    assertThat(customersCsv).contains("1,Ada,,2023-11-02T08:15:00Z", "4,Margaret,\"\",2024-03-01T09:01:00Z");
    List<String> customersJson = show("--table", "inventory.customers", "--format", "json").outLines();
    assertThat(customersJson).contains("{\"id\":1,\"name\":\"Ada\",\"email\":null,\"created_at\":\"2023-11-02T08:15:00Z\"}",
        "{\"id\":4,\"name\":\"Margaret\",\"email\":\"\",\"created_at\":\"2024-03-01T09:01:00Z\"}");
    List<String> orders = show("--table", "inventory.orders").outLines();
    assertThat(orders).extracting(l -> l.substring(0, l.indexOf(','))).containsExactly("id", "1001", "1004", "1005", "1006", "1012");
    assertThat(orders).contains("1004,3,shipped,42.00,2024-02-29T16:20:00Z,2024-03-02,leave at the back door; ring twice",
        "1006,2,new,12.30,2024-03-01T11:11:11.123456Z,,\"for \"\"Bob\"\", happy birthday\"");
  }

  @Test
  void theEmbeddedWarehouseIsPlainLocalFilesThatHadoopsFileIoReadsToo() throws IOException {
    assertThat(ingest("--format", "debezium-json", SAMPLE).exitCode()).isZero();
    try (var files = Files.walk(Path.of(warehouse()))) {
      assertThat(files.map(Path::toString).filter(f -> f.endsWith(".crc"))).as("no Hadoop checksum files (LocalFileIO)").isEmpty();
    }
    // Catalogs.embedded reads through HadoopFileIO: the same rows as show printed
    Table orders = Catalogs.embedded(Path.of(warehouse())).loadTable(TableIdentifier.of("inventory", "orders"));
    StringBuilder json = new StringBuilder();
    for (io.cdclake.model.Row r : TableRows.read(orders)) {
      json.append(ShowJsonLine.of(r, TableRows.columns(orders))).append('\n');
    }
    assertThat(json.toString()).isEqualTo(show("--table", "inventory.orders", "--format", "json").out());
  }

  @Test
  void showSchemaPrintsTheColumnsWithFieldIdsAndTheChangeHistory() {
    assertThat(ingest("--format", "debezium-json", SAMPLE).exitCode()).isZero();
    CliRun r = show("--table", "inventory.orders", "--schema");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines()).containsExactly("cdc_lake.inventory.orders (format v2, schema 0)", "  1 id int required key",
        "  2 customer_id int optional", "  3 status string optional", "  4 total decimal(10,2) optional", "  5 placed_at timestamptz optional",
        "  6 shipped_on date optional", "  7 notes string optional", "schema changes (0)");
    CliRun noTable = show("--schema");
    assertThat(noTable.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(noTable.err()).contains("see --table");
  }

  @Test
  void showPrintsValuesExactlyAsDecodePrintsThem() {
    assertThat(ingest("--format", "debezium-json", SAMPLE).exitCode()).isZero();
    // decode's after image of the last event of order 1006 is the row show prints
    List<String> decoded = CliRun.run("", "decode", "--format", "debezium-json", SAMPLE).outLines();
    String last = decoded.get(decoded.size() - 1);
    String after = last.substring(last.indexOf("\"after\":") + 8, last.indexOf(",\"position\""));
    assertThat(show("--table", "inventory.orders", "--format", "json").outLines()).contains(after);
  }

  @Test
  void aSecondRunOfTheSameInputIsANoOp() throws IOException {
    assertThat(ingest("--format", "debezium-json", SAMPLE).exitCode()).isZero();
    Map<String, Integer> before = snapshots();
    String rows = show("--table", "inventory.orders", "--format", "json").out();

    CliRun again = ingest("--format", "debezium-json", SAMPLE);

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.summary()).isEqualTo("cdc-lake ingest: 23 lines, 23 events (INSERT 5, UPDATE 5, DELETE 3, SNAPSHOT_READ 7,"
        + " TOMBSTONE 3), 23 skipped (20 already committed, 3 tombstones), 0 errors, 0 commits, 2 tables (inventory.customers,"
        + " inventory.orders)");
    assertThat(snapshots()).isEqualTo(before).containsEntry("inventory.orders", 1);
    assertThat(show("--table", "inventory.orders", "--format", "json").out()).isEqualTo(rows);
  }

  @Test
  void anInterruptedRunResumesAfterItsLastCommit() throws IOException {
    // the first 12 records in one run (as if it stopped there), then the whole dump: Kafka offsets, not files, are the positions
    List<String> all = Files.readAllLines(Path.of(SAMPLE));
    Path head = file("head.ndjson", all.subList(0, 12).toArray(new String[0]));
    assertThat(ingest("--format", "debezium-json", "--commit-every", "5", head.toString()).exitCode()).isZero();

    CliRun rest = ingest("--format", "debezium-json", SAMPLE);

    assertThat(rest.exitCode()).as(rest.err()).isZero();
    assertThat(rest.summary()).contains("(12 already committed, 3 tombstones)");
    assertGolden("orders.json", show("--table", "inventory.orders", "--format", "json").out());
    assertGolden("customers.json", show("--table", "inventory.customers", "--format", "json").out());
  }

  @Test
  void aBadLineStopsTheRunWithItsLineNumberAfterCommittingTheLinesBeforeIt() throws IOException {
    Path input = file("bad.ndjson", insert(1, "a"), insert(2, "b"), BROKEN, insert(4, "d"));

    CliRun r = ingest("--format", "debezium-json", input.toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_DECODE_ERRORS);
    assertThat(r.errLines().get(0)).startsWith("cdc-lake ingest: " + input + " line 3: Cannot ");
    assertThat(r.summary()).endsWith("; stopped at the first error (--skip-errors or --dead-letter go on)").contains(" 1 error, 1 commit, ");
    assertThat(show("--table", "d.t").outLines()).containsExactly("id,v", "1,a", "2,b");

    // the line fixed, the same file again: lines 1 and 2 are committed, 3 and 4 go in
    Files.writeString(input, String.join("\n", insert(1, "a"), insert(2, "b"), insert(3, "c"), insert(4, "d")) + "\n");
    CliRun fixed = ingest("--format", "debezium-json", input.toString());
    assertThat(fixed.exitCode()).as(fixed.err()).isZero();
    assertThat(fixed.summary()).contains("2 skipped (2 already committed)");
    assertThat(show("--table", "d.t").outLines()).containsExactly("id,v", "1,a", "2,b", "3,c", "4,d");
  }

  @Test
  void skipErrorsReportsEachBadLineAndIngestsTheRest() throws IOException {
    Path input = file("bad.ndjson", insert(1, "a"), BROKEN, "not json at all", insert(4, null), "\u0000");

    CliRun r = ingest("--format", "debezium-json", "--skip-errors", input.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.errLines()).filteredOn(l -> l.contains(" line ")).extracting(l -> l.substring(0, l.indexOf(": Cannot")))
        .containsExactly("cdc-lake ingest: " + input + " line 2", "cdc-lake ingest: " + input + " line 3",
            "cdc-lake ingest: " + input + " line 5");
    assertThat(r.summary()).contains("2 events (INSERT 2)").contains(" 3 errors, 1 commit, 1 table (d.t)");
    assertThat(show("--table", "d.t").outLines()).containsExactly("id,v", "1,a", "4,");
  }

  @Test
  void deadLetterFileKeepsEachBadLineWithItsReason() throws IOException {
    byte[] invalidUtf8 = {'{', (byte) 0xC3, (byte) 0x28, '}'};
    Path input = dir.resolve("bad.ndjson");
    Files.write(input, (insert(1, "a") + "\n" + BROKEN + "\n").getBytes(StandardCharsets.UTF_8));
    Files.write(input, invalidUtf8, java.nio.file.StandardOpenOption.APPEND);
    Path letters = dir.resolve("letters/dead.ndjson");

    CliRun r = ingest("--format", "debezium-json", "--dead-letter", letters.toString(), input.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.summary()).contains(" 2 dead letters in " + letters + ", 1 commit");
    List<String> lines = Files.readAllLines(letters);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("{\"input\":\"" + input + "\",\"line\":2,\"transport\":{\"stream\":\"" + input.toAbsolutePath()
        + "\",\"partition\":\"0\",\"offset\":\"2\"},\"error_type\":\"io.cdclake.model.MalformedInputException\",\"reason\":\"Cannot ")
        .endsWith(",\"input_line\":" + EventJson.valueToJson(BROKEN) + "}");
    assertThat(lines.get(1)).contains("\"line\":3,").contains("not valid UTF-8")
        .endsWith("\"input_line_base64\":\"" + java.util.Base64.getEncoder().encodeToString(invalidUtf8) + "\"}");
  }

  @Test
  void stdinNeedsAStreamNameAndResumesByIt() {
    String input = insert(1, "a") + "\n" + insert(2, "b") + "\n";
    CliRun nameless = CliRun.run(input, "ingest", "--warehouse", warehouse(), "--format", "debezium-json", "-");
    assertThat(nameless.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(nameless.err()).contains("--stream-name");

    CliRun first = CliRun.run(input, "ingest", "--warehouse", warehouse(), "--format", "debezium-json", "--stream-name", "feed", "-");
    assertThat(first.exitCode()).as(first.err()).isZero();
    CliRun again = CliRun.run(input + insert(3, "c") + "\n", "ingest", "--warehouse", warehouse(), "--format", "debezium-json",
        "--stream-name", "feed", "-");
    assertThat(again.summary()).contains("3 events (INSERT 3), 2 skipped (2 already committed)");
    assertThat(show("--table", "d.t").outLines()).containsExactly("id,v", "1,a", "2,b", "3,c");
  }

  @Test
  void withoutATableShowListsTablesWithRowCounts() throws IOException {
    assertThat(ingest("--format", "debezium-json", SAMPLE).exitCode()).isZero();
    assertGolden("tables.csv", show().out());
    assertGolden("tables.json", show("--format", "json").out());
    assertThat(show().outLines()).containsExactly("table,rows", "inventory.customers,4", "inventory.orders,5");
  }

  @Test
  void showExplainsAMissingWarehouseOrTable() {
    CliRun none = show();
    assertThat(none.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(none.err()).contains("Cannot open warehouse").contains("see --warehouse");
    assertThat(Files.exists(dir.resolve("warehouse"))).as("show creates nothing").isFalse();

    assertThat(ingest("--format", "debezium-json", SAMPLE).exitCode()).isZero();
    CliRun missing = show("--table", "inventory.nope");
    assertThat(missing.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(missing.err()).contains("no such table (table=inventory.nope");
  }

  @Test
  void anyIcebergCatalogByItsPropertiesInsteadOfTheEmbeddedOne() throws IOException {
    Path wh = dir.resolve("elsewhere");
    Files.createDirectories(wh);
    Path props = file("catalog.properties", "type=jdbc", "uri=jdbc:sqlite:" + wh.resolve("cat.db"), "jdbc.schema-version=V1");
    String[] catalog = {"--catalog", props.toString(), "--catalog", "warehouse=" + wh.toUri(), "--catalog-name", "shop"};

    List<String> args = new ArrayList<>(List.of("ingest", "--format", "debezium-json"));
    args.addAll(List.of(catalog));
    args.add(SAMPLE);
    CliRun in = CliRun.run("", args.toArray(new String[0]));
    assertThat(in.exitCode()).as(in.err()).isZero();
    assertThat(in.summary()).isEqualTo(SAMPLE_SUMMARY);

    List<String> showArgs = new ArrayList<>(List.of("show", "--table", "inventory.orders", "--format", "json"));
    showArgs.addAll(List.of(catalog));
    assertGolden("orders.json", CliRun.run("", showArgs.toArray(new String[0])).out());
    assertThat(Files.exists(Path.of(warehouse()))).as("the embedded warehouse is not touched").isFalse();
  }

  @Test
  void badOptionsAreUsageErrorsNamingTheOption() throws IOException {
    Path schemas = file("schemas.json", "[{\"table\":\"d.s.t\",\"columns\":[{\"name\":\"id\",\"type\":\"integr\"}]}]");
    CliRun r = ingest("--format", "debezium-json", "--table-schemas", schemas.toString(), SAMPLE);
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.err()).contains("Cannot read table schemas: not a type (type=integr)").contains("see --table-schemas");

    assertThat(ingest("--format", "nope", SAMPLE).err()).contains("unknown format (format=nope");
    assertThat(ingest("--format", "debezium-json", "missing.ndjson").err()).contains("no such file (file=missing.ndjson)");
    CliRun both = ingest("--format", "debezium-json", "--catalog", "type=jdbc", SAMPLE);
    assertThat(both.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(both.err()).contains("--warehouse and --catalog exclude each other");
  }

  @Test
  void tableSchemasTypeMessagesWithoutASchemaBlock() throws IOException {
    // a schemaless envelope: the decimal travels as base64 bytes and the timestamp as epoch micros; the schema file says so
    String line = "{\"before\":null,\"after\":{\"id\":1,\"amount\":\"Aeo=\",\"at\":1709283600000000},\"source\":{\"connector\":\"postgresql\","
        + "\"db\":\"d\",\"schema\":\"s\",\"table\":\"pay\",\"ts_ms\":1700000000000,\"lsn\":100,\"txId\":7},\"op\":\"c\",\"ts_ms\":1700000000001}";
    Path schemas = file("schemas.json", "[{\"table\": \"s.pay\", \"primary_key\": [\"id\"], \"columns\": [",
        "  {\"name\": \"id\", \"type\": \"int\", \"optional\": false},",
        "  {\"name\": \"amount\", \"type\": \"decimal(8,2)\"},",
        "  {\"name\": \"at\", \"type\": \"timestamp\", \"source_type\": \"timestamp\"}]}]");
    Path input = file("pay.ndjson", line);

    CliRun r = ingest("--format", "debezium-json", "--table-schemas", schemas.toString(), input.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(show("--table", "d.pay", "--format", "json").outLines()).containsExactly("{\"id\":1,\"amount\":\"4.90\",\"at\":\"2024-03-01T09:00:00\"}");
  }
}
