package io.cdclake.codec.debezium.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.codec.debezium.BinaryHandlingMode;
import io.cdclake.codec.debezium.DecimalHandlingMode;
import io.cdclake.codec.debezium.PayloadForm;
import io.cdclake.codec.debezium.TimePrecisionMode;
import io.cdclake.codec.json.internal.FastJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The byte-level readers of the fast path give exactly what the general readers give, or hand over. */
class FastValuesPropertiesTest {
  static final Options OPTIONS = new Options(PayloadForm.AUTO, null, null, DecimalHandlingMode.PRECISE, TimePrecisionMode.ADAPTIVE,
      BinaryHandlingMode.BYTES, "__debezium_unavailable_value", "__", null, 64, 256, 1 << 24, 1024, 1 << 26, 256, true, true);

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Property(tries = 2000)
  void base64DecimalsEqualTheGeneralReader(@ForAll("unscaled") BigInteger unscaled, @ForAll @IntRange(min = 0, max = 38) int scale) {
    String text = Base64.getEncoder().encodeToString(unscaled.toByteArray());
    BigDecimal fast = FastValues.base64Decimal(ascii(text), 0, text.length(), scale);
    BigDecimal general = Values.decimalFromUnscaled(Values.base64(text), scale);
    if (unscaled.bitLength() < 64) {
      assertThat(fast).isEqualTo(general);
    } else {
      assertThat(fast).isNull();
    }
  }

  @Provide
  Arbitrary<BigInteger> unscaled() {
    return Arbitraries.oneOf(Arbitraries.bigIntegers().between(BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)),
        Arbitraries.bigIntegers().between(BigInteger.ONE.shiftLeft(70).negate(), BigInteger.ONE.shiftLeft(70)),
        Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE.negate(), BigInteger.valueOf(127), BigInteger.valueOf(128),
            BigInteger.valueOf(-128), BigInteger.valueOf(-129), BigInteger.valueOf(Long.MAX_VALUE), BigInteger.valueOf(Long.MIN_VALUE)));
  }

  @Property(tries = 2000)
  void base64TextOfAnyShapeGivesTheGeneralValueOrHandsOver(@ForAll("base64ish") String text, @ForAll @IntRange(min = 0, max = 10) int scale) {
    BigDecimal fast = FastValues.base64Decimal(ascii(text), 0, text.length(), scale);
    if (fast != null) {
      assertThat(fast).isEqualTo(Values.decimalFromUnscaled(Values.base64(text), scale));
    }
  }

  @Provide
  Arbitrary<String> base64ish() {
    return Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ ").ofMinLength(0).ofMaxLength(14);
  }

  @Property(tries = 2000)
  void zonedTimestampsEqualTheGeneralReader(@ForAll("zoned") String text) {
    OffsetDateTime fast = FastValues.zoned(ascii(text), 0, text.length());
    OffsetDateTime general;
    try {
      general = Values.zoned(text);
    } catch (BadValue e) {
      general = null;
    }
    if (fast != null) {
      assertThat(fast).isEqualTo(general);
    }
  }

  @Provide
  Arbitrary<String> zoned() {
    Arbitrary<String> valid = Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L).flatMap(sec -> Arbitraries.integers()
        .between(0, 999_999_999).flatMap(nano -> Arbitraries.integers().between(-18 * 3600, 18 * 3600).map(off -> OffsetDateTime
            .ofInstant(java.time.Instant.ofEpochSecond(sec, nano), ZoneOffset.ofTotalSeconds(off / 60 * 60))
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))));
    Arbitrary<String> bent = valid.flatMap(s -> Arbitraries.integers().between(0, s.length() - 1).flatMap(i -> Arbitraries.chars()
        .with("0123456789-:TZ+. x").map(c -> s.substring(0, i) + c + s.substring(i + 1))));
    return Arbitraries.oneOf(valid, bent);
  }

  private static FastJson number(String literal) {
    byte[] b = ascii(literal + ",");
    FastJson r = new FastJson(b, 0, b.length, OPTIONS);
    r.scanNumber();
    return r;
  }

  @Property(tries = 3000)
  void doublesEqualParseDouble(@ForAll("doubleLiterals") String literal) {
    FastJson r = number(literal);
    assertThat(r.doubleValue()).isEqualTo(Double.parseDouble(literal));
  }

  @Provide
  Arbitrary<String> doubleLiterals() {
    return Arbitraries.oneOf(Arbitraries.doubles().filter(Double::isFinite).map(d -> Double.toString(d)),
        Arbitraries.bigDecimals().between(BigDecimal.valueOf(-1_000_000), BigDecimal.valueOf(1_000_000)).ofScale(6).map(BigDecimal::toPlainString),
        Arbitraries.longs().map(l -> Long.toString(l)),
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20).flatMap(a -> Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(24)
            .map(f -> (a.length() > 1 ? a.replaceFirst("^0+(?=.)", "") : a) + "." + f)));
  }

  @Property(tries = 3000)
  void integersEqualParseLongOrDoNotFit(@ForAll("integerLiterals") String literal) {
    FastJson r = number(literal);
    Long expected;
    try {
      expected = Long.parseLong(literal);
    } catch (NumberFormatException e) {
      expected = null;
    }
    assertThat(r.fitsLong()).isEqualTo(expected != null);
    if (expected != null) {
      assertThat(r.lastLong).isEqualTo(expected);
    }
  }

  @Provide
  Arbitrary<String> integerLiterals() {
    return Arbitraries.oneOf(Arbitraries.longs().map(l -> Long.toString(l)),
        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(18).negate(), BigInteger.TEN.pow(20)).map(BigInteger::toString),
        Arbitraries.of("9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "0", "-0",
            "9999999999999999999", "-9999999999999999999", "1000000000000000000"));
  }

  @Property(tries = 1000)
  void decimalLiteralsEqualBigDecimal(@ForAll("doubleLiterals") String literal) {
    FastJson r = number(literal);
    try {
      assertThat(r.decimalValue()).isEqualTo(new BigDecimal(literal));
    } catch (FastJson.Bail handedOver) {
      assertThat(literal.replaceAll("[-.]", "").length() > 18 || literal.contains("E")).isTrue();
    }
  }

  @Property(tries = 1000)
  void sourceBlocksGiveTheSamePositionsAsTheJacksonReader(@ForAll("sequenceElements") String last, @ForAll("sequenceElements") String cur,
      @ForAll("lsns") String lsn) throws Exception {
    String sequence = "[" + last + "," + cur + "]";
    String json = "{\"connector\":\"postgresql\",\"db\":\"d\",\"sequence\":" + quote(sequence) + lsn + ",\"schema\":\"s\",\"table\":\"t\"}";
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    SourceInfo fast = new SourceInfo();
    new FastReader(OPTIONS, new JsonValues(new Placeholder(OPTIONS.placeholder()), new com.fasterxml.jackson.core.JsonFactory()))
        .source(new FastJson(b, 0, b.length, OPTIONS), fast, 1);
    SourceInfo general = new SourceInfo();
    try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(b)) {
      JsonMessageDecoder.readSource(p, p.nextToken(), general);
    }
    assertThat(fast.sequence).isEqualTo(general.sequence);
    io.cdclake.model.SourcePosition expected = general.position();
    io.cdclake.model.SourcePosition got = fast.position();
    assertThat(got).isEqualTo(expected);
    if (expected != null) {
      assertThat(got.text()).isEqualTo(expected.text());
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Provide
  Arbitrary<String> sequenceElements() {
    return Arbitraries.oneOf(Arbitraries.just("null"), Arbitraries.longs().between(0, Long.MAX_VALUE).map(v -> "\"" + v + "\""),
        Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(20).map(v -> "\"" + v + "\""), Arbitraries.of("\"x\"", " \"1\"", "1"));
  }

  @Provide
  Arbitrary<String> lsns() {
    return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.longs().between(0, Long.MAX_VALUE).map(v -> ",\"lsn\":" + v));
  }
}
