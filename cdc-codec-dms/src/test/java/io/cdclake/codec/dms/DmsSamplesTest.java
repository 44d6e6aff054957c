package io.cdclake.codec.dms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.codec.dms.testing.DmsSampleLoader;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import io.cdclake.model.testing.SharedSamples;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every file under {@code ../shared/formats/samples/dms/} decodes with asserted expectations. The
 * samples are read in place (skipped when absent) and never copied into the project.
 */
class DmsSamplesTest {
  private static final String DIR = "dms/";

  private static List<ChangeEvent> stream(DmsJsonDecoder d, String file) {
    byte[] bytes = DmsSampleLoader.stripLicence(SharedSamples.read(SharedSamples.sample(DIR + file)));
    List<ChangeEvent> out = new ArrayList<>();
    d.decodeStream(new ByteArrayInputStream(bytes), file, out::add);
    return out;
  }

  private static Map<String, String> python(String file) {
    return DmsSampleLoader.pythonLiterals(SharedSamples.read(SharedSamples.sample(DIR + file)));
  }

  private static List<ChangeEvent> one(DmsJsonDecoder d, String json) {
    return d.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everySampleFileHasExpectations() {
    Set<String> covered = Set.of(
        "kafka_awsdoc_control_create_table_table_def.json",
        "kafka_awsdoc_data_insert_all_metadata_transaction_details_mysql.json",
        "kafka_paimon_test_date_string_column.txt",
        "kafka_paimon_test_insert_delete_update_with_BI_before_image_columns.txt",
        "kafka_paimon_test_insert_with_explicit_null.txt",
        "kafka_paimon_test_multi_table_inserts.txt",
        "kinesis_awsdoc_map_record_to_document_doc.json",
        "kinesis_awsdoc_map_record_to_record_data_only.json",
        "kinesis_control_create_table_cratedb-toolkit.json",
        "kinesis_control_create_table_no_control_block_partition_value_moj.json",
        "kinesis_data_load_cratedb-toolkit.json",
        "kinesis_load_record_partition_key_value_moj.json",
        "kinesis_mysql_control_load_insert_gitbook_kingshark.json",
        "kinesis_oracle_update_include_null_timestamp9_nomis_moj.json",
        "kinesis_postgres_cdc_messages_commons-codec_test.py",
        "kinesis_postgres_create_table_and_load_cratedb-toolkit_testdata.py",
        "s3_awsdoc_cdc_csv_op_column_I_U_D.csv",
        "s3_awsdoc_cdc_transaction_file_CDC_TXN_PreserveTransactions.csv");
    Set<String> present = new TreeSet<>();
    for (Path p : SharedSamples.samplesIn("dms")) {
      present.add(p.getFileName().toString());
    }
    assertThat(covered).containsAll(present);
  }

  @Test
  void awsDocControlCreateTableGivesTableDefWithWstringColumnsAndKey() {
    List<ChangeEvent> events = stream(DmsJsonDecoder.create(), "kafka_awsdoc_control_create_table_table_def.json");
    assertThat(events).hasSize(1);
    ChangeEvent e = events.get(0);
    assertThat(e.op()).isEqualTo(Op.SCHEMA_CHANGE);
    assertThat(e.table()).isEqualTo(TableId.of("sbtest", "sbtest_t1"));
    assertThat(e.processedTime()).isEqualTo(Instant.parse("2019-11-21T19:14:22.223792Z"));
    SchemaChange c = e.schemaChanges().get(0);
    assertThat(c.kind()).isEqualTo(SchemaChange.Kind.CREATE_TABLE);
    TableSchema s = c.schemaAfter();
    assertThat(s.columns()).extracting(Column::name).containsExactly("id", "fname", "lname", "REGION");
    assertThat(s.column("id")).isEqualTo(new Column("id", ColumnType.STRING, false, "WSTRING", null));
    assertThat(s.column("REGION").optional()).isTrue();
    assertThat(s.primaryKey()).containsExactly("id");
    assertThat(e.schema()).isEqualTo(s);
    assertThat(e.transport()).isEqualTo(TransportPosition.file("kafka_awsdoc_control_create_table_table_def.json", 1));
  }

  @Test
  void awsDocInsertWithAllTransactionDetailsGivesMysqlPositionCommitTimeAndTransaction() {
    DmsJsonDecoder d = DmsJsonDecoder.builder().keyColumns(t -> List.of("id")).build();
    ChangeEvent e = stream(d, "kafka_awsdoc_data_insert_all_metadata_transaction_details_mysql.json").get(0);
    assertThat(e.op()).isEqualTo(Op.INSERT);
    assertThat(e.table()).isEqualTo(TableId.of("sbtest", "sbtest_x"));
    assertThat(e.key()).isEqualTo(Row.of("id", 100000161L));
    assertThat(e.after()).isEqualTo(Row.of("id", 100000161L, "fname", "val61s", "lname", "val61s", "REGION", "val61s"));
    assertThat(e.commitTime()).isEqualTo(Instant.parse("2019-10-31T22:53:55Z"));
    assertThat(e.processedTime()).isEqualTo(Instant.parse("2019-10-31T22:53:59.721201Z"));
    assertThat(e.transaction().id()).isEqualTo("9324410911751");
    assertThat(e.transaction().totalOrder()).isEqualTo(1);
    SourcePosition p = e.position();
    assertThat(p.kind()).isEqualTo("dms-mysql");
    assertThat(new long[] {p.part(0), p.part(1), p.part(2), p.part(3)}).containsExactly(2171, 36912271, 0, 1);
    assertThat(p.text()).startsWith("mysql-bin-changelog.002171:36912271:");
    assertThat(e.snapshot()).isFalse();
  }

  @Test
  void paimonDateStringStaysAStringUntypedAndBecomesADateWhenDeclared() {
    ChangeEvent untyped = stream(DmsJsonDecoder.create(), "kafka_paimon_test_date_string_column.txt").get(0);
    assertThat(untyped.after().get("_date")).isEqualTo("2023-03-23");
    assertThat(untyped.key()).isNull();
    TableSchema product = TableSchema.of(List.of(Column.required("_id", ColumnType.INT), Column.optional("_date", ColumnType.DATE)),
        List.of("_id"));
    ChangeEvent typed = stream(DmsJsonDecoder.builder().schemas(t -> product).build(), "kafka_paimon_test_date_string_column.txt").get(0);
    assertThat(typed.after()).isEqualTo(Row.of("_id", 101, "_date", LocalDate.of(2023, 3, 23)));
    assertThat(typed.key()).isEqualTo(Row.of("_id", 101));
    assertThat(typed.transaction().id()).isEqualTo("670014899490");
    assertThat(typed.position()).isNull();
  }

  @Test
  void paimonBeforeImageColumnsBecomeTheUpdatesBeforeImageWhenEnabled() {
    DmsJsonDecoder d = DmsJsonDecoder.builder().keyColumns(t -> List.of("id")).beforeImageColumns("BI_", "").build();
    List<ChangeEvent> events = stream(d, "kafka_paimon_test_insert_delete_update_with_BI_before_image_columns.txt");
    assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.INSERT, Op.DELETE, Op.UPDATE, Op.INSERT);
    ChangeEvent del = events.get(1);
    assertThat(del.key()).isEqualTo(Row.of("id", 101L));
    assertThat(del.before()).isEqualTo(Row.of("id", 101L, "name", "scooter", "description", "Small 2-wheel scooter", "weight",
        new BigDecimal("3.14")));
    assertThat(del.after()).isNull();
    ChangeEvent upd = events.get(2);
    assertThat(upd.after()).isEqualTo(Row.of("id", 105L, "name", "hammer", "description", "14oz carpenter's hammer", "weight",
        new BigDecimal("0.875"), "address", "Beijing"));
    assertThat(upd.before()).isEqualTo(Row.of("id", 105L, "name", "hammer", "description", "14oz carpenter's hammer", "weight",
        new BigDecimal("0.875"), "address", "Shanghai"));
    assertThat(upd.key()).isEqualTo(Row.of("id", 105L));
    // off by default: a real column may start with BI_, so nothing is guessed
    ChangeEvent plain = stream(DmsJsonDecoder.create(), "kafka_paimon_test_insert_delete_update_with_BI_before_image_columns.txt").get(2);
    assertThat(plain.after().names()).contains("BI_id", "BI_address");
    assertThat(plain.before()).isNull();
  }

  @Test
  void paimonExplicitNullIsNullAndAMissingColumnIsOmitted() {
    List<ChangeEvent> events = stream(DmsJsonDecoder.create(), "kafka_paimon_test_insert_with_explicit_null.txt");
    assertThat(events).hasSize(2);
    assertThat(events.get(0).after().state("weight")).isEqualTo(ColumnState.NULL);
    assertThat(events.get(0).after().state("address")).isEqualTo(ColumnState.OMITTED);
    assertThat(events.get(1).after().get("weight")).isEqualTo(new BigDecimal("0.75"));
  }

  @Test
  void paimonMultiTableInsertsRouteByMetadataTable() {
    List<ChangeEvent> events = stream(DmsJsonDecoder.create(), "kafka_paimon_test_multi_table_inserts.txt");
    assertThat(events).extracting(e -> e.table().table()).containsExactly("paimon_1", "paimon_2", "ignore", "flink");
    assertThat(events).allSatisfy(e -> {
      assertThat(e.op()).isEqualTo(Op.INSERT);
      assertThat(e.table().schema()).isEqualTo("paimon_sync_database_affix");
    });
    assertThat(events.get(2).after().get("weight")).isEqualTo(new BigDecimal("0.8"));
  }

  @Test
  void mapRecordToDocumentSampleNeedsMetadataAndDecodesDocColumnsAsTheRow() {
    byte[] bytes = SharedSamples.read(SharedSamples.sample(DIR + "kinesis_awsdoc_map_record_to_document_doc.json"));
    // the guide shows only the data part: without metadata it is not a DMS message
    assertThatThrownBy(() -> DmsJsonDecoder.create().decode(bytes)).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("metadata is missing");
    String doc = new String(bytes, StandardCharsets.UTF_8).strip();
    String msg = doc.substring(0, doc.lastIndexOf('}')) + ", \"metadata\": {\"timestamp\": \"2023-01-01T00:00:00Z\", \"record-type\": \"data\","
        + " \"operation\": \"insert\", \"partition-key-type\": \"schema-table\", \"schema-name\": \"sales\", \"table-name\": \"customer\"}}";
    TableSchema customer = TableSchema.of(List.of(Column.optional("FirstName", ColumnType.STRING),
        Column.optional("LastName", ColumnType.STRING), Column.optional("StoreId", ColumnType.INT),
        Column.optional("DateOfBirth", ColumnType.STRING)), List.of());
    ChangeEvent e = one(DmsJsonDecoder.builder().schemas(t -> customer).build(), msg).get(0);
    assertThat(e.after()).isEqualTo(Row.of("FirstName", "Randy", "LastName", "Marsh", "StoreId", 5, "DateOfBirth", "02/29/1988"));
  }

  @Test
  void mapRecordToRecordSampleIsOnlyTheDataPartAndKeepsNumbersWrittenAsStrings() {
    byte[] bytes = SharedSamples.read(SharedSamples.sample(DIR + "kinesis_awsdoc_map_record_to_record_data_only.json"));
    assertThatThrownBy(() -> DmsJsonDecoder.create().decode(bytes)).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("metadata is missing");
    String data = new String(bytes, StandardCharsets.UTF_8).strip();
    String msg = "{\"data\": " + data + ", \"metadata\": {\"timestamp\": \"2023-01-01T00:00:00Z\", \"record-type\": \"data\","
        + " \"operation\": \"load\", \"partition-key-type\": \"schema-table\", \"schema-name\": \"sales\", \"table-name\": \"customer\"}}";
    ChangeEvent e = one(DmsJsonDecoder.create(), msg).get(0);
    assertThat(e.op()).isEqualTo(Op.SNAPSHOT_READ);
    assertThat(e.snapshot()).isTrue();
    assertThat(e.after().get("StoreId")).isEqualTo("5"); // untyped: the JSON scalar as it is
    assertThat(e.after().get("HomePhone")).isEqualTo("1234567890");
    assertThat(e.after().size()).isEqualTo(8);
  }

  @Test
  void cratedbControlCreateTableMapsInt64AndText() {
    ChangeEvent e = stream(DmsJsonDecoder.create(), "kinesis_control_create_table_cratedb-toolkit.json").get(0);
    assertThat(e.table()).isEqualTo(TableId.of("testdrive-data", "foobar"));
    TableSchema s = e.schemaChanges().get(0).schemaAfter();
    assertThat(s.column("rowid")).isEqualTo(new Column("rowid", ColumnType.LONG, false, "INT64", null));
    assertThat(s.column("resource")).isEqualTo(new Column("resource", ColumnType.STRING, true, "TEXT", null));
    assertThat(s.hasPrimaryKey()).isFalse();
  }

  @Test
  void controlRecordWithoutControlBlockIsACreateTableWithoutSchema() {
    ChangeEvent e = stream(DmsJsonDecoder.create(), "kinesis_control_create_table_no_control_block_partition_value_moj.json").get(0);
    assertThat(e.op()).isEqualTo(Op.SCHEMA_CHANGE);
    assertThat(e.table()).isEqualTo(TableId.of("public", "report_log"));
    assertThat(e.schemaChanges()).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(SchemaChange.Kind.CREATE_TABLE);
      assertThat(c.schemaAfter()).isNull();
    });
    assertThat(e.schema()).isNull();
  }

  @Test
  void cratedbLoadKeepsJsonTextInAStringAndDeclaredJsonStaysText() {
    ChangeEvent e = stream(DmsJsonDecoder.create(), "kinesis_data_load_cratedb-toolkit.json").get(0);
    assertThat(e.op()).isEqualTo(Op.SNAPSHOT_READ);
    assertThat(e.after()).isEqualTo(Row.of("rowid", 1L, "resource", "{\"temperature\": 42.42}"));
    TableSchema s = TableSchema.of(List.of(Column.required("rowid", ColumnType.LONG), Column.optional("resource", ColumnType.JSON)),
        List.of("rowid"));
    ChangeEvent typed = stream(DmsJsonDecoder.builder().schemas(t -> s).build(), "kinesis_data_load_cratedb-toolkit.json").get(0);
    assertThat(typed.after().get("resource")).isEqualTo("{\"temperature\": 42.42}");
    assertThat(typed.key()).isEqualTo(Row.of("rowid", 1L));
  }

  @Test
  void mojLoadWithPrimaryKeyPartitionValueKeepsDatesAndNineDigitTimestampsAsDeclared() {
    List<ChangeEvent> plain = stream(DmsJsonDecoder.create(), "kinesis_load_record_partition_key_value_moj.json");
    assertThat(plain.get(0).key()).isNull(); // no key columns known: no key, nothing guessed from the partition value
    TableSchema s = TableSchema.of(List.of(Column.required("offender_id", ColumnType.LONG), Column.optional("birth_date", ColumnType.DATE),
        Column.optional("create_date", ColumnType.TIMESTAMP), Column.optional("modify_datetime", ColumnType.TIMESTAMP)),
        List.of("offender_id"));
    ChangeEvent e = stream(DmsJsonDecoder.builder().schemas(t -> s).build(), "kinesis_load_record_partition_key_value_moj.json").get(0);
    assertThat(e.key()).isEqualTo(Row.of("offender_id", 127L));
    assertThat(e.after().get("birth_date")).isEqualTo(LocalDate.of(1932, 10, 26));
    assertThat(e.after().get("create_date")).isEqualTo(LocalDateTime.of(2015, 5, 19, 0, 0));
    assertThat(e.after().get("modify_datetime")).isEqualTo(LocalDateTime.of(2022, 9, 1, 18, 21, 36, 915_241_000));
    assertThat(e.after().get("age")).isEqualTo(89L); // not declared: the JSON scalar
    // the partition value names OMS_OWNER.OFFENDERS, not the message's public.offenders: with
    // PartitionIncludeSchemaTable a missing key column cannot be taken from it
    DmsJsonDecoder strict = DmsJsonDecoder.builder().keyColumns(t -> List.of("id")).partitionIncludeSchemaTable(true).build();
    assertThatThrownBy(() -> stream(strict, "kinesis_load_record_partition_key_value_moj.json")).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("partition-key-value does not start with the message's schema and table");
  }

  @Test
  void kingsharkStreamSkipsTheAwsdmsControlRecordAndKeepsDifferentColumnSetsOmitted() {
    DmsJsonDecoder d = DmsJsonDecoder.builder().keyColumns(t -> List.of("id")).build();
    List<ChangeEvent> events = stream(d, "kinesis_mysql_control_load_insert_gitbook_kingshark.json");
    assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.SNAPSHOT_READ, Op.INSERT);
    assertThat(d.skippedInternalRecords()).isEqualTo(1);
    assertThat(d.skippedInternalRecordsByTable()).containsExactly(Map.entry("awsdms_apply_exceptions", 1L));
    ChangeEvent load = events.get(0);
    assertThat(load.transaction()).isNull();
    assertThat(load.position()).isNull();
    assertThat(load.after().state("deleted_at")).isEqualTo(ColumnState.VALUE);
    assertThat(load.after().state("state")).isEqualTo(ColumnState.OMITTED);
    ChangeEvent ins = events.get(1);
    assertThat(ins.after().state("state")).isEqualTo(ColumnState.VALUE);
    assertThat(ins.after().state("deleted_at")).isEqualTo(ColumnState.OMITTED);
    assertThat(ins.transaction().id()).isEqualTo("87978110091475");
    assertThat(ins.transaction().totalOrder()).isEqualTo(-1);
    assertThat(ins.key()).isEqualTo(Row.of("id", 315233L));
    // the stream positions count messages, the skipped one included
    assertThat(events).extracting(e -> e.transport().offset()).containsExactly("2", "3");
  }

  @Test
  void oracleUpdateWithIncludeNullKeepsExplicitNullsAndNineDigitFractions() {
    TableSchema s = TableSchema.of(List.of(Column.required("INTERNAL_LOCATION_ID", ColumnType.LONG),
        Column.optional("CREATE_DATETIME", ColumnType.TIMESTAMP), Column.optional("SECURITY_LEVEL_CODE", ColumnType.STRING),
        Column.optional("CAPACITY", ColumnType.decimal(10, 2))), List.of("INTERNAL_LOCATION_ID"));
    DmsJsonDecoder d = DmsJsonDecoder.builder().includeNullAndEmpty(true).schemas(t -> s).build();
    ChangeEvent e = stream(d, "kinesis_oracle_update_include_null_timestamp9_nomis_moj.json").get(0);
    assertThat(e.op()).isEqualTo(Op.UPDATE);
    assertThat(e.table()).isEqualTo(TableId.of("OMS_OWNER", "AGENCY_INTERNAL_LOCATIONS"));
    assertThat(e.before()).isNull();
    assertThat(e.key()).isEqualTo(Row.of("INTERNAL_LOCATION_ID", 553597L));
    assertThat(e.after().get("CREATE_DATETIME")).isEqualTo(LocalDateTime.of(2014, 9, 22, 11, 6, 59, 644_202_000));
    assertThat(e.after().state("SECURITY_LEVEL_CODE")).isEqualTo(ColumnState.NULL);
    assertThat(e.after().state("DEACTIVATE_DATE")).isEqualTo(ColumnState.NULL);
    assertThat(e.after().get("CAPACITY")).isEqualTo(new BigDecimal("1.00"));
    assertThat(e.after().get("AUDIT_TIMESTAMP")).isEqualTo("2023-06-02T10:18:25.912767000Z"); // undeclared: the string as sent
    assertThat(e.after().size()).isEqualTo(33);
    assertThat(e.transaction().id()).isEqualTo("1179664");
    assertThat(d.includeNullAndEmpty()).isTrue();
  }

  @Test
  void commonsCodecPostgresMessagesDecodeWithLsnPositionsAndBeforeImages() {
    Map<String, String> m = python("kinesis_postgres_cdc_messages_commons-codec_test.py");
    TableSchema foo = TableSchema.of(List.of(Column.optional("age", ColumnType.INT), Column.optional("attributes", ColumnType.JSON),
        Column.required("id", ColumnType.INT), Column.optional("name", ColumnType.STRING)), List.of("id"));
    DmsJsonDecoder d = DmsJsonDecoder.builder().schemas(t -> t.equals(TableId.of("public", "foo")) ? foo : null).build();

    // the two RECORD_* literals and MSG_UNKNOWN_SHAPE are not DMS messages
    for (String name : List.of("RECORD_INSERT", "RECORD_UPDATE", "MSG_UNKNOWN_SHAPE")) {
      assertThatThrownBy(() -> one(d, m.get(name))).isInstanceOf(InvalidEventException.class).hasMessageContaining("metadata is missing");
    }
    assertThatThrownBy(() -> one(d, m.get("MSG_SCHEMA_TABLE_MISSING"))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("record-type");
    assertThatThrownBy(() -> one(d, m.get("MSG_UNKNOWN_OPERATION"))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("record-type");
    // with a record-type, the unknown operation itself is named and never becomes an insert
    String unknownOp = m.get("MSG_UNKNOWN_OPERATION").replace("\"operation\":\"FOOBAR\"", "\"operation\":\"FOOBAR\",\"record-type\":\"data\"");
    assertThatThrownBy(() -> one(d, unknownOp.replace("\"control\":{}", "\"data\":{\"id\":1}"))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("unknown operation (operation=FOOBAR)");

    ChangeEvent drop = one(d, m.get("MSG_CONTROL_DROP_TABLE")).get(0);
    assertThat(drop.schemaChanges()).singleElement().satisfies(c -> assertThat(c.kind()).isEqualTo(SchemaChange.Kind.DROP_TABLE));
    ChangeEvent create = one(d, m.get("MSG_CONTROL_CREATE_TABLE")).get(0);
    assertThat(create.schema().primaryKey()).containsExactly("id");
    assertThat(create.schema().column("age").type()).isEqualTo(ColumnType.INT);

    ChangeEvent load = one(d, m.get("MSG_DATA_LOAD")).get(0);
    assertThat(load.op()).isEqualTo(Op.SNAPSHOT_READ);
    assertThat(load.after()).isEqualTo(Row.of("age", 30, "attributes", "{\"foo\": \"bar\"}", "id", 42, "name", "John"));

    ChangeEvent insert = one(d, m.get("MSG_DATA_INSERT")).get(0);
    assertThat(insert.commitTime()).isEqualTo(Instant.parse("2024-07-29T00:58:17.974340Z"));
    assertThat(insert.processedTime()).isEqualTo(Instant.parse("2024-07-29T00:58:17.983670Z"));
    assertThat(insert.position().kind()).isEqualTo("dms-postgresql");
    assertThat(insert.position().part(0)).isEqualTo(0x2_7C007178L);
    assertThat(insert.transaction().id()).isEqualTo("1139");

    ChangeEvent updValue = one(d, m.get("MSG_DATA_UPDATE_VALUE")).get(0);
    assertThat(updValue.before()).isEqualTo(Row.empty()); // {}: the key did not change
    assertThat(updValue.key()).isEqualTo(Row.of("id", 42));

    ChangeEvent updPk = one(d, m.get("MSG_DATA_UPDATE_PK")).get(0);
    assertThat(updPk.key()).isEqualTo(Row.of("id", 45)); // the new key
    assertThat(updPk.before()).isEqualTo(Row.of("id", 46)); // the old key, only from the before image

    ChangeEvent del = one(d, m.get("MSG_DATA_DELETE")).get(0);
    assertThat(del.key()).isEqualTo(Row.of("id", 45));
    assertThat(del.before().state("name")).isEqualTo(ColumnState.NULL);
    ChangeEvent keyOnly = one(DmsJsonDecoder.builder().schemas(t -> foo).keyOnlyDeletes(true).build(), m.get("MSG_DATA_DELETE")).get(0);
    assertThat(keyOnly.before()).isEqualTo(Row.of("id", 45));

    // positions of one row's changes follow the source's order
    assertThat(List.of(insert, updValue, updPk, del)).extracting(ChangeEvent::position)
        .isSortedAccordingTo(SourcePosition::compareTo);

    assertThat(one(d, m.get("MSG_CONTROL_AWSDMS"))).isEmpty();
    assertThat(d.skippedInternalRecords()).isEqualTo(1);
  }

  @Test
  void cratedbCaptureWrapperGivesKinesisTransportPositions() {
    Map<String, String> m = python("kinesis_postgres_create_table_and_load_cratedb-toolkit_testdata.py");
    DmsJsonDecoder d = DmsJsonDecoder.create();
    ChangeEvent create = one(d, m.get("DMS_CDC_CREATE_TABLE")).get(0);
    assertThat(create.transport()).isEqualTo(TransportPosition.kinesis("testdrive-dms-postgresql-dev-stream", "shardId-000000000002",
        "49663978758868311932389618382582776745412103230134943778"));
    assertThat(create.schemaChanges().get(0).schemaAfter().primaryKey()).containsExactly("id");
    ChangeEvent first = one(d, m.get("DMS_CDC_INSERT_BASIC")).get(0);
    ChangeEvent second = one(d, m.get("DMS_CDC_INSERT_SECOND")).get(0);
    assertThat(first.op()).isEqualTo(Op.SNAPSHOT_READ);
    assertThat(first.after()).isEqualTo(Row.of("id", 393L, "name", "Test", "age", 4L, "attributes", null));
    assertThat(first.after().state("attributes")).isEqualTo(ColumnState.NULL);
    assertThat(first.transport().offset()).hasSize(56);
    assertThat(first.transport()).isLessThan(second.transport());
    assertThat(create.transport()).isLessThan(first.transport());
  }

  @Test
  void awsDocCdcCsvDecodesInsertUpdatesAndDeleteWithTheBeforeImage() {
    TableSchema employee = TableSchema.of(List.of(Column.required("emp_id", ColumnType.INT), Column.optional("last_name", ColumnType.STRING),
        Column.optional("first_name", ColumnType.STRING), Column.optional("hire_date", ColumnType.STRING),
        Column.optional("office", ColumnType.STRING)), List.of("emp_id"));
    DmsS3CsvDecoder d = DmsS3CsvDecoder.builder().schemas(t -> employee).build();
    byte[] bytes = SharedSamples.read(SharedSamples.sample(DIR + "s3_awsdoc_cdc_csv_op_column_I_U_D.csv"));
    List<ChangeEvent> events = new ArrayList<>();
    String path = "bucket/hr/EMPLOYEE/20141029-1134010000.csv";
    d.decodeStream(new ByteArrayInputStream(bytes), path, events::add);
    assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.INSERT, Op.UPDATE, Op.UPDATE, Op.DELETE);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.table()).isEqualTo(TableId.of("hr", "EMPLOYEE"));
      assertThat(e.key()).isEqualTo(Row.of("emp_id", 101));
    });
    assertThat(events.get(1).after().get("office")).isEqualTo("Los Angeles");
    assertThat(events.get(3).before()).isEqualTo(Row.of("emp_id", 101, "last_name", "Smith", "first_name", "Bob", "hire_date", "13-Mar-17",
        "office", "Dallas"));
    assertThat(events).extracting(ChangeEvent::transport).containsExactly(TransportPosition.file(path, 1), TransportPosition.file(path, 2),
        TransportPosition.file(path, 3), TransportPosition.file(path, 4));
  }

  @Test
  void awsDocTransactionFileTakesTableAndSchemaFromEachRow() {
    TableSchema names = TableSchema.of(List.of(Column.required("id", ColumnType.INT), Column.optional("name", ColumnType.STRING)),
        List.of("id"));
    DmsS3CsvDecoder d = DmsS3CsvDecoder.builder().schemas(t -> "rdsTempsdb".equals(t.schema()) ? names : null).build();
    byte[] bytes = SharedSamples.read(SharedSamples.sample(DIR + "s3_awsdoc_cdc_transaction_file_CDC_TXN_PreserveTransactions.csv"));
    List<ChangeEvent> events = new ArrayList<>();
    d.decodeStream(new ByteArrayInputStream(bytes), "cdcpath/CDC_TXN-20230601101010123.csv", events::add);
    assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.INSERT, Op.UPDATE, Op.DELETE, Op.INSERT, Op.INSERT, Op.INSERT);
    assertThat(events).extracting(e -> e.table().table()).containsExactly("Names_03cdcad11a", "Names_03cdcad11a", "Names_03cdcad11a",
        "Names_6d152ce62d", "Names_6d152ce62d", "Names_03cdcad11a");
    assertThat(events.get(2).before()).isEqualTo(Row.of("id", 13, "name", "Cathy"));
    assertThat(events.get(5).after()).isEqualTo(Row.of("id", 16, "name", "Mike"));
    // without a schema for the row's table there are no column names: an error, not a guess
    assertThatThrownBy(() -> DmsS3CsvDecoder.builder().build().decodeStream(new ByteArrayInputStream(bytes),
        "cdcpath/CDC_TXN-20230601101010123.csv", e -> { })).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("no column names").hasMessageContaining("CDC_TXN-20230601101010123.csv:1")
        .hasMessageContaining("table rdsTempsdb.Names_03cdcad11a");
  }
}
