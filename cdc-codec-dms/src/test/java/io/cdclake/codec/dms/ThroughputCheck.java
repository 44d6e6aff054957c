package io.cdclake.codec.dms;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.cdclake.codec.dms.testing.DmsCsvEncoder;
import io.cdclake.codec.dms.testing.DmsJsonEncoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.Transaction;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A quick non-JMH loop (run with {@code -Dcdclake.throughput=true}): decode rate of typical DMS
 * JSON messages (10 columns, {@code json-unformatted}, transaction details) untyped and with a
 * declared schema, next to the rate of merely tokenizing them with Jackson, and the CSV rate.
 */
class ThroughputCheck {
  private static final TableSchema SCHEMA = TableSchema.of(List.of(Column.required("id", ColumnType.LONG),
      Column.optional("name", ColumnType.STRING), Column.optional("price", ColumnType.decimal(10, 2)), Column.optional("qty", ColumnType.INT),
      Column.optional("created", ColumnType.TIMESTAMP), Column.optional("updated", ColumnType.TIMESTAMP_TZ),
      Column.optional("active", ColumnType.BOOLEAN), Column.optional("weight", ColumnType.DOUBLE), Column.optional("note", ColumnType.STRING),
      Column.optional("code", ColumnType.STRING)), List.of("id"));

  @Test
  void printThroughput() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("cdclake.throughput"), "set -Dcdclake.throughput=true");
    ChangeEvent e = ChangeEvent.builder(Op.UPDATE).table(TableId.of("public", "orders")).after(row(2)).key(Row.of("id", 42L))
        .transaction(Transaction.of("1139", 1, -1)).commitTime(Instant.ofEpochMilli(1_700_000_000_000L))
        .processedTime(Instant.ofEpochMilli(1_700_000_000_100L)).build();
    byte[] msg = DmsJsonEncoder.builder().transactionDetails(true).build().encode(e);
    DmsJsonDecoder untyped = DmsJsonDecoder.builder().keyColumns(t -> List.of("id")).build();
    DmsJsonDecoder typed = DmsJsonDecoder.builder().schemas(t -> SCHEMA).build();
    List<ChangeEvent> many = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      many.add(e);
    }
    byte[] csv = DmsCsvEncoder.builder().build().encodeFile(many, SCHEMA, false);
    DmsS3CsvDecoder csvDecoder = DmsS3CsvDecoder.builder().schemas(t -> SCHEMA).build();
    JsonFactory f = new JsonFactory();
    for (int round = 0; round < 3; round++) {
      System.out.printf("round %d: message %d bytes%n", round, msg.length);
      rate("tokenize only", 1, () -> tokenize(f, msg));
      rate("decode, untyped (JSON scalars)", 1, () -> untyped.decode(msg));
      rate("decode, declared schema (typed)", 1, () -> typed.decode(msg));
      rate("decodeStream, 10,000-row CSV file, typed", 10_000, () -> {
        int[] n = {0};
        csvDecoder.decodeStream(new ByteArrayInputStream(csv), "b/public/orders/20240101-0000000000.csv", x -> n[0]++);
        return n[0];
      });
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

  static void rate(String name, int eventsPerRun, Op0 op) throws Exception {
    Object sink = null;
    int runs = Math.max(20, 50_000 / eventsPerRun);
    for (int i = 0; i < runs; i++) {
      sink = op.run();
    }
    int n = Math.max(30, 300_000 / eventsPerRun);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sink = op.run();
    }
    long ns = System.nanoTime() - t0;
    System.out.printf("  %-45s %,12.0f events/s%s%n", name, (double) n * eventsPerRun * 1e9 / ns, sink == null ? "!" : "");
  }
}
