package io.cdclake.codec.dms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.DecodeException;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.MalformedInputException;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DmsJsonDecoderTest {
  private static final TableId FOO = TableId.of("public", "foo");

  /** A data message for public.foo. */
  static String data(String operation, String data, String extraMetadata) {
    return "{\"data\": " + data + ", \"metadata\": {\"timestamp\": \"2024-07-29T00:58:17.983670Z\", \"record-type\": \"data\", "
        + "\"operation\": \"" + operation + "\", \"partition-key-type\": \"schema-table\", \"schema-name\": \"public\", "
        + "\"table-name\": \"foo\"" + (extraMetadata.isEmpty() ? "" : ", " + extraMetadata) + "}}";
  }

  static String control(String operation, String control) {
    return "{" + (control == null ? "" : "\"control\": " + control + ", ") + "\"metadata\": {\"timestamp\": \"2024-07-29T00:30:47.266581Z\","
        + " \"record-type\": \"control\", \"operation\": \"" + operation + "\", \"partition-key-type\": \"task-id\","
        + " \"schema-name\": \"public\", \"table-name\": \"foo\"}}";
  }

  static List<ChangeEvent> decode(DmsJsonDecoder d, String json) {
    return d.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  static ChangeEvent one(DmsJsonDecoder d, String json) {
    List<ChangeEvent> events = decode(d, json);
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  static TableSchema schema(Column... cols) {
    return TableSchema.of(List.of(cols), List.of(cols[0].name()));
  }

  static DmsJsonDecoder typed(Column... cols) {
    TableSchema s = schema(cols);
    return DmsJsonDecoder.builder().schemas(t -> s).build();
  }

  // ------------------------------------------------------------------ operations

  @Test
  void eachDataOperationMapsToItsOpAndNoneBecomesAnInsert() {
    DmsJsonDecoder d = DmsJsonDecoder.create();
    assertThat(one(d, data("load", "{\"id\": 1}", "")).op()).isEqualTo(Op.SNAPSHOT_READ);
    assertThat(one(d, data("load", "{\"id\": 1}", "")).snapshot()).isTrue();
    assertThat(one(d, data("insert", "{\"id\": 1}", "")).op()).isEqualTo(Op.INSERT);
    assertThat(one(d, data("insert", "{\"id\": 1}", "")).snapshot()).isFalse();
    assertThat(one(d, data("update", "{\"id\": 1}", "")).op()).isEqualTo(Op.UPDATE);
    ChangeEvent del = one(d, data("delete", "{\"id\": 1}", ""));
    assertThat(del.op()).isEqualTo(Op.DELETE);
    assertThat(del.before()).isEqualTo(Row.of("id", 1L));
    assertThat(del.after()).isNull();
    for (String op : List.of("truncate", "INSERT", "upsert", "")) {
      assertThatThrownBy(() -> decode(d, data(op, "{\"id\": 1}", ""))).isInstanceOf(InvalidEventException.class)
          .hasMessageContaining("unknown operation (operation=" + op + ")")
          .satisfies(e -> assertThat(((DecodeException) e).path()).isEqualTo("$.metadata.operation"));
    }
  }

  @Test
  void unknownRecordTypeIsNamedInTheError() {
    String msg = data("insert", "{\"id\": 1}", "").replace("\"record-type\": \"data\"", "\"record-type\": \"heartbeat\"");
    assertThatThrownBy(() -> decode(DmsJsonDecoder.create(), msg)).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("unknown record-type (record-type=heartbeat)")
        .satisfies(e -> assertThat(((InvalidEventException) e).table()).isEqualTo(FOO));
  }

  @Test
  void controlOperationsBecomeSchemaChanges() {
    DmsJsonDecoder d = DmsJsonDecoder.create();
    String def = "{\"table-def\": {\"columns\": {\"id\": {\"type\": \"INT32\", \"nullable\": false}, \"v\": {\"type\": \"STRING\"}},"
        + " \"primary-key\": [\"id\"]}}";
    assertThat(one(d, control("create-table", def)).schemaChanges().get(0).kind()).isEqualTo(SchemaChange.Kind.CREATE_TABLE);
    assertThat(one(d, control("create-table", def)).ddl()).isEqualTo("create-table");
    assertThat(one(d, control("drop-table", null)).schemaChanges().get(0).kind()).isEqualTo(SchemaChange.Kind.DROP_TABLE);
    assertThat(one(d, control("drop-table", null)).ddl()).isEqualTo("drop-table");
    for (String alter : List.of("change-columns", "add-column", "drop-column", "rename-column", "column-type-change")) {
      ChangeEvent e = one(d, control(alter, def));
      assertThat(e.op()).isEqualTo(Op.SCHEMA_CHANGE);
      assertThat(e.ddl()).as("the control operation is the event's ddl").isEqualTo(alter);
      SchemaChange c = e.schemaChanges().get(0);
      assertThat(c.kind()).isEqualTo(SchemaChange.Kind.ALTER_TABLE);
      assertThat(c.table()).isEqualTo(FOO);
      assertThat(c.schemaAfter().columns()).extracting(Column::name).containsExactly("id", "v");
      assertThat(c.columnChanges()).isEmpty();
    }
    assertThat(one(d, control("add-column", null)).schemaChanges().get(0).schemaAfter()).isNull();
    assertThatThrownBy(() -> decode(d, control("rename-table", def))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("rename-table").hasMessageContaining("names one table only");
    assertThatThrownBy(() -> decode(d, control("truncate-table", null))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("unknown operation (operation=truncate-table)");
  }

  @Test
  void controlRecordForAnUnknownTableIsAnError() {
    String noTable = control("add-column", null).replace("\"table-name\": \"foo\"", "\"table-name\": \"\"");
    assertThatThrownBy(() -> decode(DmsJsonDecoder.create(), noTable)).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("table-name is missing or empty, so the table is unknown");
    DmsJsonDecoder known = DmsJsonDecoder.builder().requireKnownTables(true)
        .schemas(t -> t.table().equals("bar") ? schema(Column.required("id", ColumnType.INT)) : null).build();
    assertThatThrownBy(() -> decode(known, control("drop-column", null))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("the table is unknown").satisfies(e -> assertThat(((InvalidEventException) e).table()).isEqualTo(FOO));
    assertThatThrownBy(() -> decode(known, data("insert", "{\"id\": 1}", ""))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("the table is unknown");
    assertThat(one(known, control("create-table", null)).op()).isEqualTo(Op.SCHEMA_CHANGE); // a create introduces the table
  }

  @Test
  void tableDefTypesMapToCanonicalTypesAndUnknownTypesFailUnlessMapped() {
    String def = "{\"table-def\": {\"columns\": {"
        + "\"a\": {\"type\": \"INT16\"}, \"b\": {\"type\": \"INT64\"}, \"c\": {\"type\": \"BOOL\"}, \"d\": {\"type\": \"FLOAT\"},"
        + "\"e\": {\"type\": \"DOUBLE\"}, \"f\": {\"type\": \"WSTRING\", \"length\": 10}, \"g\": {\"type\": \"DATE32\"},"
        + "\"h\": {\"type\": \"TIMESTAMP\"}, \"i\": {\"type\": \"NUMERIC\", \"precision\": 12, \"scale\": 3}, \"j\": {\"type\": \"NUMERIC\"},"
        + "\"k\": {\"type\": \"BYTES\"}, \"l\": {\"type\": \"TIME32\"}, \"m\": {\"type\": \"UINT64\"}}}}";
    TableSchema s = one(DmsJsonDecoder.create(), control("create-table", def)).schema();
    assertThat(s.columns()).extracting(Column::type).containsExactly(ColumnType.INT, ColumnType.LONG, ColumnType.BOOLEAN, ColumnType.FLOAT,
        ColumnType.DOUBLE, ColumnType.STRING, ColumnType.DATE, ColumnType.TIMESTAMP, ColumnType.decimal(12, 3), ColumnType.STRING,
        ColumnType.BINARY, ColumnType.TIME, ColumnType.decimal(20, 0));
    assertThat(s.columns()).extracting(Column::sourceType).startsWith("INT16", "INT64", "BOOL");
    TableSchema utc = one(DmsJsonDecoder.builder().dateTimeMode(DmsDateTimeMode.UTC).build(), control("create-table", def)).schema();
    assertThat(utc.column("h").type()).isEqualTo(ColumnType.TIMESTAMP_TZ);

    String odd = "{\"table-def\": {\"columns\": {\"g\": {\"type\": \"GEOMETRY\"}}}}";
    assertThatThrownBy(() -> decode(DmsJsonDecoder.create(), control("create-table", odd))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("unknown table-def type").hasMessageContaining("type=GEOMETRY")
        .satisfies(e -> assertThat(((DecodeException) e).path()).isEqualTo("$.control.table-def.columns.g.type"));
    assertThat(one(DmsJsonDecoder.builder().tableDefType("geometry", ColumnType.BINARY).build(), control("create-table", odd))
        .schema().column("g").type()).isEqualTo(ColumnType.BINARY);
    String badKey = "{\"table-def\": {\"columns\": {\"a\": {\"type\": \"INT32\"}}, \"primary-key\": [\"b\"]}}";
    assertThatThrownBy(() -> decode(DmsJsonDecoder.create(), control("create-table", badKey))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("primary-key names a column that is not in columns (column=b)");
  }

  @Test
  void parseTableDefReadsControlMessagesAndBareTableDefs() {
    DmsJsonDecoder d = DmsJsonDecoder.create();
    String def = "{\"table-def\": {\"columns\": {\"id\": {\"type\": \"INT32\", \"nullable\": false}}, \"primary-key\": [\"id\"]}}";
    DmsTableDef fromMessage = d.parseTableDef(control("create-table", def).getBytes(StandardCharsets.UTF_8));
    assertThat(fromMessage.table()).isEqualTo(FOO);
    assertThat(fromMessage.schema().primaryKey()).containsExactly("id");
    DmsTableDef bare = d.parseTableDef("{\"columns\": {\"x\": {\"type\": \"STRING\"}}}".getBytes(StandardCharsets.UTF_8));
    assertThat(bare.table()).isNull();
    assertThat(bare.schema().column("x").type()).isEqualTo(ColumnType.STRING);
    assertThatThrownBy(() -> d.parseTableDef("{\"x\": 1}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(InvalidEventException.class);
    assertThatThrownBy(() -> d.parseTableDef("{\"x\": ".getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedInputException.class);
  }

  // ------------------------------------------------------------------ rows, nulls, before images

  @Test
  void missingColumnsAreOmittedAndExplicitNullsAreNullWhateverIncludeNullAndEmptySays() {
    for (boolean include : new boolean[] {false, true}) {
      DmsJsonDecoder d = DmsJsonDecoder.builder().includeNullAndEmpty(include)
          .schemas(t -> schema(Column.required("id", ColumnType.INT), Column.optional("a", ColumnType.STRING),
              Column.optional("b", ColumnType.STRING)))
          .build();
      Row after = one(d, data("insert", "{\"id\": 1, \"a\": null}", "")).after();
      assertThat(after.state("a")).isEqualTo(ColumnState.NULL);
      assertThat(after.state("b")).isEqualTo(ColumnState.OMITTED); // declared, but never invented
      assertThat(after.size()).isEqualTo(2);
    }
  }

  @Test
  void beforeImageObjectIsTheUpdatesBeforeImageAndMayBeEmptyOrRenamed() {
    DmsJsonDecoder d = DmsJsonDecoder.create();
    String upd = data("update", "{\"id\": 2, \"v\": \"new\"}", "").replace("{\"data\"", "{\"before-image\": {\"id\": 1, \"v\": \"old\"}, \"data\"");
    ChangeEvent e = one(d, upd);
    assertThat(e.before()).isEqualTo(Row.of("id", 1L, "v", "old"));
    assertThat(e.after()).isEqualTo(Row.of("id", 2L, "v", "new"));
    assertThat(one(d, upd.replace("{\"id\": 1, \"v\": \"old\"}", "{}")).before()).isEqualTo(Row.empty());
    assertThat(one(d, data("update", "{\"id\": 2}", "")).before()).isNull();
    DmsJsonDecoder renamed = DmsJsonDecoder.builder().beforeImageField("old").build();
    assertThat(one(renamed, upd.replace("\"before-image\"", "\"old\"")).before()).isEqualTo(Row.of("id", 1L, "v", "old"));
    assertThatThrownBy(() -> decode(d, upd.replace("{\"id\": 1, \"v\": \"old\"}", "[1]"))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("before image is not an object");
  }

  @Test
  void beforeImageColumnsUseTheConfiguredPrefixAndSuffixAndComplementTheObject() {
    DmsJsonDecoder d = DmsJsonDecoder.builder().beforeImageColumns("old_", "_v").build();
    ChangeEvent e = one(d, data("update", "{\"id\": 2, \"v\": \"new\", \"old_id_v\": 1, \"old_v_v\": \"old\", \"old__v\": 3}", ""));
    assertThat(e.after()).isEqualTo(Row.of("id", 2L, "v", "new", "old__v", 3L)); // "old__v" has an empty name between prefix and suffix
    assertThat(e.before()).isEqualTo(Row.of("id", 1L, "v", "old"));
    String both = data("update", "{\"id\": 2, \"old_id_v\": 1, \"old_w_v\": \"w0\"}", "")
        .replace("{\"data\"", "{\"before-image\": {\"id\": 7}, \"data\"");
    assertThat(one(d, both).before()).isEqualTo(Row.of("id", 7L, "w", "w0"));
    // inserts carry no before image; their before-image columns are not columns of the row
    ChangeEvent ins = one(d, data("insert", "{\"id\": 2, \"old_id_v\": null}", ""));
    assertThat(ins.after()).isEqualTo(Row.of("id", 2L));
    assertThat(ins.before()).isNull();
  }

  @Test
  void mapRecordToDocumentRowsComeFromDoc() {
    ChangeEvent e = one(DmsJsonDecoder.builder().keyColumns(t -> List.of("id")).build(),
        data("insert", "{\"_doc\": {\"id\": 5, \"name\": \"x\"}}", ""));
    assertThat(e.after()).isEqualTo(Row.of("id", 5L, "name", "x"));
    assertThat(e.key()).isEqualTo(Row.of("id", 5L));
    assertThatThrownBy(() -> decode(DmsJsonDecoder.create(), data("insert", "{\"_doc\": {\"id\": 5}, \"id\": 6}", "")))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("both in data._doc and in data (column=id)");
    // a string-valued _doc column (for example JSON text) is an ordinary column
    assertThat(one(DmsJsonDecoder.create(), data("insert", "{\"_doc\": \"{}\"}", "")).after()).isEqualTo(Row.of("_doc", "{}"));
  }

  // ------------------------------------------------------------------ keys

  @Test
  void keyComesFromTheSchemaThenKeyColumnsThenThePartitionValue() {
    DmsJsonDecoder none = DmsJsonDecoder.create();
    assertThat(one(none, data("insert", "{\"id\": 1}", "")).key()).isNull();
    DmsJsonDecoder byConfig = DmsJsonDecoder.builder().keyColumns(t -> List.of("a", "b")).build();
    assertThat(one(byConfig, data("insert", "{\"b\": 2, \"a\": 1, \"c\": 3}", "")).key()).isEqualTo(Row.of("a", 1L, "b", 2L));
    DmsJsonDecoder schemaWins = DmsJsonDecoder.builder().keyColumns(t -> List.of("a"))
        .schemas(t -> schema(Column.required("b", ColumnType.INT), Column.optional("a", ColumnType.INT))).build();
    assertThat(one(schemaWins, data("insert", "{\"b\": 2, \"a\": 1}", "")).key()).isEqualTo(Row.of("b", 2));

    String pkMeta = "\"partition-key-value\": \"public.foo.42\"";
    String msg = data("update", "{\"name\": \"x\"}", pkMeta).replace("\"schema-table\"", "\"primary-key\"");
    DmsJsonDecoder withPrefix = DmsJsonDecoder.builder().keyColumns(t -> List.of("id")).partitionIncludeSchemaTable(true).build();
    assertThat(one(withPrefix, msg).key()).isEqualTo(Row.of("id", "public.foo.42".substring(11)));
    DmsJsonDecoder typedPk = DmsJsonDecoder.builder().partitionIncludeSchemaTable(true)
        .schemas(t -> schema(Column.required("id", ColumnType.LONG), Column.optional("name", ColumnType.STRING))).build();
    assertThat(one(typedPk, msg).key()).isEqualTo(Row.of("id", 42L));
    DmsJsonDecoder withoutPrefix = DmsJsonDecoder.builder().keyColumns(t -> List.of("id")).build();
    assertThat(one(withoutPrefix, msg.replace("public.foo.42", "42")).key()).isEqualTo(Row.of("id", "42"));
    // schema-table partitioning says nothing about the key
    assertThatThrownBy(() -> decode(withoutPrefix, data("update", "{\"name\": \"x\"}", pkMeta))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("a key column is missing from data (column=id")
        .satisfies(e -> assertThat(((DecodeException) e).field()).isEqualTo("id"));
    // a composite key cannot be split out of one partition value
    DmsJsonDecoder composite = DmsJsonDecoder.builder().keyColumns(t -> List.of("id", "k")).build();
    assertThatThrownBy(() -> decode(composite, msg.replace("public.foo.42", "42"))).isInstanceOf(InvalidEventException.class);
  }

  @Test
  void withoutPartitionKeyValueTheTransportsPartitionKeyStandsIn() {
    String msg = data("delete", "{\"name\": \"x\"}", "").replace("\"schema-table\"", "\"primary-key\"");
    DmsJsonDecoder d = DmsJsonDecoder.builder().partitionIncludeSchemaTable(true)
        .schemas(t -> schema(Column.required("id", ColumnType.INT), Column.optional("name", ColumnType.STRING))).build();
    RawMessage kafka = RawMessage.of("public.foo.7".getBytes(StandardCharsets.UTF_8), msg.getBytes(StandardCharsets.UTF_8));
    assertThat(d.decode(kafka).get(0).key()).isEqualTo(Row.of("id", 7));
    String lambda = "{\"Records\": [" + lambdaRecord(msg, "1").replace("\"partitionKey\": \"public.foo\"", "\"partitionKey\": \"public.foo.8\"")
        + "]}";
    assertThat(one(d, lambda).key()).isEqualTo(Row.of("id", 8));
    assertThatThrownBy(() -> d.decode(RawMessage.ofValue(msg.getBytes(StandardCharsets.UTF_8)))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("key column is missing");
  }

  // ------------------------------------------------------------------ values

  @Test
  void untypedNumbersAreExactAndIntegralScientificNotationIsALong() {
    Row r = one(DmsJsonDecoder.create(), data("insert",
        "{\"small\": 42, \"big\": 9007199254740993, \"huge\": 123456789012345678901234567890, \"sci\": 1.2345678901234567E+17,"
            + " \"frac\": 0.1, \"exp\": 1.5E-3, \"neg\": -9223372036854775808, \"t\": true, \"s\": \"5\", \"obj\": {\"a\": [1, 2.50]}}", ""))
        .after();
    assertThat(r.get("small")).isEqualTo(42L);
    assertThat(r.get("big")).isEqualTo(9007199254740993L); // 2^53 + 1: a double would round it
    assertThat(r.get("huge")).isEqualTo(new BigDecimal("123456789012345678901234567890"));
    assertThat(r.get("sci")).isEqualTo(123456789012345670L);
    assertThat(r.get("frac")).isEqualTo(new BigDecimal("0.1"));
    assertThat(r.get("exp")).isEqualTo(new BigDecimal("0.0015"));
    assertThat(r.get("neg")).isEqualTo(Long.MIN_VALUE);
    assertThat(r.get("t")).isEqualTo(true);
    assertThat(r.get("s")).isEqualTo("5");
    assertThat(r.get("obj")).isEqualTo("{\"a\":[1,2.50]}");
  }

  @Test
  void declaredNumbersAcceptNumbersAndNumericStringsExactly() {
    DmsJsonDecoder d = typed(Column.required("i", ColumnType.INT), Column.optional("l", ColumnType.LONG),
        Column.optional("l2", ColumnType.LONG), Column.optional("dec", ColumnType.decimal(38, 4)), Column.optional("dec2", ColumnType.decimal(5, 2)),
        Column.optional("f", ColumnType.FLOAT), Column.optional("dd", ColumnType.DOUBLE), Column.optional("nan", ColumnType.DOUBLE),
        Column.optional("b", ColumnType.BOOLEAN), Column.optional("b2", ColumnType.BOOLEAN), Column.optional("txt", ColumnType.STRING));
    Row r = one(d, data("insert", "{\"i\": \"5\", \"l\": 1.2345678901234567E+17, \"l2\": 9223372036854775807,"
        + " \"dec\": \"12345678901234567890123456789012.1\", \"dec2\": 1.5E+2, \"f\": 2.20000005, \"dd\": 0.1, \"nan\": \"NaN\","
        + " \"b\": \"true\", \"b2\": 0, \"txt\": 123456789012345678901234567890}", "")).after();
    assertThat(r.get("i")).isEqualTo(5);
    assertThat(r.get("l")).isEqualTo(123456789012345670L);
    assertThat(r.get("l2")).isEqualTo(Long.MAX_VALUE);
    assertThat(r.get("dec")).isEqualTo(new BigDecimal("12345678901234567890123456789012.1000"));
    assertThat(r.get("dec2")).isEqualTo(new BigDecimal("150.00"));
    assertThat(r.get("f")).isEqualTo(2.20000005f);
    assertThat(r.get("dd")).isEqualTo(0.1d);
    assertThat((Double) r.get("nan")).isNaN();
    assertThat(r.get("b")).isEqualTo(true);
    assertThat(r.get("b2")).isEqualTo(false);
    assertThat(r.get("txt")).isEqualTo("123456789012345678901234567890");
  }

  @Test
  void aValueThatDoesNotFitItsTypeFailsNamingTableColumnAndPathButNotTheValue() {
    DmsJsonDecoder d = typed(Column.required("id", ColumnType.INT), Column.optional("amount", ColumnType.decimal(6, 2)),
        Column.optional("n", ColumnType.INT), Column.optional("day", ColumnType.DATE));
    String secret = "{\"id\": 1, \"amount\": 1234.567}";
    String msg = data("insert", secret, "");
    assertThatThrownBy(() -> decode(d, msg)).isInstanceOfSatisfying(InvalidEventException.class, e -> {
      assertThat(e.table()).isEqualTo(FOO);
      assertThat(e.field()).isEqualTo("amount");
      assertThat(e.path()).isEqualTo("$.data.amount");
      assertThat(e.offset()).isEqualTo(msg.indexOf("1234.567"));
      assertThat(e.getMessage()).contains("more fraction digits than the column's scale (scale=2)").doesNotContain("1234");
    });
    assertThatThrownBy(() -> decode(d, data("insert", "{\"id\": 1, \"amount\": 99999.5}", ""))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("more digits than the column's precision (precision=6)").hasMessageNotContaining("99999");
    assertThatThrownBy(() -> decode(d, data("insert", "{\"id\": 1, \"n\": 3000000000}", ""))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("int range").hasMessageNotContaining("3000000000");
    assertThatThrownBy(() -> decode(d, data("insert", "{\"id\": 1, \"n\": \"seven\"}", ""))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("not a number").hasMessageNotContaining("seven");
    assertThatThrownBy(() -> decode(d, data("insert", "{\"id\": 1, \"day\": \"2024-02-30\"}", ""))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("column=day").hasMessageNotContaining("2024");
    assertThatThrownBy(() -> decode(d, data("insert", "{\"id\": 1, \"n\": 1e999}", ""))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("magnitude");
  }

  @Test
  void datetimeZIsAWallClockByDefaultAndAnInstantInUtcMode() {
    Column ts = Column.optional("ts", ColumnType.TIMESTAMP);
    Column tz = Column.optional("tz", ColumnType.TIMESTAMP_TZ);
    String row = "{\"id\": 1, \"ts\": \"2023-06-02T10:18:25.912723000Z\", \"tz\": \"2024-01-01T00:00:00Z\"}";
    Row r = one(typed(Column.required("id", ColumnType.INT), ts, tz), data("insert", row, "")).after();
    assertThat(r.get("ts")).isEqualTo(LocalDateTime.of(2023, 6, 2, 10, 18, 25, 912_723_000));
    assertThat(r.get("tz")).isEqualTo(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    // every fraction length from 0 to 9 digits
    String[] fractions = {"", ".1", ".12", ".123", ".1234", ".12345", ".123456", ".1234567", ".12345678", ".123456789"};
    int[] nanos = {0, 100_000_000, 120_000_000, 123_000_000, 123_400_000, 123_450_000, 123_456_000, 123_456_700, 123_456_780, 123_456_789};
    for (int i = 0; i < fractions.length; i++) {
      Row f = one(typed(Column.required("id", ColumnType.INT), ts), data("insert", "{\"id\": 1, \"ts\": \"2020-01-02T03:04:05" + fractions[i]
          + "Z\"}", "")).after();
      assertThat(f.get("ts")).isEqualTo(LocalDateTime.of(2020, 1, 2, 3, 4, 5, nanos[i]));
    }
    assertThatThrownBy(() -> decode(typed(Column.required("id", ColumnType.INT), ts),
        data("insert", "{\"id\": 1, \"ts\": \"2020-01-02T03:04:05.1234567891Z\"}", ""))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("more than 9 fraction digits");
    // a zone-less value of a timestamptz column needs the source to say its DATETIMEs are UTC
    String naive = data("insert", "{\"id\": 1, \"tz\": \"2024-01-01 12:00:00\"}", "");
    assertThatThrownBy(() -> decode(typed(Column.required("id", ColumnType.INT), tz), naive)).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("see dateTimeMode");
    TableSchema s = schema(Column.required("id", ColumnType.INT), tz);
    DmsJsonDecoder utc = DmsJsonDecoder.builder().dateTimeMode(DmsDateTimeMode.UTC).schemas(t -> s).build();
    assertThat(one(utc, naive).after().get("tz")).isEqualTo(OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC));
  }

  @Test
  void binaryIsHexWithOrWithoutPrefixAndOtherTypesConvert() {
    DmsJsonDecoder d = typed(Column.required("id", ColumnType.INT), Column.optional("b1", ColumnType.BINARY),
        Column.optional("b2", ColumnType.BINARY), Column.optional("u", ColumnType.UUID), Column.optional("t", ColumnType.TIME),
        Column.optional("j", ColumnType.JSON), Column.optional("d", ColumnType.DATE), Column.optional("tags", ColumnType.list(ColumnType.INT)));
    Row r = one(d, data("insert", "{\"id\": 1, \"b1\": \"0xDEADbeef\", \"b2\": \"00ff\", \"u\": \"123e4567-e89b-12d3-a456-426614174000\","
        + " \"t\": \"13:45:01.5\", \"j\": \"{\\\"foo\\\": \\\"bar\\\"}\", \"d\": \"2020-02-29\", \"tags\": [1, 2, null]}", "")).after();
    assertThat((byte[]) r.get("b1")).containsExactly(0xde, 0xad, 0xbe, 0xef);
    assertThat((byte[]) r.get("b2")).containsExactly(0x00, 0xff);
    assertThat(r.get("u")).isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
    assertThat(r.get("t")).isEqualTo(LocalTime.of(13, 45, 1, 500_000_000));
    assertThat(r.get("j")).isEqualTo("{\"foo\": \"bar\"}");
    assertThat(r.get("d")).isEqualTo(LocalDate.of(2020, 2, 29));
    assertThat(r.get("tags")).isEqualTo(java.util.Arrays.asList(1, 2, null));
    assertThatThrownBy(() -> decode(d, data("insert", "{\"id\": 1, \"b1\": \"0xABC\"}", ""))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("odd length");
    DmsJsonDecoder b64 = DmsJsonDecoder.builder().binaryEncoding(DmsBinaryEncoding.BASE64)
        .schemas(t -> schema(Column.required("id", ColumnType.INT), Column.optional("b1", ColumnType.BINARY))).build();
    assertThat((byte[]) one(b64, data("insert", "{\"id\": 1, \"b1\": \"3q2+7w==\"}", "")).after().get("b1")).containsExactly(0xde, 0xad,
        0xbe, 0xef);
  }

  // ------------------------------------------------------------------ metadata and positions

  @Test
  void transactionIdMayBeANumberOrAStringAndPrevFieldsAreValidated() {
    DmsJsonDecoder d = DmsJsonDecoder.create();
    assertThat(one(d, data("insert", "{}", "\"transaction-id\": \"0A.1B.22\"")).transaction().id()).isEqualTo("0A.1B.22");
    assertThat(one(d, data("insert", "{}", "\"transaction-id\": 123456789012345678901234")).transaction().id())
        .isEqualTo("123456789012345678901234");
    assertThat(one(d, data("insert", "{}", "")).transaction()).isNull();
    assertThatThrownBy(() -> decode(d, data("insert", "{}", "\"transaction-id\": 1.5"))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("field=transaction-id");
    assertThatThrownBy(() -> decode(d, data("insert", "{}", "\"transaction-id\": 1, \"prev-transaction-record-id\": -2")))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("field=prev-transaction-record-id");
    assertThatThrownBy(() -> decode(d, data("insert", "{}", "\"commit-timestamp\": \"yesterday\""))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("field=commit-timestamp");
  }

  @Test
  void positionsOrderMysqlBinlogPostgresLsnAndCommitTimes() {
    DmsJsonDecoder d = DmsJsonDecoder.create();
    SourcePosition m1 = one(d, data("insert", "{}", "\"transaction-id\": 1, \"transaction-record-id\": 2, \"stream-position\":"
        + " \"mysql-bin-changelog.000009:900:0:950:1:mysql-bin-changelog.000009:800\"")).position();
    SourcePosition m2 = one(d, data("insert", "{}", "\"transaction-id\": 2, \"transaction-record-id\": 1, \"stream-position\":"
        + " \"mysql-bin-changelog.000010:4:0:80:2:mysql-bin-changelog.000010:4\"")).position();
    assertThat(m1.kind()).isEqualTo("dms-mysql");
    assertThat(m1).isLessThan(m2); // the next binlog file comes later, whatever its offset
    SourcePosition p1 = one(d, data("insert", "{}", "\"stream-position\": \"00000002/7C007178.3.00000002/7C007178\"")).position();
    SourcePosition p2 = one(d, data("insert", "{}", "\"stream-position\": \"00000003/00000001.2.00000003/00000001\"")).position();
    assertThat(p1.kind()).isEqualTo("dms-postgresql");
    assertThat(p1).isLessThan(p2);
    SourcePosition c1 = one(d, data("insert", "{}", "\"commit-timestamp\": \"2024-01-01T00:00:00.000001Z\", \"transaction-record-id\": 9,"
        + " \"stream-position\": \"0000013C:00001234:0001\"")).position();
    SourcePosition c2 = one(d, data("insert", "{}", "\"commit-timestamp\": \"2024-01-01T00:00:00.000002Z\", \"transaction-record-id\": 1"))
        .position();
    assertThat(c1.kind()).isEqualTo("dms-commit-time");
    assertThat(c1.text()).isEqualTo("0000013C:00001234:0001");
    assertThat(c1).isLessThan(c2);
    assertThat(one(d, data("insert", "{}", "\"stream-position\": \"opaque\"")).position().isComparable()).isFalse();
  }

  @Test
  void internalTablesAreSkippedAndCountedOrDecodedWhenAsked() {
    String awsdms = data("insert", "{\"TASK_NAME\": \"x\"}", "").replace("\"schema-name\": \"public\"", "\"schema-name\": \"\"")
        .replace("\"table-name\": \"foo\"", "\"table-name\": \"awsdms_status\"");
    DmsJsonDecoder d = DmsJsonDecoder.create();
    assertThat(decode(d, awsdms)).isEmpty();
    assertThat(decode(d, awsdms)).isEmpty();
    assertThat(d.skippedInternalRecords()).isEqualTo(2);
    assertThat(d.skippedInternalRecordsByTable()).containsEntry("awsdms_status", 2L);
    ChangeEvent kept = one(DmsJsonDecoder.builder().skipInternalTables(false).build(), awsdms);
    assertThat(kept.table()).isEqualTo(TableId.of(null, "awsdms_status"));
    // a user table that merely starts with awsdms_ in a real schema is not DMS's
    assertThat(decode(d, awsdms.replace("\"schema-name\": \"\"", "\"schema-name\": \"app\""))).hasSize(1);
  }

  // ------------------------------------------------------------------ Kinesis wrappers and transport

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void lambdaKinesisEventGivesOneEventPerRecordWithItsSequenceNumber() {
    String seq1 = "49590338271490256608559692538361571095921575989136588898";
    String seq2 = "49590338271490256608559692540925702759324208523137515618";
    String event = "{\"Records\": [" + lambdaRecord(data("insert", "{\"id\": 1}", ""), seq1) + ", "
        + lambdaRecord(data("delete", "{\"id\": 1}", ""), seq2) + "]}";
    List<ChangeEvent> events = decode(DmsJsonDecoder.create(), event);
    assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.INSERT, Op.DELETE);
    assertThat(events.get(0).transport()).isEqualTo(TransportPosition.kinesis("dms-stream", "shardId-000000000006", seq1));
    assertThat(events.get(1).transport().offset()).isEqualTo(seq2).hasSize(56);
    assertThat(events.get(0).transport()).isLessThan(events.get(1).transport());
    DmsJsonDecoder named = DmsJsonDecoder.builder().kinesisStreamName("mine").build();
    assertThat(decode(named, event).get(0).transport().stream()).isEqualTo("mine");
  }

  static String lambdaRecord(String dms, String seq) {
    return "{\"kinesis\": {\"kinesisSchemaVersion\": \"1.0\", \"partitionKey\": \"public.foo\", \"sequenceNumber\": \"" + seq + "\","
        + " \"data\": \"" + b64(dms) + "\", \"approximateArrivalTimestamp\": 1545084650.987}, \"eventSource\": \"aws:kinesis\","
        + " \"eventVersion\": \"1.0\", \"eventID\": \"shardId-000000000006:" + seq + "\", \"eventName\": \"aws:kinesis:record\","
        + " \"awsRegion\": \"us-east-2\", \"eventSourceARN\": \"arn:aws:kinesis:us-east-2:123456789012:stream/dms-stream\"}";
  }

  @Test
  void getRecordsDumpUsesConfiguredStreamAndShard() {
    String dump = "{\"Records\": [{\"SequenceNumber\": \"4959\", \"ApproximateArrivalTimestamp\": \"2024-01-01T00:00:00Z\", \"Data\": \""
        + b64(data("insert", "{\"id\": 1}", "")) + "\", \"PartitionKey\": \"public.foo\"}], \"NextShardIterator\": \"AAAA\","
        + " \"MillisBehindLatest\": 0}";
    DmsJsonDecoder d = DmsJsonDecoder.builder().kinesisStreamName("s").kinesisShardId("shardId-000000000001").build();
    assertThat(one(d, dump).transport()).isEqualTo(TransportPosition.kinesis("s", "shardId-000000000001", "4959"));
    assertThat(one(DmsJsonDecoder.create(), dump).transport()).isEqualTo(TransportPosition.kinesis("kinesis", "", "4959"));
  }

  @Test
  void errorsInsideAKinesisRecordNameTheRecordAndThePathInside() {
    String bad = "{\"Records\": [" + lambdaRecord(data("insert", "{\"id\": 1}", ""), "1") + ", "
        + lambdaRecord(data("merge", "{\"id\": 1}", ""), "2") + "]}";
    List<ChangeEvent> seen = new ArrayList<>();
    assertThatThrownBy(() -> DmsJsonDecoder.create().decode(RawMessage.ofValue(bad.getBytes(StandardCharsets.UTF_8)), seen::add))
        .isInstanceOfSatisfying(InvalidEventException.class, e -> {
          assertThat(e.path()).isEqualTo("$.Records[1].kinesis.data:$.metadata.operation");
          assertThat(e.offset()).isEqualTo(bad.indexOf(b64(data("merge", "{\"id\": 1}", ""))) - 1);
        });
    assertThat(seen).isEmpty(); // nothing is emitted for a message that fails
    String notBase64 = "{\"Records\": [{\"kinesis\": {\"data\": \"%%%\", \"sequenceNumber\": \"1\"}}]}";
    assertThatThrownBy(() -> decode(DmsJsonDecoder.create(), notBase64)).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("not base64");
    String notJson = "{\"Records\": [{\"kinesis\": {\"data\": \"" + b64("{\"data\": ") + "\", \"sequenceNumber\": \"1\"}}]}";
    assertThatThrownBy(() -> decode(DmsJsonDecoder.create(), notJson)).isInstanceOfSatisfying(MalformedInputException.class,
        e -> assertThat(e.path()).startsWith("$.Records[0].kinesis.data:"));
  }

  @Test
  void rawMessageTransportIsCopiedAndATombstoneIsNotAnInsert() {
    TransportPosition at = TransportPosition.kafka("dms", 3, 17);
    RawMessage m = new RawMessage("public.foo".getBytes(StandardCharsets.UTF_8), data("insert", "{\"id\": 1}", "").getBytes(StandardCharsets.UTF_8),
        null, "dms", at);
    assertThat(DmsJsonDecoder.create().decode(m).get(0).transport()).isEqualTo(at);
    List<ChangeEvent> tomb = DmsJsonDecoder.create().decode(new RawMessage(null, null, null, "dms", at));
    assertThat(tomb).singleElement().satisfies(e -> {
      assertThat(e.op()).isEqualTo(Op.TOMBSTONE);
      assertThat(e.transport()).isEqualTo(at);
    });
    RawMessage broken = new RawMessage(null, "{".getBytes(StandardCharsets.UTF_8), null, "dms", at);
    assertThatThrownBy(() -> DmsJsonDecoder.create().decode(broken)).isInstanceOfSatisfying(MalformedInputException.class,
        e -> assertThat(e.input()).isEqualTo("dms/3@17"));
  }

  @Test
  void streamsOfPrettyLinesArraysAndConcatenatedMessagesDecodeAlike() {
    String a = data("insert", "{\"id\": 1}", "");
    String b = data("delete", "{\"id\": 1}", "");
    DmsJsonDecoder d = DmsJsonDecoder.create();
    List<List<ChangeEvent>> results = new ArrayList<>();
    for (String input : List.of(a + "\n" + b + "\n", "[" + a + "," + b + "]", a + b, "\n\n  " + a.replace(", ", ",\n\t") + "\r\n" + b)) {
      List<ChangeEvent> out = new ArrayList<>();
      d.decodeStream(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), null, out::add);
      results.add(out);
    }
    assertThat(results.get(0)).hasSize(2).extracting(ChangeEvent::op).containsExactly(Op.INSERT, Op.DELETE);
    assertThat(results).allSatisfy(r -> assertThat(r).isEqualTo(results.get(0)));
    assertThat(results.get(0)).isEqualTo(List.of(one(d, a), one(d, b)));
  }

  @Test
  void oneDecoderServesManyThreadsWithTheSameResults() throws Exception {
    DmsJsonDecoder d = DmsJsonDecoder.builder().keyColumns(t -> List.of("id")).build();
    List<byte[]> msgs = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      msgs.add(data(i % 3 == 0 ? "update" : "insert", "{\"id\": " + i + ", \"v\": \"x" + i + "\"}", "\"transaction-id\": " + i)
          .getBytes(StandardCharsets.UTF_8));
    }
    byte[] internal = data("insert", "{}", "").replace("\"schema-name\": \"public\"", "\"schema-name\": \"\"")
        .replace("\"table-name\": \"foo\"", "\"table-name\": \"awsdms_history\"").getBytes(StandardCharsets.UTF_8);
    List<ChangeEvent> expected = new ArrayList<>();
    msgs.forEach(m -> expected.addAll(d.decode(m)));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<List<ChangeEvent>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          List<ChangeEvent> out = new ArrayList<>();
          for (byte[] m : msgs) {
            out.addAll(d.decode(m));
            d.decode(internal);
          }
          return out;
        }));
      }
      for (java.util.concurrent.Future<List<ChangeEvent>> f : results) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(d.skippedInternalRecords()).isEqualTo(4 * 500);
  }

  @Test
  void aStreamErrorNamesTheMessageOrdinal() {
    String a = data("insert", "{\"id\": 1}", "");
    String input = a + "\n" + a.replace("insert", "bogus") + "\n";
    List<ChangeEvent> out = new ArrayList<>();
    assertThatThrownBy(() -> DmsJsonDecoder.create().decodeStream(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "f.json",
        out::add)).isInstanceOfSatisfying(InvalidEventException.class, e -> {
          assertThat(e.input()).isEqualTo("f.json message 2");
          assertThat(e.offset()).isGreaterThan(a.length());
        });
    assertThat(out).hasSize(1);
  }
}
