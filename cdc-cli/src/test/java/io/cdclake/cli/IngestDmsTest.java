package io.cdclake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cdc-lake ingest --format dms-json|dms-s3-csv|dms-s3-parquet}: into tables, and a second run is a no-op. */
class IngestDmsTest {
  private static String data(String op, String data) {
    return "{\"data\":" + data + ",\"metadata\":{\"timestamp\":\"2024-07-29T00:58:17.983670Z\",\"record-type\":\"data\",\"operation\":\"" + op
        + "\",\"partition-key-type\":\"schema-table\",\"schema-name\":\"public\",\"table-name\":\"foo\",\"transaction-id\":1139}}";
  }

  private static final String CREATE = "{\"control\":{\"table-def\":{\"columns\":{\"id\":{\"type\":\"INT32\",\"nullable\":false},"
      + "\"v\":{\"type\":\"STRING\"}},\"primary-key\":[\"id\"]}},\"metadata\":{\"timestamp\":\"2024-07-29T00:30:47.266581Z\","
      + "\"record-type\":\"control\",\"operation\":\"create-table\",\"partition-key-type\":\"task-id\",\"schema-name\":\"public\","
      + "\"table-name\":\"foo\"}}";
  private static final String AWSDMS = CREATE.replace("\"schema-name\":\"public\"", "\"schema-name\":\"\"")
      .replace("\"table-name\":\"foo\"", "\"table-name\":\"awsdms_apply_exceptions\"");
  private static final String TABLE_DEF = "{\"columns\":{\"id\":{\"type\":\"INT32\",\"nullable\":false},\"name\":{\"type\":\"STRING\"},"
      + "\"amount\":{\"type\":\"NUMERIC\",\"precision\":10,\"scale\":2}},\"primary-key\":[\"id\"]}";

  @TempDir
  Path dir;

  private CliRun run(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = args[0];
    all[1] = "--warehouse=" + dir.resolve("warehouse");
    System.arraycopy(args, 1, all, 2, args.length - 1);
    return CliRun.run("", all);
  }

  @Test
  void dmsJsonLinesUpsertAndReplayCommitsNothing() throws IOException {
    Path input = dir.resolve("dms.ndjson");
    Files.writeString(input, String.join("\n", CREATE, AWSDMS, data("load", "{\"id\":1,\"v\":\"a\"}"), data("load", "{\"id\":2,\"v\":\"b\"}"),
        data("update", "{\"id\":1,\"v\":\"a2\"}"), data("delete", "{\"id\":2}"), data("insert", "{\"id\":3,\"v\":\"\"}")) + "\n");

    CliRun in = run("ingest", "--format", "dms-json", input.toString());

    assertThat(in.exitCode()).as(in.err()).isZero();
    assertThat(in.summary()).startsWith("cdc-lake ingest: 7 lines, 6 events (INSERT 1, UPDATE 1, DELETE 1, SNAPSHOT_READ 2, SCHEMA_CHANGE 1)")
        .contains(" 0 errors, ").contains("1 table (public.foo)");
    assertThat(run("show", "--table", "public.foo").outLines()).containsExactly("id,v", "1,a2", "3,\"\"");

    CliRun again = run("ingest", "--format", "dms-json", input.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    // the five row events and the create-table control record are in the table's checkpoint
    assertThat(again.summary()).contains("(6 already committed)").contains(" 0 commits, ");
    assertThat(run("show", "--table", "public.foo").outLines()).containsExactly("id,v", "1,a2", "3,\"\"");
  }

  @Test
  void dmsS3CsvFolderGoesInFullLoadFirstAndReplayCommitsNothing() throws IOException {
    Path root = dir.resolve("bucket");
    Files.createDirectories(root.resolve("hr/emp/2024/01/02"));
    Files.writeString(root.resolve("hr/emp/2024/01/02/20240102-0304050000.csv"), "U,1,Ann,13.5\nD,2,Bob,2.00\nI,3,Cy,\n");
    Files.writeString(root.resolve("hr/emp/LOAD00000001.csv"), "1,Ann,12.50\n2,Bob,2\n");
    Path def = dir.resolve("emp.table-def.json");
    Files.writeString(def, TABLE_DEF);

    CliRun in = run("ingest", "--format", "dms-s3-csv", "--table-def", def.toString(), root.toString());

    assertThat(in.exitCode()).as(in.err()).isZero();
    assertThat(in.summary()).startsWith("cdc-lake ingest: 2 inputs, 5 events (INSERT 1, UPDATE 1, DELETE 1, SNAPSHOT_READ 2)")
        .contains("1 table (hr.emp)");
    assertThat(run("show", "--table", "hr.emp").outLines()).containsExactly("id,name,amount", "1,Ann,13.50", "3,Cy,");

    CliRun again = run("ingest", "--format", "dms-s3-csv", "--table-def", def.toString(), root.toString());
    assertThat(again.summary()).contains("(5 already committed)").contains(" 0 commits, ");
  }

  @Test
  void dmsS3CsvBadRowStopsWithFileAndLineOrIsSkipped() throws IOException {
    Path file = dir.resolve("hr/emp/20240102-0304050000.csv");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "I,1,Ann,1\nI,2,Bob\n");
    Path def = dir.resolve("def.json");
    Files.writeString(def, TABLE_DEF);

    CliRun r = run("ingest", "--format", "dms-s3-csv", "--table-def", def.toString(), file.toString());
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_DECODE_ERRORS);
    assertThat(r.err()).contains(file + ":2").contains("wrong number of fields");
    assertThat(run("show", "--table", "hr.emp").outLines()).as("the rows before the bad one are committed").containsExactly(
        "id,name,amount", "1,Ann,1.00");

    Path letters = dir.resolve("dead.ndjson");
    CliRun skipped = run("ingest", "--format", "dms-s3-csv", "--table-def", def.toString(), "--dead-letter", letters.toString(),
        file.toString());
    assertThat(skipped.exitCode()).isZero();
    assertThat(Files.readString(letters)).startsWith("{\"input\":\"" + file + "\",\"line\":null,").contains("wrong number of fields");
  }

  @Test
  void dmsS3ParquetFolderIngests() throws IOException {
    MessageType schema = MessageTypeParser.parseMessageType(
        "message dms { required binary Op (STRING); required int32 id; optional binary name (STRING); optional int64 amount (DECIMAL(10,2)); }");
    Path file = dir.resolve("s3/hr/emp/20240102-0304050000.parquet");
    Files.createDirectories(file.getParent());
    SimpleGroupFactory f = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema).build()) {
      w.write(f.newGroup().append("Op", "I").append("id", 1).append("name", "Ann").append("amount", 1250L));
      w.write(f.newGroup().append("Op", "I").append("id", 2).append("name", "Bob").append("amount", 5L));
      w.write(f.newGroup().append("Op", "D").append("id", 1));
    }

    Path def = dir.resolve("emp.table-def.json");
    Files.writeString(def, TABLE_DEF);
    CliRun in = run("ingest", "--format", "dms-s3-parquet", "--table-def", def.toString(), dir.resolve("s3").toString());

    assertThat(in.exitCode()).as(in.err()).isZero();
    assertThat(run("show", "--table", "hr.emp", "--format", "json").outLines()).containsExactly(
        "{\"id\":2,\"name\":\"Bob\",\"amount\":\"0.05\"}");
    assertThat(run("ingest", "--format", "dms-s3-parquet", "--table-def", def.toString(), dir.resolve("s3").toString()).summary())
        .contains(" 0 commits, ");
  }
}
