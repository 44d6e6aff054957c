package io.cdclake.schema;

import io.cdclake.model.ColumnType;
import io.cdclake.model.Row;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** How schemaless sources send canonical values (text and numbers), and deep value equality, for tests. */
final class WireForms {
  private WireForms() {}

  /** The value as text, as DMS or a schemaless JSON source writes it (variant picks among equivalent forms). */
  static Object text(ColumnType t, Object v, int variant, boolean base64) {
    return switch (t.kind()) {
      case BOOLEAN -> variant % 2 == 0 ? v.toString() : v.toString().toUpperCase(Locale.ROOT);
      case INT, LONG, STRING, JSON -> v.toString();
      case FLOAT -> Float.toString((Float) v);
      case DOUBLE -> Double.toString((Double) v);
      case DECIMAL -> variant % 2 == 0 ? ((BigDecimal) v).toPlainString() : ((BigDecimal) v).stripTrailingZeros().toString();
      case DATE -> v.toString();
      case TIME -> DateTimeFormatter.ISO_LOCAL_TIME.format((LocalTime) v);
      case TIMESTAMP -> {
        String s = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format((LocalDateTime) v);
        yield switch (variant % 3) {
          case 0 -> s;
          case 1 -> s.replace('T', ' ');
          default -> s + "Z"; // DMS appends Z to zone-less values
        };
      }
      case TIMESTAMP_TZ -> variant % 2 == 0 ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((OffsetDateTime) v)
          : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.ofHours(-7)));
      case UUID -> variant % 2 == 0 ? v.toString() : v.toString().toUpperCase(Locale.ROOT);
      case BINARY -> base64 ? Base64.getEncoder().encodeToString((byte[]) v)
          : (variant % 2 == 0 ? "0x" : "") + HexFormat.of().formatHex((byte[]) v);
      default -> v;
    };
  }

  /** The value as a JSON number where a number form exists (epoch micros for times), else the value itself. */
  static Object number(ColumnType t, Object v, int variant) {
    return switch (t.kind()) {
      case BOOLEAN -> (Boolean) v ? 1L : 0L;
      case INT -> variant % 2 == 0 ? Long.valueOf((Integer) v) : new BigDecimal((Integer) v);
      case LONG -> new BigDecimal((Long) v);
      case FLOAT -> Double.valueOf((Float) v);
      case DOUBLE -> Double.isFinite((Double) v) ? new BigDecimal(Double.toString((Double) v)) : v;
      case DECIMAL -> ((BigDecimal) v).stripTrailingZeros();
      case DATE -> ((LocalDate) v).toEpochDay();
      case TIME -> ((LocalTime) v).toNanoOfDay() / 1000;
      case TIMESTAMP -> micros(((LocalDateTime) v).toInstant(ZoneOffset.UTC));
      case TIMESTAMP_TZ -> micros(((OffsetDateTime) v).toInstant());
      default -> v;
    };
  }

  private static long micros(java.time.Instant i) {
    return Math.multiplyExact(i.getEpochSecond(), 1_000_000L) + i.getNano() / 1000;
  }

  /** A random equivalent form of a top-level value: itself, its text, or its number. */
  static Object anyForm(ColumnType t, Object v, Random r) {
    if (v == null || t.kind().isNested()) {
      return v;
    }
    return switch (r.nextInt(3)) {
      case 0 -> v;
      case 1 -> text(t, v, r.nextInt(6), false);
      default -> t.kind() == ColumnType.Kind.TIME || t.kind() == ColumnType.Kind.TIMESTAMP || t.kind() == ColumnType.Kind.TIMESTAMP_TZ
          ? text(t, v, r.nextInt(6), false) // numbers are epoch milliseconds by default: the text form is exact
          : number(t, v, r.nextInt(2));
    };
  }

  /** Equality as the table holds values: byte[] by content, rows and collections deeply, decimals with scale. */
  static boolean deepEquals(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!deepEquals(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      return x.size() == y.size() && x.entrySet().stream().allMatch(e -> deepEquals(e.getValue(), y.get(e.getKey())));
    }
    if (a instanceof Row x && b instanceof Row y) {
      // a struct in the table has every field; a missing field of the source value is NULL
      for (String n : x.names()) {
        if (!deepEquals(x.get(n), y.get(n))) {
          return false;
        }
      }
      for (String n : y.names()) {
        if (!deepEquals(x.get(n), y.get(n))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof UUID || a instanceof String) {
      return a.equals(b);
    }
    return a.equals(b);
  }

  static Random random(long seed) {
    return new Random(seed);
  }
}
