package io.cdclake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cdc-lake decode --format dms-json|dms-s3-csv|dms-s3-parquet}. */
class DecodeDmsTest {
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

  @Test
  void dmsJsonLinesDecodeAndDmsOwnRecordsAreSkipped() {
    String input = String.join("\n", CREATE, AWSDMS, data("insert", "{\"id\":1,\"v\":\"a\"}"), data("delete", "{\"id\":1}")) + "\n";
    CliRun r = CliRun.run(input, "decode", "--format", "dms-json", "--key-columns", "id", "-");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines()).hasSize(3);
    assertThat(r.outLines().get(0)).startsWith("{\"op\":\"SCHEMA_CHANGE\",\"table\":\"public.foo\"");
    assertThat(r.outLines().get(1)).startsWith("{\"op\":\"INSERT\",\"table\":\"public.foo\",\"key\":{\"id\":1},\"before\":null,"
        + "\"after\":{\"id\":1,\"v\":\"a\"}").contains("\"tx\":{\"id\":\"1139\"").contains("\"transport\":{\"stream\":\"stdin\",\"partition\":\"0\",\"offset\":\"3\"}");
    assertThat(r.outLines().get(2)).startsWith("{\"op\":\"DELETE\",\"table\":\"public.foo\",\"key\":{\"id\":1},\"before\":{\"id\":1}");
    assertThat(r.summary()).isEqualTo("cdc-lake decode: 4 lines, 3 events (INSERT 1, DELETE 1, SCHEMA_CHANGE 1), 1 skipped, 0 errors");
  }

  @Test
  void dmsJsonStreamReadsPrettyPrintedFilesAndArrays(@TempDir Path dir) throws IOException {
    Path pretty = dir.resolve("pretty.json");
    Files.writeString(pretty, "[\n" + data("insert", "{\"id\":1}").replace(",", ",\n  ") + ",\n" + AWSDMS + "\n]\n"
        + data("update", "{\"id\":1}").replace("\":", "\" :\n\t"));
    CliRun r = CliRun.run("", "decode", "--format", "dms-json", "--stream", pretty.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines()).extracting(l -> l.substring(0, l.indexOf(','))).containsExactly("{\"op\":\"INSERT\"", "{\"op\":\"UPDATE\"");
    assertThat(r.outLines().get(1)).contains("\"transport\":{\"stream\":\"" + pretty.toString().replace("\\", "\\\\") + "\",\"partition\":\"0\",\"offset\":\"3\"}");
    assertThat(r.summary()).isEqualTo("cdc-lake decode: 1 input, 2 events (INSERT 1, UPDATE 1), 1 skipped, 0 errors");
    // line by line, the same file is not one message per line
    CliRun lines = CliRun.run("", "decode", "--format", "dms-json", pretty.toString());
    assertThat(lines.exitCode()).isEqualTo(Main.EXIT_DECODE_ERRORS);
  }

  @Test
  void dmsS3CsvFolderDecodesFullLoadBeforeCdcWithTypesFromTheTableDef(@TempDir Path dir) throws IOException {
    Path root = dir.resolve("bucket");
    Files.createDirectories(root.resolve("hr/emp/2024/01/02"));
    Files.writeString(root.resolve("hr/emp/2024/01/02/20240102-0304050000.csv"), "U,1,Ann,\"1,5\"\nD,2,Bob,2.00\n".replace("\"1,5\"", "13.5"));
    Files.writeString(root.resolve("hr/emp/LOAD00000001.csv"), "1,Ann,12.50\n2,Bob,2\n");
    Files.writeString(root.resolve("hr/emp/notes.txt"), "not a DMS file");
    Path def = dir.resolve("emp.table-def.json");
    Files.writeString(def, TABLE_DEF);
    CliRun r = CliRun.run("", "decode", "--format", "dms-s3-csv", "--table-def", def.toString(), root.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines()).extracting(l -> l.substring(0, l.indexOf(','))).containsExactly("{\"op\":\"SNAPSHOT_READ\"",
        "{\"op\":\"SNAPSHOT_READ\"", "{\"op\":\"UPDATE\"", "{\"op\":\"DELETE\"");
    assertThat(r.outLines().get(0)).contains("\"table\":\"hr.emp\",\"key\":{\"id\":1}").contains("\"after\":{\"id\":1,\"name\":\"Ann\",\"amount\":\"12.50\"}")
        .contains("\"snapshot\":true");
    assertThat(r.outLines().get(2)).contains("\"amount\":\"13.50\"");
    assertThat(r.summary()).isEqualTo("cdc-lake decode: 2 inputs, 4 events (UPDATE 1, DELETE 1, SNAPSHOT_READ 2), 0 skipped, 0 errors");
  }

  @Test
  void dmsS3CsvErrorsNameFileLineAndTableAndStdinNeedsATable(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("hr/emp/20240102-0304050000.csv");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "I,1,Ann,1\nI,2,Bob\n");
    Path def = dir.resolve("def.json");
    Files.writeString(def, TABLE_DEF);
    CliRun r = CliRun.run("", "decode", "--format", "dms-s3-csv", "--table-def", def.toString(), file.toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_DECODE_ERRORS);
    assertThat(r.outLines()).hasSize(1);
    assertThat(r.err()).contains("wrong number of fields (expected=4, found=3)").contains(file + ":2").contains("table hr.emp");

    CliRun noTable = CliRun.run("I,1,Ann,1\n", "decode", "--format", "dms-s3-csv", "--table-def", def.toString());
    assertThat(noTable.exitCode()).isEqualTo(Main.EXIT_DECODE_ERRORS);
    assertThat(noTable.err()).contains("the table is unknown");
    CliRun withTable = CliRun.run("I,1,Ann,1\n", "decode", "--format", "dms-s3-csv", "--table-def", def.toString(), "--table", "hr.emp");
    assertThat(withTable.exitCode()).as(withTable.err()).isZero();
    assertThat(withTable.outLines()).singleElement().asString().contains("\"table\":\"hr.emp\"").contains("\"amount\":\"1.00\"");
    CliRun badDef = CliRun.run("", "decode", "--format", "dms-s3-csv", "--table-def", dir.resolve("missing.json").toString(), file.toString());
    assertThat(badDef.exitCode()).isEqualTo(Main.EXIT_USAGE);
  }

  @Test
  void dmsS3CsvSettingsFollowTheEndpointSettings() {
    CliRun r = CliRun.run("Op;ts;id;name;amount\nI;2024-01-02 03:04:05.000001;1;NIL;1\n", "decode", "--format", "dms-s3-csv", "--table",
        "hr.emp", "--header", "--timestamp-column", "ts", "--csv-delimiter", ";", "--csv-null-value", "NIL", "--key-columns", "id",
        "--datetime-utc", "--include-null-and-empty");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"key\":{\"id\":\"1\"}").contains("\"name\":null").contains("\"commit_ts\":\"2024-01-02T03:04:05.000001Z\"");
  }

  @Test
  void dmsS3ParquetFileDecodes(@TempDir Path dir) throws IOException {
    MessageType schema = MessageTypeParser.parseMessageType(
        "message dms { required binary Op (STRING); required int32 id; optional binary name (STRING); optional int64 amount (DECIMAL(10,2)); }");
    Path file = dir.resolve("hr/emp/20240102-0304050000.parquet");
    Files.createDirectories(file.getParent());
    SimpleGroupFactory f = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema).build()) {
      w.write(f.newGroup().append("Op", "I").append("id", 1).append("name", "Ann").append("amount", 1250L));
      w.write(f.newGroup().append("Op", "D").append("id", 1));
    }
    CliRun r = CliRun.run("", "decode", "--format", "dms-s3-parquet", "--key-columns", "id", dir.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines()).hasSize(2);
    assertThat(r.outLines().get(0)).startsWith("{\"op\":\"INSERT\",\"table\":\"hr.emp\",\"key\":{\"id\":1}")
        .contains("\"after\":{\"id\":1,\"name\":\"Ann\",\"amount\":\"12.50\"}");
    assertThat(r.outLines().get(1)).startsWith("{\"op\":\"DELETE\"").contains("\"name\":null");
    assertThat(r.summary()).isEqualTo("cdc-lake decode: 1 input, 2 events (INSERT 1, DELETE 1), 0 skipped, 0 errors");
  }

  @Test
  void aFolderNeedsAFileFormat(@TempDir Path dir) {
    CliRun r = CliRun.run("", "decode", "--format", "dms-json", "--stream", dir.toString());
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.err()).contains("a folder needs a file format");
    assertThat(List.of(Formats.names().toArray())).contains("dms-json", "dms-s3-csv", "dms-s3-parquet");
  }
}
