package io.cdclake.codec.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link FastJson#tryName(FastJson.Name)} (two word comparisons) does exactly what
 * {@link FastJson#tryName(byte[])} does on any input: the same answer, position and name bytes, or
 * the same bail; whatever follows, wherever the input ends and whatever lies past its end.
 */
class PreparedNamePropertiesTest {
  private static final FastJson.Limits LIMITS = TestLimits.GENEROUS;

  record Case(String name, String input, int from, int cut, String pastEnd) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'e').withChars('_', '1').ofMinLength(0).ofMaxLength(20);
    Arbitrary<String> ws = Arbitraries.of("", "", "", " ", "\n", "\t ");
    Arbitrary<String> colon = Arbitraries.of(":", ":", ";", "");
    Arbitrary<String> after = Arbitraries.of("1,", "\"x\"}", "null", "", "{", ":", "x", "1,\"next_member\":2}", "\"a long value\",\"b\":1}");
    Arbitrary<String> junk = Arbitraries.strings().withChars("\"a_:1 ,").ofMaxLength(20);
    Arbitrary<String> past = Arbitraries.of("", "\"", ":", "aaaaaaaaaaaaaaaaaaaa", "\"a\":1}", ":1234567890123456", "\":\"\":\"\":\"\":\"\":");
    // which name the input holds: the name itself, another, the name cut short, longer, or with one byte changed
    Arbitrary<Integer> variant = Arbitraries.integers().between(0, 5);
    return Combinators.combine(names, names, variant, Combinators.combine(ws, ws, colon, ws, after).as((w1, w2, c, w3, a) -> new String[] {w1, w2, c,
        w3, a}), junk, Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 40), past)
        .as((name, other, v, parts, j, from, cut, p) -> {
          String inName = switch (v) {
            case 0, 1 -> name;
            case 2 -> other;
            case 3 -> name.isEmpty() ? "x" : name.substring(1);
            case 4 -> name + "a";
            default -> name.isEmpty() ? "b" : "z" + name.substring(1);
          };
          String member = parts[0] + "\"" + inName + "\"" + parts[1] + parts[2] + parts[3] + parts[4];
          String in = "x".repeat(from) + (v == 1 && cut % 7 == 0 ? j : member);
          return new Case(name, in, from, Math.min(in.length(), from + cut), p);
        }).withoutEdgeCases();
  }

  @Property(tries = 20000)
  void preparedNamesMatchExactlyAsBareNamesDo(@ForAll("cases") Case c) {
    byte[] name = c.name().getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = (c.input() + c.pastEnd()).getBytes(StandardCharsets.US_ASCII);
    String expected = outcome(bytes, c, r -> r.tryName(name));
    String got = outcome(bytes, c, r -> r.tryName(new FastJson.Name(name)));
    assertThat(got).as(c.toString()).isEqualTo(expected);
  }

  private static String outcome(byte[] bytes, Case c, java.util.function.Predicate<FastJson> call) {
    FastJson r = new FastJson(bytes, c.from(), c.cut(), LIMITS);
    try {
      boolean hit = call.test(r);
      return hit ? "hit pos=" + r.pos + " name=[" + r.strStart + "," + r.strEnd + ")" : "miss pos=" + r.pos;
    } catch (FastJson.Bail e) {
      return "bail";
    }
  }
}
