package io.cdclake.codec.dms.internal;

import io.cdclake.codec.json.internal.FastJson;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * The fast path's byte-level readers of DMS's date and timestamp texts ({@code YYYY-MM-DD} and
 * {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z}): each gives exactly what {@link DateTimes#parse} gives for
 * the text, or null for any text it does not read (the caller then takes the text path). The
 * fixed-width parts are checked and read eight bytes at a time; a date seen recently is shared (a
 * small racy cache of immutable {@link LocalDate}s: change streams carry many timestamps of the
 * same few days). Stateless apart from that cache; thread-safe.
 */
final class DateTimeBytes {
  private DateTimeBytes() {}

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** "YYYY-MM-" little-endian: the bytes that must be '-' (positions 4 and 7) and what they must be. */
  private static final long DATE_SEPS = 0xFF0000FF00000000L;
  private static final long DATE_DASHES = 0x2D00002D00000000L;
  /** "HH:MM:SS": the bytes that must be ':' (positions 2 and 5) and what they must be. */
  private static final long TIME_SEPS = 0x0000FF0000FF0000L;
  private static final long TIME_COLONS = 0x00003A00003A0000L;
  private static final long ZEROS = 0x3030303030303030L;

  /** No day: {@link #epochDay}'s answer for a date LocalDate.of refuses. */
  static final long NO_DAY = Long.MIN_VALUE;

  private static final int NANO_MASK = (1 << 30) - 1;
  /** What a fraction of n digits is multiplied by to give nanoseconds. */
  private static final int[] NANO_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

  /**
   * The timestamp form as the wall-clock time {@code DateTimes.parse} gives for it (its offset is
   * UTC); null for any other text.
   */
  static LocalDateTime dateTimeZ(byte[] s, int from, int to) {
    long t = timeZ(s, from, to);
    int key = t < 0 ? -1 : dateKey(s, from);
    if (key < 0) {
      return null;
    }
    return LocalDateTime.of(date(key), LocalTime.of((int) (t >>> 42), (int) (t >>> 36) & 63, (int) (t >>> 30) & 63, (int) t & NANO_MASK));
  }

  /** The same form as the instant it names (UTC); null for any other text. */
  static Instant instantZ(byte[] s, int from, int to) {
    long t = timeZ(s, from, to);
    int key = t < 0 ? -1 : dateKey(s, from);
    if (key < 0) {
      return null;
    }
    long day = epochDay(key >>> 9, (key >>> 5) & 15, key & 31);
    return Instant.ofEpochSecond(day * 86_400 + (t >>> 42) * 3600 + ((t >>> 36) & 63) * 60 + ((t >>> 30) & 63), t & NANO_MASK);
  }

  /** {@code YYYY-MM-DD} at {@code s[from, from + 10)} as {@code DateTimes.parse} reads a bare date; null for anything else. */
  static LocalDate date(byte[] s, int from) {
    int key = dateKey(s, from);
    return key < 0 ? null : date(key);
  }

  /**
   * The time of day of the timestamp form at {@code s[from, to)} (all but its date checked), valid
   * as {@code LocalTime.of} wants it, packed as hour, minute, second (6 bits each) and nanosecond
   * (30 bits); -1 for any other text.
   */
  private static long timeZ(byte[] s, int from, int to) {
    int n = to - from;
    if (n < 20 || n > 30 || s[to - 1] != 'Z' || s[from + 10] != 'T') {
      return -1;
    }
    long w = (long) LONGS.get(s, from + 11); // HH:MM:SS
    if ((w & TIME_SEPS) != TIME_COLONS) {
      return -1;
    }
    long d = (w & ~TIME_SEPS) | (ZEROS & TIME_SEPS); // the colons as '0's: eight digits or not
    if (!eightDigits(d)) {
      return -1;
    }
    d -= ZEROS;
    int hour = (int) (d & 0xFF) * 10 + (int) (d >>> 8 & 0xFF);
    int min = (int) (d >>> 24 & 0xFF) * 10 + (int) (d >>> 32 & 0xFF);
    int sec = (int) (d >>> 48 & 0xFF) * 10 + (int) (d >>> 56);
    if (hour > 23 || min > 59 || sec > 59) {
      return -1;
    }
    int nano = 0;
    if (n > 20) {
      // ".f{1,9}" between the seconds and the Z
      int len = n - 21;
      int start = from + 20;
      if (s[from + 19] != '.' || len == 0) {
        return -1;
      }
      long f = FastJson.leadingDigits(s, start, 8);
      int k;
      if (f >= 0) {
        if ((int) (f >>> 32) != Math.min(len, 8)) {
          return -1; // a non-digit
        }
        nano = (int) f;
        k = 8;
      } else { // fewer than eight bytes left in the array: one at a time
        k = 0;
      }
      for (; k < len; k++) {
        int c = s[start + k] - '0';
        if (c < 0 || c > 9) {
          return -1;
        }
        nano = nano * 10 + c;
      }
      nano *= NANO_SCALE[len];
    }
    return (long) hour << 42 | (long) min << 36 | (long) sec << 30 | nano;
  }

  /**
   * {@code YYYY-MM-DD} at {@code s[from, from + 10)} as year << 9 | month << 5 | day when
   * {@code LocalDate.of} takes it; -1 for anything else (a separator or digit out of place, a
   * month or day out of range). Reads eight bytes at {@code from}.
   */
  static int dateKey(byte[] s, int from) {
    long w = (long) LONGS.get(s, from); // YYYY-MM-
    if ((w & DATE_SEPS) != DATE_DASHES) {
      return -1;
    }
    long d = (w & ~DATE_SEPS) | (ZEROS & DATE_SEPS);
    int d0 = s[from + 8] - '0';
    int d1 = s[from + 9] - '0';
    if (!eightDigits(d) || (d0 | d1 | (9 - d0) | (9 - d1)) < 0) {
      return -1;
    }
    d -= ZEROS;
    int year = (int) (d & 0xFF) * 1000 + (int) (d >>> 8 & 0xFF) * 100 + (int) (d >>> 16 & 0xFF) * 10 + (int) (d >>> 24 & 0xFF);
    int month = (int) (d >>> 40 & 0xFF) * 10 + (int) (d >>> 48 & 0xFF);
    int day = d0 * 10 + d1;
    if (month < 1 || month > 12 || day < 1 || (day > 28 && day > monthLength(year, month))) {
      return -1;
    }
    return year << 9 | month << 5 | day;
  }

  /** Whether the eight bytes (little-endian) are all ASCII digits. */
  private static boolean eightDigits(long w) {
    return (((w + 0x4646464646464646L) | (w - ZEROS)) & 0x8080808080808080L) == 0;
  }

  private static int monthLength(int year, int month) {
    if (month == 2) {
      return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  private static final int DATE_CACHE_BITS = 8;
  /** Recently made dates by a hash of their key (racy by design: a LocalDate is immutable, and each entry is checked). */
  private static final LocalDate[] DATES = new LocalDate[1 << DATE_CACHE_BITS];

  /** The LocalDate of a valid date key: a recently made equal one, or a new one. */
  private static LocalDate date(int key) {
    int slot = (key * 0x9E3779B1) >>> (32 - DATE_CACHE_BITS);
    LocalDate d = DATES[slot];
    int year = key >>> 9;
    int month = (key >>> 5) & 15;
    int day = key & 31;
    if (d != null && d.getDayOfMonth() == day && d.getMonthValue() == month && d.getYear() == year) {
      return d;
    }
    d = LocalDate.of(year, month, day);
    DATES[slot] = d;
    return d;
  }

  /**
   * {@code LocalDate.of(year, month, day).toEpochDay()} for a year in [0, 9999] without the
   * LocalDate (LocalDate's own arithmetic); {@link #NO_DAY} where LocalDate.of throws (a month or
   * day out of range, February 29 of a common year) or a part is negative (not digits).
   */
  static long epochDay(int year, int month, int day) {
    if (year < 0 || year > 9999 || month < 1 || month > 12 || day < 1) {
      return NO_DAY;
    }
    boolean leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    if (day > monthLength(year, month)) {
      return NO_DAY;
    }
    long y = year;
    long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    total += (367 * month - 362) / 12;
    total += day - 1;
    if (month > 2) {
      total--;
      if (!leap) {
        total--;
      }
    }
    return total - 719_528; // days from 0000-01-01 to 1970-01-01
  }
}
