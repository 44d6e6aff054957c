package io.cdclake.codec.dms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;

/** The fast path's byte-level date and timestamp readers give what the text parsers give, or null (never another value). */
class DmsFastPathDateTimeTest {

  @Property(tries = 3000)
  void timestampTextReadsAsTheTextParserReadsItOrNotAtAll(@ForAll("timestamps") String text) {
    byte[] b = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);
    LocalDateTime fast = DateTimeBytes.dateTimeZ(b, 1, b.length - 1);
    Instant fastInstant = DateTimeBytes.instantZ(b, 1, b.length - 1);
    LocalDateTime slow;
    try {
      DateTimes.Parsed p = DateTimes.parse(text, false);
      slow = ZoneOffset.UTC.equals(p.offset()) ? p.dateTime() : null;
    } catch (ConversionFailure | java.time.DateTimeException e) {
      slow = null;
    }
    boolean canonical = text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z");
    // null sends the value down the text path; anything else must be what that path gives
    assertThat(fast).isEqualTo(canonical ? slow : fast == null ? null : slow);
    assertThat(fastInstant).isEqualTo(fast == null ? null : slow.toInstant(ZoneOffset.UTC));
    if (fastInstant != null) {
      assertThat(fastInstant).isEqualTo(DmsMessageDecoder.parseInstant(text));
    }
    // again: nothing carried over from the first call
    assertThat(DateTimeBytes.dateTimeZ(b, 1, b.length - 1)).isEqualTo(fast);
  }

  @Property(tries = 2000)
  void dateTextReadsAsTheTextParserReadsItOrNotAtAll(@ForAll("dates") String text) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    LocalDate fast = DateTimeBytes.date(b, 0);
    LocalDate slow;
    try {
      slow = DateTimes.parse(text, true).dateTime().toLocalDate();
    } catch (ConversionFailure | java.time.DateTimeException e) {
      slow = null;
    }
    assertThat(fast).isEqualTo(slow);
    assertThat(DateTimeBytes.date(b, 0)).isEqualTo(slow);
  }

  @Property(tries = 5000)
  void epochDayIsLocalDatesOrNoneWhereLocalDateRefuses(@ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 9999) int year,
      @ForAll @net.jqwik.api.constraints.IntRange(min = -1, max = 14) int month, @ForAll @net.jqwik.api.constraints.IntRange(min = -1, max = 33) int day) {
    long expected;
    try {
      expected = LocalDate.of(year, month, day).toEpochDay();
    } catch (java.time.DateTimeException e) {
      expected = DateTimeBytes.NO_DAY;
    }
    assertThat(DateTimeBytes.epochDay(year, month, day)).isEqualTo(expected);
    assertThat(DateTimeBytes.epochDay(year, 2, 29)).isEqualTo(java.time.Year.isLeap(year) ? LocalDate.of(year, 2, 29).toEpochDay() : DateTimeBytes.NO_DAY);
    assertThat(DateTimeBytes.epochDay(-1, 1, 1)).isEqualTo(DateTimeBytes.NO_DAY); // not digits
  }

  /**
   * One byte of a timestamp or date replaced by another (a digit's neighbours '/' and ':', a
   * separator, a letter, anything printable), read both at the end of the array and inside it: the
   * byte-level readers, which check eight bytes at a time, still give the text parser's value or
   * null, and the value whenever the text is still in the canonical form.
   */
  @Property(tries = 4000)
  void oneByteChangedStillReadsAsTheTextParserOrNotAtAll(@ForAll("timestamps") String text, @ForAll("dates") String date,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 40) int at, @ForAll("bytes") char c, @ForAll boolean atArrayEnd) {
    String ts = bend(text, at, c);
    byte[] b = (atArrayEnd ? ts : "x" + ts + "y").getBytes(StandardCharsets.ISO_8859_1);
    int from = atArrayEnd ? 0 : 1;
    int to = atArrayEnd ? b.length : b.length - 1;
    LocalDateTime slow;
    try {
      DateTimes.Parsed p = DateTimes.parse(ts, false);
      slow = ZoneOffset.UTC.equals(p.offset()) ? p.dateTime() : null;
    } catch (ConversionFailure | java.time.DateTimeException e) {
      slow = null;
    }
    LocalDateTime fast = DateTimeBytes.dateTimeZ(b, from, to);
    boolean canonical = ts.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z");
    assertThat(fast).isEqualTo(canonical ? slow : fast == null ? null : slow);
    assertThat(DateTimeBytes.instantZ(b, from, to)).isEqualTo(fast == null ? null : fast.toInstant(ZoneOffset.UTC));

    String d = bend(date, at % 12, c);
    if (d.length() == 10) {
      byte[] db = (atArrayEnd ? d + "\"" : "x" + d + "\"").getBytes(StandardCharsets.ISO_8859_1);
      LocalDate slowDate;
      try {
        DateTimes.Parsed p = DateTimes.parse(d, true);
        slowDate = p.offset() == null && !p.hasTime() ? p.dateTime().toLocalDate() : null;
      } catch (ConversionFailure | java.time.DateTimeException e) {
        slowDate = null;
      }
      assertThat(DateTimeBytes.date(db, atArrayEnd ? 0 : 1)).isEqualTo(slowDate);
    }
  }

  private static String bend(String s, int at, char c) {
    return at < s.length() ? s.substring(0, at) + c + s.substring(at + 1) : s + c;
  }

  @Provide
  Arbitrary<Character> bytes() {
    return Arbitraries.oneOf(Arbitraries.of('/', ':', '0', '9', '-', 'T', 't', '.', 'Z', ' ', '+', 'a', '\u007f', '\u00e9'),
        Arbitraries.chars().range(' ', '~'));
  }

  @Provide
  Arbitrary<String> dates() {
    return Combinators.combine(Arbitraries.integers().between(0, 9999), Arbitraries.integers().between(0, 14),
        Arbitraries.integers().between(0, 33)).as((y, m, d) -> String.format("%04d-%02d-%02d", y, m, d));
  }

  @Provide
  Arbitrary<String> timestamps() {
    Arbitrary<String> date = Arbitraries.oneOf(dates(), Arbitraries.of("2024-02-29", "2023-02-29", "2025-12-31", "2025-03-01"));
    Arbitrary<String> time = Combinators.combine(Arbitraries.integers().between(0, 25), Arbitraries.integers().between(0, 61),
        Arbitraries.integers().between(0, 61)).as((h, m, s) -> String.format("%02d:%02d:%02d", h, m, s));
    Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just("."),
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(10).map(f -> "." + f));
    Arbitrary<String> end = Arbitraries.of("Z", "Z", "Z", "", "+00:00", "z");
    return Combinators.combine(date, Arbitraries.of("T", "T", " "), time, fraction, end).as((d, t, c, f, e) -> d + t + c + f + e);
  }
}
