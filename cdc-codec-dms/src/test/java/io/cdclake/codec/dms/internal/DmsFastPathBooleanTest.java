package io.cdclake.codec.dms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.codec.json.internal.FastJson;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The fast path's word-at-a-time boolean reads what {@link FastJson#booleanValue} reads, leaves the reader where it does, and gives up where it does. */
class DmsFastPathBooleanTest {

  @Provide
  Arbitrary<String> literals() {
    Arbitrary<String> word = Arbitraries.of("true", "false", "tru", "fals", "trUe", "falsE", "t", "f", "truee", "falsey", "fxlse", "frue");
    Arbitrary<String> after = Arbitraries.of("", ",", "}", "]", " ", "\n", "\t", "\r", "x", "1", "\"", ":", "e,");
    return net.jqwik.api.Combinators.combine(word, after, Arbitraries.strings().ofMaxLength(8)).as((w, a, tail) -> w + a + tail);
  }

  @Property(tries = 3000)
  void readsAsFastJsonReadsOrGivesUpAsItDoes(@ForAll("literals") String text, @ForAll @IntRange(min = 0, max = 6) int cutEnd) {
    byte[] b = ("[" + text).getBytes(StandardCharsets.UTF_8);
    int end = Math.max(2, b.length - cutEnd);
    Object expected;
    FastJson general = new FastJson(b, 1, end, JsonLimits.defaults());
    try {
      expected = general.booleanValue() + "@" + general.pos;
    } catch (FastJson.Bail e) {
      expected = "bail";
    }
    Object actual;
    FastJson fast = new FastJson(b, 1, end, JsonLimits.defaults());
    try {
      actual = DmsFastPath.bool(fast) + "@" + fast.pos;
    } catch (FastJson.Bail e) {
      actual = "bail";
    }
    assertThat(actual).isEqualTo(expected);
  }
}
