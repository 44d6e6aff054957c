package io.cdclake.codec.dms.internal;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * Parses the date and time text DMS writes: {@code YYYY-MM-DD}, then optionally {@code T} or a
 * space, {@code HH:MM[:SS[.f]]} with 0 to 9 fraction digits, then optionally {@code Z} or an offset
 * ({@code +HH:MM}, {@code +HHMM}, {@code +HH}). Hand-written: it is on the hot path of every
 * timestamp column.
 */
final class DateTimes {
  private DateTimes() {}

  /**
   * @param dateTime the date and wall-clock time (midnight when the text has no time)
   * @param offset the offset the text states, or null
   * @param hasTime whether the text had a time part
   */
  record Parsed(LocalDateTime dateTime, ZoneOffset offset, boolean hasTime) {}

  /** @param allowDateOnly accept a bare date as midnight */
  static Parsed parse(String s, boolean allowDateOnly) {
    int n = s.length();
    if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      throw new ConversionFailure("not a date or timestamp in YYYY-MM-DD[THH:MM:SS[.f]][Z] form");
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int i = 10;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int nano = 0;
    boolean hasTime = false;
    if (i < n && (s.charAt(i) == 'T' || s.charAt(i) == 't' || s.charAt(i) == ' ')) {
      hasTime = true;
      i++;
      int[] t = new int[4];
      i = time(s, i, t);
      hour = t[0];
      minute = t[1];
      second = t[2];
      nano = t[3];
    }
    ZoneOffset offset = null;
    if (i < n) {
      offset = offset(s, i);
    } else if (!hasTime && !allowDateOnly) {
      throw new ConversionFailure("a date without a time is not a timestamp");
    }
    try {
      return new Parsed(LocalDateTime.of(year, month, day, hour, minute, second, nano), offset, hasTime);
    } catch (DateTimeException e) {
      throw ValueConverter.invalid(e);
    }
  }

  /** {@code HH:MM[:SS[.f]]} with nothing after it. */
  static LocalTime parseTime(String s) {
    int[] t = new int[4];
    int end = time(s, 0, t);
    if (end != s.length()) {
      throw new ConversionFailure("not a time of day in HH:MM:SS[.f] form");
    }
    try {
      return LocalTime.of(t[0], t[1], t[2], t[3]);
    } catch (DateTimeException e) {
      throw ValueConverter.invalid(e);
    }
  }

  /** Parses a time at {@code i} into {@code out} (hour, minute, second, nano); returns the index after it. */
  private static int time(String s, int i, int[] out) {
    int n = s.length();
    if (i + 5 > n || s.charAt(i + 2) != ':') {
      throw new ConversionFailure("not a time in HH:MM[:SS[.f]] form");
    }
    out[0] = digits(s, i, 2);
    out[1] = digits(s, i + 3, 2);
    i += 5;
    if (i < n && s.charAt(i) == ':') {
      if (i + 3 > n) {
        throw new ConversionFailure("not a time in HH:MM[:SS[.f]] form");
      }
      out[2] = digits(s, i + 1, 2);
      i += 3;
      if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
        i++;
        int start = i;
        int nano = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          if (i - start >= 9) {
            throw new ConversionFailure("more than 9 fraction digits");
          }
          nano = nano * 10 + (s.charAt(i) - '0');
          i++;
        }
        int count = i - start;
        if (count == 0) {
          throw new ConversionFailure("a fraction point without digits");
        }
        for (int k = count; k < 9; k++) {
          nano *= 10;
        }
        out[3] = nano;
      }
    }
    return i;
  }

  private static ZoneOffset offset(String s, int i) {
    int n = s.length();
    char c = s.charAt(i);
    if ((c == 'Z' || c == 'z') && i + 1 == n) {
      return ZoneOffset.UTC;
    }
    if (c != '+' && c != '-') {
      throw new ConversionFailure("unexpected text after the time");
    }
    int sign = c == '-' ? -1 : 1;
    int rest = n - i - 1;
    int h;
    int m = 0;
    if (rest == 2) {
      h = digits(s, i + 1, 2);
    } else if (rest == 4) {
      h = digits(s, i + 1, 2);
      m = digits(s, i + 3, 2);
    } else if (rest == 5 && s.charAt(i + 3) == ':') {
      h = digits(s, i + 1, 2);
      m = digits(s, i + 4, 2);
    } else {
      throw new ConversionFailure("not a zone offset");
    }
    try {
      return ZoneOffset.ofHoursMinutes(sign * h, sign * m);
    } catch (DateTimeException e) {
      throw ValueConverter.invalid(e);
    }
  }

  private static int digits(String s, int from, int count) {
    if (from + count > s.length()) {
      throw new ConversionFailure("not a date or time");
    }
    int v = 0;
    for (int k = from; k < from + count; k++) {
      char ch = s.charAt(k);
      if (ch < '0' || ch > '9') {
        throw new ConversionFailure("not a date or time");
      }
      v = v * 10 + (ch - '0');
    }
    return v;
  }
}
