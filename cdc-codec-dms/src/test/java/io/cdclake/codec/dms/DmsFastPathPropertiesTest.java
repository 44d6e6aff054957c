package io.cdclake.codec.dms;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.codec.dms.testing.DmsJsonEncoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.RawMessage;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fast path ({@link DmsJsonDecoder.Builder#fastPaths(boolean)}) gives what the tree path gives:
 * the same events for generated records of two interleaved tables (so its guess of the table's
 * columns misses as well as hits) in every encoder setting, and the same outcome, error message and
 * all, for records bent out of the plain shape and for corrupted bytes.
 */
class DmsFastPathPropertiesTest {
  static final TableId OTHER = TableId.of("app", "others");

  record TwoTables(TableSchema first, TableSchema second, List<ChangeEvent> events) {}

  @Provide
  Arbitrary<TwoTables> twoTables() {
    return Combinators.combine(DmsEvents.flatSchemas(8), DmsEvents.flatSchemas(8)).flatAs((a, b) -> {
      Arbitrary<ChangeEvent> ofA = DmsEvents.events(a, true);
      Arbitrary<ChangeEvent> ofB = DmsEvents.events(b, true).map(e -> e.toBuilder().table(OTHER).build());
      Arbitrary<ChangeEvent> either = Arbitraries.oneOf(ofA, ofB);
      Arbitrary<ChangeEvent> withTx = Combinators.combine(either, Arbitraries.longs().between(1, 1L << 40).injectNull(0.3))
          .as((e, tx) -> tx == null ? e : e.toBuilder().transaction(Transaction.of(Long.toString(tx), tx % 7, -1)).build());
      return withTx.list().ofMinSize(1).ofMaxSize(8).map(l -> new TwoTables(a, b, l));
    });
  }

  private static DmsJsonDecoder decoder(TwoTables c, boolean fast) {
    Map<TableId, TableSchema> schemas = Map.of(DmsEvents.TABLE, c.first(), OTHER, c.second());
    return DmsJsonDecoder.builder().schemas(schemas::get).fastPaths(fast).build();
  }

  @Provide
  Arbitrary<DmsJsonEncoder> encoders() {
    return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false),
        Arbitraries.of(DmsJsonEncoder.BeforeImage.OBJECT, DmsJsonEncoder.BeforeImage.NONE))
        .as((nulls, pretty, details, bi) -> DmsJsonEncoder.builder().includeNullAndEmpty(nulls).pretty(pretty).transactionDetails(details)
            .beforeImage(bi).build());
  }

  @Property(tries = 200)
  void fastPathEqualsTheTreePathAcrossTablesAndSettings(@ForAll("twoTables") TwoTables c, @ForAll("encoders") DmsJsonEncoder enc) {
    DmsJsonDecoder fast = decoder(c, true);
    DmsJsonDecoder slow = decoder(c, false);
    for (ChangeEvent e : c.events()) {
      byte[] m = enc.encode(e);
      assertThat(fast.decode(m)).isEqualTo(slow.decode(m));
    }
  }

  /** Ways of bending a record out of the plain shape the fast path reads. */
  enum Bend {
    CONTROL, UNKNOWN_TOP, DUPLICATE_DATA, DUPLICATE_COLUMN, DUPLICATE_META, UNKNOWN_META, NESTED_META, NESTED_VALUE, NO_METADATA,
    NULL_DATA, OP_NUMBER, UNKNOWN_OP, NO_TABLE, INTERNAL_TABLE, TX_FLOAT, TX_RECORD_NEGATIVE, TIMESTAMP_ODD, BAD_TIMESTAMP, LOWER_T,
    COMMA_FRACTION, NUMBER_AS_STRING, FLOAT_FOR_INT, EXPONENT, RAW_UTF8, ESCAPES, KINESIS, TRAILING, TRUNCATED, NO_KEY, PK_PARTITION,
    REORDERED_COLUMNS, UNKNOWN_COLUMN
  }

  static String bend(String json, Bend b) {
    return switch (b) {
      case CONTROL -> json.replace("\"record-type\":\"data\"", "\"record-type\":\"control\"");
      // the first column of a row moved to its end; an undeclared column after the first
      case REORDERED_COLUMNS -> json.replaceFirst("\"data\":\\{(\"[^\"]+\":[^,{}\"]*),([^{}]*)\\}", "\"data\":{$2,$1}");
      case UNKNOWN_COLUMN -> json.replaceFirst("\"data\":\\{(\"[^\"]+\":[^,{}\"]*),", "\"data\":{$1,\"zz_extra\":7,");
      case UNKNOWN_TOP -> json.replaceFirst("\\{", "{\"extra\":1,");
      case DUPLICATE_DATA -> json.replaceFirst("\\{", "{\"data\":{},");
      case DUPLICATE_COLUMN -> json.replaceFirst("\"id\":", "\"id\":0,\"id\":");
      case DUPLICATE_META -> json.replace("\"operation\":", "\"operation\":\"insert\",\"operation\":");
      case UNKNOWN_META -> json.replace("\"metadata\":{", "\"metadata\":{\"x-extra\":\"v\",\"y\":true,\"z\":null,\"w\":-1.5e3,");
      case NESTED_META -> json.replace("\"metadata\":{", "\"metadata\":{\"x-extra\":{\"a\":[1]},");
      case NESTED_VALUE -> json.replaceFirst("\"data\":\\{", "\"data\":{\"nested\":{\"a\":1},");
      case NO_METADATA -> json.replaceAll(",?\"metadata\":\\{[^}]*\\}", "");
      case NULL_DATA -> json.replaceFirst("\"data\":\\{[^}]*\\}", "\"data\":null");
      case OP_NUMBER -> json.replaceAll("\"operation\":\"[a-z]+\"", "\"operation\":1");
      case UNKNOWN_OP -> json.replaceAll("\"operation\":\"[a-z]+\"", "\"operation\":\"upsert\"");
      case NO_TABLE -> json.replace("\"table-name\":", "\"table-nam\":");
      case INTERNAL_TABLE -> json.replaceAll("\"table-name\":\"[a-z]+\"", "\"table-name\":\"awsdms_status\"").replaceAll(
          "\"schema-name\":\"[a-z]+\"", "\"schema-name\":\"\"");
      case TX_FLOAT -> json.replaceAll("\"transaction-id\":(\\d+)", "\"transaction-id\":$1.5");
      case TX_RECORD_NEGATIVE -> json.replace("\"metadata\":{", "\"metadata\":{\"transaction-record-id\":-3,");
      case TIMESTAMP_ODD -> json.replaceFirst("\"timestamp\":\"([^\"]*)Z\"", "\"timestamp\":\"$1+00:00\"");
      case BAD_TIMESTAMP -> json.replaceFirst("\"timestamp\":\"[^\"]*\"", "\"timestamp\":\"yesterday\"");
      case LOWER_T -> json.replaceAll("(\\d{4}-\\d\\d-\\d\\d)T", "$1t");
      case COMMA_FRACTION -> json.replaceAll("(\\d\\d:\\d\\d:\\d\\d)\\.", "$1,");
      case NUMBER_AS_STRING -> json.replaceAll("\"id\":(-?\\d+)", "\"id\":\"$1\"");
      case FLOAT_FOR_INT -> json.replaceAll("\"id\":(-?\\d+)", "\"id\":$1.0");
      case EXPONENT -> json.replaceAll("\"id\":(-?\\d+)", "\"id\":$1e0");
      case RAW_UTF8 -> json.replace("\\u00e9", "\u00e9").replaceFirst("\"data\":\\{", "\"data\":{\"n\u00e4me\":\"\u00e9\u4e2d\ud83d\ude00\",");
      case ESCAPES -> json.replaceFirst("\"data\":\\{", "\"data\":{\"esc\":\"a\\\\\"b\\\\\\\\c\\\\u0041\\\\n\",");
      case KINESIS -> "{\"Records\":[" + json + "]}";
      case TRAILING -> json + " x";
      case TRUNCATED -> json.substring(0, json.length() * 3 / 4);
      case NO_KEY -> json.replaceAll("\"id\":-?\\d+,?", "");
      case PK_PARTITION -> json.replaceAll("\"id\":-?\\d+,?", "").replace("\"partition-key-type\":\"schema-table\"",
          "\"partition-key-type\":\"primary-key\",\"partition-key-value\":\"42\"");
    };
  }

  @Property(tries = 400)
  void bentRecordsGiveTheSameOutcomeOnBothPaths(@ForAll("twoTables") TwoTables c, @ForAll Bend bend, @ForAll("encoders") DmsJsonEncoder enc) {
    DmsJsonDecoder fast = decoder(c, true);
    DmsJsonDecoder slow = decoder(c, false);
    for (ChangeEvent e : c.events()) {
      String json = bend(new String(enc.encode(e), StandardCharsets.UTF_8), bend);
      assertSameOutcome(fast, slow, json.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(fast.skippedInternalRecords()).isEqualTo(slow.skippedInternalRecords());
  }

  @Property(tries = 400)
  void corruptedBytesGiveTheSameOutcomeOnBothPaths(@ForAll("twoTables") TwoTables c, @ForAll("encoders") DmsJsonEncoder enc,
      @ForAll("flips") List<int[]> flips) {
    DmsJsonDecoder fast = decoder(c, true);
    DmsJsonDecoder slow = decoder(c, false);
    for (ChangeEvent e : c.events()) {
      byte[] bytes = enc.encode(e);
      for (int[] f : flips) {
        bytes[Math.floorMod(f[0], bytes.length)] = (byte) f[1];
      }
      assertSameOutcome(fast, slow, bytes);
    }
  }

  /**
   * Each record decoded clean first (so the fast path remembers its metadata values: operation,
   * table, transaction id) and then with bytes of its metadata changed: the remembered values are
   * taken only where the bytes still read as them.
   */
  @Property(tries = 400)
  void corruptedMetadataAfterACleanRecordGivesTheSameOutcomeOnBothPaths(@ForAll("twoTables") TwoTables c,
      @ForAll("encoders") DmsJsonEncoder enc, @ForAll("flips") List<int[]> flips) {
    DmsJsonDecoder fast = decoder(c, true);
    DmsJsonDecoder slow = decoder(c, false);
    for (ChangeEvent e : c.events()) {
      byte[] bytes = enc.encode(e);
      assertSameOutcome(fast, slow, bytes);
      int from = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\"metadata\"");
      for (int[] f : flips) {
        bytes[from + Math.floorMod(f[0], bytes.length - from)] = (byte) f[1];
      }
      assertSameOutcome(fast, slow, bytes);
    }
  }

  @Provide
  Arbitrary<List<int[]>> flips() {
    Arbitrary<Integer> at = Arbitraries.integers().between(0, Integer.MAX_VALUE);
    Arbitrary<Integer> to = Arbitraries.oneOf(Arbitraries.integers().between(0, 255),
        Arbitraries.of((int) '"', (int) '\\', (int) '{', (int) '}', (int) ',', (int) ':', (int) '[', (int) ']', (int) 'e', (int) '-', (int) '.',
            (int) '0', (int) '9', (int) ' ', (int) 'Z', (int) 'T', 0x80, 0xC3, 0xE2, 0xF0, 0xFF));
    return Combinators.combine(at, to).as((a, b) -> new int[] {a, b}).list().ofMinSize(1).ofMaxSize(3);
  }

  private static void assertSameOutcome(DmsJsonDecoder fast, DmsJsonDecoder slow, byte[] bytes) {
    assertThat(outcome(fast, bytes)).as(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(outcome(slow, bytes));
  }

  /** The events, or the exception's class and message. */
  private static Object outcome(DmsJsonDecoder d, byte[] bytes) {
    try {
      List<ChangeEvent> out = new ArrayList<>();
      d.decode(RawMessage.ofValue(bytes), out::add);
      return out;
    } catch (RuntimeException ex) {
      return ex.getClass().getName() + ": " + ex.getMessage();
    }
  }
}
