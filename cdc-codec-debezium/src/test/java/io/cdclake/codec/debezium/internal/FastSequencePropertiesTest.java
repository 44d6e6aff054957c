package io.cdclake.codec.debezium.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.cdclake.codec.json.internal.FastJson;
import io.cdclake.model.SourcePosition;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fast reader's {@code source.sequence}: whether it reads the two numbers straight from the
 * escaped bytes or hands the text over, SourceInfo ends up with the text Jackson would give and the
 * position that text gives on its own.
 */
class FastSequencePropertiesTest {
  private static final FastReader READER = new FastReader(FastValuesPropertiesTest.OPTIONS,
      new JsonValues(new Placeholder("__debezium_unavailable_value"), new JsonFactory()));

  @Provide
  Arbitrary<String> sequences() {
    Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.longs().between(0, 999_999_999_999_999_999L),
        Arbitraries.longs().between(0, 20), Arbitraries.longs().between(-5, Long.MAX_VALUE)).map(String::valueOf);
    Arbitrary<String> part = Arbitraries.oneOf(number.map(n -> "\"" + n + "\""), number.map(n -> "\"" + n + "\""), Arbitraries.just("null"),
        number, number.map(n -> "\"0" + n + "\""), Arbitraries.of("\"\"", "\" 1\"", "\"1 \"", "\"null\"", "\"1234567890123456789\"", "\"é\""));
    Arbitrary<String> well = Combinators.combine(part, part, Arbitraries.of("", "", " ")).as((a, b, sp) -> "[" + a + "," + sp + b + "]");
    Arbitrary<String> junk = Arbitraries.strings().withChars("[]\",0123456789 nul\\").ofMaxLength(14);
    return Arbitraries.oneOf(well, well, well, junk);
  }

  @Property(tries = 3000)
  void sequenceTextAndPositionEqualWhatTheTextGives(@ForAll("sequences") String sequence) {
    String json = "{\"connector\":\"postgresql\",\"lsn\":42,\"sequence\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(sequence))
        + "\"}";
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    SourceInfo fast = new SourceInfo();
    READER.source(new FastJson(b, 0, b.length, FastValuesPropertiesTest.OPTIONS), fast, 1);

    SourceInfo text = new SourceInfo();
    text.acceptString("connector", "postgresql");
    text.acceptLong("lsn", 42);
    text.acceptString("sequence", sequence);
    assertThat(fast.sequence).isEqualTo(sequence);
    assertThat(describe(Positions.of(fast))).isEqualTo(describe(Positions.of(text)));
  }

  private static String describe(SourcePosition p) {
    if (p == null) {
      return "none";
    }
    StringBuilder sb = new StringBuilder(p.kind());
    for (int i = 0; i < p.partCount(); i++) {
      sb.append(' ').append(p.part(i));
    }
    return sb.toString();
  }
}
