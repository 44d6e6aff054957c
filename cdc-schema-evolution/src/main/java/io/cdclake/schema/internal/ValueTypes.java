package io.cdclake.schema.internal;

import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.ColumnType.Kind;
import io.cdclake.model.Row;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The type a value itself says it has, for columns nothing else types (no declared type, no source
 * schema), and the join of two such types. Only values received are looked at; nothing is sampled.
 *
 * <p>By value class: Boolean → boolean; Integer/Short/Byte → int; Long → long; an integral
 * BigInteger/BigDecimal → long when it fits, else decimal(digits,0); a BigDecimal with a fraction →
 * double when a double holds it exactly, else decimal(p,s); Float → float; Double → double;
 * String → string (never a time or number: text is only parsed when a type says so); UUID; byte[];
 * java.time classes → date, time, timestamp, timestamptz; List/Map/Row → list/map/struct of their
 * elements. NULL, an empty list or map, or a struct without non-null fields say nothing (null).
 *
 * <p>Join: int ⊂ long; int/long/decimal with a fraction-bearing number → decimal with room for both
 * or double; float with anything numeric → double; string with any scalar → string (a string
 * column never narrows back); json with string → string; nested types join element-wise, structs
 * field by field. Anything else clashes.
 */
public final class ValueTypes {
  private ValueTypes() {}

  /** Two types that cannot be joined. */
  public static final class Clash extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ColumnType left;
    private final transient ColumnType right;

    Clash(ColumnType left, ColumnType right) {
      super("types clash", null, false, false);
      this.left = left;
      this.right = right;
    }

    public ColumnType left() {
      return left;
    }

    public ColumnType right() {
      return right;
    }
  }

  /**
   * The type the value says it has, or null when it says nothing.
   *
   * @throws Misfit for a value of a class no canonical type holds
   */
  public static ColumnType infer(Object v) {
    if (v == null || v == Row.unchangedMarker()) {
      return null;
    }
    if (v instanceof Boolean) {
      return ColumnType.BOOLEAN;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ColumnType.INT;
    }
    if (v instanceof Long) {
      return ColumnType.LONG;
    }
    if (v instanceof BigInteger b) {
      return integral(new BigDecimal(b));
    }
    if (v instanceof BigDecimal b) {
      BigDecimal s = b.signum() == 0 ? BigDecimal.ZERO : b.stripTrailingZeros();
      if (s.scale() <= 0) {
        return integral(b);
      }
      if (new BigDecimal(Double.toString(b.doubleValue())).compareTo(b) == 0) {
        return ColumnType.DOUBLE;
      }
      int precision = Math.max(b.precision(), b.scale());
      if (precision > 38 || Math.abs((long) b.scale()) > 38) {
        throw new Misfit(Misfit.Kind.OUT_OF_RANGE, "Cannot type number: more than 38 digits and a double cannot hold it exactly");
      }
      return ColumnType.decimal(precision, b.scale());
    }
    if (v instanceof Float) {
      return ColumnType.FLOAT;
    }
    if (v instanceof Double) {
      return ColumnType.DOUBLE;
    }
    if (v instanceof String) {
      return ColumnType.STRING;
    }
    if (v instanceof UUID) {
      return ColumnType.UUID;
    }
    if (v instanceof byte[] || v instanceof ByteBuffer) {
      return ColumnType.BINARY;
    }
    if (v instanceof LocalDate) {
      return ColumnType.DATE;
    }
    if (v instanceof LocalTime) {
      return ColumnType.TIME;
    }
    if (v instanceof LocalDateTime) {
      return ColumnType.TIMESTAMP;
    }
    if (v instanceof OffsetDateTime || v instanceof ZonedDateTime || v instanceof Instant) {
      return ColumnType.TIMESTAMP_TZ;
    }
    if (v instanceof List<?> l) {
      ColumnType e = null;
      for (Object x : l) {
        e = join(e, infer(x));
      }
      return e == null ? null : ColumnType.list(e);
    }
    if (v instanceof Map<?, ?> m) {
      ColumnType k = null;
      ColumnType val = null;
      for (Map.Entry<?, ?> x : m.entrySet()) {
        k = join(k, infer(x.getKey()));
        val = join(val, infer(x.getValue()));
      }
      return k == null || val == null ? null : ColumnType.map(k, val);
    }
    if (v instanceof Row r) {
      List<Column> fields = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        ColumnType t = infer(r.value(i));
        if (t != null) {
          fields.add(Column.optional(r.name(i), t));
        }
      }
      return fields.isEmpty() ? null : ColumnType.struct(fields);
    }
    throw new Misfit(Misfit.Kind.WRONG_KIND, "Cannot type value: no canonical type holds values of class " + v.getClass().getName());
  }

  private static ColumnType integral(BigDecimal b) {
    if (b.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0 && b.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
      return ColumnType.LONG;
    }
    int digits = b.setScale(0, java.math.RoundingMode.UNNECESSARY).precision();
    if (digits > 38) {
      throw new Misfit(Misfit.Kind.OUT_OF_RANGE, "Cannot type number: an integer of more than 38 digits");
    }
    return ColumnType.decimal(digits, 0);
  }

  /**
   * The narrowest type holding values of both; null when both are null.
   *
   * @throws Clash when no type holds both
   */
  public static ColumnType join(ColumnType a, ColumnType b) {
    if (a == null) {
      return b;
    }
    if (b == null || a.equals(b)) {
      return a;
    }
    Kind ka = a.kind();
    Kind kb = b.kind();
    if (isNumeric(ka) && isNumeric(kb)) {
      return joinNumbers(a, b);
    }
    if ((ka == Kind.STRING && isScalarText(kb)) || (kb == Kind.STRING && isScalarText(ka))) {
      return ColumnType.STRING;
    }
    if (ka == Kind.LIST && kb == Kind.LIST) {
      return ColumnType.list(join(((ColumnType.ListType) a).element(), ((ColumnType.ListType) b).element()));
    }
    if (ka == Kind.MAP && kb == Kind.MAP) {
      ColumnType.MapType x = (ColumnType.MapType) a;
      ColumnType.MapType y = (ColumnType.MapType) b;
      return ColumnType.map(join(x.key(), y.key()), join(x.value(), y.value()));
    }
    if (ka == Kind.STRUCT && kb == Kind.STRUCT) {
      Map<String, ColumnType> fields = new LinkedHashMap<>();
      for (Column c : ((ColumnType.StructType) a).fields()) {
        fields.put(c.name(), c.type());
      }
      for (Column c : ((ColumnType.StructType) b).fields()) {
        fields.merge(c.name(), c.type(), ValueTypes::join);
      }
      List<Column> out = new ArrayList<>();
      fields.forEach((n, t) -> out.add(Column.optional(n, t)));
      return ColumnType.struct(out);
    }
    throw new Clash(a, b);
  }

  private static boolean isNumeric(Kind k) {
    return k == Kind.INT || k == Kind.LONG || k == Kind.FLOAT || k == Kind.DOUBLE || k == Kind.DECIMAL;
  }

  private static boolean isScalarText(Kind k) {
    return !k.isNested() && k != Kind.BINARY;
  }

  private static ColumnType joinNumbers(ColumnType a, ColumnType b) {
    Kind ka = a.kind();
    Kind kb = b.kind();
    if (ka == Kind.DOUBLE || kb == Kind.DOUBLE || ka == Kind.FLOAT || kb == Kind.FLOAT) {
      return ColumnType.DOUBLE;
    }
    if (ka != Kind.DECIMAL && kb != Kind.DECIMAL) {
      return ColumnType.LONG;
    }
    int ia = integerDigits(a);
    int ib = integerDigits(b);
    int scale = Math.max(scale(a), scale(b));
    int precision = Math.max(ia, ib) + scale;
    return precision <= 38 ? ColumnType.decimal(precision, scale) : ColumnType.DOUBLE;
  }

  private static int integerDigits(ColumnType t) {
    return switch (t.kind()) {
      case INT -> 10;
      case LONG -> 19;
      default -> ((ColumnType.DecimalType) t).precision() - ((ColumnType.DecimalType) t).scale();
    };
  }

  private static int scale(ColumnType t) {
    return t instanceof ColumnType.DecimalType d ? d.scale() : 0;
  }
}
