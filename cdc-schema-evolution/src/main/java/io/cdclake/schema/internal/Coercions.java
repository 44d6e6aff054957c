package io.cdclake.schema.internal;

import io.cdclake.model.Row;
import io.cdclake.schema.ReconcileOptions;
import io.cdclake.schema.internal.Misfit.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Coerces one non-null value to an Iceberg type, giving the canonical Java class of
 * {@link io.cdclake.schema.IcebergTypes#valueClass(Type)}. Never rounds: a value that does not fit
 * exactly throws {@link Misfit}. Thread-safe.
 */
public final class Coercions {
  private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
  private static final int MAX_NUMBER_TEXT = 1000;
  private static final int MAX_EXPONENT = 1000;
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  private final ReconcileOptions options;
  private final TimeCoercions times;

  public Coercions(ReconcileOptions options) {
    this.options = options;
    this.times = new TimeCoercions(options);
  }

  /**
   * The value in the type's canonical class.
   *
   * @param value non-null, not the UNCHANGED marker
   * @throws Misfit when it does not fit exactly
   */
  public Object coerce(Object value, Type type) {
    return switch (type.typeId()) {
      case BOOLEAN -> toBoolean(value);
      case INTEGER -> toInt(value);
      case LONG -> toLong(value);
      case FLOAT -> toFloat(value);
      case DOUBLE -> toDouble(value);
      case DECIMAL -> toDecimal(value, (Types.DecimalType) type);
      case DATE -> times.toDate(value);
      case TIME -> times.toTime(value, false);
      case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? times.toTimestampTz(value, false)
          : times.toTimestamp(value, false);
      case TIMESTAMP_NANO -> ((Types.TimestampNanoType) type).shouldAdjustToUTC() ? times.toTimestampTz(value, true)
          : times.toTimestamp(value, true);
      case STRING -> toText(value);
      case UUID -> toUuid(value);
      case BINARY -> toBinary(value);
      case FIXED -> toFixed(value, ((Types.FixedType) type).length());
      case LIST -> toList(value, type.asListType());
      case MAP -> toMap(value, type.asMapType());
      case STRUCT -> toRow(value, type.asStructType());
      default -> throw new Misfit(Kind.WRONG_KIND, "Cannot coerce value: the column's type is not supported");
    };
  }

  /** What kind of value this is, for messages (never the value). */
  public static String valueType(Object v) {
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Row) {
      return "struct";
    }
    if (v instanceof List) {
      return "list";
    }
    if (v instanceof Map) {
      return "map";
    }
    if (v instanceof byte[]) {
      return "binary";
    }
    return v == null ? "null" : v.getClass().getSimpleName();
  }

  // ---- numbers

  private static Boolean toBoolean(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "true", "t", "1", "yes", "y" -> {
          return Boolean.TRUE;
        }
        case "false", "f", "0", "no", "n" -> {
          return Boolean.FALSE;
        }
        default -> throw new Misfit(Kind.UNPARSEABLE, "Cannot coerce value to boolean: text is not true/false/t/f/1/0/yes/no");
      }
    }
    if (isNumber(v)) {
      BigDecimal d = number(v);
      if (d.compareTo(BigDecimal.ZERO) == 0) {
        return Boolean.FALSE;
      }
      if (d.compareTo(BigDecimal.ONE) == 0) {
        return Boolean.TRUE;
      }
      throw new Misfit(Kind.OUT_OF_RANGE, "Cannot coerce number to boolean: only 0 and 1 are booleans");
    }
    throw wrongKind(v, "boolean");
  }

  private static Integer toInt(Object v) {
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof Short || v instanceof Byte) {
      return ((Number) v).intValue();
    }
    if (v instanceof Long l) {
      if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
        throw new Misfit(Kind.OUT_OF_RANGE, "Cannot coerce number to int: out of range");
      }
      return l.intValue();
    }
    BigDecimal d = integral(v, "int");
    if (d.compareTo(INT_MIN) < 0 || d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new Misfit(Kind.OUT_OF_RANGE, "Cannot coerce number to int: out of range");
    }
    return d.intValueExact();
  }

  private static Long toLong(Object v) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    BigDecimal d = integral(v, "long");
    if (d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0 || d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new Misfit(Kind.OUT_OF_RANGE, "Cannot coerce number to long: out of range");
    }
    return d.longValueExact();
  }

  static BigDecimal integral(Object v, String type) {
    if (!isNumber(v) && !(v instanceof String)) {
      throw wrongKind(v, type);
    }
    BigDecimal d = number(v);
    if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
      throw new Misfit(Kind.WRONG_KIND, "Cannot coerce number to " + type + ": it has a fraction");
    }
    return d;
  }

  private static Float toFloat(Object v) {
    if (v instanceof Float f) {
      return f;
    }
    if (v instanceof Double d) {
      float f = d.floatValue();
      if (d.isNaN() || (double) f == d) {
        return f;
      }
      throw new Misfit(Kind.INEXACT, "Cannot coerce number to float: a float cannot hold it exactly");
    }
    if (v instanceof String s) {
      Double special = special(s);
      if (special != null) {
        return special.floatValue();
      }
    }
    if (!isNumber(v) && !(v instanceof String)) {
      throw wrongKind(v, "float");
    }
    BigDecimal d = number(v);
    float f = negativeZero(v) ? -0.0f : d.floatValue();
    if (Float.isInfinite(f)) {
      throw new Misfit(Kind.OUT_OF_RANGE, "Cannot coerce number to float: out of range");
    }
    if (new BigDecimal(Float.toString(f)).compareTo(d) != 0) {
      throw new Misfit(Kind.INEXACT, "Cannot coerce number to float: a float cannot hold it exactly");
    }
    return f;
  }

  private static Double toDouble(Object v) {
    if (v instanceof Double d) {
      return d;
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof String s) {
      Double special = special(s);
      if (special != null) {
        return special;
      }
    }
    if (!isNumber(v) && !(v instanceof String)) {
      throw wrongKind(v, "double");
    }
    BigDecimal d = number(v);
    double x = negativeZero(v) ? -0.0 : d.doubleValue();
    if (Double.isInfinite(x)) {
      throw new Misfit(Kind.OUT_OF_RANGE, "Cannot coerce number to double: out of range");
    }
    if (new BigDecimal(Double.toString(x)).compareTo(d) != 0) {
      throw new Misfit(Kind.INEXACT, "Cannot coerce number to double: a double cannot hold it exactly");
    }
    return x;
  }

  /** BigDecimal has no negative zero; text such as {@code -0.0} keeps its sign for float and double columns. */
  private static boolean negativeZero(Object v) {
    return v instanceof String s && s.trim().startsWith("-") && number(s).signum() == 0;
  }

  private static Double special(String s) {
    return switch (s.trim()) {
      case "NaN", "nan", "NAN" -> Double.NaN;
      case "Infinity", "+Infinity", "inf", "+inf", "INF" -> Double.POSITIVE_INFINITY;
      case "-Infinity", "-inf", "-INF" -> Double.NEGATIVE_INFINITY;
      default -> null;
    };
  }

  private static BigDecimal toDecimal(Object v, Types.DecimalType t) {
    if (!isNumber(v) && !(v instanceof String)) {
      throw wrongKind(v, "decimal");
    }
    BigDecimal d = number(v);
    BigDecimal r;
    try {
      r = d.setScale(t.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new Misfit(Kind.SCALE, "Cannot coerce number to decimal: more decimal places than the column's scale");
    }
    if (r.precision() > t.precision()) {
      throw new Misfit(Kind.PRECISION, "Cannot coerce number to decimal: more digits than the column's precision");
    }
    return r;
  }

  /** Digits the value needs as a decimal of the given scale, or -1 when it has more decimal places. */
  public static int decimalPrecision(Object v, int scale) {
    try {
      return number(v).setScale(scale, RoundingMode.UNNECESSARY).precision();
    } catch (ArithmeticException e) {
      return -1;
    }
  }

  static boolean isNumber(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof BigDecimal || v instanceof BigInteger || v instanceof Double
        || v instanceof Float || v instanceof Short || v instanceof Byte;
  }

  /** The exact decimal value of a number or numeric text; doubles by their shortest decimal form. */
  static BigDecimal number(Object v) {
    BigDecimal d;
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return BigDecimal.valueOf(((Number) v).longValue());
    } else if (v instanceof BigDecimal b) {
      d = b;
    } else if (v instanceof BigInteger b) {
      d = new BigDecimal(b);
    } else if (v instanceof Double x) {
      if (x.isNaN() || x.isInfinite()) {
        throw new Misfit(Kind.OUT_OF_RANGE, "Cannot coerce number: NaN and infinity have no exact value");
      }
      return new BigDecimal(Double.toString(x));
    } else if (v instanceof Float x) {
      if (x.isNaN() || x.isInfinite()) {
        throw new Misfit(Kind.OUT_OF_RANGE, "Cannot coerce number: NaN and infinity have no exact value");
      }
      return new BigDecimal(Float.toString(x));
    } else if (v instanceof String s) {
      String t = s.trim();
      if (t.isEmpty() || t.length() > MAX_NUMBER_TEXT) {
        throw new Misfit(Kind.UNPARSEABLE, "Cannot coerce text to a number: empty or longer than " + MAX_NUMBER_TEXT + " characters");
      }
      try {
        d = new BigDecimal(t);
      } catch (NumberFormatException e) {
        throw new Misfit(Kind.UNPARSEABLE, "Cannot coerce text to a number: not a decimal number");
      }
    } else {
      throw wrongKind(v, "number");
    }
    if (Math.abs((long) d.scale()) > MAX_EXPONENT) {
      throw new Misfit(Kind.OUT_OF_RANGE, "Cannot coerce number: exponent beyond " + MAX_EXPONENT);
    }
    return d;
  }

  // ---- text, uuid, binary

  /** The text form of a scalar (numbers plainly, times in ISO-8601); nested values as JSON text. */
  static String text(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof BigDecimal b) {
      return b.toPlainString();
    }
    if (v instanceof LocalDateTime t) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
    }
    if (v instanceof LocalTime t) {
      return DateTimeFormatter.ISO_LOCAL_TIME.format(t);
    }
    if (v instanceof OffsetDateTime t) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }
    if (v instanceof ZonedDateTime t) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.toOffsetDateTime());
    }
    if (v instanceof List || v instanceof Map || v instanceof Row) {
      return JsonText.write(v);
    }
    if (v instanceof byte[] || v instanceof ByteBuffer) {
      throw new Misfit(Kind.WRONG_KIND, "Cannot coerce binary to string: no text form is implied");
    }
    return v.toString();
  }

  private static String toText(Object v) {
    return text(v);
  }

  private static UUID toUuid(Object v) {
    if (v instanceof UUID u) {
      return u;
    }
    if (v instanceof byte[] b && b.length == 16) {
      ByteBuffer bb = ByteBuffer.wrap(b);
      return new UUID(bb.getLong(), bb.getLong());
    }
    if (v instanceof String s) {
      String t = s.trim();
      if (t.length() == 32 && isHex(t, 0, 32)) {
        t = t.substring(0, 8) + "-" + t.substring(8, 12) + "-" + t.substring(12, 16) + "-" + t.substring(16, 20) + "-" + t.substring(20);
      }
      if (t.length() == 36 && t.charAt(8) == '-' && t.charAt(13) == '-' && t.charAt(18) == '-' && t.charAt(23) == '-'
          && isHex(t, 0, 8) && isHex(t, 9, 13) && isHex(t, 14, 18) && isHex(t, 19, 23) && isHex(t, 24, 36)) {
        return UUID.fromString(t);
      }
      throw new Misfit(Kind.UNPARSEABLE, "Cannot coerce text to uuid: not 32 hex digits in the 8-4-4-4-12 form");
    }
    throw wrongKind(v, "uuid");
  }

  private static boolean isHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private byte[] toBinary(Object v) {
    if (v instanceof byte[] b) {
      return b;
    }
    if (v instanceof ByteBuffer bb) {
      ByteBuffer d = bb.duplicate();
      byte[] b = new byte[d.remaining()];
      d.get(b);
      return b;
    }
    if (v instanceof UUID u) {
      return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
    }
    if (v instanceof String s) {
      return options.binaryStrings() == ReconcileOptions.BinaryEncoding.HEX ? hex(s) : base64(s);
    }
    throw wrongKind(v, "binary");
  }

  private static byte[] hex(String s) {
    int start = s.startsWith("0x") || s.startsWith("0X") || s.startsWith("\\x") ? 2 : 0;
    int n = s.length() - start;
    if (n % 2 != 0) {
      throw new Misfit(Kind.UNPARSEABLE, "Cannot coerce text to binary: odd number of hex digits");
    }
    byte[] out = new byte[n / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(s.charAt(start + 2 * i), 16);
      int lo = Character.digit(s.charAt(start + 2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new Misfit(Kind.UNPARSEABLE, "Cannot coerce text to binary: not hex digits (see binary-strings option)");
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }

  private static byte[] base64(String s) {
    try {
      return s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new Misfit(Kind.UNPARSEABLE, "Cannot coerce text to binary: not base64 (see binary-strings option)");
    }
  }

  private byte[] toFixed(Object v, int length) {
    byte[] b = toBinary(v);
    if (b.length != length) {
      throw new Misfit(Kind.LENGTH, "Cannot coerce binary to fixed(" + length + "): the value has another length (length="
          + b.length + ")");
    }
    return b;
  }

  // ---- nested

  private List<Object> toList(Object v, Types.ListType t) {
    if (!(v instanceof List<?> l)) {
      throw wrongKind(v, "list");
    }
    List<Object> out = new ArrayList<>(l.size());
    for (Object e : l) {
      if (e == null || e == io.cdclake.model.Row.unchangedMarker()) {
        if (t.isElementRequired()) {
          throw new Misfit(Kind.REQUIRED, "Cannot coerce list: an element is NULL but elements are required");
        }
        out.add(null);
      } else {
        out.add(coerce(e, t.elementType()));
      }
    }
    return Collections.unmodifiableList(out);
  }

  private Map<Object, Object> toMap(Object v, Types.MapType t) {
    if (!(v instanceof Map<?, ?> m)) {
      throw wrongKind(v, "map");
    }
    Map<Object, Object> out = new LinkedHashMap<>(m.size() * 2);
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (e.getKey() == null) {
        throw new Misfit(Kind.REQUIRED, "Cannot coerce map: a key is NULL");
      }
      Object value = e.getValue();
      if (value == null && t.isValueRequired()) {
        throw new Misfit(Kind.REQUIRED, "Cannot coerce map: a value is NULL but values are required");
      }
      out.put(coerce(e.getKey(), t.keyType()), value == null ? null : coerce(value, t.valueType()));
    }
    return Collections.unmodifiableMap(out);
  }

  private Row toRow(Object v, Types.StructType t) {
    Map<String, Object> fields;
    if (v instanceof Row r) {
      fields = r.toMap();
    } else if (v instanceof Map<?, ?> m) {
      fields = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        fields.put(String.valueOf(e.getKey()), e.getValue());
      }
    } else {
      throw wrongKind(v, "struct");
    }
    Row.Builder b = Row.builder(t.fields().size());
    for (Types.NestedField f : t.fields()) {
      Object x = fields.remove(f.name());
      if (x == null || x == Row.unchangedMarker()) {
        if (f.isRequired()) {
          throw new Misfit(Kind.REQUIRED, "Cannot coerce struct: required field is NULL (field=" + f.name() + ")");
        }
        b.putNull(f.name());
      } else {
        b.put(f.name(), coerce(x, f.type()));
      }
    }
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (e.getValue() != null && e.getValue() != Row.unchangedMarker()) {
        throw new Misfit(Kind.WRONG_KIND, "Cannot coerce struct: the value has a field the column's struct lacks (field=" + e.getKey() + ")");
      }
    }
    return b.build();
  }

  static Misfit wrongKind(Object v, String type) {
    return new Misfit(Kind.WRONG_KIND, "Cannot coerce " + valueType(v) + " to " + type + ": not a value of that kind");
  }
}
