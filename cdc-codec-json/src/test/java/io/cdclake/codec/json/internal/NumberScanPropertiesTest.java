package io.cdclake.codec.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What {@link FastJson#scanNumber} reads in its one pass: {@link FastJson#fitsLong} and
 * {@link FastJson#longValue} agree with BigInteger for integer literals of any length (19 digits
 * above all), and {@link FastJson#doubleValue} with Double.parseDouble, bit for bit, for literals of
 * every shape (signs, zeros, leading zeros in the fraction, up to and past 19 digits, exponents).
 */
class NumberScanPropertiesTest {
  private static final FastJson.Limits LIMITS = TestLimits.GENEROUS;

  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  @Provide
  Arbitrary<String> integers() {
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25)
        .filter(s -> s.length() == 1 || s.charAt(0) != '0');
    Arbitrary<String> nineteen = Arbitraries.bigIntegers().between(BigInteger.TEN.pow(18), BigInteger.TEN.pow(19).subtract(BigInteger.ONE))
        .map(BigInteger::toString);
    Arbitrary<String> nearEdges = Arbitraries.longs().between(-1000, 1000)
        .flatMap(d -> Arbitraries.of(MAX.add(BigInteger.valueOf(d)), MIN.add(BigInteger.valueOf(d))).map(BigInteger::toString));
    Arbitrary<String> unsigned = Arbitraries.oneOf(digits, nineteen, nearEdges.map(s -> s.startsWith("-") ? s.substring(1) : s));
    return Arbitraries.oneOf(unsigned, unsigned.map(s -> "-" + s), nearEdges, Arbitraries.of("9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616", "9999999999999999999",
        "-9999999999999999999", "1000000000000000000", "0", "-0"));
  }

  @Property(tries = 10000)
  void integerLiteralsFitALongExactlyWhenBigIntegerSaysSo(@ForAll("integers") String literal) {
    byte[] b = (literal + "}").getBytes(StandardCharsets.US_ASCII);
    FastJson r = new FastJson(b, 0, b.length, LIMITS);
    r.scanNumber();
    BigInteger exact = new BigInteger(literal);
    boolean fits = exact.compareTo(MIN) >= 0 && exact.compareTo(MAX) <= 0;
    assertThat(r.fitsLong()).as(literal).isEqualTo(fits);
    if (fits) {
      assertThat(r.lastLong).as(literal).isEqualTo(exact.longValueExact());
      assertThat(r.longValue()).as(literal).isEqualTo(exact.longValueExact());
      assertThat(r.doubleValue()).as(literal).isEqualTo(Double.parseDouble(literal));
    }
  }

  @Provide
  Arbitrary<String> decimals() {
    Arbitrary<String> intPart = Arbitraries.oneOf(Arbitraries.just("0"),
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(21).filter(t -> t.charAt(0) != '0'));
    Arbitrary<String> frac = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(24).map(t -> "." + t),
        Arbitraries.integers().between(1, 20).map(z -> "." + "0".repeat(z) + "1"));
    Arbitrary<String> exp = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.integers().between(-400, 400).map(e -> "e" + e),
        Arbitraries.integers().between(0, 30).map(e -> "E+" + e), Arbitraries.integers().between(0, 30).map(e -> "e-0" + e));
    return Arbitraries.oneOf(
        net.jqwik.api.Combinators.combine(Arbitraries.of("", "-"), intPart, frac, exp).as((sg, i, f, e) -> sg + i + f + e)
            .filter(t -> t.contains(".") || t.contains("e") || t.contains("E")),
        Arbitraries.of("0.0", "-0.0", "0e0", "-0e-5", "0.000", "-0.0e400", "1e-400", "1e400", "9007199254740993.0", "0.1", "123456789012345.6",
            "1234567890123456789.0", "0.1234567890123456789", "9999999999999999999e-19"));
  }

  @Property(tries = 10000)
  void decimalLiteralsReadAsParseDoubleReadsThem(@ForAll("decimals") String literal) {
    byte[] b = (literal + ",").getBytes(StandardCharsets.US_ASCII);
    FastJson r = new FastJson(b, 0, b.length, LIMITS);
    r.scanNumber();
    assertThat(Double.doubleToRawLongBits(r.doubleValue())).as(literal).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(literal)));
  }
}
