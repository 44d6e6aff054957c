package io.cdclake.codec.debezium;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.cdclake.codec.debezium.testing.DebeziumJsonEncoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.Row;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A quick non-JMH loop (run with {@code -Dcdclake.throughput=true}): decode rate for JSON with and
 * without schema, next to the rate of merely tokenizing the same messages with Jackson.
 */
class ThroughputCheck {
  @Test
  void printThroughput() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("cdclake.throughput"), "set -Dcdclake.throughput=true");
    TableSchema schema = TableSchema.of(List.of(Column.required("id", ColumnType.LONG), Column.optional("name", ColumnType.STRING),
        Column.optional("price", ColumnType.decimal(10, 2)), Column.optional("qty", ColumnType.INT),
        Column.optional("created", ColumnType.TIMESTAMP), Column.optional("updated", ColumnType.TIMESTAMP_TZ),
        Column.optional("active", ColumnType.BOOLEAN), Column.optional("weight", ColumnType.DOUBLE),
        Column.optional("note", ColumnType.STRING), Column.optional("code", ColumnType.STRING)), List.of("id"));
    ChangeEvent e = ChangeEvent.builder(Op.UPDATE).table(io.cdclake.model.TableId.of("db", "public", "orders"))
        .before(row(1)).after(row(2)).key(Row.of("id", 42L))
        .position(SourcePosition.of("postgresql", new String[] {"lastCommitLsn", "lsn"}, 1000L, 1200L))
        .commitTime(Instant.ofEpochMilli(1_700_000_000_000L)).processedTime(Instant.ofEpochMilli(1_700_000_000_100L)).build();
    byte[] with = DebeziumJsonEncoder.builder().withSchema(true).build().value(e, schema);
    byte[] without = DebeziumJsonEncoder.builder().withSchema(false).build().value(e, schema);
    DebeziumDecoder withDecoder = DebeziumDecoder.create();
    DebeziumDecoder withoutDecoder = DebeziumDecoder.builder().schemaless(t -> schema).build();
    DebeziumDecoder slow = DebeziumDecoder.builder().schemaFastPath(false).build();
    JsonFactory f = new JsonFactory();
    for (int round = 0; round < 3; round++) {
      System.out.printf("round %d: message %d bytes with schema, %d without%n", round, with.length, without.length);
      rate("tokenize only, with schema", () -> tokenize(f, with));
      rate("decode, with schema (fast path)", () -> withDecoder.decodeOne(RawMessage.ofValue(with)));
      rate("decode, with schema (fast path off)", () -> slow.decodeOne(RawMessage.ofValue(with)));
      rate("tokenize only, without schema", () -> tokenize(f, without));
      rate("decode, without schema (table schema given)", () -> withoutDecoder.decodeOne(RawMessage.ofValue(without)));
    }
  }

  static Row row(int v) {
    return Row.of("id", 42L, "name", "widget " + v, "price", new BigDecimal("12.3" + v), "qty", v, "created",
        LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123456000), "updated", OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC), "active", true,
        "weight", 1.5 * v, "note", "some longer text that a row might carry around", "code", "ABC-" + v);
  }

  interface Op0 {
    Object run() throws Exception;
  }

  static Object tokenize(JsonFactory f, byte[] b) throws Exception {
    int n = 0;
    try (JsonParser p = f.createParser(b)) {
      while (p.nextToken() != null) {
        n++;
      }
    }
    return n;
  }

  static void rate(String name, Op0 op) throws Exception {
    Object sink = null;
    for (int i = 0; i < 50_000; i++) {
      sink = op.run();
    }
    int n = 300_000;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sink = op.run();
    }
    long ns = System.nanoTime() - t0;
    System.out.printf("  %-45s %,12.0f events/s%s%n", name, n * 1e9 / ns, sink == null ? "!" : "");
  }
}
