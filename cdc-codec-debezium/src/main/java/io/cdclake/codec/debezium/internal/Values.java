package io.cdclake.codec.debezium.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The semantic conversions of SPEC B.5, from primitive wire values to canonical values. Every
 * failure is a {@link BadValue} whose reason names the type, never the value.
 *
 * <p>PostgreSQL {@code ±infinity}: timestamps arrive as {@code 9223372036825200000} /
 * {@code -9223372036832400000} (millisecond and microsecond modes), {@code Long.MAX_VALUE} /
 * {@code Long.MIN_VALUE} (nanosecond mode) or the strings {@code infinity} / {@code -infinity}; they
 * become {@link LocalDateTime#MAX} / {@link LocalDateTime#MIN} and {@link OffsetDateTime#MAX} /
 * {@link OffsetDateTime#MIN}, the values the PostgreSQL JDBC driver returns for them.
 */
final class Values {
  private Values() {}

  static final long PG_POSITIVE_INFINITY = 9223372036825200000L;
  static final long PG_NEGATIVE_INFINITY = -9223372036832400000L;
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  /** LocalDate.MIN/MAX as epoch days, computed once (per call they were 2.5% of a decode's samples). */
  private static final long MIN_DAY = LocalDate.MIN.toEpochDay();
  private static final long MAX_DAY = LocalDate.MAX.toEpochDay();

  static int toInt(long v, String type) {
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new BadValue("Cannot read " + type + ": value out of range for int32");
    }
    return (int) v;
  }

  static LocalDate date(long days) {
    if (days < MIN_DAY || days > MAX_DAY) {
      throw new BadValue("Cannot read date: day count out of range");
    }
    return LocalDate.ofEpochDay(days);
  }

  static LocalDate date(String s) {
    if ("infinity".equals(s)) {
      return LocalDate.MAX;
    }
    if ("-infinity".equals(s)) {
      return LocalDate.MIN;
    }
    String t = stripZone(s, 10);
    try {
      return LocalDate.parse(t);
    } catch (DateTimeParseException e) {
      throw new BadValue("Cannot read date: not an ISO-8601 date");
    }
  }

  static LocalTime time(long v, int unit) {
    long nanos;
    switch (unit) {
      case Field.MILLIS -> nanos = v * 1_000_000L;
      case Field.MICROS -> nanos = v * 1_000L;
      default -> nanos = v;
    }
    long max = 86_400_000_000_000L;
    if (nanos == max) {
      return LocalTime.MAX; // PostgreSQL '24:00:00'
    }
    if (v < 0 || nanos < 0 || nanos > max) {
      throw new BadValue("Cannot read time: value outside one day (a MySQL TIME interval does not fit a time of day)");
    }
    return LocalTime.ofNanoOfDay(nanos);
  }

  static LocalTime time(String s) {
    String t = stripZone(s, 8);
    if (t.startsWith("24:00:00")) {
      return LocalTime.MAX;
    }
    try {
      return LocalTime.parse(t);
    } catch (DateTimeParseException e) {
      throw new BadValue("Cannot read time: not an ISO-8601 time");
    }
  }

  static LocalDateTime timestamp(long v, int unit) {
    if (unit == Field.NANOS) {
      if (v == Long.MAX_VALUE) {
        return LocalDateTime.MAX;
      }
      if (v == Long.MIN_VALUE) {
        return LocalDateTime.MIN;
      }
      return LocalDateTime.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), (int) Math.floorMod(v, 1_000_000_000L), ZoneOffset.UTC);
    }
    if (v == PG_POSITIVE_INFINITY) {
      return LocalDateTime.MAX;
    }
    if (v == PG_NEGATIVE_INFINITY) {
      return LocalDateTime.MIN;
    }
    long perSecond = unit == Field.MILLIS ? 1_000L : 1_000_000L;
    long secs = Math.floorDiv(v, perSecond);
    long frac = Math.floorMod(v, perSecond);
    try {
      return LocalDateTime.ofEpochSecond(secs, (int) (unit == Field.MILLIS ? frac * 1_000_000L : frac * 1_000L), ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) {
      throw new BadValue("Cannot read timestamp: out of range");
    }
  }

  static OffsetDateTime timestampTz(long v, int unit) {
    LocalDateTime l = timestamp(v, unit);
    if (l == LocalDateTime.MAX) {
      return OffsetDateTime.MAX;
    }
    if (l == LocalDateTime.MIN) {
      return OffsetDateTime.MIN;
    }
    return OffsetDateTime.of(l, ZoneOffset.UTC);
  }

  /** An ISO local date-time, or one with an offset (converted to UTC wall clock, as Debezium encodes timestamps). */
  static LocalDateTime timestamp(String s) {
    if ("infinity".equals(s)) {
      return LocalDateTime.MAX;
    }
    if ("-infinity".equals(s)) {
      return LocalDateTime.MIN;
    }
    try {
      if (s.length() > 19 && hasZone(s)) {
        return zoned(s).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
      }
      return LocalDateTime.parse(s.replace(' ', 'T'));
    } catch (DateTimeParseException e) {
      throw new BadValue("Cannot read timestamp: not an ISO-8601 date-time");
    }
  }

  private static boolean hasZone(String s) {
    char c = s.charAt(s.length() - 1);
    if (c == 'Z' || c == 'z') {
      return true;
    }
    int t = s.indexOf('T');
    if (t < 0) {
      t = s.indexOf(' ');
    }
    return t > 0 && (s.indexOf('+', t) > 0 || s.indexOf('-', t) > 0);
  }

  /** ZonedTimestamp: ISO_OFFSET_DATE_TIME with 0-9 fraction digits, or {@code infinity}/{@code -infinity}. */
  static OffsetDateTime zoned(String s) {
    OffsetDateTime fast = fastZoned(s);
    if (fast != null) {
      return fast;
    }
    if ("infinity".equals(s)) {
      return OffsetDateTime.MAX;
    }
    if ("-infinity".equals(s)) {
      return OffsetDateTime.MIN;
    }
    try {
      return OffsetDateTime.parse(s.replace(' ', 'T'), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw new BadValue("Cannot read zoned timestamp: not an ISO-8601 date-time with offset");
    }
  }

  /** yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:mm) without allocation beyond the result; null for anything else. */
  private static OffsetDateTime fastZoned(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int min = digits(s, 14, 2);
    int sec = digits(s, 17, 2);
    if ((year | month | day | hour | min | sec) < 0) {
      return null;
    }
    int i = 19;
    int nano = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      int start = i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      int len = i - start;
      if (len == 0 || len > 9) {
        return null;
      }
      nano = digits(s, start, len);
      for (int k = len; k < 9; k++) {
        nano *= 10;
      }
    }
    ZoneOffset off;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      off = ZoneOffset.UTC;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if ((oh | om) < 0) {
        return null;
      }
      int total = oh * 3600 + om * 60;
      try {
        off = ZoneOffset.ofTotalSeconds(s.charAt(i) == '-' ? -total : total);
      } catch (java.time.DateTimeException e) {
        return null;
      }
    } else {
      return null;
    }
    try {
      return OffsetDateTime.of(year, month, day, hour, min, sec, nano, off);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static String stripZone(String s, int minLen) {
    if (s.length() > minLen) {
      char c = s.charAt(s.length() - 1);
      if (c == 'Z' || c == 'z') {
        return s.substring(0, s.length() - 1);
      }
      int plus = s.lastIndexOf('+');
      int minus = s.lastIndexOf('-');
      int at = Math.max(plus, minus);
      if (at >= minLen) {
        return s.substring(0, at);
      }
    }
    return s;
  }

  static BigDecimal decimalFromUnscaled(byte[] unscaled, int scale) {
    if (unscaled.length == 0) {
      throw new BadValue("Cannot read decimal: empty unscaled value");
    }
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  static byte[] base64(String s) {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new BadValue("Cannot read bytes: not valid base64");
    }
  }

  static byte[] base64Url(String s) {
    try {
      return Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new BadValue("Cannot read bytes: not valid base64url");
    }
  }

  static byte[] hex(String s) {
    String t = s.startsWith("0x") || s.startsWith("\\x") ? s.substring(2) : s;
    try {
      return HexFormat.of().parseHex(t);
    } catch (IllegalArgumentException e) {
      throw new BadValue("Cannot read bytes: not valid hex");
    }
  }

  /** A decimal with the field's scale; exact unless {@code round} (decimal.handling.mode=double). */
  static BigDecimal scale(BigDecimal v, int scale, boolean round) {
    if (scale < 0 || v.scale() == scale) {
      return v;
    }
    try {
      return v.setScale(scale, round ? RoundingMode.HALF_UP : RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new BadValue("Cannot read decimal: more fraction digits than the column's scale");
    }
  }

  static BigDecimal decimalText(String s) {
    try {
      return new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      throw new BadValue("Cannot read decimal: not a decimal number");
    }
  }

  /** Bits: little-endian bytes (SPEC B.5) reversed into big-endian order. */
  static byte[] bitsBigEndian(byte[] le) {
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    return be;
  }

  static java.util.UUID uuid(String s) {
    try {
      if (s.length() != 36) {
        throw new IllegalArgumentException();
      }
      return java.util.UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw new BadValue("Cannot read uuid: not a UUID");
    }
  }

  static long durationMicros(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d) || Math.abs(d) > 9.2e18) {
      throw new BadValue("Cannot read duration: not a finite int64 microsecond count");
    }
    return Math.round(d);
  }

  static double parseSpecialDouble(String s, String type) {
    return switch (s) {
      case "NaN", "nan", "NAN" -> Double.NaN;
      case "Infinity", "infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity", "-infinity" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new BadValue("Cannot read " + type + ": not a number");
        }
      }
    };
  }
}
