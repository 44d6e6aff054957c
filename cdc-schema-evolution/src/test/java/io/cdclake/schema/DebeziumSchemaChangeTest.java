package io.cdclake.schema;

import static io.cdclake.schema.Flow.m;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.codec.debezium.DebeziumDecoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.TableId;
import io.cdclake.model.TransportPosition;
import io.cdclake.model.testing.SharedSamples;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the project's Debezium codec produces drives the rules: schema-change topic messages (the
 * shared sample and hand-written ones around it, decoded by {@link DebeziumDecoder}), and differences
 * between a PostgreSQL message's schema and the table (a new field with a default, a new key).
 */
class DebeziumSchemaChangeTest {
  private static final TableId TEST = TableId.of("mydb", null, "test");
  private static final DebeziumDecoder DECODER = DebeziumDecoder.create();

  @TempDir Path dir;

  private static ChangeEvent decode(byte[] value, long offset) {
    List<ChangeEvent> out = DECODER.decode(new RawMessage(null, value, java.util.Map.of(), "mydb", TransportPosition.kafka("mydb", 0, offset)));
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  private static byte[] resource(String name) {
    try (InputStream in = DebeziumSchemaChangeTest.class.getResourceAsStream("/debezium/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theSharedAlterSampleAndTheDdlAroundItDriveEveryRule() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = new Flow(w, TEST, "test", TableConfig.DEFAULT, ReconcileOptions.forDebezium(), 2);
      f.accept(decode(resource("01-create.json"), 1));
      assertThat(Schemas.shape(f.table.schema())).isEqualTo("{id:int!, v1:timestamptz}");
      f.accept(f.insert(Row.of("id", 1, "v1", "2024-06-14T08:00:00Z"), null));

      ChangeEvent alter = decode(SharedSamples.read(SharedSamples.sample("debezium/mysql_schema_change_ddl_alter_add_column_tableChanges_2.4_risingwave.json")), 2);
      assertThat(alter.ddl()).isEqualTo("ALTER TABLE test add column v2 varchar(32)");
      assertThat(alter.schemaChanges()).singleElement().satisfies(c -> assertThat(c.kind()).isEqualTo(SchemaChange.Kind.ALTER_TABLE));
      f.accept(alter);
      f.accept(f.insert(Row.of("id", 2, "v1", "2024-06-14T09:00:00Z", "v2", "two"), null));

      f.accept(decode(resource("03-rename-column.json"), 3));
      f.accept(f.insert(Row.of("id", 3, "v3", "three"), null));
      int v3 = f.table.schema().findField("v3").fieldId();

      f.accept(decode(resource("04-modify-key-type.json"), 4));
      f.accept(decode(resource("05-drop-column.json"), 5));
      f.accept(f.update(Row.of("id", 1L, "v3", "one"), null));
      f.accept(f.insert(Row.of("id", 4L, "v3", "four"), null));

      ChangeEvent renameTable = decode(resource("06-rename-table.json"), 6);
      assertThat(renameTable.schemaChanges()).singleElement().satisfies(c -> {
        assertThat(c.kind()).isEqualTo(SchemaChange.Kind.RENAME_TABLE);
        assertThat(c.previousTable()).isEqualTo(TEST);
      });
      assertThat(f.reconciler.fit(renameTable, f.state()).update()).as("the old name's table is left to the writer").isNull();

      assertThat(Schemas.shape(f.table.schema())).isEqualTo("{id:long!, v1:timestamptz, v3:string}");
      assertThat(f.table.schema().findField("v3").fieldId()).isEqualTo(v3);
      assertThat(f.table.schema().identifierFieldNames()).containsExactly("id");
      assertThat(f.history()).containsExactly("add column v2 string", "rename column v2 to v3", "widen id int -> long",
          "keep column v1 (no longer written)");
      OffsetDateTime eight = OffsetDateTime.of(2024, 6, 14, 8, 0, 0, 0, ZoneOffset.UTC);
      OffsetDateTime nine = eight.plusHours(1);
      assertThat(f.rows()).containsExactly(m("id", 1L, "v1", eight, "v3", "one"), m("id", 2L, "v1", nine, "v3", "two"),
          m("id", 3L, "v1", null, "v3", "three"), m("id", 4L, "v1", null, "v3", "four"));
      List<SchemaHistory.Entry> h = SchemaHistory.read(f.table);
      assertThat(h.get(0).position()).startsWith("mysql{file=65,pos=234");
      assertThat(h.get(1).ddl()).isEqualTo("ALTER TABLE test RENAME COLUMN v2 TO v3");
    }
  }

  @Test
  void aSchemaChangeEventWithoutTableChangesChangesNothing() {
    ChangeEvent e = decode(SharedSamples.read(SharedSamples.sample("debezium/mysql_schema_change_event_ddl_tableChanges_with_schema_dsi.json")), 1);
    assertThat(e.op()).isEqualTo(Op.SCHEMA_CHANGE);
    assertThat(e.schemaChanges()).isEmpty();
    assertThat(SchemaReconciler.create(TEST, TableConfig.DEFAULT, ReconcileOptions.forDebezium()).fit(e, TableState.none(2)).update())
        .isNull();
  }

  @Test
  void aPostgresColumnAddedWithADefaultReadsTheDefaultInOlderRowsOnV3() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      TableId orders = TableId.of("shop", "public", "orders");
      Flow f = new Flow(w, orders, "orders", TableConfig.DEFAULT, ReconcileOptions.forDebezium(), 3);
      f.accept(pg(1, List.of("id"), List.of(field("id", "int64", false, null), field("name", "string", true, null)), "{\"id\":1,\"name\":\"a\"}"));
      f.accept(pg(2, List.of("id"), List.of(field("id", "int64", false, null), field("name", "string", true, null),
          field("qty", "int32", false, "5")), "{\"id\":2,\"name\":\"b\",\"qty\":7}"));
      assertThat(f.history()).containsExactly("add column qty int default 5");
      assertThat(f.rows()).containsExactly(m("id", 1L, "name", "a", "qty", 5), m("id", 2L, "name", "b", "qty", 7));
      assertThat(f.table.schema().findField("qty").isOptional()).as("added columns are optional").isTrue();
    }
  }

  @Test
  void aNewKeyInTheMessageKeySchemaUpdatesTheIdentifierFields() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      TableId orders = TableId.of("shop", "public", "orders");
      Flow f = new Flow(w, orders, "orders", TableConfig.DEFAULT, ReconcileOptions.forDebezium(), 2);
      List<String> cols = List.of(field("id", "int64", false, null), field("region", "string", false, null));
      f.accept(pg(1, List.of("id"), cols, "{\"id\":1,\"region\":\"eu\"}"));
      f.accept(pg(2, List.of("id", "region"), cols, "{\"id\":1,\"region\":\"us\"}"));
      assertThat(f.table.schema().identifierFieldNames()).containsExactlyInAnyOrder("id", "region");
      assertThat(f.history()).containsExactly("set key id,region");
      assertThat(f.rows()).hasSize(2);
    }
  }

  // ------------------------------------------------------------------ PostgreSQL messages with schema

  private static String field(String name, String type, boolean optional, String dflt) {
    return "{\"type\":\"" + type + "\",\"optional\":" + optional + (dflt == null ? "" : ",\"default\":" + dflt) + ",\"field\":\"" + name
        + "\"}";
  }

  /** A Debezium PostgreSQL create event with key and value schemas (JsonConverter, schemas.enable=true). */
  private static ChangeEvent pg(long lsn, List<String> key, List<String> fields, String after) {
    String row = "{\"type\":\"struct\",\"fields\":[" + String.join(",", fields) + "],\"optional\":true,\"name\":\"shop.public.orders.Value\"";
    String source = "{\"type\":\"struct\",\"fields\":[{\"type\":\"string\",\"optional\":false,\"field\":\"version\"},"
        + "{\"type\":\"string\",\"optional\":false,\"field\":\"connector\"},{\"type\":\"string\",\"optional\":false,\"field\":\"name\"},"
        + "{\"type\":\"int64\",\"optional\":false,\"field\":\"ts_ms\"},{\"type\":\"string\",\"optional\":true,\"field\":\"snapshot\"},"
        + "{\"type\":\"string\",\"optional\":false,\"field\":\"db\"},{\"type\":\"string\",\"optional\":false,\"field\":\"schema\"},"
        + "{\"type\":\"string\",\"optional\":false,\"field\":\"table\"},{\"type\":\"int64\",\"optional\":true,\"field\":\"txId\"},"
        + "{\"type\":\"int64\",\"optional\":true,\"field\":\"lsn\"}],\"optional\":false,\"name\":\"io.debezium.connector.postgresql.Source\","
        + "\"field\":\"source\"}";
    String schema = "{\"type\":\"struct\",\"fields\":[" + row + ",\"field\":\"before\"}," + row + ",\"field\":\"after\"}," + source
        + ",{\"type\":\"string\",\"optional\":false,\"field\":\"op\"},{\"type\":\"int64\",\"optional\":true,\"field\":\"ts_ms\"}],"
        + "\"optional\":false,\"name\":\"shop.public.orders.Envelope\"}";
    String payload = "{\"before\":null,\"after\":" + after + ",\"source\":{\"version\":\"2.7.0.Final\",\"connector\":\"postgresql\","
        + "\"name\":\"shop\",\"ts_ms\":1718354727000,\"snapshot\":\"false\",\"db\":\"shop\",\"schema\":\"public\",\"table\":\"orders\","
        + "\"txId\":" + (700 + lsn) + ",\"lsn\":" + (1000 + lsn) + "},\"op\":\"c\",\"ts_ms\":1718354727100}";
    List<String> keyFields = new ArrayList<>();
    StringBuilder keyPayload = new StringBuilder("{");
    for (String k : key) {
      keyFields.add(k.equals("id") ? field("id", "int64", false, null) : field(k, "string", false, null));
      String v = after.replaceAll(".*\"" + k + "\":(\"[^\"]*\"|[0-9]+).*", "$1");
      keyPayload.append(keyPayload.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v);
    }
    String keyJson = "{\"schema\":{\"type\":\"struct\",\"fields\":[" + String.join(",", keyFields) + "],\"optional\":false,"
        + "\"name\":\"shop.public.orders.Key\"},\"payload\":" + keyPayload + "}}";
    String value = "{\"schema\":" + schema + ",\"payload\":" + payload + "}";
    List<ChangeEvent> out = DECODER.decode(new RawMessage(keyJson.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8),
        java.util.Map.of(), "shop.public.orders", TransportPosition.kafka("shop.public.orders", 0, lsn)));
    assertThat(out).hasSize(1);
    return out.get(0);
  }
}
