package io.cdclake.codec.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** {@link FastJson#doubleValue} gives exactly what {@link Double#parseDouble} gives (bit for bit), whichever of its paths reads the literal. */
class DoubleValuePropertiesTest {
  private static final FastJson.Limits LIMITS = TestLimits.GENEROUS;

  private static double read(String literal) {
    byte[] b = (literal + ",").getBytes(StandardCharsets.US_ASCII); // a delimiter after it, as inside an object
    FastJson r = new FastJson(b, 0, b.length, LIMITS);
    r.scanNumber();
    return r.doubleValue();
  }

  private static void assertSame(String literal) {
    assertThat(Double.doubleToRawLongBits(read(literal)))
        .as(literal)
        .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(literal)));
  }

  @Property(tries = 5000)
  void shortestFormOfAnyDouble(@ForAll double d) {
    if (Double.isFinite(d)) {
      assertSame(Double.toString(d)); // 1 to 17 digits, with or without an exponent
      String plain = new BigDecimal(Double.toString(d)).toPlainString();
      assertSame(plain.indexOf('.') < 0 ? plain + ".0" : plain); // a fraction: integer literals are read as integers
    }
  }

  @Property(tries = 5000)
  void randomUnitDoubles(@ForAll @LongRange(min = 0, max = (1L << 53) - 1) long bits, @ForAll boolean negative) {
    double d = bits / (double) (1L << 53);
    String s = Double.toString(negative ? -d : d);
    assertSame(s);
    if (d >= 1e-3 && s.length() > 18) { // 16 or 17 digits in plain notation: the Eisel-Lemire path itself answers, not the general parser
      byte[] b = (s + ",").getBytes(StandardCharsets.US_ASCII);
      FastJson r = new FastJson(b, 0, b.length, LIMITS);
      r.scanNumber();
      assertThat(Double.doubleToRawLongBits(r.eiselLemire())).as(s).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
    }
  }

  @Property(tries = 10000)
  void anyDigitsAnyPointAnyExponent(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long digits, @ForAll @IntRange(min = 0, max = 19) int fractionDigits,
      @ForAll @IntRange(min = -80, max = 80) int exponent, @ForAll boolean withExponent, @ForAll boolean negative) {
    String ds = Long.toString(digits);
    int point = Math.max(1, ds.length() - fractionDigits);
    String lit = ds.substring(0, point) + (point < ds.length() ? "." + ds.substring(point) : ".0");
    if (ds.length() > 1 && ds.charAt(0) == '0') {
      return;
    }
    lit = (negative ? "-" : "") + lit + (withExponent ? "e" + exponent : "");
    assertSame(lit);
  }

  @Property(tries = 5000)
  void smallFractionsWithLeadingZeros(@ForAll @LongRange(min = 1, max = 9_999_999_999_999_999L) long digits, @ForAll @IntRange(min = 0, max = 30) int zeros) {
    assertSame("0." + "0".repeat(zeros) + digits);
  }

  @Test
  void halfwayAndEdgeCases() {
    for (String s : new String[] {"9007199254740993.0", "9007199254740995.0", "2.2250738585072014E-308", "2.2250738585072011E-308", "1.7976931348623157E308",
        "1.7976931348623159E308", "4.9E-324", "0.1", "0.3", "1.0000000000000002", "1.00000000000000011102230246251565404236316680908203125",
        "7.3177701707893310e+15", "0.537434523798649", "0.5374345237986491", "123456789012345678.9", "9999999999999999999.0", "1e23", "8.98846567431158e307",
        "5e-324", "-0.0", "0.0", "1.5e-10", "3.0e20", "9223372036854775807.0", "18446744073709551615.0"}) {
      assertSame(s);
    }
  }
}
