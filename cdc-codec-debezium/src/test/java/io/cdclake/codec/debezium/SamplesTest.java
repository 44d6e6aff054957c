package io.cdclake.codec.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.testing.SharedSamples;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every file under ../shared/formats/samples/debezium decodes to the events it holds (skips when absent). */
class SamplesTest {
  private final DebeziumDecoder decoder = DebeziumDecoder.create();

  private List<ChangeEvent> values(String name) {
    List<ChangeEvent> out = new ArrayList<>();
    for (byte[] doc : SampleFiles.documents(name)) {
      out.add(decoder.decodeOne(RawMessage.ofValue(doc)));
    }
    return out;
  }

  /** Files that alternate key document and value document. */
  private List<ChangeEvent> keyValuePairs(String name, DebeziumDecoder d) {
    List<byte[]> docs = SampleFiles.documents(name);
    assertThat(docs.size() % 2).isZero();
    List<ChangeEvent> out = new ArrayList<>();
    for (int i = 0; i < docs.size(); i += 2) {
      out.add(d.decodeOne(RawMessage.of(docs.get(i), docs.get(i + 1))));
    }
    return out;
  }

  private static long pos(ChangeEvent e, int part) {
    return e.position().part(part);
  }

  static final Set<String> COVERED = new TreeSet<>();

  private void covered(String name) {
    COVERED.add(name);
  }

  @Test
  void everySampleFileHasATestHere() {
    Set<String> names = new TreeSet<>();
    for (Path p : SharedSamples.samplesIn("debezium")) {
      names.add(p.getFileName().toString());
    }
    assertThat(KNOWN).containsAll(names);
  }

  static final Set<String> KNOWN = Set.of("envelope_schema_only_orders_dsi.json", "mongodb_2.1_noschema_snapshot_risingwave.ndjson",
      "mongodb_2.1_with_schema_and_bare_r_risingwave.ndjson", "mongodb_2.1_with_schema_snapshot_true_last_risingwave.ndjson",
      "mongodb_delete_key_and_value_schema_null_risingwave.ndjson", "mongodb_event_bson_key_value_lines_paimon.txt",
      "mongodb_event_delete_key_value_lines_paimon.txt", "mongodb_event_insert_key_value_lines_paimon.txt",
      "mongodb_event_json_key_value_lines_paimon.txt", "mongodb_event_update_key_value_lines_paimon.txt",
      "mysql_1.7_payload_vs_bare_r_c_d_u_risingwave.ndjson", "mysql_1.9_noschema_r_c_u_d_lifecycle_risingwave.ndjson",
      "mysql_1.9_types_c_u_d_r_with_payload_risingwave.ndjson", "mysql_2.7_delete_KEY_with_schema_dsi.json",
      "mysql_2.7_delete_VALUE_with_schema_ts_us_ts_ns_dsi.json", "mysql_2.7_snapshot_KEY_with_schema_dsi.json",
      "mysql_2.7_snapshot_r_last_in_data_collection_VALUE_with_schema_dsi.json", "mysql_create_payload_only_debezium_serde_test.json",
      "mysql_create_with_schema_debezium_serde_test.json", "mysql_key_and_value_with_schema_source_column_type_params_decimal_string_paimon.txt",
      "mysql_noschema_insert_delete_update_paimon.txt", "mysql_noschema_inventory_products_c_u_d_flink-origin_seatunnel.txt",
      "mysql_schema_alltypes_snapshot_r_decimal_numeric_paimon.txt", "mysql_schema_change_ddl_alter_add_column_tableChanges_2.4_risingwave.json",
      "mysql_schema_change_event_ddl_tableChanges_with_schema_dsi.json", "mysql_schema_include_inventory_products_paimon.txt",
      "mysql_schema_null_delete_paimon.txt", "mysql_schema_pretty_single_event_paimon.json", "mysql_transaction_BEGIN_END_gtid_ids_risingwave.ndjson",
      "mysql_update_payload_only_debezium_serde_test.json", "oracle_noschema_alltypes_r_variablescaledecimal_seatunnel.txt",
      "postgres_1.9_key_caret_value_lines_snapshot_last_update_before_null_risingwave.txt",
      "postgres_1.9_types_payload_wrapper_noschema_risingwave.ndjson",
      "postgres_3.1_toast_unavailable_value_placeholder_key_and_value_kcat_json5.txt", "postgres_noschema_alltypes_r_arrays_seatunnel.txt",
      "postgres_noschema_replica_identity_nothing_before_null_delete_without_before_flink.txt",
      "postgres_transaction_BEGIN_END_and_events_with_transaction_block_risingwave.ndjson", "postgres_unwrapped_arrays_with_schema_dsi.json",
      "postgres_unwrapped_extractnewrecordstate_geometry_add_fields_dsi.json", "postgres_unwrapped_extractnewrecordstate_lsn_deleted_dsi.json",
      "sqlserver_noschema_alltypes_r_seatunnel.txt", "unwrapped_row_debezium_serde_test.json");

  @Test
  void envelopeSchemaOnlyMapsSemanticTypes() {
    byte[] doc = SampleFiles.documents("envelope_schema_only_orders_dsi.json").get(0);
    ColumnType t = decoder.connectSchemaType(doc);
    ColumnType.StructType line = (ColumnType.StructType) ((ColumnType.StructType) t).fields().get(0).type();
    ColumnType.StructType after = (ColumnType.StructType) line.fields().get(1).type();
    assertThat(line.fields().get(1).name()).isEqualTo("after");
    assertThat(after.fields()).extracting(c -> c.name() + ":" + c.type())
        .containsExactly("id:int", "order_date:date", "purchaser:int", "quantity:int", "product_id:int");
  }

  @Test
  void mongoSnapshotWithoutSchema() {
    List<ChangeEvent> es = values("mongodb_2.1_noschema_snapshot_risingwave.ndjson");
    assertThat(es).hasSize(4).allSatisfy(e -> {
      assertThat(e.op()).isEqualTo(Op.SNAPSHOT_READ);
      assertThat(e.table()).isEqualTo(TableId.of("inventory", null, "customers"));
      assertThat(e.snapshot()).isTrue();
      assertThat(e.position().kind()).isEqualTo("mongodb");
    });
    assertThat(es.get(0).after().get("_id")).isEqualTo(1001L);
    assertThat(es.get(3).after().get("email")).isEqualTo("annek@noanswer.org");
  }

  @Test
  void mongoWithSchemaEqualsBare() {
    List<ChangeEvent> es = values("mongodb_2.1_with_schema_and_bare_r_risingwave.ndjson");
    assertThat(es).hasSize(2);
    assertThat(es.get(0).after()).isEqualTo(es.get(1).after());
    assertThat(es.get(0).after().get("_id")).isEqualTo(1004L);
    List<ChangeEvent> more = values("mongodb_2.1_with_schema_snapshot_true_last_risingwave.ndjson");
    assertThat(more).extracting(e -> e.after().get("first_name")).containsExactly("Sally", "George", "Edward", "Anne");
  }

  @Test
  void mongoDeleteWithoutImagesTakesTheKey() {
    List<byte[]> docs = SampleFiles.documents("mongodb_delete_key_and_value_schema_null_risingwave.ndjson");
    ChangeEvent e = decoder.decodeOne(RawMessage.of(docs.get(0), docs.get(1)));
    assertThat(e.op()).isEqualTo(Op.DELETE);
    assertThat(e.before()).isNull();
    assertThat(e.key()).isEqualTo(Row.of("_id", "65bc9fb6c485f419a7a877fe"));
    assertThat(e.table()).isEqualTo(TableId.of("dev", null, "test"));
  }

  @Test
  void mongoPaimonEvents() {
    List<ChangeEvent> ins = keyValuePairs("mongodb_event_insert_key_value_lines_paimon.txt", decoder);
    assertThat(ins).singleElement().satisfies(e -> {
      assertThat(e.op()).isEqualTo(Op.INSERT);
      assertThat(e.key()).isEqualTo(Row.of("_id", "67ab25755c0d5ac87eb8c632"));
      assertThat(e.after().get("created_at")).isEqualTo(1736207571013L);
      assertThat(e.after().get("updated_at")).isEqualTo(OffsetDateTime.of(2025, 2, 13, 14, 1, 37, 970_000_000, ZoneOffset.UTC));
      assertThat(e.after().get("tags")).isEqualTo(List.of("pending"));
    });
    List<ChangeEvent> upd = keyValuePairs("mongodb_event_update_key_value_lines_paimon.txt", decoder);
    assertThat(upd).extracting(ChangeEvent::op).containsExactly(Op.UPDATE, Op.UPDATE);
    assertThat(upd.get(1).before().get("tags")).isEqualTo(List.of("pending"));
    assertThat(upd.get(1).after().get("tags")).isEqualTo(List.of("succeed"));
    List<ChangeEvent> del = keyValuePairs("mongodb_event_delete_key_value_lines_paimon.txt", decoder);
    assertThat(del).extracting(ChangeEvent::op).containsOnly(Op.DELETE);
    assertThat(del.get(0).key()).isEqualTo(Row.of("_id", "67ab25755c0d5ac87eb8c632"));
    assertThat(del.get(1).key()).isEqualTo(Row.of("_id", "67ab25755c0d5ac87eb8c632"));
    assertThat(del.get(2).before().get("created_by")).isEqualTo("peter");
  }

  @Test
  void rawMongoDocumentsAreNotEnvelopesAndNeedATable() {
    // these two files are raw Extended-JSON documents, not Debezium envelopes: flattened rows
    DebeziumDecoder flat = DebeziumDecoder.builder().tableForTopic(TableId::parse).build();
    for (String name : List.of("mongodb_event_bson_key_value_lines_paimon.txt", "mongodb_event_json_key_value_lines_paimon.txt")) {
      List<byte[]> docs = SampleFiles.documents(name);
      ChangeEvent e = flat.decodeOne(new RawMessage(docs.get(0), docs.get(1), null, "db.coll", null));
      assertThat(e.op()).isEqualTo(Op.UPDATE);
      assertThat(e.table()).isEqualTo(TableId.of("db", "coll"));
      assertThat(e.key()).isEqualTo(Row.of("id", "dummy"));
      assertThat(e.after().get("name")).isEqualTo("Sally");
      assertThatThrownBy(() -> decoder.decodeOne(RawMessage.of(docs.get(0), docs.get(1)))).isInstanceOf(InvalidEventException.class)
          .hasMessageContaining("no table");
    }
  }

  @Test
  void mysqlPayloadWrapperEqualsBarePayload() {
    List<ChangeEvent> es = values("mysql_1.7_payload_vs_bare_r_c_d_u_risingwave.ndjson");
    assertThat(es).hasSize(8);
    for (int i = 0; i < 8; i += 2) {
      assertThat(es.get(i)).isEqualTo(es.get(i + 1));
    }
    assertThat(es).extracting(ChangeEvent::op).containsExactly(Op.SNAPSHOT_READ, Op.SNAPSHOT_READ, Op.INSERT, Op.INSERT, Op.DELETE, Op.DELETE,
        Op.UPDATE, Op.UPDATE);
    assertThat(es.get(0).position()).isEqualTo(SourcePosition.of("mysql", new String[] {"file", "pos", "row"}, new long[] {3, 156, 0},
        "mysql-bin.000003:156"));
    assertThat(es.get(6).before().get("description")).isEqualTo("12V car battery");
    assertThat(es.get(6).after().get("weight")).isEqualTo(new BigDecimal("9.1"));
    assertThat(es.get(4).before().get("id")).isEqualTo(101L);
    assertThat(es.get(2).commitTime()).isEqualTo(Instant.ofEpochMilli(1639551564000L));
    assertThat(es.get(2).processedTime()).isEqualTo(Instant.ofEpochMilli(1639551564960L));
  }

  @Test
  void mysqlLifecycleOrdersByBinlogPosition() {
    List<ChangeEvent> es = values("mysql_1.9_noschema_r_c_u_d_lifecycle_risingwave.ndjson");
    assertThat(es).extracting(ChangeEvent::op).containsExactly(Op.SNAPSHOT_READ, Op.SNAPSHOT_READ, Op.SNAPSHOT_READ, Op.SNAPSHOT_READ,
        Op.INSERT, Op.UPDATE, Op.INSERT, Op.UPDATE, Op.UPDATE, Op.DELETE);
    for (int i = 4; i + 1 < es.size(); i++) {
      assertThat(es.get(i).position()).isLessThan(es.get(i + 1).position());
    }
    assertThat(es.get(0).position().compareTo(es.get(3).position())).isZero();
    assertThat(es.get(8).position().part(2)).isEqualTo(1); // second row of the same statement
  }

  @Test
  void mysqlTypesWithoutSchemaAreJsonScalars() {
    List<ChangeEvent> es = values("mysql_1.9_types_c_u_d_r_with_payload_risingwave.ndjson");
    assertThat(es).extracting(ChangeEvent::op).containsExactly(Op.SNAPSHOT_READ, Op.INSERT, Op.DELETE, Op.UPDATE);
    Row a = es.get(0).after();
    assertThat(a.get("O_DECIMAL")).isEqualTo(new BigDecimal("-111.11"));
    assertThat(a.get("O_DATETIME")).isEqualTo(0L);
    assertThat(a.get("O_JSON")).isEqualTo("{\"k1\": \"v1\", \"k2\": 11}");
    assertThat(es.get(3).after().get("O_TIME")).isEqualTo(86399000000L);
  }

  @Test
  void mysqlTypesWithCallerSchema() {
    io.cdclake.model.TableSchema schema = io.cdclake.model.TableSchema.of(List.of(
        io.cdclake.model.Column.required("O_KEY", ColumnType.INT), io.cdclake.model.Column.optional("O_BOOL", ColumnType.BOOLEAN),
        io.cdclake.model.Column.optional("O_DECIMAL", ColumnType.decimal(10, 2)), io.cdclake.model.Column.optional("O_DATE", ColumnType.DATE),
        io.cdclake.model.Column.optional("O_TIME", ColumnType.TIME),
        new io.cdclake.model.Column("O_DATETIME", ColumnType.TIMESTAMP, true, "datetime", null),
        io.cdclake.model.Column.optional("O_TIMESTAMP", ColumnType.TIMESTAMP_TZ), io.cdclake.model.Column.optional("O_JSON", ColumnType.JSON)),
        List.of("O_KEY"));
    DebeziumDecoder d = DebeziumDecoder.builder().schemaless(t -> schema).build();
    List<ChangeEvent> es = new ArrayList<>();
    for (byte[] doc : SampleFiles.documents("mysql_1.9_types_c_u_d_r_with_payload_risingwave.ndjson")) {
      es.add(d.decodeOne(RawMessage.ofValue(doc)));
    }
    Row after = es.get(3).after();
    assertThat(after.get("O_BOOL")).isEqualTo(false);
    assertThat(after.get("O_DECIMAL")).isEqualTo(new BigDecimal("333.33"));
    assertThat(after.get("O_DATE")).isEqualTo(LocalDate.of(9999, 12, 31));
    assertThat(after.get("O_TIME")).isEqualTo(LocalTime.of(23, 59, 59));
    assertThat(after.get("O_DATETIME")).isEqualTo(LocalDateTime.of(5138, 11, 16, 9, 46, 39));
    assertThat(after.get("O_TIMESTAMP")).isEqualTo(OffsetDateTime.of(2038, 1, 9, 3, 14, 7, 0, ZoneOffset.UTC));
    assertThat(es.get(3).key()).isEqualTo(Row.of("O_KEY", 111));
    assertThat(es.get(3).schema()).isSameAs(schema);
  }

  @Test
  void mysql27DeleteWithSchemaAndKey() {
    byte[] key = SampleFiles.documents("mysql_2.7_delete_KEY_with_schema_dsi.json").get(0);
    byte[] value = SampleFiles.documents("mysql_2.7_delete_VALUE_with_schema_ts_us_ts_ns_dsi.json").get(0);
    ChangeEvent e = decoder.decodeOne(RawMessage.of(key, value));
    assertThat(e.op()).isEqualTo(Op.DELETE);
    assertThat(e.key()).isEqualTo(Row.of("id", 1004));
    assertThat(e.before().get("first_name")).isEqualTo("Anne");
    assertThat(e.after()).isNull();
    assertThat(e.schema().primaryKey()).containsExactly("id");
    assertThat(e.commitTime()).isEqualTo(Instant.ofEpochSecond(1718486007L));
    assertThat(e.processedTime()).isEqualTo(Instant.ofEpochSecond(1718486007L, 972_986_077));
    assertThat(e.position().part(1)).isEqualTo(632);
  }

  @Test
  void mysql27SnapshotWithDate() {
    byte[] key = SampleFiles.documents("mysql_2.7_snapshot_KEY_with_schema_dsi.json").get(0);
    byte[] value = SampleFiles.documents("mysql_2.7_snapshot_r_last_in_data_collection_VALUE_with_schema_dsi.json").get(0);
    ChangeEvent e = decoder.decodeOne(RawMessage.of(key, value));
    assertThat(e.op()).isEqualTo(Op.SNAPSHOT_READ);
    assertThat(e.snapshot()).isTrue();
    assertThat(e.key()).isEqualTo(Row.of("order_number", 10004));
    assertThat(e.after().get("order_date")).isEqualTo(LocalDate.of(2016, 2, 21));
    assertThat(e.schema().column("order_date").type()).isEqualTo(ColumnType.DATE);
  }

  @Test
  void debeziumSerdeSamples() {
    ChangeEvent created = values("mysql_create_payload_only_debezium_serde_test.json").get(0);
    ChangeEvent withSchema = values("mysql_create_with_schema_debezium_serde_test.json").get(0);
    assertThat(created.op()).isEqualTo(Op.INSERT);
    assertThat(created.snapshot()).isFalse(); // boolean snapshot field (0.10)
    assertThat(created.commitTime()).isNull(); // source.ts_ms 0
    assertThat(withSchema.after()).isEqualTo(Row.of("id", 1004, "first_name", "Anne", "last_name", "Kretchmar", "email", "annek@noanswer.org"));
    assertThat(created.after().get("id")).isEqualTo(1004L); // no schema: JSON scalar
    ChangeEvent updated = values("mysql_update_payload_only_debezium_serde_test.json").get(0);
    assertThat(updated.op()).isEqualTo(Op.UPDATE);
    assertThat(updated.before().get("first_name")).isEqualTo("Anne-Marie");
    assertThat(updated.after().get("first_name")).isEqualTo("Anne");
  }

  @Test
  void unwrappedRowIsAnUpsertForTheTopicTable() {
    DebeziumDecoder d = DebeziumDecoder.builder().tableForTopic(t -> TableId.of("inventory", "customers")).build();
    byte[] doc = SampleFiles.documents("unwrapped_row_debezium_serde_test.json").get(0);
    ChangeEvent e = d.decodeOne(new RawMessage("{\"id\":1004}".getBytes(), doc, null, "srv.inventory.customers", null));
    assertThat(e.op()).isEqualTo(Op.UPDATE);
    assertThat(e.before()).isNull();
    assertThat(e.key()).isEqualTo(Row.of("id", 1004L));
    assertThat(e.after().get("last_name")).isEqualTo("Kretchmar");
  }

  @Test
  void paimonKeyValueWithSourceColumnTypeParams() {
    List<ChangeEvent> es = keyValuePairs("mysql_key_and_value_with_schema_source_column_type_params_decimal_string_paimon.txt", decoder);
    assertThat(es).hasSize(2);
    ChangeEvent e = es.get(0);
    assertThat(e.op()).isEqualTo(Op.INSERT);
    assertThat(e.key()).isEqualTo(Row.of("_id", 1));
    assertThat(e.after().get("pt")).isEqualTo("1.1"); // decimal.handling.mode=string: the schema says string
    assertThat(e.schema().column("pt").sourceType()).isEqualTo("DECIMAL(2,1)");
    assertThat(e.after().get("_boolean")).isEqualTo(true);
    assertThat(e.after().get("_float")).isEqualTo(1.5f);
    assertThat(e.after().get("_timestamp")).isEqualTo(OffsetDateTime.of(2023, 3, 23, 7, 0, 10, 123456000, ZoneOffset.UTC));
    assertThat(e.position().kind()).isEqualTo("mysql-gtid:b8642e5a-af4d-11ed-b484-98f6094952c0");
    assertThat(e.position().part(0)).isEqualTo(4210576L);
    assertThat(es.get(1).after().state("_tinyint1")).isEqualTo(ColumnState.NULL);
    assertThat(es.get(1).position()).isLessThan(e.position());
  }

  @Test
  void paimonSchemalessInsertDeleteUpdate() {
    List<ChangeEvent> es = values("mysql_noschema_insert_delete_update_paimon.txt");
    assertThat(es).extracting(ChangeEvent::op).containsExactly(Op.INSERT, Op.DELETE, Op.UPDATE, Op.INSERT);
    assertThat(es.get(2).before()).isEqualTo(Row.of("address", "Shanghai")); // partial before: other columns OMITTED
    assertThat(es.get(2).before().state("name")).isEqualTo(ColumnState.OMITTED);
    assertThat(es.get(0).position()).isNull(); // file "" pos 0: no usable position
    assertThat(es.get(1).table()).isEqualTo(TableId.of("test", null, "product"));
  }

  @Test
  void seatunnelFlinkInventory() {
    List<ChangeEvent> es = values("mysql_noschema_inventory_products_c_u_d_flink-origin_seatunnel.txt");
    assertThat(es).hasSize(16);
    assertThat(es.subList(0, 9)).allSatisfy(e -> {
      assertThat(e.op()).isEqualTo(Op.INSERT);
      assertThat(e.snapshot()).isTrue();
    });
    assertThat(es.get(15).op()).isEqualTo(Op.DELETE);
    assertThat(es.get(15).before().get("weight")).isEqualTo(new BigDecimal("5.170000076293945"));
  }

  @Test
  void paimonAllTypesWithSchemaDecimalsAsNumbers() {
    ChangeEvent e = values("mysql_schema_alltypes_snapshot_r_decimal_numeric_paimon.txt").get(0);
    Row a = e.after();
    assertThat(e.op()).isEqualTo(Op.SNAPSHOT_READ);
    assertThat(a.get("pt")).isEqualTo(new BigDecimal("1.1"));
    assertThat(e.schema().column("pt").type()).isEqualTo(ColumnType.decimal(2, 1));
    assertThat(a.get("_fixed")).isEqualTo(new BigDecimal("123456789876543212345678987654321.110"));
    assertThat(a.get("_bigint_unsigned")).isEqualTo(new BigDecimal("20000000000"));
    assertThat((byte[]) a.get("_bit")).isEqualTo(HexFormat.of().parseHex("00000000000007c7")); // little-endian on the wire
    assertThat(a.get("_bit1")).isEqualTo(true);
    assertThat(a.get("_date")).isEqualTo(LocalDate.of(2023, 3, 23));
    assertThat(a.get("_datetime3")).isEqualTo(LocalDateTime.of(2023, 3, 23, 14, 30, 5, 123_000_000));
    assertThat(a.get("_datetime6")).isEqualTo(LocalDateTime.of(2023, 3, 23, 14, 30, 5, 123_456_000));
    assertThat(a.get("_timestamp")).isEqualTo(OffsetDateTime.of(2023, 3, 23, 22, 0, 10, 123_456_000, ZoneOffset.UTC));
    assertThat(a.get("_time")).isEqualTo(LocalTime.of(10, 13, 23));
    assertThat(a.get("_year")).isEqualTo(2023);
    assertThat(a.get("_json")).isEqualTo("{\"a\": \"b\"}");
    assertThat(e.schema().column("_json").type()).isEqualTo(ColumnType.JSON);
    assertThat(a.get("_set")).isEqualTo("a,b");
    assertThat((byte[]) a.get("_bin")).startsWith("bytes".getBytes());
    Row point = (Row) a.get("_point");
    assertThat(point.get("x")).isEqualTo(1.0);
    assertThat(point.state("srid")).isEqualTo(ColumnState.NULL);
  }

  @Test
  void schemaChangeEvents() {
    ChangeEvent alter = values("mysql_schema_change_ddl_alter_add_column_tableChanges_2.4_risingwave.json").get(0);
    assertThat(alter.op()).isEqualTo(Op.SCHEMA_CHANGE);
    assertThat(alter.ddl()).isEqualTo("ALTER TABLE test add column v2 varchar(32)");
    SchemaChange c = alter.schemaChanges().get(0);
    assertThat(c.kind()).isEqualTo(SchemaChange.Kind.ALTER_TABLE);
    assertThat(c.table()).isEqualTo(TableId.of("mydb", null, "test"));
    assertThat(c.schemaAfter().primaryKey()).containsExactly("id");
    assertThat(c.schemaAfter().columns()).extracting(col -> col.name() + ":" + col.type())
        .containsExactly("id:int", "v1:timestamp_tz", "v2:string");
    ChangeEvent create = values("mysql_schema_change_event_ddl_tableChanges_with_schema_dsi.json").get(0);
    assertThat(create.op()).isEqualTo(Op.SCHEMA_CHANGE);
    assertThat(create.ddl()).startsWith("CREATE TABLE `geom`");
    assertThat(create.schemaChanges()).isEmpty();
    ChangeEvent history = values("mysql_schema_pretty_single_event_paimon.json").get(0);
    assertThat(history.op()).isEqualTo(Op.SCHEMA_CHANGE);
    assertThat(history.ddl()).isEqualTo("ALTER TABLE t1 ADD COLUMN _new_tinyint1 TINYINT(1)");
    assertThat(history.schemaChanges().get(0).schemaAfter().columns()).extracting(col -> col.name())
        .containsExactly("pk", "_tinyint1", "_new_tinyint1");
  }

  @Test
  void schemaIncludeAndSchemaNullDelete() {
    ChangeEvent e = values("mysql_schema_include_inventory_products_paimon.txt").get(0);
    assertThat(e.op()).isEqualTo(Op.INSERT);
    assertThat(e.after().get("weight")).isEqualTo(3.140000104904175);
    assertThat(e.after().get("id")).isEqualTo(101);
    ChangeEvent d = values("mysql_schema_null_delete_paimon.txt").get(0);
    assertThat(d.op()).isEqualTo(Op.DELETE);
    assertThat(d.before().get("id")).isEqualTo(101L);
  }

  @Test
  void mysqlTransactionMarkersKeepGtidIds() {
    List<ChangeEvent> es = values("mysql_transaction_BEGIN_END_gtid_ids_risingwave.ndjson");
    assertThat(es).extracting(ChangeEvent::op).containsExactly(Op.TX_BEGIN, Op.TX_END);
    assertThat(es).extracting(e -> e.transaction().id()).containsOnly("3E11FA47-71CA-11E1-9E33-C80AA9429562:23");
    assertThat(es.get(1).transaction().eventCount()).isEqualTo(11);
    assertThat(es.get(1).transaction().eventsPerTable()).containsEntry("public.orders_tx", 5L).containsEntry("public.person", 6L);
  }

  @Test
  void postgresTransactionMarkersAndEventsShareTheTxId() {
    List<ChangeEvent> es = values("postgres_transaction_BEGIN_END_and_events_with_transaction_block_risingwave.ndjson");
    assertThat(es).extracting(ChangeEvent::op).containsExactly(Op.TX_BEGIN, Op.INSERT, Op.INSERT, Op.INSERT, Op.INSERT, Op.INSERT, Op.TX_END);
    assertThat(es).extracting(e -> e.transaction().id()).containsOnly("35352");
    assertThat(es.get(1).transaction().totalOrder()).isEqualTo(1);
    assertThat(es.get(1).after().get("price")).isEqualTo("50.50");
    assertThat(es.get(1).position()).isEqualTo(SourcePosition.of("postgresql", new String[] {"lastCommitLsn", "lsn"},
        new long[] {3963198512L, 3963199336L}, "[\"3963198512\",\"3963199336\"]"));
  }

  @Test
  void oracleVariableScaleDecimal() {
    ChangeEvent e = values("oracle_noschema_alltypes_r_variablescaledecimal_seatunnel.txt").get(0);
    assertThat(e.table()).isEqualTo(TableId.of("ORCL", "QA_SOURCE", "ALL_TYPES1"));
    assertThat(e.position().kind()).isEqualTo("oracle");
    assertThat(e.after().get("F2")).isInstanceOf(Row.class); // no schema: the struct as it is
    io.cdclake.model.TableSchema schema = io.cdclake.model.TableSchema.of(List.of(io.cdclake.model.Column.optional("F2",
        ColumnType.decimal(10, 2)), io.cdclake.model.Column.optional("F30", ColumnType.TIMESTAMP_TZ)), List.of());
    ChangeEvent typed = DebeziumDecoder.builder().schemaless(t -> schema).build()
        .decodeOne(RawMessage.ofValue(SampleFiles.documents("oracle_noschema_alltypes_r_variablescaledecimal_seatunnel.txt").get(0)));
    assertThat(typed.after().get("F2")).isEqualTo(new BigDecimal("1.00"));
    assertThat(typed.after().get("F30")).isEqualTo(OffsetDateTime.of(2024, 12, 17, 15, 23, 37, 618_000_000, ZoneOffset.UTC));
  }

  @Test
  void postgresCaretLinesUpdateWithoutBefore() {
    List<byte[][]> pairs = SampleFiles.caretPairs("postgres_1.9_key_caret_value_lines_snapshot_last_update_before_null_risingwave.txt");
    List<ChangeEvent> es = new ArrayList<>();
    for (byte[][] kv : pairs) {
      es.add(decoder.decodeOne(RawMessage.of(kv[0], kv[1])));
    }
    assertThat(es).extracting(ChangeEvent::op).containsExactly(Op.SNAPSHOT_READ, Op.SNAPSHOT_READ, Op.SNAPSHOT_READ, Op.UPDATE);
    assertThat(es.get(3).before()).isNull();
    assertThat(es.get(3).after().get("product_id")).isEqualTo(3L);
    assertThat(es.get(3).snapshot()).isFalse();
    assertThat(es.get(3).position()).isGreaterThan(es.get(2).position());
  }

  @Test
  void postgresTypesWrapper() {
    List<ChangeEvent> es = values("postgres_1.9_types_payload_wrapper_noschema_risingwave.ndjson");
    assertThat(es).hasSize(3).allSatisfy(e -> assertThat(e.op()).isEqualTo(Op.SNAPSHOT_READ));
    assertThat(es.get(1).after().get("o_bigint")).isEqualTo(Long.MAX_VALUE); // int64 parsed exactly
    assertThat(es.get(2).after().get("o_uuid")).isEqualTo("60f14fe2-f857-404a-b586-3b5375b3259f");
    io.cdclake.model.TableSchema schema = io.cdclake.model.TableSchema.of(List.of(io.cdclake.model.Column.required("o_key", ColumnType.INT),
        io.cdclake.model.Column.optional("o_time_6", ColumnType.TIME), io.cdclake.model.Column.optional("o_timestamp_6", ColumnType.TIMESTAMP),
        new io.cdclake.model.Column("o_timestamp_0", ColumnType.TIMESTAMP, true, "io.debezium.time.Timestamp", null),
        io.cdclake.model.Column.optional("o_timestampz_6", ColumnType.TIMESTAMP_TZ), io.cdclake.model.Column.optional("o_date", ColumnType.DATE),
        io.cdclake.model.Column.optional("o_uuid", ColumnType.UUID), io.cdclake.model.Column.optional("o_bytea", ColumnType.BINARY)),
        List.of("o_key"));
    DebeziumDecoder d = DebeziumDecoder.builder().schemaless(t -> schema).build();
    List<byte[]> docs = SampleFiles.documents("postgres_1.9_types_payload_wrapper_noschema_risingwave.ndjson");
    Row a = d.decodeOne(RawMessage.ofValue(docs.get(0))).after();
    assertThat(a.get("o_time_6")).isEqualTo(LocalTime.of(11, 11, 11, 10_000));
    assertThat(a.get("o_timestamp_6")).isEqualTo(LocalDateTime.of(2011, 11, 11, 11, 11, 11, 123_456_000));
    assertThat(a.get("o_timestamp_0")).isEqualTo(LocalDateTime.of(2011, 11, 11, 11, 11, 11));
    assertThat(a.get("o_timestampz_6")).isEqualTo(OffsetDateTime.of(2011, 11, 11, 3, 11, 11, 123_456_000, ZoneOffset.UTC));
    assertThat(a.get("o_date")).isEqualTo(LocalDate.of(1999, 9, 9));
    ChangeEvent third = d.decodeOne(RawMessage.ofValue(docs.get(2)));
    assertThat(third.after().get("o_uuid")).isEqualTo(UUID.fromString("60f14fe2-f857-404a-b586-3b5375b3259f"));
    assertThat((byte[]) third.after().get("o_bytea")).isEqualTo(HexFormat.of().parseHex("0123456789abcdef"));
    assertThat(third.key()).isEqualTo(Row.of("o_key", 1));
  }

  @Test
  void postgresToastPlaceholderIsUnchanged() {
    List<byte[]> docs = SampleFiles.documents("postgres_3.1_toast_unavailable_value_placeholder_key_and_value_kcat_json5.txt");
    ChangeEvent e = decoder.decodeOne(RawMessage.of(docs.get(0), docs.get(1)));
    assertThat(e.op()).isEqualTo(Op.UPDATE);
    assertThat(e.before()).isNull();
    assertThat(e.after().state("biography")).isEqualTo(ColumnState.UNCHANGED);
    assertThat(e.after().get("biography")).isNull();
    assertThat(e.key()).isEqualTo(Row.of("id", 1001L));
    assertThat(e.commitTime()).isEqualTo(Instant.ofEpochSecond(1746440315L, 942_179_000));
    assertThat(e.processedTime()).isEqualTo(Instant.ofEpochSecond(1746440316L, 214_861_840));
    assertThat(e.table()).isEqualTo(TableId.of("postgres", "inventory", "authors"));
    io.cdclake.model.TableSchema schema = io.cdclake.model.TableSchema.of(List.of(io.cdclake.model.Column.required("id", ColumnType.INT),
        io.cdclake.model.Column.optional("biography", ColumnType.STRING), io.cdclake.model.Column.optional("dob", ColumnType.TIMESTAMP)),
        List.of("id"));
    ChangeEvent typed = DebeziumDecoder.builder().schemaless(t -> schema).build().decodeOne(RawMessage.of(docs.get(0), docs.get(1)));
    assertThat(typed.after().get("dob")).isEqualTo(LocalDateTime.of(1930, 3, 1, 0, 0));
    assertThat(typed.after().state("biography")).isEqualTo(ColumnState.UNCHANGED);
  }

  @Test
  void postgresFloatRoundedLsnTakesTheSequence() {
    ChangeEvent e = values("postgres_noschema_alltypes_r_arrays_seatunnel.txt").get(0);
    assertThat(e.op()).isEqualTo(Op.SNAPSHOT_READ);
    assertThat(e.position().part(1)).isEqualTo(Long.MIN_VALUE);
    assertThat(e.after().get("f2")).isEqualTo(List.of());
    assertThat(e.after().get("f48")).isEqualTo("09:00:00+08:00");
  }

  @Test
  void postgresDeleteWithBothImagesNullUsesTheKey() {
    List<byte[]> docs = SampleFiles.documents("postgres_noschema_replica_identity_nothing_before_null_delete_without_before_flink.txt");
    assertThat(docs).hasSize(16);
    List<ChangeEvent> es = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      es.add(decoder.decodeOne(RawMessage.ofValue(docs.get(i))));
    }
    assertThat(es.get(9).op()).isEqualTo(Op.UPDATE);
    assertThat(es.get(9).before()).isNull();
    ChangeEvent del = decoder.decodeOne(RawMessage.of("{\"id\":111}".getBytes(), docs.get(15)));
    assertThat(del.op()).isEqualTo(Op.DELETE);
    assertThat(del.before()).isNull();
    assertThat(del.key()).isEqualTo(Row.of("id", 111L));
    assertThatThrownBy(() -> decoder.decodeOne(RawMessage.ofValue(docs.get(15)))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("needs the message key");
  }

  @Test
  void flattenedRecordsWithMetadata() {
    ChangeEvent arrays = values("postgres_unwrapped_arrays_with_schema_dsi.json").get(0);
    assertThat(arrays.op()).isEqualTo(Op.INSERT);
    assertThat(arrays.table()).isEqualTo(TableId.of("postgres", null, "array_data"));
    assertThat(arrays.after().get("pay_by_quarter")).isEqualTo(List.of(10000, 10001, 10002, 10003));
    assertThat(arrays.after().contains("__op")).isFalse();
    assertThat(arrays.schema().column("__deleted")).isNull();
    ChangeEvent geom = values("postgres_unwrapped_extractnewrecordstate_geometry_add_fields_dsi.json").get(0);
    assertThat(geom.op()).isEqualTo(Op.SNAPSHOT_READ);
    assertThat(((Row) geom.after().get("g")).get("srid")).isEqualTo(123);
    assertThat(geom.after().state("h")).isEqualTo(ColumnState.NULL);
    assertThat(geom.commitTime()).isEqualTo(Instant.ofEpochMilli(1634844424986L));
    ChangeEvent lsn = values("postgres_unwrapped_extractnewrecordstate_lsn_deleted_dsi.json").get(0);
    assertThat(lsn.op()).isEqualTo(Op.SNAPSHOT_READ);
    assertThat(lsn.table()).isEqualTo(TableId.of(null, null, "orders"));
    assertThat(lsn.after().get("order_date")).isEqualTo(LocalDate.of(2016, 2, 19));
    assertThat(lsn.position().part(1)).isEqualTo(33832960L);
  }

  @Test
  void sqlServerSnapshotRow() {
    ChangeEvent e = values("sqlserver_noschema_alltypes_r_seatunnel.txt").get(0);
    assertThat(e.op()).isEqualTo(Op.SNAPSHOT_READ);
    assertThat(e.table()).isEqualTo(TableId.of("qa_source", "dbo", "full_types_1"));
    assertThat(e.position().kind()).isEqualTo("sqlserver");
    assertThat(e.after().get("f39")).isEqualTo(1734382927000000000L);
  }
}
