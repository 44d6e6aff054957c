package io.cdclake.iceberg.internal;

import io.cdclake.model.Row;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Turns values of the canonical classes (cdc-model {@code ColumnType.Kind}) into the classes
 * Iceberg's generic records hold, for the Iceberg column type. Reconciled events already carry
 * the right canonical class; the few representation differences are handled here (binary as
 * {@link ByteBuffer}, structs as records, widening of int to long and float to double).
 */
public final class Values {
  private Values() {
  }

  /**
   * @throws IllegalArgumentException naming the column (never the value) when the value does not fit
   */
  public static Object toIceberg(Object value, Type type, String column) {
    if (value == null) {
      return null;
    }
    switch (type.typeId()) {
      case BOOLEAN:
        return expect(value, Boolean.class, type, column);
      case INTEGER:
        return expect(value, Integer.class, type, column);
      case LONG:
        if (value instanceof Integer i) {
          return i.longValue();
        }
        return expect(value, Long.class, type, column);
      case FLOAT:
        return expect(value, Float.class, type, column);
      case DOUBLE:
        if (value instanceof Float f) {
          return f.doubleValue();
        }
        return expect(value, Double.class, type, column);
      case DECIMAL: {
        BigDecimal d = expect(value, BigDecimal.class, type, column);
        int scale = ((Types.DecimalType) type).scale();
        if (d.scale() != scale) {
          try {
            d = d.setScale(scale);
          } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Cannot write value: decimal scale does not fit the column (column=" + column
                + ", type=" + type + ")", e);
          }
        }
        return d;
      }
      case DATE:
        return expect(value, java.time.LocalDate.class, type, column);
      case TIME:
        return expect(value, java.time.LocalTime.class, type, column);
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        if (((Types.TimestampType.class.isInstance(type) && ((Types.TimestampType) type).shouldAdjustToUTC()))
            || (type instanceof Types.TimestampNanoType n && n.shouldAdjustToUTC())) {
          return expect(value, java.time.OffsetDateTime.class, type, column);
        }
        return expect(value, java.time.LocalDateTime.class, type, column);
      case STRING:
        if (value instanceof CharSequence s) {
          return s.toString();
        }
        throw mismatch(value, type, column);
      case UUID:
        return expect(value, UUID.class, type, column);
      case BINARY:
        if (value instanceof byte[] b) {
          return ByteBuffer.wrap(b);
        }
        return expect(value, ByteBuffer.class, type, column);
      case FIXED:
        if (value instanceof ByteBuffer bb) {
          byte[] b = new byte[bb.remaining()];
          bb.duplicate().get(b);
          return b;
        }
        return expect(value, byte[].class, type, column);
      case STRUCT: {
        Types.StructType st = type.asStructType();
        if (!(value instanceof Row r)) {
          throw mismatch(value, type, column);
        }
        GenericRecord rec = GenericRecord.create(st);
        List<Types.NestedField> fields = st.fields();
        for (int i = 0; i < fields.size(); i++) {
          Types.NestedField f = fields.get(i);
          rec.set(i, toIceberg(r.get(f.name()), f.type(), column + "." + f.name()));
        }
        return rec;
      }
      case LIST: {
        if (!(value instanceof List<?> l)) {
          throw mismatch(value, type, column);
        }
        Type element = type.asListType().elementType();
        List<Object> out = new ArrayList<>(l.size());
        for (Object o : l) {
          out.add(toIceberg(o, element, column + "[]"));
        }
        return Collections.unmodifiableList(out);
      }
      case MAP: {
        if (!(value instanceof Map<?, ?> m)) {
          throw mismatch(value, type, column);
        }
        Types.MapType mt = type.asMapType();
        Map<Object, Object> out = new LinkedHashMap<>(m.size() * 2);
        for (Map.Entry<?, ?> e : m.entrySet()) {
          out.put(toIceberg(e.getKey(), mt.keyType(), column + ".key"), toIceberg(e.getValue(), mt.valueType(), column + ".value"));
        }
        return Collections.unmodifiableMap(out);
      }
      default:
        return value;
    }
  }

  private static <T> T expect(Object value, Class<T> cls, Type type, String column) {
    if (cls.isInstance(value)) {
      return cls.cast(value);
    }
    throw mismatch(value, type, column);
  }

  private static IllegalArgumentException mismatch(Object value, Type type, String column) {
    return new IllegalArgumentException("Cannot write value: its class does not fit the Iceberg column type; events must be reconciled "
        + "first (column=" + column + ", type=" + type + ", class=" + value.getClass().getName() + ")");
  }

  /** Value equality for key and row comparison: byte arrays by content, everything else by equals. */
  public static boolean same(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return java.util.Arrays.equals(x, y);
    }
    return a.equals(b);
  }

  public static int hash(Object v) {
    if (v == null) {
      return 0;
    }
    return v instanceof byte[] b ? java.util.Arrays.hashCode(b) : v.hashCode();
  }
}
