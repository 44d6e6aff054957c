package io.cdclake.schema;

import static io.cdclake.schema.Flow.m;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.TableId;
import io.cdclake.model.TransportPosition;
import io.cdclake.model.testing.SharedSamples;
import io.cdclake.schema.internal.MiniJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DMS control records drive the same rules: the shared samples' create-table and drop-table records
 * (real captures and the AWS guide's examples), and a hand-written walk through every DMS ALTER
 * operation ({@code src/test/resources/dms/alter-sequence.ndjson}).
 */
class DmsControlRecordsTest {
  @TempDir Path dir;

  private static String text(Path p) {
    return new String(SharedSamples.read(p), StandardCharsets.UTF_8);
  }

  /** The JSON of one DMS message: a whole JSON sample file, or a named dict of a Python capture. */
  private static String message(String file, String dict) {
    String t = text(SharedSamples.sample("dms/" + file));
    return dict == null ? t : DmsMessages.pythonDict(t, dict);
  }

  static Stream<Arguments> createTables() {
    return Stream.of(
        Arguments.of("kafka_awsdoc_control_create_table_table_def.json", null, "sbtest.sbtest_t1",
            "{id:string!, fname:string, lname:string, REGION:string}", List.of("id")),
        Arguments.of("kinesis_control_create_table_cratedb-toolkit.json", null, "testdrive-data.foobar", "{rowid:long, resource:string}",
            List.of()),
        Arguments.of("kinesis_postgres_create_table_and_load_cratedb-toolkit_testdata.py", "DMS_CDC_CREATE_TABLE", "public.demo",
            "{id:int!, name:string, age:int, attributes:string}", List.of("id")),
        Arguments.of("kinesis_postgres_cdc_messages_commons-codec_test.py", "MSG_CONTROL_CREATE_TABLE", "public.foo",
            "{age:int, attributes:string, id:int!, name:string}", List.of("id")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("createTables")
  void aCreateTableWithATableDefCreatesTheTableWithItsColumnsAndKey(String file, String dict, String table, String shape,
      List<String> key) throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      ChangeEvent e = DmsMessages.event(message(file, dict), TransportPosition.file(file, 1));
      TableId id = TableId.parse(table);
      assertThat(e.schemaChanges()).singleElement().satisfies(c -> assertThat(c.table()).isEqualTo(id));
      Flow f = new Flow(w, id, "t", TableConfig.DEFAULT, ReconcileOptions.forDms(false), 2);
      f.accept(e);
      assertThat(Schemas.shape(f.table.schema())).isEqualTo(shape);
      assertThat(new ArrayList<>(f.table.schema().identifierFieldNames())).containsExactlyInAnyOrderElementsOf(key);
      // the same create-table again (DMS sends drop-table then create-table when a full load restarts) changes nothing
      assertThat(f.reconciler.fit(e, f.state()).update()).isNull();
    }
  }

  @Test
  void controlRecordsWithoutATableDefChangeNoTable() {
    for (String[] s : new String[][] {{"kinesis_control_create_table_no_control_block_partition_value_moj.json", null},
        {"kinesis_postgres_cdc_messages_commons-codec_test.py", "MSG_CONTROL_DROP_TABLE"}}) {
      ChangeEvent e = DmsMessages.event(message(s[0], s[1]), TransportPosition.file(s[0], 1));
      TableId id = e.schemaChanges().get(0).table();
      SchemaReconciler r = SchemaReconciler.create(id, TableConfig.DEFAULT, ReconcileOptions.forDms(false));
      assertThat(r.fit(e, TableState.none(2)).update()).as(s[0]).isNull();
    }
    // the blog capture: a create-table without table-def (IncludeControlDetails=false), then rows typed by their values
    String t = text(SharedSamples.sample("dms/kinesis_mysql_control_load_insert_gitbook_kingshark.json"));
    List<String> docs = splitDocuments(t);
    assertThat(docs).hasSize(3);
    ChangeEvent create = DmsMessages.event(docs.get(0), TransportPosition.file("kingshark", 1));
    assertThat(SchemaReconciler.create(create.schemaChanges().get(0).table(), TableConfig.DEFAULT, ReconcileOptions.forDms(false))
        .fit(create, TableState.none(2)).update()).isNull();
  }

  @Test
  void thePostgresCaptureCreatesFillsDropsRecreatesAndChangesTheKey() throws Exception {
    String py = text(SharedSamples.sample("dms/kinesis_postgres_cdc_messages_commons-codec_test.py"));
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = new Flow(w, TableId.of("public", "foo"), "foo", TableConfig.DEFAULT, ReconcileOptions.forDms(false), 2);
      int line = 0;
      for (String name : List.of("MSG_CONTROL_CREATE_TABLE", "MSG_DATA_LOAD", "MSG_DATA_INSERT", "MSG_DATA_UPDATE_VALUE",
          "MSG_CONTROL_DROP_TABLE", "MSG_CONTROL_CREATE_TABLE")) {
        SchemaApplier.Applied a = f.accept(DmsMessages.event(DmsMessages.pythonDict(py, name), TransportPosition.file("py", ++line)));
        assertThat(a == null || !a.committed()).as(name + " changes no schema").isTrue();
      }
      assertThat(f.rows()).containsExactly(m("age", 33, "attributes", "{\"foo\": \"bar\"}", "id", 42, "name", "John"),
          m("age", 31, "attributes", "{\"baz\": \"qux\"}", "id", 46, "name", "Jane"));
      // recreated with another key, as the capture's test does: the identifier fields follow, the column proven free of NULLs
      Map<String, Object> recreate = DmsMessages.asMap(MiniJson.parse(DmsMessages.pythonDict(py, "MSG_CONTROL_CREATE_TABLE")));
      DmsMessages.asMap(DmsMessages.asMap(recreate.get("control")).get("table-def")).put("primary-key", List.of("name"));
      f.accept(DmsMessages.event(recreate, TransportPosition.file("py", ++line)));
      assertThat(f.table.schema().identifierFieldNames()).containsExactly("name");
      assertThat(Schemas.shape(f.table.schema())).isEqualTo("{age:int, attributes:string, id:int!, name:string!}");
      assertThat(f.history()).containsExactly("set key name");
    }
  }

  @Test
  void everyDmsAlterOperationDrivesItsRule() throws Exception {
    List<String> lines = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/dms/alter-sequence.ndjson")) {
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!l.isBlank()) {
          lines.add(l);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = new Flow(w, TableId.of("public", "foo"), "foo", TableConfig.DEFAULT, ReconcileOptions.forDms(false), 2);
      for (int i = 0; i < lines.size(); i++) {
        f.accept(DmsMessages.event(lines.get(i), TransportPosition.file("alter-sequence.ndjson", i + 1)));
      }
      assertThat(Schemas.shape(f.table.schema()))
          .isEqualTo("{id:int!, full_name:string, email:string, age:long, score:double, attributes:string}");
      assertThat(f.history()).containsExactly("add column email string after name", "rename column name to full_name",
          "widen age int -> long", "keep column attributes (no longer written)", "add column score double after age");
      assertThat(f.rows()).containsExactly(
          m("id", 1, "full_name", "ann2", "email", null, "age", 31L, "score", null, "attributes", "{}"),
          m("id", 2, "full_name", "bob", "email", null, "age", 40L, "score", null, "attributes", null),
          m("id", 3, "full_name", "cy", "email", "cy@example.com", "age", 50L, "score", null, "attributes", null),
          m("id", 4, "full_name", "dee", "email", null, "age", 20L, "score", null, "attributes", null),
          m("id", 5, "full_name", "eve", "email", null, "age", 5_000_000_000L, "score", null, "attributes", null),
          m("id", 6, "full_name", "fay", "email", "fay@example.com", "age", null, "score", 1.5d, "attributes", null));
      List<SchemaHistory.Entry> h = SchemaHistory.read(f.table);
      assertThat(h).extracting(SchemaHistory.Entry::ddl).containsExactly("add-column", "rename-column", "column-type-change",
          "drop-column", "change-columns");
      assertThat(h).extracting(SchemaHistory.Entry::transport).containsExactly("alter-sequence.ndjson/0@4", "alter-sequence.ndjson/0@6",
          "alter-sequence.ndjson/0@8", "alter-sequence.ndjson/0@10", "alter-sequence.ndjson/0@12");
    }
  }

  @Test
  void aRenameColumnDecodedByTheDmsDecoderIsAnIcebergRenameThatKeepsTheFieldIdAndTheData() throws Exception {
    List<ChangeEvent> events = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/dms/alter-sequence.ndjson")) {
      io.cdclake.codec.dms.DmsJsonDecoder.create().decodeStream(in, "alter-sequence.ndjson", events::add);
    }
    assertThat(events).hasSize(13);
    // the decoder puts the control operation in the event's ddl: that is how a DMS rename-column says it is a rename
    assertThat(events).filteredOn(e -> e.op() == io.cdclake.model.Op.SCHEMA_CHANGE).extracting(ChangeEvent::ddl)
        .containsExactly("create-table", "add-column", "rename-column", "column-type-change", "drop-column", "change-columns");
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = new Flow(w, TableId.of("public", "foo"), "foo", TableConfig.DEFAULT, ReconcileOptions.forDms(false), 2);
      events.subList(0, 5).forEach(f::accept);
      int nameId = f.table.schema().findField("name").fieldId();
      f.accept(events.get(5)); // rename-column name -> full_name
      f.table.refresh();
      assertThat(f.table.schema().findField("name")).isNull();
      assertThat(f.table.schema().findField("full_name").fieldId()).as("the renamed column keeps its field id").isEqualTo(nameId);
      assertThat(f.history()).containsExactly("add column email string after name", "rename column name to full_name");
      // the rows written before the rename read back under the new name
      assertThat(f.rows()).extracting(r -> r.get("id") + ":" + r.get("full_name")).containsExactly("1:ann", "2:bob", "3:cy");
      events.subList(6, events.size()).forEach(f::accept);
      assertThat(Schemas.shape(f.table.schema()))
          .isEqualTo("{id:int!, full_name:string, email:string, age:long, score:double, attributes:string}");
      assertThat(f.table.schema().findField("full_name").fieldId()).isEqualTo(nameId);
      assertThat(f.history()).containsExactly("add column email string after name", "rename column name to full_name",
          "widen age int -> long", "keep column attributes (no longer written)", "add column score double after age");
      assertThat(f.rows()).extracting(r -> r.get("id") + ":" + r.get("full_name")).containsExactly(
          "1:ann2", "2:bob", "3:cy", "4:dee", "5:eve", "6:fay");
    }
  }

  /** Concatenated JSON documents (the blog capture) split at top-level boundaries. */
  private static List<String> splitDocuments(String t) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = -1;
    boolean str = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (str) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          str = false;
        }
      } else if (c == '"') {
        str = true;
      } else if (c == '{') {
        if (depth++ == 0) {
          start = i;
        }
      } else if (c == '}' && --depth == 0) {
        out.add(t.substring(start, i + 1));
      }
    }
    return out;
  }
}
