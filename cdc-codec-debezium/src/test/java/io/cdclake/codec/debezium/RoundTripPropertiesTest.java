package io.cdclake.codec.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.codec.debezium.testing.DebeziumJsonEncoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.ColumnState;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.Row;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.Transaction;
import io.cdclake.model.TransportPosition;
import io.cdclake.model.testing.ModelArbitraries;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * RELIABILITY 22 and 23: generated events across all canonical types and the VALUE, NULL and
 * UNCHANGED states survive encode → decode, with and without a schema block; the fast path equals
 * the slow path; whole array, stream and one-byte-at-a-time input give identical events.
 */
class RoundTripPropertiesTest {
  static final TableId TABLE = TableId.of("db", "public", "t");
  private static final String[] PG = {"lastCommitLsn", "lsn"};

  record Case(TableSchema schema, List<ChangeEvent> events) {}

  @Provide
  Arbitrary<Case> cases() {
    return ModelArbitraries.schemas(6).flatMap(schema -> event(schema).list().ofMinSize(1).ofMaxSize(4).map(l -> new Case(schema, l)));
  }

  static Arbitrary<ChangeEvent> event(TableSchema schema) {
    Arbitrary<Row> rows = ModelArbitraries.rows(schema, EnumSet.of(ColumnState.VALUE, ColumnState.NULL, ColumnState.UNCHANGED));
    Arbitrary<Op> ops = Arbitraries.of(Op.INSERT, Op.UPDATE, Op.DELETE, Op.SNAPSHOT_READ);
    Arbitrary<Long> lsn = Arbitraries.longs().between(0, Long.MAX_VALUE / 2);
    Arbitrary<Instant> instants = Arbitraries.longs().between(1_000_000_000L, 4_102_444_800_000_000_000L).map(ns -> Instant.ofEpochSecond(0, ns));
    Arbitrary<Transaction> txs = Arbitraries.longs().between(1, 1_000_000).flatMap(id -> Arbitraries.longs().between(1, 100)
        .map(order -> Transaction.of(Long.toString(id), order, order))).injectNull(0.4);
    return Combinators.combine(ops, rows, rows, lsn, lsn, instants.injectNull(0.2), instants, txs).as((op, r1, r2, a, b, commit, processed, tx) -> {
      ChangeEvent.Builder e = ChangeEvent.builder(op).table(TABLE)
          .position(SourcePosition.of("postgresql", PG, new long[] {Math.min(a, b), Math.max(a, b)}, null))
          .commitTime(commit).processedTime(processed).transaction(tx).snapshot(op == Op.SNAPSHOT_READ);
      Row key = Row.of("id", r2.get("id"));
      switch (op) {
        case DELETE -> e.before(r2).key(key);
        case UPDATE -> e.before(r1).after(r2).key(key);
        default -> e.after(r2).key(key);
      }
      return e.build();
    });
  }

  static ChangeEvent withSequenceText(ChangeEvent e) {
    SourcePosition p = e.position();
    String text = "[\"" + p.part(0) + "\",\"" + p.part(1) + "\"]";
    return e.toBuilder().position(SourcePosition.of("postgresql", PG, new long[] {p.part(0), p.part(1)}, text)).build();
  }

  /** The event without its schema, with byte arrays inside lists, maps and structs made comparable. */
  static ChangeEvent comparable(ChangeEvent decoded) {
    return decoded.toBuilder().schema(null).before(norm(decoded.before())).after(norm(decoded.after())).key(norm(decoded.key())).build();
  }

  static Row norm(Row r) {
    if (r == null) {
      return null;
    }
    Row.Builder b = Row.builder(r.size());
    for (int i = 0; i < r.size(); i++) {
      if (r.state(i) == ColumnState.UNCHANGED) {
        b.putUnchanged(r.name(i));
      } else {
        b.put(r.name(i), normValue(r.value(i)));
      }
    }
    return b.build();
  }

  static Object normValue(Object v) {
    if (v instanceof byte[] b) {
      return java.util.HexFormat.of().formatHex(b);
    }
    if (v instanceof Row r) {
      return norm(r);
    }
    if (v instanceof List<?> l) {
      return l.stream().map(RoundTripPropertiesTest::normValue).toList();
    }
    return v;
  }

  static void assertSameEvent(ChangeEvent got, ChangeEvent expected) {
    assertThat(comparable(got)).isEqualTo(comparable(expected));
  }

  @Property(tries = 150)
  void eventsSurviveEncodeDecodeWithSchema(@ForAll("cases") Case c) {
    DebeziumJsonEncoder enc = DebeziumJsonEncoder.builder().withSchema(true).build();
    DebeziumDecoder dec = DebeziumDecoder.create();
    for (ChangeEvent e : c.events()) {
      ChangeEvent got = dec.decodeOne(RawMessage.of(enc.key(e, c.schema()), enc.value(e, c.schema())));
      assertSameEvent(got, withSequenceText(e));
      assertThat(got.schema().primaryKey()).containsExactly("id");
      // nested columns also carry the semantic type names, so compare the type shapes
      assertThat(got.schema().columns()).extracting(col -> col.type().toString()).containsExactlyElementsOf(
          c.schema().columns().stream().map(col -> col.type().toString()).toList());
    }
  }

  @Property(tries = 150)
  void eventsSurviveEncodeDecodeWithoutSchemaGivenTableSchemas(@ForAll("cases") Case c) {
    DebeziumJsonEncoder enc = DebeziumJsonEncoder.builder().withSchema(false).build();
    DebeziumDecoder dec = DebeziumDecoder.builder().schemaless(t -> t.equals(TABLE) ? c.schema() : null).build();
    for (ChangeEvent e : c.events()) {
      ChangeEvent got = dec.decodeOne(RawMessage.of(enc.key(e, c.schema()), enc.value(e, c.schema())));
      assertSameEvent(got, withSequenceText(e));
      assertThat(got.schema()).isSameAs(c.schema());
    }
  }

  @Property(tries = 60)
  void eventsSurviveOtherEncodingModes(@ForAll("cases") Case c, @ForAll("modes") Object[] modes) {
    DecimalHandlingMode dm = (DecimalHandlingMode) modes[0];
    BinaryHandlingMode bm = (BinaryHandlingMode) modes[1];
    DebeziumJsonEncoder enc = DebeziumJsonEncoder.builder().withSchema(false).decimalHandlingMode(dm).binaryHandlingMode(bm).build();
    DebeziumDecoder dec = DebeziumDecoder.builder().schemaless(t -> c.schema()).decimalHandlingMode(dm).binaryHandlingMode(bm).build();
    for (ChangeEvent e : c.events()) {
      ChangeEvent got = dec.decodeOne(RawMessage.of(enc.key(e, c.schema()), enc.value(e, c.schema())));
      assertSameEvent(got, withSequenceText(e));
    }
  }

  @Provide
  Arbitrary<Object[]> modes() {
    return Combinators.combine(Arbitraries.of(DecimalHandlingMode.STRING, DecimalHandlingMode.PRECISE),
        Arbitraries.of(BinaryHandlingMode.values())).as((a, b) -> new Object[] {a, b});
  }

  @Property(tries = 100)
  void fastPathEqualsSlowPath(@ForAll("cases") Case c) {
    DebeziumJsonEncoder enc = DebeziumJsonEncoder.builder().withSchema(true).build();
    DebeziumDecoder fast = DebeziumDecoder.create();
    DebeziumDecoder slow = DebeziumDecoder.builder().schemaFastPath(false).build();
    for (ChangeEvent e : c.events()) {
      RawMessage m = RawMessage.of(enc.key(e, c.schema()), enc.value(e, c.schema()));
      ChangeEvent first = fast.decodeOne(m);
      ChangeEvent cached = fast.decodeOne(m); // the block is cached now: fast path
      ChangeEvent viaSlow = slow.decodeOne(m);
      assertSameEvent(cached, first);
      assertSameEvent(cached, viaSlow);
      assertThat(cached.schema()).isEqualTo(viaSlow.schema());
    }
  }

  /** An input stream that hands out one byte per read. */
  static final class OneByteInputStream extends InputStream {
    private final byte[] data;
    private int pos;

    OneByteInputStream(byte[] data) {
      this.data = data;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (pos >= data.length) {
        return -1;
      }
      b[off] = data[pos++];
      return 1;
    }
  }

  static List<ChangeEvent> stream(DebeziumDecoder d, InputStream in) {
    List<ChangeEvent> out = new ArrayList<>();
    d.decodeStream(in, "s", out::add);
    return out;
  }

  @Property(tries = 100)
  void wholeArrayStreamAndOneByteInputGiveIdenticalEvents(@ForAll("cases") Case c, @ForAll boolean withSchema) {
    DebeziumJsonEncoder enc = DebeziumJsonEncoder.builder().withSchema(withSchema).build();
    DebeziumDecoder dec = DebeziumDecoder.builder().schemaless(t -> c.schema()).build();
    List<byte[]> values = new ArrayList<>();
    List<ChangeEvent> single = new ArrayList<>();
    for (int i = 0; i < c.events().size(); i++) {
      byte[] v = enc.value(c.events().get(i), c.schema());
      values.add(v);
      single.add(dec.decodeOne(new RawMessage(null, v, null, null, TransportPosition.file("s", i + 1))));
    }
    byte[] array = join(values, "[", ",\n ", "]");
    byte[] ndjson = join(values, "", "\n", "\n");
    byte[] concatenated = join(values, "", "", "");
    List<ChangeEvent> expected = single.stream().map(RoundTripPropertiesTest::comparable).toList();
    for (InputStream in : List.of(new ByteArrayInputStream(array), new ByteArrayInputStream(ndjson), new ByteArrayInputStream(concatenated),
        new OneByteInputStream(array), new OneByteInputStream(ndjson), new OneByteInputStream(concatenated))) {
      assertThat(stream(dec, in).stream().map(RoundTripPropertiesTest::comparable).toList()).isEqualTo(expected);
    }
  }

  static byte[] join(List<byte[]> parts, String open, String sep, String close) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(open.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        out.writeBytes(sep.getBytes(StandardCharsets.UTF_8));
      }
      out.writeBytes(parts.get(i));
    }
    out.writeBytes(close.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
