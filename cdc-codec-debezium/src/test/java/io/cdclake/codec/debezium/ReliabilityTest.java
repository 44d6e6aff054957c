package io.cdclake.codec.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.DecodeException;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.MalformedInputException;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.testing.SharedSamples;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** RELIABILITY items 18, 20, 21 and 24 for the Debezium codec (22 and 23: {@link RoundTripPropertiesTest}). */
class ReliabilityTest {
  private final DebeziumDecoder decoder = DebeziumDecoder.create();

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static final String SOURCE = "\"source\":{\"connector\":\"postgresql\",\"db\":\"db\",\"schema\":\"public\",\"table\":\"t\",\"lsn\":100,"
      + "\"sequence\":\"[\\\"90\\\",\\\"100\\\"]\",\"ts_ms\":1700000000000}";

  // ---------------------------------------------------------------- 18

  @Test
  void item18TruncateTombstoneAndMessageAreNeverInserts() {
    ChangeEvent truncate = decoder.decodeOne(RawMessage.ofValue(utf8("{\"before\":null,\"after\":null," + SOURCE + ",\"op\":\"t\"}")));
    assertThat(truncate.op()).isEqualTo(Op.TRUNCATE);
    assertThat(truncate.table()).isEqualTo(TableId.of("db", "public", "t"));
    assertThat(truncate.key()).isNull();

    ChangeEvent tombstone = decoder.decodeOne(RawMessage.of(utf8("{\"id\":7}"), null));
    assertThat(tombstone.op()).isEqualTo(Op.TOMBSTONE);
    assertThat(tombstone.key()).isEqualTo(Row.of("id", 7L));
    assertThat(tombstone.after()).isNull();

    ChangeEvent message = decoder.decodeOne(RawMessage.ofValue(utf8("{\"op\":\"m\",\"ts_ms\":1," + SOURCE
        + ",\"message\":{\"prefix\":\"audit\",\"content\":\"aGVsbG8=\"}}")));
    assertThat(message.op()).isEqualTo(Op.MESSAGE);
    assertThat(message.message().prefix()).isEqualTo("audit");
    assertThat(message.message().content()).isEqualTo(utf8("hello"));

    ChangeEvent flattenedTombstone = DebeziumDecoder.builder().expect(PayloadForm.FLATTENED).tableForTopic(TableId::parse).build()
        .decodeOne(new RawMessage(utf8("{\"id\":7}"), null, null, "s.t", null));
    assertThat(flattenedTombstone.op()).isEqualTo(Op.TOMBSTONE);
    assertThat(flattenedTombstone.table()).isEqualTo(TableId.of("s", "t"));

    ChangeEvent heartbeat = decoder.decodeOne(RawMessage.ofValue(utf8("{\"ts_ms\":1700000000000}")));
    assertThat(heartbeat.op()).isEqualTo(Op.HEARTBEAT);
  }

  @Test
  void unknownOpIsAnInvalidEventNeverAnInsert() {
    InvalidEventException e = catchThrowableOfType(InvalidEventException.class,
        () -> decoder.decodeOne(RawMessage.ofValue(utf8("{\"after\":{\"id\":1}," + SOURCE + ",\"op\":\"x\"}"))));
    assertThat(e.reason()).contains("unknown op").contains("op=x");
    assertThat(e.table()).isEqualTo(TableId.of("db", "public", "t"));
    InvalidEventException flat = catchThrowableOfType(InvalidEventException.class, () -> DebeziumDecoder.builder().expect(PayloadForm.FLATTENED)
        .build().decodeOne(RawMessage.ofValue(utf8("{\"id\":1,\"__op\":\"z\",\"__table\":\"t\"}"))));
    assertThat(flat.reason()).contains("unknown op");
  }

  // ---------------------------------------------------------------- 20

  static byte[] nested(int depth) {
    StringBuilder sb = new StringBuilder("{\"after\":{\"a\":");
    sb.append("[".repeat(depth)).append("]".repeat(depth)).append("},").append(SOURCE).append(",\"op\":\"c\"}");
    return utf8(sb.toString());
  }

  @Test
  void item20HostileInputEndsInMalformedInput() {
    byte[] deep = nested(10_000);
    byte[] hugeNumber = utf8("{\"after\":{\"id\":" + "9".repeat(10 * 1024 * 1024) + "}," + SOURCE + ",\"op\":\"c\"}");
    byte[] hugeString = utf8("{\"after\":{\"id\":\"" + "x".repeat(17 * 1024 * 1024) + "\"}," + SOURCE + ",\"op\":\"c\"}");
    byte[] invalidUtf8 = utf8("{\"after\":{\"id\":\"abcXdef\"}," + SOURCE + ",\"op\":\"c\"}");
    invalidUtf8[indexOf(invalidUtf8, (byte) 'X')] = (byte) 0xC3; // a lead byte followed by ASCII
    byte[] whole = utf8("{\"after\":{\"id\":1}," + SOURCE + ",\"op\":\"c\"}");
    for (byte[] bad : List.of(deep, hugeNumber, hugeString, invalidUtf8)) {
      assertThatThrownBy(() -> decoder.decodeOne(RawMessage.ofValue(bad))).isInstanceOf(MalformedInputException.class);
      assertThatThrownBy(() -> decoder.decodeStream(new ByteArrayInputStream(bad), "s", e -> { })).isInstanceOf(MalformedInputException.class);
    }
    for (int cut = 1; cut < whole.length; cut++) {
      byte[] truncated = Arrays.copyOf(whole, cut);
      assertThatThrownBy(() -> decoder.decodeOne(RawMessage.ofValue(truncated))).isInstanceOf(MalformedInputException.class);
    }
    MalformedInputException depth = catchThrowableOfType(MalformedInputException.class, () -> decoder.decodeOne(RawMessage.ofValue(deep)));
    assertThat(depth.reason()).contains("nesting depth").contains("limit 64").contains("maxNestingDepth");
    MalformedInputException num = catchThrowableOfType(MalformedInputException.class, () -> decoder.decodeOne(RawMessage.ofValue(hugeNumber)));
    assertThat(num.reason()).contains("number length").contains("limit 256").contains("maxNumberLength");
    MalformedInputException str = catchThrowableOfType(MalformedInputException.class, () -> decoder.decodeOne(RawMessage.ofValue(hugeString)));
    assertThat(str.reason()).contains("string length").contains("maxStringLength");
  }

  private static int indexOf(byte[] b, byte x) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void limitsHoldAtTheLimitAndFailOnePast() {
    DebeziumDecoder d = DebeziumDecoder.builder().maxNestingDepth(10).maxNumberLength(20).maxStringLength(30).maxDocumentBytes(400).build();
    // depth: the wrapper object is level 1, so 9 nested arrays reach 10
    assertThat(d.decodeOne(RawMessage.ofValue(utf8("{\"after\":{\"a\":" + "[".repeat(8) + "]".repeat(8) + "}," + SOURCE + ",\"op\":\"c\"}")))
        .after().get("a")).isNotNull();
    assertThatThrownBy(() -> d.decodeOne(RawMessage.ofValue(utf8("{\"after\":{\"a\":" + "[".repeat(9) + "]".repeat(9) + "}," + SOURCE
        + ",\"op\":\"c\"}")))).isInstanceOf(MalformedInputException.class).hasMessageContaining("nesting depth 11 exceeds the limit 10")
        .hasMessageContaining("maxNestingDepth=10");
    assertThat(d.decodeOne(RawMessage.ofValue(utf8("{\"after\":{\"a\":" + "1".repeat(18) + "}," + SOURCE + ",\"op\":\"c\"}"))).after().get("a"))
        .isEqualTo(111111111111111111L);
    assertThat(d.decodeOne(RawMessage.ofValue(utf8("{\"after\":{\"a\":-" + "1".repeat(19) + "}," + SOURCE + ",\"op\":\"c\"}"))).op())
        .isEqualTo(Op.INSERT);
    assertThatThrownBy(() -> d.decodeOne(RawMessage.ofValue(utf8("{\"after\":{\"a\":" + "1".repeat(21) + "}," + SOURCE + ",\"op\":\"c\"}"))))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("number length 21 exceeds the limit 20");
    assertThat(d.decodeOne(RawMessage.ofValue(utf8("{\"after\":{\"a\":\"" + "s".repeat(30) + "\"}," + SOURCE + ",\"op\":\"c\"}"))).op())
        .isEqualTo(Op.INSERT);
    assertThatThrownBy(() -> d.decodeOne(RawMessage.ofValue(utf8("{\"after\":{\"a\":\"" + "s".repeat(31) + "\"}," + SOURCE + ",\"op\":\"c\"}"))))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("string length 31 exceeds the limit 30");
    StringBuilder cols = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      cols.append(",\"c").append(i).append("\":\"").append("s".repeat(25)).append('"');
    }
    byte[] big = utf8("{\"after\":{\"a\":1" + cols + "}," + SOURCE + ",\"op\":\"c\"}");
    assertThat(big.length).isGreaterThan(400);
    assertThatThrownBy(() -> d.decodeOne(RawMessage.ofValue(big))).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("document size " + big.length + " exceeds the limit 400").hasMessageContaining("maxDocumentBytes");
    assertThatThrownBy(() -> d.decodeStream(new ByteArrayInputStream(big), "s", e -> { })).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("maxDocumentBytes");
  }

  @Test
  void streamErrorsCountOffsetsFromTheStreamStart() {
    byte[] good = utf8("{\"after\":{\"id\":1}," + SOURCE + ",\"op\":\"c\"}\n");
    byte[] bad = utf8("{\"after\":{\"id\":1}," + SOURCE + ",\"op\":\"q\"}\n");
    byte[] both = new byte[good.length + bad.length];
    System.arraycopy(good, 0, both, 0, good.length);
    System.arraycopy(bad, 0, both, good.length, bad.length);
    List<ChangeEvent> seen = new ArrayList<>();
    DecodeException e = catchThrowableOfType(DecodeException.class, () -> decoder.decodeStream(new ByteArrayInputStream(both), "f.json", seen::add));
    assertThat(seen).hasSize(1);
    assertThat(e.input()).isEqualTo("f.json message 2");
    assertThat(e).isInstanceOf(InvalidEventException.class);
  }

  // ---------------------------------------------------------------- 21

  @Provide
  Arbitrary<byte[]> mutatedSamples() {
    List<byte[]> docs = new ArrayList<>();
    if (SharedSamples.rootOrNull() != null) {
      for (Path p : SharedSamples.samplesIn("debezium")) {
        docs.addAll(SampleFiles.documents(p.getFileName().toString()));
      }
    } else {
      docs.add(utf8("{\"after\":{\"id\":1}," + SOURCE + ",\"op\":\"c\"}"));
    }
    return Arbitraries.of(docs).flatMap(doc -> Arbitraries.integers().between(0, doc.length - 1).list().ofMinSize(1).ofMaxSize(6)
        .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).flatMap(bytes -> Arbitraries.integers().between(0, 3)
            .map(kind -> mutate(doc, positions, bytes, kind)))));
  }

  static byte[] mutate(byte[] doc, List<Integer> positions, List<Byte> bytes, int kind) {
    byte[] out = doc.clone();
    switch (kind) {
      case 0 -> {
        for (int i = 0; i < positions.size(); i++) {
          out[positions.get(i)] = bytes.get(i);
        }
      }
      case 1 -> out = Arrays.copyOf(doc, positions.get(0));
      case 2 -> {
        int p = positions.get(0);
        byte[] ins = new byte[doc.length + 1];
        System.arraycopy(doc, 0, ins, 0, p);
        ins[p] = (byte) "{}[],:\"\\0-eE.".charAt(Math.floorMod(bytes.get(0), 13));
        System.arraycopy(doc, p, ins, p + 1, doc.length - p);
        out = ins;
      }
      default -> {
        int p = positions.get(0);
        byte[] del = new byte[doc.length - 1];
        System.arraycopy(doc, 0, del, 0, p);
        System.arraycopy(doc, p + 1, del, p, doc.length - p - 1);
        out = del;
      }
    }
    return out;
  }

  @Property(tries = 1500)
  void item21FuzzedSamplesRaiseOnlyDecodeExceptions(@ForAll("mutatedSamples") byte[] input) {
    for (DebeziumDecoder d : List.of(decoder, DebeziumDecoder.builder().schemaFastPath(false).schemaless(t -> null).build())) {
      try {
        d.decodeOne(RawMessage.of(utf8("{\"id\":1}"), input));
      } catch (DecodeException expected) {
        assertThat(expected.reason()).startsWith("Cannot ");
      }
      try {
        d.decodeStream(new ByteArrayInputStream(input), "fuzz", e -> { });
      } catch (DecodeException expected) {
        assertThat(expected.reason()).startsWith("Cannot ");
      }
    }
  }

  @Test
  void item21aSchemaWithTwoFieldsOfOneNameIsADecodeErrorNotAnIllegalArgument() {
    String schema = "{\"type\":\"struct\",\"fields\":[{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,\"field\":\"id\"},"
        + "{\"type\":\"int16\",\"optional\":true,\"field\":\"_tinyint\"},{\"type\":\"int16\",\"optional\":true,\"field\":\"_tinyint\"}],"
        + "\"optional\":true,\"name\":\"x.Value\",\"field\":\"after\"},{\"type\":\"struct\",\"fields\":[],\"optional\":false,\"field\":\"source\"},"
        + "{\"type\":\"string\",\"optional\":false,\"field\":\"op\"}],\"optional\":false,\"name\":\"x.Envelope\"}";
    byte[] msg = utf8("{\"schema\":" + schema + ",\"payload\":{\"after\":{\"id\":1,\"_tinyint\":2}," + SOURCE + ",\"op\":\"c\"}}");
    for (DebeziumDecoder d : List.of(decoder, DebeziumDecoder.builder().schemaFastPath(false).build())) {
      DecodeException e = catchThrowableOfType(DecodeException.class, () -> d.decodeOne(RawMessage.ofValue(msg)));
      assertThat(e).isNotNull();
      assertThat(e.reason()).isEqualTo("Cannot read schema: a struct has two fields of one name");
    }
  }

  // ---------------------------------------------------------------- 24

  @Test
  void item24ErrorsCarryOffsetPathTableAndFieldButNeverValues() {
    String secret = "s3cr3t-value-42";
    String schema = "{\"type\":\"struct\",\"fields\":[{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,\"field\":\"id\"},"
        + "{\"type\":\"string\",\"optional\":true,\"name\":\"io.debezium.time.ZonedTimestamp\",\"field\":\"at\"}],\"optional\":true,"
        + "\"name\":\"x.Value\",\"field\":\"after\"},{\"type\":\"struct\",\"fields\":[],\"optional\":false,\"field\":\"source\"},"
        + "{\"type\":\"string\",\"optional\":false,\"field\":\"op\"}],\"optional\":false,\"name\":\"x.Envelope\"}";
    byte[] msg = utf8("{\"schema\":" + schema + ",\"payload\":{\"after\":{\"id\":1,\"at\":\"" + secret + "\"}," + SOURCE + ",\"op\":\"c\"}}");
    for (DebeziumDecoder d : List.of(decoder, DebeziumDecoder.builder().schemaFastPath(false).build())) {
      for (int round = 0; round < 2; round++) { // second round: schema cached, fast path
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> d.decodeOne(RawMessage.ofValue(msg)));
        assertThat(e.getMessage()).doesNotContain(secret);
        assertThat(e.path()).isEqualTo("$.payload.after.at");
        assertThat(e.field()).isEqualTo("at");
        assertThat(e.offset()).isEqualTo(new String(msg, StandardCharsets.UTF_8).indexOf("\"" + secret));
        assertThat(e.reason()).contains("zoned timestamp");
      }
    }
    // malformed input: Jackson's own message would quote the token; ours does not
    byte[] broken = utf8("{\"after\":{\"id\":" + secret + "}," + SOURCE + ",\"op\":\"c\"}");
    MalformedInputException m = catchThrowableOfType(MalformedInputException.class, () -> decoder.decodeOne(RawMessage.ofValue(broken)));
    assertThat(m.getMessage()).doesNotContain(secret).doesNotContain("s3cr3t");
    assertThat(m.offset()).isGreaterThan(0);
    assertThat(m.path()).startsWith("$.after");
    assertThat(m.getCause()).isNull();
    // schemaless, typed by the caller: value that does not fit
    io.cdclake.model.TableSchema ts = io.cdclake.model.TableSchema.of(List.of(io.cdclake.model.Column.optional("id",
        io.cdclake.model.ColumnType.UUID)), List.of());
    InvalidEventException u = catchThrowableOfType(InvalidEventException.class, () -> DebeziumDecoder.builder().schemaless(t -> ts).build()
        .decodeOne(RawMessage.ofValue(utf8("{\"after\":{\"id\":\"" + secret + "\"}," + SOURCE + ",\"op\":\"c\"}"))));
    assertThat(u.getMessage()).doesNotContain(secret).contains("uuid").contains("table db.public.t").contains("path $.after.id");
  }
}
