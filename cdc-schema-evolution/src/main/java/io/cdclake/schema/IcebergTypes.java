package io.cdclake.schema;

import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Row;
import io.cdclake.schema.ReconcileOptions.WideDecimalPolicy;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * The one place where canonical {@link ColumnType}s and Iceberg {@link Type}s meet.
 *
 * <table>
 *   <caption>canonical kind, Iceberg type, Java class of values in reconciled rows</caption>
 *   <tr><th>canonical</th><th>Iceberg</th><th>value class</th></tr>
 *   <tr><td>BOOLEAN</td><td>boolean</td><td>Boolean</td></tr>
 *   <tr><td>INT</td><td>int</td><td>Integer</td></tr>
 *   <tr><td>LONG</td><td>long</td><td>Long</td></tr>
 *   <tr><td>FLOAT / DOUBLE</td><td>float / double</td><td>Float / Double</td></tr>
 *   <tr><td>DECIMAL(p,s), p &le; 38</td><td>decimal(p,s)</td><td>BigDecimal with scale s</td></tr>
 *   <tr><td>DECIMAL(p,s), p &gt; 38</td><td>error, or string by {@link WideDecimalPolicy}</td><td>String (plain text)</td></tr>
 *   <tr><td>DATE / TIME</td><td>date / time</td><td>LocalDate / LocalTime</td></tr>
 *   <tr><td>TIMESTAMP</td><td>timestamp (without zone)</td><td>LocalDateTime</td></tr>
 *   <tr><td>TIMESTAMP_TZ</td><td>timestamptz</td><td>OffsetDateTime at offset UTC (the same instant as the source's)</td></tr>
 *   <tr><td>STRING</td><td>string</td><td>String</td></tr>
 *   <tr><td>JSON</td><td>string (the JSON text; Iceberg v2 has no JSON type)</td><td>String</td></tr>
 *   <tr><td>UUID</td><td>uuid</td><td>UUID</td></tr>
 *   <tr><td>BINARY</td><td>binary (reverse: fixed(n) too)</td><td>byte[]</td></tr>
 *   <tr><td>LIST / MAP / STRUCT</td><td>list / map / struct, optional elements, values and fields, fresh field ids</td>
 *       <td>List / Map / {@link Row}</td></tr>
 * </table>
 * The reverse mapping also reads {@code timestamp_ns} as TIMESTAMP (or TIMESTAMP_TZ with zone).
 */
public final class IcebergTypes {
  private IcebergTypes() {}

  /** The Iceberg type with field ids from 1 (for comparing and display); decimals above 38 digits fail. */
  public static Type toIceberg(ColumnType type) {
    AtomicInteger ids = new AtomicInteger();
    return toIceberg(type, ids::incrementAndGet, WideDecimalPolicy.FAIL);
  }

  /**
   * The Iceberg type for a canonical type; nested fields get ids from {@code nextId}.
   *
   * @throws IllegalArgumentException for a decimal above 38 digits when the policy is FAIL
   */
  public static Type toIceberg(ColumnType type, TypeUtil.NextID nextId, WideDecimalPolicy wideDecimals) {
    return switch (type.kind()) {
      case BOOLEAN -> Types.BooleanType.get();
      case INT -> Types.IntegerType.get();
      case LONG -> Types.LongType.get();
      case FLOAT -> Types.FloatType.get();
      case DOUBLE -> Types.DoubleType.get();
      case DECIMAL -> {
        ColumnType.DecimalType d = (ColumnType.DecimalType) type;
        if (d.precision() <= 38) {
          yield Types.DecimalType.of(d.precision(), d.scale());
        }
        if (wideDecimals == WideDecimalPolicy.STRING) {
          yield Types.StringType.get();
        }
        throw new IllegalArgumentException("Cannot map decimal type to Iceberg: precision above 38 (precision=" + d.precision()
            + ", see wide-decimals option)");
      }
      case DATE -> Types.DateType.get();
      case TIME -> Types.TimeType.get();
      case TIMESTAMP -> Types.TimestampType.withoutZone();
      case TIMESTAMP_TZ -> Types.TimestampType.withZone();
      case STRING, JSON -> Types.StringType.get();
      case UUID -> Types.UUIDType.get();
      case BINARY -> Types.BinaryType.get();
      case LIST -> {
        int id = nextId.get();
        yield Types.ListType.ofOptional(id, toIceberg(((ColumnType.ListType) type).element(), nextId, wideDecimals));
      }
      case MAP -> {
        ColumnType.MapType m = (ColumnType.MapType) type;
        int keyId = nextId.get();
        int valueId = nextId.get();
        yield Types.MapType.ofOptional(keyId, valueId, toIceberg(m.key(), nextId, wideDecimals), toIceberg(m.value(), nextId, wideDecimals));
      }
      case STRUCT -> {
        List<Column> fields = ((ColumnType.StructType) type).fields();
        int[] ids = new int[fields.size()];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = nextId.get();
        }
        List<Types.NestedField> out = new ArrayList<>(fields.size());
        for (int i = 0; i < ids.length; i++) {
          out.add(Types.NestedField.optional(ids[i], fields.get(i).name(), toIceberg(fields.get(i).type(), nextId, wideDecimals)));
        }
        yield Types.StructType.of(out);
      }
    };
  }

  /**
   * The canonical type of an Iceberg type.
   *
   * @throws IllegalArgumentException for Iceberg types without a canonical kind (variant, geometry, geography, unknown)
   */
  public static ColumnType toCanonical(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN -> ColumnType.BOOLEAN;
      case INTEGER -> ColumnType.INT;
      case LONG -> ColumnType.LONG;
      case FLOAT -> ColumnType.FLOAT;
      case DOUBLE -> ColumnType.DOUBLE;
      case DECIMAL -> ColumnType.decimal(((Types.DecimalType) type).precision(), ((Types.DecimalType) type).scale());
      case DATE -> ColumnType.DATE;
      case TIME -> ColumnType.TIME;
      case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? ColumnType.TIMESTAMP_TZ : ColumnType.TIMESTAMP;
      case TIMESTAMP_NANO -> ((Types.TimestampNanoType) type).shouldAdjustToUTC() ? ColumnType.TIMESTAMP_TZ : ColumnType.TIMESTAMP;
      case STRING -> ColumnType.STRING;
      case UUID -> ColumnType.UUID;
      case FIXED, BINARY -> ColumnType.BINARY;
      case LIST -> ColumnType.list(toCanonical(type.asListType().elementType()));
      case MAP -> ColumnType.map(toCanonical(type.asMapType().keyType()), toCanonical(type.asMapType().valueType()));
      case STRUCT -> {
        List<Column> fields = new ArrayList<>();
        for (Types.NestedField f : type.asStructType().fields()) {
          fields.add(new Column(f.name(), toCanonical(f.type()), f.isOptional(), null, null));
        }
        yield ColumnType.struct(fields);
      }
      default -> throw new IllegalArgumentException("Cannot map Iceberg type to a canonical type: not supported (type=" + type + ")");
    };
  }

  /** The Java class of values of this Iceberg type in reconciled rows (see the table above). */
  public static Class<?> valueClass(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN -> Boolean.class;
      case INTEGER -> Integer.class;
      case LONG -> Long.class;
      case FLOAT -> Float.class;
      case DOUBLE -> Double.class;
      case DECIMAL -> BigDecimal.class;
      case DATE -> LocalDate.class;
      case TIME -> LocalTime.class;
      case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? OffsetDateTime.class : LocalDateTime.class;
      case TIMESTAMP_NANO -> ((Types.TimestampNanoType) type).shouldAdjustToUTC() ? OffsetDateTime.class : LocalDateTime.class;
      case STRING -> String.class;
      case UUID -> UUID.class;
      case FIXED, BINARY -> byte[].class;
      case LIST -> List.class;
      case MAP -> Map.class;
      case STRUCT -> Row.class;
      default -> throw new IllegalArgumentException("Cannot name value class: Iceberg type not supported (type=" + type + ")");
    };
  }

  /**
   * True when Iceberg can change {@code from} to {@code to} in place: int to long, float to double,
   * decimal(P,S) to decimal(P',S) with P' &gt; P. Equal types are not a promotion.
   */
  public static boolean isPromotion(Type from, Type to) {
    if (from.equals(to) || !from.isPrimitiveType() || !to.isPrimitiveType()) {
      return false;
    }
    return switch (from.typeId()) {
      case INTEGER -> to.typeId() == Type.TypeID.LONG;
      case FLOAT -> to.typeId() == Type.TypeID.DOUBLE;
      case DECIMAL -> to.typeId() == Type.TypeID.DECIMAL && ((Types.DecimalType) from).scale() == ((Types.DecimalType) to).scale()
          && ((Types.DecimalType) from).precision() < ((Types.DecimalType) to).precision();
      default -> false;
    };
  }

  /**
   * A column default (a value in the canonical class of its column's type) as text for history and
   * messages: strings in single quotes, binary as {@code 0x} hex, decimals in plain notation, times in ISO-8601.
   */
  public static String describeValue(Object value) {
    if (value instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    if (value instanceof byte[] b) {
      StringBuilder sb = new StringBuilder("0x");
      for (byte x : b) {
        sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
      }
      return sb.toString();
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return String.valueOf(value);
  }

  /** The type as users read it, without field ids: {@code long}, {@code decimal(12,2)}, {@code struct<a:int,b:list<string>>}. */
  public static String describe(Type type) {
    return switch (type.typeId()) {
      case DECIMAL -> "decimal(" + ((Types.DecimalType) type).precision() + "," + ((Types.DecimalType) type).scale() + ")";
      case LIST -> "list<" + describe(type.asListType().elementType()) + ">";
      case MAP -> "map<" + describe(type.asMapType().keyType()) + "," + describe(type.asMapType().valueType()) + ">";
      case STRUCT -> {
        StringBuilder sb = new StringBuilder("struct<");
        List<Types.NestedField> fs = type.asStructType().fields();
        for (int i = 0; i < fs.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          sb.append(fs.get(i).name()).append(':').append(describe(fs.get(i).type()));
        }
        yield sb.append('>').toString();
      }
      default -> type.toString();
    };
  }
}
