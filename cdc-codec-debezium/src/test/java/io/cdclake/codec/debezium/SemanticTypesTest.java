package io.cdclake.codec.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.Row;
import io.cdclake.model.TableSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** SPEC B.5/B.6 semantic types, placeholders, PK changes, transaction ids and PostgreSQL ordering. */
class SemanticTypesTest {
  static final String SOURCE = ReliabilityTest.SOURCE;

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** One-field envelope with a schema for the field. */
  static byte[] withSchema(String fieldSchema, String jsonValue) {
    String schema = "{\"type\":\"struct\",\"fields\":[{\"type\":\"struct\",\"fields\":[" + fieldSchema + "],\"optional\":true,\"name\":\"x.Value\","
        + "\"field\":\"after\"},{\"type\":\"struct\",\"fields\":[],\"optional\":false,\"field\":\"source\"},{\"type\":\"string\","
        + "\"optional\":false,\"field\":\"op\"}],\"optional\":false,\"name\":\"x.Envelope\"}";
    return utf8("{\"schema\":" + schema + ",\"payload\":{\"after\":{\"v\":" + jsonValue + "}," + SOURCE + ",\"op\":\"c\"}}");
  }

  static Object decode(String fieldSchema, String jsonValue) {
    return DebeziumDecoder.create().decodeOne(RawMessage.ofValue(withSchema(fieldSchema, jsonValue))).after().get("v");
  }

  static ColumnState state(DebeziumDecoder d, String fieldSchema, String jsonValue) {
    return d.decodeOne(RawMessage.ofValue(withSchema(fieldSchema, jsonValue))).after().state("v");
  }

  static final String DECIMAL = "{\"type\":\"bytes\",\"optional\":true,\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,"
      + "\"parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"10\"},\"field\":\"v\"}";

  @Test
  void decimalAsBase64OrJsonNumberUnderTheSameSchema() {
    assertThat(decode(DECIMAL, "\"MDk=\"")).isEqualTo(new BigDecimal("123.45"));
    assertThat(decode(DECIMAL, "123.45")).isEqualTo(new BigDecimal("123.45"));
    assertThat(decode(DECIMAL, "123.4")).isEqualTo(new BigDecimal("123.40"));
    assertThat(decode(DECIMAL, "\"/w==\"")).isEqualTo(new BigDecimal("-0.01"));
  }

  @Test
  void variableScaleDecimalKeepsItsOwnScale() {
    String vsd = "{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"field\":\"scale\"},{\"type\":\"bytes\",\"field\":\"value\"}],"
        + "\"optional\":true,\"name\":\"io.debezium.data.VariableScaleDecimal\",\"field\":\"v\"}";
    assertThat(decode(vsd, "{\"scale\":3,\"value\":\"MDk=\"}")).isEqualTo("12.345");
  }

  @Test
  void bitsAreLittleEndianOnTheWire() {
    String bits = "{\"type\":\"bytes\",\"optional\":true,\"name\":\"io.debezium.data.Bits\",\"parameters\":{\"length\":\"16\"},\"field\":\"v\"}";
    assertThat((byte[]) decode(bits, "\"AQI=\"")).containsExactly(2, 1);
  }

  @Test
  void microDurationAsInt64OrFloat64() {
    String dur = "{\"type\":\"int64\",\"optional\":true,\"name\":\"io.debezium.time.MicroDuration\",\"field\":\"v\"}";
    assertThat(decode(dur, "3600000000")).isEqualTo(3_600_000_000L);
    assertThat(decode(dur, "2.5E6")).isEqualTo(2_500_000L);
  }

  @Test
  void zonedTimestampWithZeroToNineFractionDigits() {
    String z = "{\"type\":\"string\",\"optional\":true,\"name\":\"io.debezium.time.ZonedTimestamp\",\"field\":\"v\"}";
    assertThat(decode(z, "\"2023-03-23T22:00:10Z\"")).isEqualTo(OffsetDateTime.of(2023, 3, 23, 22, 0, 10, 0, ZoneOffset.UTC));
    assertThat(decode(z, "\"2023-03-23T22:00:10.1Z\"")).isEqualTo(OffsetDateTime.of(2023, 3, 23, 22, 0, 10, 100_000_000, ZoneOffset.UTC));
    assertThat(decode(z, "\"2023-03-23T22:00:10.123456789+05:30\"")).isEqualTo(OffsetDateTime.of(2023, 3, 23, 22, 0, 10, 123_456_789,
        ZoneOffset.ofHoursMinutes(5, 30)));
    assertThat(decode(z, "\"infinity\"")).isEqualTo(OffsetDateTime.MAX);
    assertThat(decode(z, "\"-infinity\"")).isEqualTo(OffsetDateTime.MIN);
  }

  @Test
  void postgresInfinityTimestampsAreExplicit() {
    String micro = "{\"type\":\"int64\",\"optional\":true,\"name\":\"io.debezium.time.MicroTimestamp\",\"field\":\"v\"}";
    String nano = "{\"type\":\"int64\",\"optional\":true,\"name\":\"io.debezium.time.NanoTimestamp\",\"field\":\"v\"}";
    String milli = "{\"type\":\"int64\",\"optional\":true,\"name\":\"io.debezium.time.Timestamp\",\"field\":\"v\"}";
    assertThat(decode(micro, "9223372036825200000")).isEqualTo(LocalDateTime.MAX);
    assertThat(decode(micro, "-9223372036832400000")).isEqualTo(LocalDateTime.MIN);
    assertThat(decode(milli, "9223372036825200000")).isEqualTo(LocalDateTime.MAX);
    assertThat(decode(nano, "9223372036854775807")).isEqualTo(LocalDateTime.MAX);
    assertThat(decode(nano, "-9223372036854775808")).isEqualTo(LocalDateTime.MIN);
    assertThat(decode(micro, "-1")).isEqualTo(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000));
  }

  @Test
  void timeUnitsFollowTheSemanticName() {
    assertThat(decode("{\"type\":\"int32\",\"name\":\"io.debezium.time.Time\",\"field\":\"v\"}", "1000")).isEqualTo(LocalTime.of(0, 0, 1));
    assertThat(decode("{\"type\":\"int64\",\"name\":\"io.debezium.time.MicroTime\",\"field\":\"v\"}", "1000")).isEqualTo(LocalTime.of(0, 0, 0,
        1_000_000));
    assertThat(decode("{\"type\":\"int64\",\"name\":\"io.debezium.time.NanoTime\",\"field\":\"v\"}", "1000")).isEqualTo(LocalTime.of(0, 0, 0,
        1000));
    assertThat(decode("{\"type\":\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\",\"field\":\"v\"}", "1000"))
        .isEqualTo(LocalDateTime.of(1970, 1, 1, 0, 0, 1));
  }

  @Test
  void int64IsParsedExactly() {
    assertThat(decode("{\"type\":\"int64\",\"field\":\"v\"}", "9007199254740993")).isEqualTo(9_007_199_254_740_993L);
  }

  @Test
  void placeholderInEveryForm() {
    DebeziumDecoder d = DebeziumDecoder.create();
    String ph = DebeziumDecoder.DEFAULT_PLACEHOLDER;
    StringBuilder ints = new StringBuilder("[");
    for (byte b : ph.getBytes(StandardCharsets.UTF_8)) {
      ints.append(ints.length() > 1 ? "," : "").append(b);
    }
    ints.append(']');
    assertThat(state(d, "{\"type\":\"string\",\"field\":\"v\"}", "\"" + ph + "\"")).isEqualTo(ColumnState.UNCHANGED);
    assertThat(state(d, "{\"type\":\"bytes\",\"field\":\"v\"}", "\"X19kZWJleml1bV91bmF2YWlsYWJsZV92YWx1ZQ==\"")).isEqualTo(ColumnState.UNCHANGED);
    assertThat(state(d, DECIMAL, "\"X19kZWJleml1bV91bmF2YWlsYWJsZV92YWx1ZQ==\"")).isEqualTo(ColumnState.UNCHANGED);
    assertThat(state(d, "{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"field\":\"v\"}", "[\"" + ph + "\"]"))
        .isEqualTo(ColumnState.UNCHANGED);
    assertThat(state(d, "{\"type\":\"array\",\"items\":{\"type\":\"int32\"},\"field\":\"v\"}", ints.toString())).isEqualTo(ColumnState.UNCHANGED);
    assertThat(state(d, "{\"type\":\"array\",\"items\":{\"type\":\"int64\"},\"field\":\"v\"}", ints.toString())).isEqualTo(ColumnState.UNCHANGED);
    assertThat(state(d, "{\"type\":\"array\",\"items\":{\"type\":\"int32\",\"name\":\"io.debezium.time.Date\"},\"field\":\"v\"}", ints.toString()))
        .isEqualTo(ColumnState.UNCHANGED);
    assertThat(state(d, "{\"type\":\"map\",\"keys\":{\"type\":\"string\"},\"values\":{\"type\":\"string\"},\"field\":\"v\"}",
        "{\"" + ph + "\":\"" + ph + "\"}")).isEqualTo(ColumnState.UNCHANGED);
    assertThat(state(d, "{\"type\":\"array\",\"items\":{\"type\":\"string\",\"name\":\"io.debezium.data.Uuid\"},\"field\":\"v\"}",
        "[\"" + UUID.nameUUIDFromBytes(ph.getBytes(StandardCharsets.UTF_8)) + "\"]")).isEqualTo(ColumnState.UNCHANGED);
    // a real one-element text array is a value
    assertThat(state(d, "{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"field\":\"v\"}", "[\"x\"]")).isEqualTo(ColumnState.VALUE);
  }

  @Test
  void configurablePlaceholderIncludingHex() {
    DebeziumDecoder custom = DebeziumDecoder.builder().unavailableValuePlaceholder("~toast~").build();
    assertThat(state(custom, "{\"type\":\"string\",\"field\":\"v\"}", "\"~toast~\"")).isEqualTo(ColumnState.UNCHANGED);
    assertThat(state(custom, "{\"type\":\"string\",\"field\":\"v\"}", "\"" + DebeziumDecoder.DEFAULT_PLACEHOLDER + "\""))
        .isEqualTo(ColumnState.VALUE);
    DebeziumDecoder hex = DebeziumDecoder.builder().unavailableValuePlaceholder("hex:7e7e").build();
    assertThat(state(hex, "{\"type\":\"bytes\",\"field\":\"v\"}", "\"fn4=\"")).isEqualTo(ColumnState.UNCHANGED);
    assertThat(state(hex, "{\"type\":\"string\",\"field\":\"v\"}", "\"~~\"")).isEqualTo(ColumnState.UNCHANGED);
  }

  @Test
  void primaryKeyChangeIsDeleteTombstoneInsert() {
    DebeziumDecoder d = DebeziumDecoder.create();
    byte[] oldKey = utf8("{\"id\":1}");
    byte[] newKey = utf8("{\"id\":2}");
    ChangeEvent del = d.decodeOne(new RawMessage(oldKey, utf8("{\"before\":{\"id\":1,\"v\":\"a\"},\"after\":null," + SOURCE + ",\"op\":\"d\"}"),
        Map.of("__debezium.newkey", newKey), null, null));
    ChangeEvent tomb = d.decodeOne(RawMessage.of(oldKey, null));
    ChangeEvent ins = d.decodeOne(new RawMessage(newKey, utf8("{\"before\":null,\"after\":{\"id\":2,\"v\":\"a\"}," + SOURCE + ",\"op\":\"c\"}"),
        Map.of("__debezium.oldkey", oldKey), null, null));
    assertThat(List.of(del.op(), tomb.op(), ins.op())).containsExactly(Op.DELETE, Op.TOMBSTONE, Op.INSERT);
    assertThat(del.key()).isEqualTo(Row.of("id", 1L));
    assertThat(tomb.key()).isEqualTo(Row.of("id", 1L));
    assertThat(ins.key()).isEqualTo(Row.of("id", 2L));
  }

  @Test
  void postgresInterleavedTransactionsOrderByCommitThenEvent() {
    DebeziumDecoder d = DebeziumDecoder.create();
    // T2 (lsn 200..) commits at 250 before T1 (events at lsn 100 and 300) commits at 400
    ChangeEvent t2 = pg(d, "[\"50\",\"200\"]", 200);
    ChangeEvent t1a = pg(d, "[\"250\",\"100\"]", 100);
    ChangeEvent t1b = pg(d, "[\"250\",\"300\"]", 300);
    assertThat(t2.position()).isLessThan(t1a.position());
    assertThat(t1a.position()).isLessThan(t1b.position());
    ChangeEvent noSequence = pg(d, null, 120);
    assertThat(noSequence.position().part(0)).isEqualTo(120L);
  }

  private static ChangeEvent pg(DebeziumDecoder d, String sequence, long lsn) {
    String seq = sequence == null ? "null" : "\"" + sequence.replace("\"", "\\\"") + "\"";
    return d.decodeOne(RawMessage.ofValue(utf8("{\"after\":{\"id\":1},\"source\":{\"connector\":\"postgresql\",\"db\":\"d\",\"schema\":\"s\","
        + "\"table\":\"t\",\"lsn\":" + lsn + ",\"sequence\":" + seq + ",\"txId\":9},\"op\":\"u\"}")));
  }

  @Test
  void schemalessTemporalUnitsFromModeAndSourceType() {
    TableSchema schema = TableSchema.of(List.of(Column.optional("a", ColumnType.TIMESTAMP),
        new Column("b", ColumnType.TIMESTAMP, true, "timestamp(3)", null), new Column("c", ColumnType.TIMESTAMP, true,
            "io.debezium.time.NanoTimestamp", null), Column.optional("d", ColumnType.TIME)), List.of());
    byte[] msg = utf8("{\"after\":{\"a\":1000000,\"b\":1000,\"c\":1000000000,\"d\":1000000}," + SOURCE + ",\"op\":\"c\"}");
    Row adaptive = DebeziumDecoder.builder().schemaless(t -> schema).build().decodeOne(RawMessage.ofValue(msg)).after();
    LocalDateTime oneSecond = LocalDateTime.of(1970, 1, 1, 0, 0, 1);
    assertThat(adaptive.get("a")).isEqualTo(oneSecond);
    assertThat(adaptive.get("b")).isEqualTo(oneSecond);
    assertThat(adaptive.get("c")).isEqualTo(oneSecond);
    assertThat(adaptive.get("d")).isEqualTo(LocalTime.of(0, 0, 1));
    Row connect = DebeziumDecoder.builder().schemaless(t -> schema).timePrecisionMode(TimePrecisionMode.CONNECT).build()
        .decodeOne(RawMessage.ofValue(msg)).after();
    assertThat(connect.get("a")).isEqualTo(LocalDateTime.of(1970, 1, 1, 0, 16, 40));
    assertThat(connect.get("d")).isEqualTo(LocalTime.of(0, 16, 40));
  }

  @Test
  void schemalessDecimalModes() {
    TableSchema schema = TableSchema.of(List.of(Column.optional("p", ColumnType.decimal(10, 2))), List.of());
    byte[] text = utf8("{\"after\":{\"p\":\"50.50\"}," + SOURCE + ",\"op\":\"c\"}");
    byte[] dbl = utf8("{\"after\":{\"p\":0.30000000000000004}," + SOURCE + ",\"op\":\"c\"}");
    assertThat(DebeziumDecoder.builder().schemaless(t -> schema).decimalHandlingMode(DecimalHandlingMode.STRING).build()
        .decodeOne(RawMessage.ofValue(text)).after().get("p")).isEqualTo(new BigDecimal("50.50"));
    assertThat(DebeziumDecoder.builder().schemaless(t -> schema).decimalHandlingMode(DecimalHandlingMode.DOUBLE).build()
        .decodeOne(RawMessage.ofValue(dbl)).after().get("p")).isEqualTo(new BigDecimal("0.30"));
  }
}
