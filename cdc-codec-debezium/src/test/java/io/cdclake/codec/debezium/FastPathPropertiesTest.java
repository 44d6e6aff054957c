package io.cdclake.codec.debezium;

import static io.cdclake.codec.debezium.RoundTripPropertiesTest.assertSameEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.codec.debezium.testing.DebeziumJsonEncoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.RawMessage;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.testing.ModelArbitraries;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fast paths ({@link DebeziumDecoder.Builder#fastPaths(boolean)}) give what the general paths
 * give: the same events for well-formed messages of interleaved tables (so the one-pass
 * schemaless reader's guess of the table misses as well as hits), and the same error, message and
 * all, for messages bent out of the common shape.
 */
class FastPathPropertiesTest {
  static final TableId OTHER = TableId.of("db", "public", "other");

  record TwoTables(TableSchema first, TableSchema second, List<ChangeEvent> events) {}

  @Provide
  Arbitrary<TwoTables> twoTables() {
    return Combinators.combine(ModelArbitraries.schemas(6), ModelArbitraries.schemas(6)).flatAs((a, b) -> {
      Arbitrary<ChangeEvent> ofA = RoundTripPropertiesTest.event(a);
      Arbitrary<ChangeEvent> ofB = RoundTripPropertiesTest.event(b).map(e -> e.toBuilder().table(OTHER).build());
      return Arbitraries.oneOf(ofA, ofB).list().ofMinSize(1).ofMaxSize(8).map(l -> new TwoTables(a, b, l));
    });
  }

  private static TableSchema schemaOf(TwoTables c, ChangeEvent e) {
    return e.table().equals(OTHER) ? c.second() : c.first();
  }

  private static DebeziumDecoder decoder(TwoTables c, boolean fast) {
    Map<TableId, TableSchema> schemas = Map.of(RoundTripPropertiesTest.TABLE, c.first(), OTHER, c.second());
    return DebeziumDecoder.builder().schemaless(schemas).fastPaths(fast).build();
  }

  @Property(tries = 200)
  void schemalessOnePassEqualsTheGeneralPathAcrossTables(@ForAll("twoTables") TwoTables c, @ForAll boolean withKey) {
    DebeziumJsonEncoder enc = DebeziumJsonEncoder.builder().withSchema(false).build();
    DebeziumDecoder fast = decoder(c, true);
    DebeziumDecoder slow = decoder(c, false);
    for (ChangeEvent e : c.events()) {
      TableSchema s = schemaOf(c, e);
      RawMessage m = RawMessage.of(withKey ? enc.key(e, s) : null, enc.value(e, s));
      ChangeEvent got = fast.decodeOne(m);
      ChangeEvent expected = slow.decodeOne(m);
      assertSameEvent(got, expected);
      assertThat(got.schema()).isSameAs(expected.schema());
      assertThat(got.key()).isEqualTo(expected.key());
    }
  }

  @Property(tries = 100)
  void withSchemaFastPathsEqualTheGeneralPath(@ForAll("twoTables") TwoTables c) {
    DebeziumJsonEncoder enc = DebeziumJsonEncoder.builder().withSchema(true).build();
    DebeziumDecoder fast = DebeziumDecoder.create();
    DebeziumDecoder slow = DebeziumDecoder.builder().fastPaths(false).build();
    for (ChangeEvent e : c.events()) {
      TableSchema s = schemaOf(c, e);
      RawMessage m = RawMessage.of(enc.key(e, s), enc.value(e, s));
      fast.decodeOne(m);
      ChangeEvent got = fast.decodeOne(m);
      ChangeEvent expected = slow.decodeOne(m);
      assertSameEvent(got, expected);
      assertThat(got.schema()).isEqualTo(expected.schema());
    }
  }

  /** Ways of bending a schemaless envelope out of the shape the one-pass reader takes. */
  enum Bend {
    UNKNOWN_FIELD, DUPLICATE_OP, DUPLICATE_AFTER, NO_OP, OP_NUMBER, OP_NULL, UNKNOWN_OP, AFTER_STRING, AFTER_NUMBER, SOURCE_FIRST,
    NO_SOURCE_TABLE, TRUNCATED, TRAILING, BAD_VALUE, MONGO, RAW_UTF8, WHITESPACE, ESCAPED_NAME, SEQUENCE_ODD, DEEP_EXTRA
  }

  /** Non-ASCII characters written as raw UTF-8 instead of \\u escapes (the test encoder escapes them). */
  static String rawUtf8(String json) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < json.length()) {
      char c = json.charAt(i);
      if (c == '\\' && i + 1 < json.length() && json.charAt(i + 1) == '\\') {
        sb.append("\\\\");
        i += 2;
        continue;
      }
      if (c == '\\' && i + 5 < json.length() && json.charAt(i + 1) == 'u') {
        int v = Integer.parseInt(json.substring(i + 2, i + 6), 16);
        if (v >= 0x80 && !Character.isSurrogate((char) v)) {
          sb.append((char) v);
          i += 6;
          continue;
        }
      }
      sb.append(c);
      i++;
    }
    return sb.toString();
  }

  static String bend(String json, Bend b) {
    return switch (b) {
      case UNKNOWN_FIELD -> json.replaceFirst("\\{", "{\"extra\":[1,{\"a\":null}],");
      case DUPLICATE_OP -> json.replace("\"op\":", "\"op\":\"c\",\"op\":");
      case DUPLICATE_AFTER -> json.replaceFirst("\"after\":", "\"after\":null,\"after\":");
      case NO_OP -> json.replaceAll("\"op\":\"[a-z]\",?", "");
      case OP_NUMBER -> json.replaceAll("\"op\":\"[a-z]\"", "\"op\":3");
      case OP_NULL -> json.replaceAll("\"op\":\"[a-z]\"", "\"op\":null");
      case UNKNOWN_OP -> json.replaceAll("\"op\":\"[a-z]\"", "\"op\":\"x\"");
      case AFTER_STRING -> json.replaceFirst("\"after\":(null|\\{)", "\"after\":\"text\",\"ignored\":$1");
      case AFTER_NUMBER -> json.replaceFirst("\"after\":(null|\\{)", "\"after\":7,\"ignored\":$1");
      case SOURCE_FIRST -> json.replaceFirst("\\{", "{\"source\":{\"connector\":\"postgresql\",\"db\":\"db\",\"schema\":\"public\","
          + "\"table\":\"t\"},").replaceFirst("(\"source\":\\{[^}]*\\},.*)\"source\":", "$1\"source2\":");
      case NO_SOURCE_TABLE -> json.replace("\"table\":", "\"tablex\":");
      case TRUNCATED -> json.substring(0, json.length() * 2 / 3);
      case TRAILING -> json + " {}";
      case BAD_VALUE -> json.replaceFirst("\"id\":", "\"id\":\"not a number\",\"id_\":");
      case MONGO -> json.replace("\"connector\":\"postgresql\"", "\"connector\":\"mongodb\"");
      case RAW_UTF8 -> rawUtf8(json);
      case WHITESPACE -> json.replace(",", " ,\n\t").replace(":", " : ").replace("{", "{ ");
      case ESCAPED_NAME -> json.replaceFirst("\"id\":", "\"\\u0069d\":");
      case SEQUENCE_ODD -> json.replaceFirst("\"sequence\":\"\\[", "\"sequence\":\" [");
      case DEEP_EXTRA -> json.replaceFirst("\"source\":\\{", "\"source\":{\"extra\":[[[[{\"x\":[1.5e3,-0,true,null,\"\\\\u00e9\\\\n\"]}]]]],");
    };
  }

  @Property(tries = 300)
  void bentMessagesGiveTheSameOutcomeOnBothPaths(@ForAll("twoTables") TwoTables c, @ForAll Bend bend) {
    DebeziumJsonEncoder enc = DebeziumJsonEncoder.builder().withSchema(false).build();
    DebeziumDecoder fast = decoder(c, true);
    DebeziumDecoder slow = decoder(c, false);
    for (ChangeEvent e : c.events()) {
      String json = bend(new String(enc.value(e, schemaOf(c, e)), StandardCharsets.UTF_8), bend);
      RawMessage m = RawMessage.ofValue(json.getBytes(StandardCharsets.UTF_8));
      Object got = outcome(fast, m);
      Object expected = outcome(slow, m);
      if (got instanceof ChangeEvent g && expected instanceof ChangeEvent x) {
        assertSameEvent(g, x);
      } else {
        assertThat(got).as(bend + " on " + json).isEqualTo(expected);
      }
    }
  }

  @Property(tries = 300)
  void corruptedBytesGiveTheSameOutcomeOnBothPaths(@ForAll("twoTables") TwoTables c, @ForAll boolean withSchema, @ForAll boolean raw,
      @ForAll("flips") List<int[]> flips) {
    DebeziumJsonEncoder enc = DebeziumJsonEncoder.builder().withSchema(withSchema).build();
    DebeziumDecoder fast = decoder(c, true);
    DebeziumDecoder slow = decoder(c, false);
    for (ChangeEvent e : c.events()) {
      String json = new String(enc.value(e, schemaOf(c, e)), StandardCharsets.UTF_8);
      byte[] bytes = (raw ? rawUtf8(json) : json).getBytes(StandardCharsets.UTF_8);
      // once intact (caches the schema block, so the byte path sees the corrupted payload), then corrupted
      assertSameOutcome(fast, slow, RawMessage.ofValue(bytes.clone()));
      for (int[] f : flips) {
        bytes[Math.floorMod(f[0], bytes.length)] = (byte) f[1];
      }
      assertSameOutcome(fast, slow, RawMessage.ofValue(bytes));
    }
  }

  @Provide
  Arbitrary<List<int[]>> flips() {
    Arbitrary<Integer> at = Arbitraries.integers().between(0, Integer.MAX_VALUE);
    Arbitrary<Integer> to = Arbitraries.oneOf(Arbitraries.integers().between(0, 255),
        Arbitraries.of((int) '"', (int) '\\', (int) '{', (int) '}', (int) ',', (int) ':', (int) '[', (int) ']', (int) 'e', (int) '-', (int) '.', (int) '0',
            (int) '9', (int) ' ', 0x80, 0xC3, 0xE2, 0xF0, 0xFF));
    return Combinators.combine(at, to).as((a, b) -> new int[] {a, b}).list().ofMinSize(1).ofMaxSize(3);
  }

  private static void assertSameOutcome(DebeziumDecoder fast, DebeziumDecoder slow, RawMessage m) {
    Object got = outcome(fast, m);
    Object expected = outcome(slow, m);
    if (got instanceof ChangeEvent g && expected instanceof ChangeEvent x) {
      assertSameEvent(g, x);
      assertThat(g.schema()).isEqualTo(x.schema());
    } else {
      assertThat(got).as(new String(m.value(), StandardCharsets.UTF_8)).isEqualTo(expected);
    }
  }

  /** Found by the corruption property: Jackson's BigDecimal reader threw a bare NumberFormatException. */
  @org.junit.jupiter.api.Test
  void aNumberWhoseExponentOverflowsIsAnInvalidEventOnBothPaths() {
    String json = "{\"before\":null,\"after\":{\"id\":1},\"source\":{\"connector\":\"postgresql\",\"db\":\"db\",\"schema\":\"public\","
        + "\"table\":\"t\"},\"op\":\"c\",\"ts_ns\":1E002147483659}";
    for (boolean fastPaths : new boolean[] {true, false}) {
      DebeziumDecoder d = DebeziumDecoder.builder().fastPaths(fastPaths).build();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.decodeOne(RawMessage.ofValue(json.getBytes(StandardCharsets.UTF_8))))
          .isInstanceOf(io.cdclake.model.InvalidEventException.class).hasMessageContaining("Cannot read number: out of range");
    }
  }

  /** The event, or the exception's class and message. */
  private static Object outcome(DebeziumDecoder d, RawMessage m) {
    try {
      return d.decodeOne(m);
    } catch (RuntimeException ex) {
      return ex.getClass().getName() + ": " + ex.getMessage();
    }
  }
}
