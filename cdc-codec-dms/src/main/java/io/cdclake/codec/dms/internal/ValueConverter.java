package io.cdclake.codec.dms.internal;

import io.cdclake.codec.dms.DmsBinaryEncoding;
import io.cdclake.codec.dms.DmsDateTimeMode;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.ColumnType.DecimalType;
import io.cdclake.model.Row;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Turns DMS values into canonical Java values. Raw values are the JSON scalars of a parsed tree
 * ({@link String}, {@link JsonNum}, {@link Boolean}, {@link JsonNull}, {@link JsonObj},
 * {@link JsonArr}), CSV fields ({@link String}) or Parquet values (Java numbers, temporals,
 * {@code byte[]}). Immutable and thread-safe.
 *
 * <p>Numbers are parsed from their text, never through {@code double}, unless the column is FLOAT
 * or DOUBLE. Failures throw {@link ConversionFailure} with a reason that never holds the value.
 */
public final class ValueConverter {
  /** Numbers whose decimal exponent is beyond this are refused (no canonical type holds them). */
  static final int MAX_DECIMAL_EXPONENT = 400;

  private final DmsDateTimeMode dateTimeMode;
  private final DmsBinaryEncoding binaryEncoding;

  public ValueConverter(DmsDateTimeMode dateTimeMode, DmsBinaryEncoding binaryEncoding) {
    this.dateTimeMode = dateTimeMode;
    this.binaryEncoding = binaryEncoding;
  }

  public DmsDateTimeMode dateTimeMode() {
    return dateTimeMode;
  }

  // ---------------------------------------------------------------- untyped

  /**
   * A raw JSON value as the JSON scalar it is: {@link String}, {@link Boolean}, {@link Long} for
   * integers that fit (also integral values written in scientific notation, the documented BIGINT
   * form), {@link BigDecimal} for every other number (exact), null for JSON null, and nested
   * objects/arrays as their compact JSON text.
   */
  public Object untyped(Object raw) {
    if (raw instanceof String || raw instanceof Boolean) {
      return raw;
    }
    if (raw instanceof JsonNum n) {
      return number(n);
    }
    if (raw == null || raw == JsonNull.INSTANCE) {
      return null;
    }
    if (raw instanceof JsonObj || raw instanceof JsonArr) {
      return JsonText.write(raw);
    }
    return raw; // Parquet values are already canonical
  }

  static Object number(JsonNum n) {
    String t = n.text();
    if (n.integral()) {
      if (t.length() <= 18) {
        return Long.parseLong(t);
      }
      BigInteger bi = new BigInteger(t);
      return bi.bitLength() < 64 ? (Object) bi.longValue() : new BigDecimal(bi);
    }
    BigDecimal bd = decimal(t);
    if (hasExponent(t)) {
      Long l = exactLong(bd);
      if (l != null) {
        return l;
      }
    }
    return bd;
  }

  private static boolean hasExponent(String t) {
    return t.indexOf('e') >= 0 || t.indexOf('E') >= 0;
  }

  /** The value as a long when it is integral and fits, else null. */
  private static Long exactLong(BigDecimal bd) {
    if (bd.signum() == 0) {
      return 0L;
    }
    if (bd.precision() - bd.scale() > 19) {
      return null;
    }
    try {
      return bd.longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** Parses a number's text exactly, refusing magnitudes no canonical type can hold. */
  static BigDecimal decimal(String text) {
    BigDecimal bd;
    try {
      bd = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new ConversionFailure("not a number");
    }
    long adjusted = (long) bd.precision() - bd.scale() - 1;
    if (bd.signum() != 0 && (adjusted > MAX_DECIMAL_EXPONENT || adjusted < -MAX_DECIMAL_EXPONENT)) {
      throw new ConversionFailure("number magnitude beyond 1e" + MAX_DECIMAL_EXPONENT + " or below 1e-" + MAX_DECIMAL_EXPONENT);
    }
    return bd;
  }

  // ---------------------------------------------------------------- typed

  /** Converts a raw value to the column's canonical type; JSON null becomes null. */
  public Object convert(Object raw, ColumnType type) {
    if (raw == null || raw == JsonNull.INSTANCE) {
      return null;
    }
    return switch (type.kind()) {
      case BOOLEAN -> toBoolean(raw);
      case INT -> {
        if (raw instanceof Integer) {
          yield raw;
        }
        try {
          yield exactDecimal(raw).intValueExact();
        } catch (ArithmeticException e) {
          throw new ConversionFailure("not an integer in the int range");
        }
      }
      case LONG -> {
        if (raw instanceof Long) {
          yield raw;
        }
        if (raw instanceof JsonNum n && n.integral() && n.text().length() <= 18) {
          yield Long.parseLong(n.text());
        }
        BigDecimal bd = exactDecimal(raw);
        if (bd.precision() - bd.scale() > 19) {
          throw new ConversionFailure("not an integer in the long range");
        }
        try {
          yield bd.longValueExact();
        } catch (ArithmeticException e) {
          throw new ConversionFailure("not an integer in the long range");
        }
      }
      case FLOAT -> toFloat(raw);
      case DOUBLE -> toDouble(raw);
      case DECIMAL -> toDecimal(raw, (DecimalType) type);
      case DATE -> toDate(raw);
      case TIME -> toTime(raw);
      case TIMESTAMP -> toTimestamp(raw);
      case TIMESTAMP_TZ -> toTimestampTz(raw);
      case STRING -> toText(raw, false);
      case JSON -> toText(raw, true);
      case UUID -> toUuid(raw);
      case BINARY -> toBinary(raw);
      case LIST -> toList(raw, (ColumnType.ListType) type);
      case MAP -> toMap(raw, (ColumnType.MapType) type);
      case STRUCT -> toStruct(raw, (ColumnType.StructType) type);
    };
  }

  private static Boolean toBoolean(Object raw) {
    if (raw instanceof Boolean b) {
      return b;
    }
    String s;
    if (raw instanceof JsonNum n) {
      s = n.text();
    } else if (raw instanceof Number n && (n instanceof Integer || n instanceof Long)) {
      s = n.toString();
    } else if (raw instanceof String str) {
      s = str;
    } else {
      throw new ConversionFailure("not a boolean");
    }
    switch (s.toLowerCase(Locale.ROOT)) {
      case "true", "t", "1", "y", "yes" -> {
        return Boolean.TRUE;
      }
      case "false", "f", "0", "n", "no" -> {
        return Boolean.FALSE;
      }
      default -> throw new ConversionFailure("not a boolean");
    }
  }

  /** A number from a JSON number, a numeric string or a Java number. */
  private static BigDecimal exactDecimal(Object raw) {
    if (raw instanceof JsonNum n) {
      return decimal(n.text());
    }
    if (raw instanceof String s) {
      if (!isNumberText(s)) {
        throw new ConversionFailure("not a number");
      }
      return decimal(s);
    }
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      return BigDecimal.valueOf(((Number) raw).longValue());
    }
    if (raw instanceof BigDecimal bd) {
      return bd;
    }
    if (raw instanceof BigInteger bi) {
      return new BigDecimal(bi);
    }
    if (raw instanceof Double || raw instanceof Float) {
      double d = ((Number) raw).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new ConversionFailure("not a finite number");
      }
      return new BigDecimal(raw.toString());
    }
    if (raw instanceof Boolean) {
      throw new ConversionFailure("a boolean is not a number");
    }
    throw new ConversionFailure("not a number");
  }

  /** A JSON-style number: optional sign, digits with optional fraction, optional exponent. */
  static boolean isNumberText(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        i++;
      }
      int exp = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        exp++;
      }
      if (exp == 0 || exp > 9) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static Float toFloat(Object raw) {
    if (raw instanceof Float f) {
      return f;
    }
    String special = specialFloat(raw);
    if (special != null) {
      return Float.parseFloat(special);
    }
    if (raw instanceof Double d) {
      return d.floatValue();
    }
    String text = numberText(raw);
    float f = Float.parseFloat(text);
    if (Float.isInfinite(f)) {
      throw new ConversionFailure("out of the float range");
    }
    return f;
  }

  private static Double toDouble(Object raw) {
    if (raw instanceof Double d) {
      return d;
    }
    if (raw instanceof Float f) {
      return f.doubleValue();
    }
    String special = specialFloat(raw);
    if (special != null) {
      return Double.parseDouble(special);
    }
    String text = numberText(raw);
    double d = Double.parseDouble(text);
    if (Double.isInfinite(d)) {
      throw new ConversionFailure("out of the double range");
    }
    return d;
  }

  /** NaN and the infinities as Java spells them, when the raw value is one of those strings. */
  private static String specialFloat(Object raw) {
    if (!(raw instanceof String s)) {
      return null;
    }
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "nan" -> "NaN";
      case "infinity", "inf", "+infinity", "+inf" -> "Infinity";
      case "-infinity", "-inf" -> "-Infinity";
      default -> null;
    };
  }

  private static String numberText(Object raw) {
    if (raw instanceof JsonNum n) {
      return n.text();
    }
    if (raw instanceof String s) {
      if (!isNumberText(s)) {
        throw new ConversionFailure("not a number");
      }
      return s;
    }
    if (raw instanceof Number) {
      return exactDecimal(raw).toString();
    }
    throw new ConversionFailure("not a number");
  }

  private static BigDecimal toDecimal(Object raw, DecimalType t) {
    BigDecimal bd = exactDecimal(raw);
    BigDecimal scaled;
    try {
      scaled = bd.setScale(t.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new ConversionFailure("more fraction digits than the column's scale (scale=" + t.scale() + ")");
    }
    if (scaled.precision() > t.precision() && scaled.signum() != 0) {
      throw new ConversionFailure("more digits than the column's precision (precision=" + t.precision() + ")");
    }
    return scaled;
  }

  private static LocalDate toDate(Object raw) {
    if (raw instanceof LocalDate d) {
      return d;
    }
    if (raw instanceof LocalDateTime dt) {
      return midnightDate(dt);
    }
    if (raw instanceof String s) {
      DateTimes.Parsed p = DateTimes.parse(s, true);
      if (p.offset() != null && p.hasTime()) {
        throw new ConversionFailure("a date with a time zone is not a date");
      }
      return midnightDate(p.dateTime());
    }
    throw new ConversionFailure("not a date");
  }

  private static LocalDate midnightDate(LocalDateTime dt) {
    if (!dt.toLocalTime().equals(LocalTime.MIDNIGHT)) {
      throw new ConversionFailure("a date with a time of day other than midnight is not a date");
    }
    return dt.toLocalDate();
  }

  private static LocalTime toTime(Object raw) {
    if (raw instanceof LocalTime t) {
      return t;
    }
    if (raw instanceof String s) {
      return DateTimes.parseTime(s);
    }
    throw new ConversionFailure("not a time of day");
  }

  private LocalDateTime toTimestamp(Object raw) {
    if (raw instanceof LocalDateTime dt) {
      return dt;
    }
    if (raw instanceof OffsetDateTime odt) {
      return odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
    if (raw instanceof Instant i) {
      return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }
    if (raw instanceof LocalDate d) {
      return d.atStartOfDay();
    }
    if (raw instanceof String s) {
      DateTimes.Parsed p = DateTimes.parse(s, true);
      if (p.offset() != null && !p.offset().equals(ZoneOffset.UTC)) {
        throw new ConversionFailure("a timestamp with a non-UTC offset cannot become a wall-clock timestamp");
      }
      return p.dateTime(); // DMS appends Z also to zone-less values: keep the wall clock
    }
    throw new ConversionFailure("not a timestamp");
  }

  private OffsetDateTime toTimestampTz(Object raw) {
    if (raw instanceof OffsetDateTime odt) {
      return odt;
    }
    if (raw instanceof Instant i) {
      return i.atOffset(ZoneOffset.UTC);
    }
    if (raw instanceof LocalDateTime dt) {
      return zoneless(dt);
    }
    if (raw instanceof String s) {
      DateTimes.Parsed p = DateTimes.parse(s, false);
      if (p.offset() == null) {
        return zoneless(p.dateTime());
      }
      return OffsetDateTime.of(p.dateTime(), p.offset());
    }
    throw new ConversionFailure("not a timestamp");
  }

  private OffsetDateTime zoneless(LocalDateTime dt) {
    if (dateTimeMode == DmsDateTimeMode.UTC) {
      return dt.atOffset(ZoneOffset.UTC);
    }
    throw new ConversionFailure("a timestamp without a zone cannot become timestamptz while DATETIME values are wall-clock times"
        + " (see dateTimeMode)");
  }

  private static String toText(Object raw, boolean json) {
    if (raw instanceof String s) {
      return s;
    }
    if (raw instanceof JsonNum || raw instanceof Boolean) {
      return raw.toString();
    }
    if (raw instanceof JsonObj || raw instanceof JsonArr) {
      return JsonText.write(raw);
    }
    if (raw instanceof byte[]) {
      throw new ConversionFailure("binary is not " + (json ? "JSON" : "text"));
    }
    if (json) {
      throw new ConversionFailure("not JSON text");
    }
    if (raw instanceof BigDecimal bd) {
      return bd.toPlainString();
    }
    return raw.toString(); // Parquet numbers and temporals: their ISO text
  }

  private static UUID toUuid(Object raw) {
    if (raw instanceof UUID u) {
      return u;
    }
    if (raw instanceof String s && s.length() == 36 && s.charAt(8) == '-' && s.charAt(13) == '-' && s.charAt(18) == '-'
        && s.charAt(23) == '-') {
      for (int i = 0; i < 36; i++) {
        if (i != 8 && i != 13 && i != 18 && i != 23 && Character.digit(s.charAt(i), 16) < 0) {
          throw new ConversionFailure("not a UUID");
        }
      }
      return UUID.fromString(s);
    }
    throw new ConversionFailure("not a UUID");
  }

  private byte[] toBinary(Object raw) {
    if (raw instanceof byte[] b) {
      return b;
    }
    if (!(raw instanceof String s)) {
      throw new ConversionFailure("not binary text");
    }
    if (binaryEncoding == DmsBinaryEncoding.BASE64) {
      try {
        return Base64.getDecoder().decode(s);
      } catch (IllegalArgumentException e) {
        throw new ConversionFailure("not base64");
      }
    }
    return hex(s);
  }

  /** Hex with or without {@code 0x}. */
  public static byte[] hex(String s) {
    int start = s.length() >= 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X') ? 2 : 0;
    int n = s.length() - start;
    if (n % 2 != 0) {
      throw new ConversionFailure("hex text of odd length");
    }
    byte[] out = new byte[n / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(s.charAt(start + 2 * i), 16);
      int lo = Character.digit(s.charAt(start + 2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new ConversionFailure("not hex text");
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  private List<Object> toList(Object raw, ColumnType.ListType t) {
    if (!(raw instanceof JsonArr a)) {
      throw new ConversionFailure("not a JSON array");
    }
    List<Object> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.add(convert(a.get(i), t.element()));
    }
    return Collections.unmodifiableList(out);
  }

  private Map<Object, Object> toMap(Object raw, ColumnType.MapType t) {
    if (!(raw instanceof JsonObj o)) {
      throw new ConversionFailure("not a JSON object");
    }
    Map<Object, Object> out = new LinkedHashMap<>(o.size() * 2);
    for (int i = 0; i < o.size(); i++) {
      out.put(convert(o.name(i), t.key()), convert(o.value(i), t.value()));
    }
    return Collections.unmodifiableMap(out);
  }

  private Row toStruct(Object raw, ColumnType.StructType t) {
    if (!(raw instanceof JsonObj o)) {
      throw new ConversionFailure("not a JSON object");
    }
    Row.Builder b = Row.builder(o.size());
    for (int i = 0; i < o.size(); i++) {
      Column f = field(t, o.name(i));
      b.put(o.name(i), f == null ? untyped(o.value(i)) : convert(o.value(i), f.type()));
    }
    return b.build();
  }

  private static Column field(ColumnType.StructType t, String name) {
    for (Column c : t.fields()) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** For messages: {@code DateTimeException} from java.time as a conversion failure. */
  static ConversionFailure invalid(DateTimeException e) {
    return new ConversionFailure("not a valid date or time");
  }
}
