package io.cdclake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.TableId;
import io.cdclake.testsupport.CapturedStream;
import io.cdclake.testsupport.DatabaseState;
import io.cdclake.testsupport.DebeziumCapture;
import io.cdclake.testsupport.DebeziumCapture.JsonForm;
import io.cdclake.testsupport.PostgresServer;
import io.cdclake.testsupport.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdc-lake show --table T --schema} on tables that real DDL evolved: PostgreSQL and Debezium capture
 * {@link Workload#postgresDdl()} (ADD COLUMN without and with a DEFAULT, ALTER COLUMN TYPE integer to bigint,
 * RENAME COLUMN and DROP COLUMN mid-stream), {@code cdc-lake ingest} writes it to format-v3 tables, and
 * {@code show --schema} prints each table's columns with their field ids, key, types and defaults, and the
 * recorded changes oldest first, one line each. The lines are asserted exactly, apart from what differs
 * between runs (snapshot times and ids, source and transport positions). What the message schemas make of
 * each change (a rename without DDL is an added column; a drop leaves the column) is proven against the
 * database in cdc-iceberg-writer's {@code PostgresDdlPipelineIT}.
 */
class PostgresDdlShowSchemaIT {
  @RegisterExtension static final PostgresServer PG = PostgresServer.create();

  @TempDir static Path dir;

  private static Path warehouse;
  private static DatabaseState database;

  @BeforeAll
  static void captureAndIngest() throws Exception {
    long t0 = System.nanoTime();
    CapturedStream stream = DebeziumCapture.of(PG).run(Workload.postgresDdl());
    try (Connection c = PG.connect()) {
      database = DatabaseState.read(c);
    }
    Path capture = dir.resolve("capture.ndjson");
    stream.writeNdjson(capture, JsonForm.WITH_SCHEMA);
    Path tables = dir.resolve("tables.json");
    Files.writeString(tables, "[{\"table\": \"*\", \"format-version\": 3}]");
    warehouse = dir.resolve("warehouse");
    CliRun r = CliRun.run("", "ingest", "--format", "debezium-json", "--tables", tables.toString(), "--warehouse", warehouse.toString(),
        capture.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    System.out.printf("PostgresDdlShowSchemaIT: captured %s; capture and ingest %d ms%n", stream.describeTimings(),
        (System.nanoTime() - t0) / 1_000_000);
  }

  private static final Pattern HISTORY_LINE = Pattern.compile("^  \\S+ snapshot -?\\d+ (schema \\d+ via \\w+) at \\S+ \\(.+\\): (.*)$");

  /** The output with each history line cut to {@code schema N via V: changes} (times, snapshot ids and positions differ per run). */
  private static List<String> show(String table) {
    CliRun r = CliRun.run("", "show", "--warehouse", warehouse.toString(), "--table", table, "--schema");
    assertThat(r.exitCode()).as(r.err()).isZero();
    System.out.println("PostgresDdlShowSchemaIT: show --table " + table + " --schema\n" + r.out());
    return r.outLines().stream().map(l -> {
      Matcher m = HISTORY_LINE.matcher(l);
      return m.matches() ? "  " + m.group(1) + ": " + m.group(2) : l;
    }).toList();
  }

  @Test
  void showSchemaPrintsFieldIdsTypesDefaultsAndEveryChangeTheStreamShowed() {
    assertThat(show(PG.database() + ".people")).containsExactly(
        "cdc_lake." + PG.database() + ".people (format v3, schema 4)",
        "  1 id int required key",
        "  2 name string optional",
        "  3 age long optional",
        "  8 nickname string optional",
        "  4 nick string optional",
        "  5 note string optional",
        "  6 email string optional",
        "  7 status string optional default active",
        "schema changes (4):",
        "  schema 1 via event: add column email string",
        "  schema 2 via event: add column status string default 'active'",
        "  schema 3 via event: widen age int -> long",
        "  schema 4 via event: add column nickname string after age");
    assertThat(show(PG.database() + ".items")).containsExactly(
        "cdc_lake." + PG.database() + ".items (format v3, schema 1)",
        "  1 sku string required key",
        "  5 title string optional",
        "  2 qty int optional",
        "  3 label string optional",
        "  4 price decimal(8,2) optional",
        "schema changes (1):",
        "  schema 1 via event: add column title string after sku");
  }

  @Test
  void theListingCountsTheDatabasesRows() {
    CliRun r = CliRun.run("", "show", "--warehouse", warehouse.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    TableId people = database.table("public", "people");
    TableId items = database.table("public", "items");
    assertThat(r.outLines()).containsExactly("table,rows",
        PG.database() + ".items," + database.rows(items).size(),
        PG.database() + ".people," + database.rows(people).size());
  }
}
