package io.cdclake.codec.dms.testing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The text forms DMS writes for canonical values (dates, times, DATETIME with its {@code Z}, hex binary). */
public final class DmsValueText {
  private DmsValueText() {}

  /** {@code YYYY-MM-DD}. */
  public static String date(LocalDate d) {
    return String.format("%04d-%02d-%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
  }

  /** {@code HH:MM:SS[.ffffff]} (9 digits when the value has sub-microsecond nanos). */
  public static String time(LocalTime t) {
    StringBuilder sb = new StringBuilder(String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
    fraction(t.getNano(), sb);
    return sb.toString();
  }

  /** {@code YYYY-MM-DDTHH:MM:SS[.ffffff]Z}: DMS's DATETIME form, with the {@code Z} also on wall-clock values. */
  public static String dateTime(LocalDateTime dt) {
    return date(dt.toLocalDate()) + "T" + time(dt.toLocalTime()) + "Z";
  }

  /** An instant as DMS writes it: UTC with {@code Z}. */
  public static String dateTime(OffsetDateTime odt) {
    return dateTime(odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
  }

  /** The S3 timestamp column form {@code yyyy-MM-dd HH:mm:ss.SSSSSS} in UTC. */
  public static String s3Timestamp(java.time.Instant i) {
    LocalDateTime dt = LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    return date(dt.toLocalDate()) + " " + String.format("%02d:%02d:%02d.%06d", dt.getHour(), dt.getMinute(), dt.getSecond(),
        dt.getNano() / 1000);
  }

  private static void fraction(int nano, StringBuilder sb) {
    if (nano == 0) {
      return;
    }
    if (nano % 1000 == 0) {
      sb.append('.').append(String.format("%06d", nano / 1000));
    } else {
      sb.append('.').append(String.format("%09d", nano));
    }
  }

  /** Hex with {@code 0x} unless {@code noHexPrefix}. */
  public static String hex(byte[] b, boolean noHexPrefix) {
    StringBuilder sb = new StringBuilder(b.length * 2 + 2);
    if (!noHexPrefix) {
      sb.append("0x");
    }
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return sb.toString().toUpperCase(java.util.Locale.ROOT).replace("0X", "0x");
  }

  /** Text of a scalar as DMS would write it in CSV (and inside JSON strings). */
  public static String text(Object v, boolean noHexPrefix) {
    if (v instanceof LocalDate d) {
      return date(d);
    }
    if (v instanceof LocalTime t) {
      return time(t);
    }
    if (v instanceof LocalDateTime dt) {
      return dateTime(dt);
    }
    if (v instanceof OffsetDateTime odt) {
      return dateTime(odt);
    }
    if (v instanceof byte[] b) {
      return hex(b, noHexPrefix);
    }
    if (v instanceof BigDecimal bd) {
      return bd.toPlainString();
    }
    return String.valueOf(v);
  }
}
