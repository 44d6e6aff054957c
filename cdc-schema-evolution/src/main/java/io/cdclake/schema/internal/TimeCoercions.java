package io.cdclake.schema.internal;

import io.cdclake.schema.ReconcileOptions;
import io.cdclake.schema.internal.Misfit.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Coerces values to dates, times and timestamps (see {@link ReconcileOptions} for the rules: epoch
 * numbers in the configured unit, ISO-8601 text, zone handling, no sub-microsecond rounding).
 */
final class TimeCoercions {
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  private final ReconcileOptions options;

  TimeCoercions(ReconcileOptions options) {
    this.options = options;
  }


  LocalDate toDate(Object v) {
    if (v instanceof LocalDate d) {
      return d;
    }
    if (v instanceof String s) {
      String t = s.trim();
      if (isInteger(t)) {
        return epochDay(Coercions.number(t));
      }
      if (t.length() == 11 && (t.charAt(10) == 'Z' || t.charAt(10) == 'z')) {
        t = t.substring(0, 10);
      }
      if (t.length() == 10) {
        try {
          return LocalDate.parse(t);
        } catch (DateTimeException e) {
          throw new Misfit(Kind.UNPARSEABLE, "Cannot coerce text to date: not an ISO-8601 date");
        }
      }
      LocalDateTime ts = toTimestamp(t, false);
      if (!ts.toLocalTime().equals(LocalTime.MIDNIGHT)) {
        throw new Misfit(Kind.INEXACT, "Cannot coerce timestamp text to date: it has a time of day");
      }
      return ts.toLocalDate();
    }
    if (Coercions.isNumber(v)) {
      return epochDay(Coercions.integral(v, "date"));
    }
    throw Coercions.wrongKind(v, "date");
  }

  private static LocalDate epochDay(BigDecimal days) {
    try {
      return LocalDate.ofEpochDay(days.longValueExact());
    } catch (ArithmeticException | DateTimeException e) {
      throw new Misfit(Kind.OUT_OF_RANGE, "Cannot coerce number to date: out of range");
    }
  }

  LocalTime toTime(Object v, boolean nanosAllowed) {
    LocalTime t;
    if (v instanceof LocalTime lt) {
      t = lt;
    } else if (v instanceof String s && !isInteger(s.trim())) {
      String x = s.trim();
      if (x.endsWith("Z") || x.endsWith("z")) {
        x = x.substring(0, x.length() - 1);
      }
      try {
        t = LocalTime.parse(x, DateTimeFormatter.ISO_LOCAL_TIME);
      } catch (DateTimeException e) {
        throw new Misfit(Kind.UNPARSEABLE, "Cannot coerce text to time: not an ISO-8601 time of day");
      }
    } else if (Coercions.isNumber(v) || v instanceof String) {
      BigInteger nanos = epochNanos(Coercions.number(v), "time");
      if (nanos.signum() < 0 || nanos.compareTo(BigInteger.valueOf(NANOS_PER_DAY)) >= 0) {
        throw new Misfit(Kind.OUT_OF_RANGE, "Cannot coerce number to time: not within one day");
      }
      t = LocalTime.ofNanoOfDay(nanos.longValue());
    } else {
      throw Coercions.wrongKind(v, "time");
    }
    if (!nanosAllowed && t.getNano() % 1000 != 0) {
      if (!options.truncateSubMicros()) {
        throw subMicros("time");
      }
      t = t.truncatedTo(ChronoUnit.MICROS);
    }
    return t;
  }

  LocalDateTime toTimestamp(Object v, boolean nanosAllowed) {
    LocalDateTime t;
    if (v instanceof LocalDateTime l) {
      t = l;
    } else if (v instanceof OffsetDateTime o) {
      t = o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    } else if (v instanceof ZonedDateTime z) {
      t = z.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
    } else if (v instanceof Instant i) {
      t = LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    } else if (v instanceof LocalDate d) {
      t = d.atStartOfDay();
    } else if (v instanceof String s && !isInteger(s.trim())) {
      Parsed p = parseTimestamp(s.trim());
      t = p.offset == null ? p.local : p.local.atOffset(p.offset).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    } else if (Coercions.isNumber(v) || v instanceof String) {
      t = fromEpoch(Coercions.number(v)).toLocalDateTime();
    } else {
      throw Coercions.wrongKind(v, "timestamp");
    }
    if (!nanosAllowed && t.getNano() % 1000 != 0) {
      if (!options.truncateSubMicros()) {
        throw subMicros("timestamp");
      }
      t = t.truncatedTo(ChronoUnit.MICROS);
    }
    return t;
  }

  OffsetDateTime toTimestampTz(Object v, boolean nanosAllowed) {
    OffsetDateTime t;
    if (v instanceof OffsetDateTime o) {
      t = o;
    } else if (v instanceof ZonedDateTime z) {
      t = z.toOffsetDateTime();
    } else if (v instanceof Instant i) {
      t = i.atOffset(ZoneOffset.UTC);
    } else if (v instanceof LocalDateTime l) {
      t = l.atOffset(ZoneOffset.UTC);
    } else if (v instanceof LocalDate d) {
      t = d.atStartOfDay().atOffset(ZoneOffset.UTC);
    } else if (v instanceof String s && !isInteger(s.trim())) {
      Parsed p = parseTimestamp(s.trim());
      t = p.local.atOffset(p.offset == null ? ZoneOffset.UTC : p.offset);
    } else if (Coercions.isNumber(v) || v instanceof String) {
      t = fromEpoch(Coercions.number(v));
    } else {
      throw Coercions.wrongKind(v, "timestamptz");
    }
    if (!nanosAllowed && t.getNano() % 1000 != 0) {
      if (!options.truncateSubMicros()) {
        throw subMicros("timestamptz");
      }
      t = t.truncatedTo(ChronoUnit.MICROS);
    }
    // an instant: kept at UTC, as Iceberg reads it back
    return t.getOffset().equals(ZoneOffset.UTC) ? t : t.withOffsetSameInstant(ZoneOffset.UTC);
  }

  private record Parsed(LocalDateTime local, ZoneOffset offset) {}

  private static Parsed parseTimestamp(String s) {
    if (s.length() > 64) {
      throw new Misfit(Kind.UNPARSEABLE, "Cannot coerce text to timestamp: longer than 64 characters");
    }
    try {
      if (s.length() == 10) {
        return new Parsed(LocalDate.parse(s).atStartOfDay(), null);
      }
      String t = s;
      if (t.length() > 10 && (t.charAt(10) == ' ' || t.charAt(10) == 't')) {
        t = t.substring(0, 10) + 'T' + t.substring(11);
      }
      ZoneOffset offset = null;
      char last = t.charAt(t.length() - 1);
      if (last == 'Z' || last == 'z') {
        offset = ZoneOffset.UTC;
        t = t.substring(0, t.length() - 1);
      } else {
        int i = Math.max(t.lastIndexOf('+'), t.lastIndexOf('-'));
        if (i > 11) {
          offset = ZoneOffset.of(t.substring(i).trim());
          t = t.substring(0, i);
        }
      }
      return new Parsed(LocalDateTime.parse(t.trim(), DateTimeFormatter.ISO_LOCAL_DATE_TIME), offset);
    } catch (DateTimeException | IndexOutOfBoundsException e) {
      throw new Misfit(Kind.UNPARSEABLE, "Cannot coerce text to timestamp: not an ISO-8601 date and time");
    }
  }

  private OffsetDateTime fromEpoch(BigDecimal value) {
    BigInteger nanos = epochNanos(value, "timestamp");
    BigInteger[] qr = nanos.divideAndRemainder(NANOS_PER_SECOND);
    BigInteger seconds = qr[0];
    long nano = qr[1].longValue();
    if (nano < 0) {
      seconds = seconds.subtract(BigInteger.ONE);
      nano += 1_000_000_000L;
    }
    try {
      return OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds.longValueExact(), nano), ZoneOffset.UTC);
    } catch (ArithmeticException | DateTimeException e) {
      throw new Misfit(Kind.OUT_OF_RANGE, "Cannot coerce number to timestamp: out of range");
    }
  }

  private BigInteger epochNanos(BigDecimal value, String type) {
    try {
      return value.multiply(BigDecimal.valueOf(options.epochUnit().nanos())).toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new Misfit(Kind.SUB_MICROS, "Cannot coerce number to " + type + ": finer than nanoseconds (see epoch-unit option)");
    }
  }

  private static boolean isInteger(String s) {
    int start = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
    if (s.length() == start || s.length() > 40) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static Misfit subMicros(String type) {
    return new Misfit(Kind.SUB_MICROS, "Cannot coerce value to " + type + ": finer than microseconds (see truncate-sub-micros option)");
  }
}
