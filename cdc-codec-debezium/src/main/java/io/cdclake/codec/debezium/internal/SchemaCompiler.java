package io.cdclake.codec.debezium.internal;

import io.cdclake.codec.debezium.BinaryHandlingMode;
import io.cdclake.codec.debezium.TimePrecisionMode;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.TableSchema;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles Kafka Connect schemas (the JSON {@code schema} block, or an Avro schema's connect
 * properties) and caller-supplied {@link TableSchema}s into {@link Field}s.
 */
final class SchemaCompiler {
  private SchemaCompiler() {}

  /** Semantic type name to field; {@code type} is the Connect type (int8..struct). */
  static Field fromConnect(String fieldName, String type, String name, boolean optional, Map<String, Object> params,
      Field items, Field keys, Field values, Struct struct) {
    String sourceType = name != null ? name : sourceColumnType(params);
    if (name != null) {
      switch (name) {
        case "io.debezium.time.Date", "org.apache.kafka.connect.data.Date", "io.debezium.time.IsoDate":
          return f(fieldName, Conv.DATE, ColumnType.DATE, optional, sourceType, -1, Field.MICROS);
        case "io.debezium.time.Time", "org.apache.kafka.connect.data.Time":
          return f(fieldName, Conv.TIME, ColumnType.TIME, optional, sourceType, -1, Field.MILLIS);
        case "io.debezium.time.MicroTime", "io.debezium.time.IsoTime":
          return f(fieldName, Conv.TIME, ColumnType.TIME, optional, sourceType, -1, Field.MICROS);
        case "io.debezium.time.NanoTime":
          return f(fieldName, Conv.TIME, ColumnType.TIME, optional, sourceType, -1, Field.NANOS);
        case "io.debezium.time.Timestamp", "org.apache.kafka.connect.data.Timestamp":
          return f(fieldName, Conv.TIMESTAMP, ColumnType.TIMESTAMP, optional, sourceType, -1, Field.MILLIS);
        case "io.debezium.time.MicroTimestamp", "io.debezium.time.IsoTimestamp":
          return f(fieldName, Conv.TIMESTAMP, ColumnType.TIMESTAMP, optional, sourceType, -1, Field.MICROS);
        case "io.debezium.time.NanoTimestamp":
          return f(fieldName, Conv.TIMESTAMP, ColumnType.TIMESTAMP, optional, sourceType, -1, Field.NANOS);
        case "io.debezium.time.ZonedTimestamp":
          return f(fieldName, Conv.TIMESTAMP_TZ, ColumnType.TIMESTAMP_TZ, optional, sourceType, -1, Field.MICROS);
        case "io.debezium.time.MicroDuration":
          return f(fieldName, Conv.DURATION_MICROS, ColumnType.LONG, optional, sourceType, -1, Field.MICROS);
        case "org.apache.kafka.connect.data.Decimal": {
          int scale = intParam(params, "scale", 0);
          int precision = intParam(params, "connect.decimal.precision", -1);
          if (precision < 1) {
            precision = Math.max(38, scale);
          }
          precision = Math.max(precision, Math.max(scale, 1));
          return f(fieldName, Conv.DECIMAL, ColumnType.decimal(precision, scale), optional, sourceType, scale, Field.DEC_BASE64);
        }
        case "io.debezium.data.VariableScaleDecimal":
          return f(fieldName, Conv.VSD_STRING, ColumnType.STRING, optional, sourceType, -1, Field.MICROS);
        case "io.debezium.data.Json":
          if ("string".equals(type)) {
            return f(fieldName, Conv.JSON, ColumnType.JSON, optional, sourceType, -1, Field.MICROS);
          }
          break;
        case "io.debezium.data.Uuid":
          return f(fieldName, Conv.UUID, ColumnType.UUID, optional, sourceType, -1, Field.MICROS);
        case "io.debezium.data.Bits":
          if ("bytes".equals(type)) {
            return f(fieldName, Conv.BITS, ColumnType.BINARY, optional, sourceType, -1, Field.MICROS);
          }
          break;
        default:
          break;
      }
    }
    switch (type) {
      case "int8", "int16", "int32":
        return f(fieldName, Conv.INT, ColumnType.INT, optional, sourceType, -1, Field.MICROS);
      case "int64":
        return f(fieldName, Conv.LONG, ColumnType.LONG, optional, sourceType, -1, Field.MICROS);
      case "float32", "float":
        return f(fieldName, Conv.FLOAT, ColumnType.FLOAT, optional, sourceType, -1, Field.MICROS);
      case "float64", "double":
        return f(fieldName, Conv.DOUBLE, ColumnType.DOUBLE, optional, sourceType, -1, Field.MICROS);
      case "boolean":
        return f(fieldName, Conv.BOOLEAN, ColumnType.BOOLEAN, optional, sourceType, -1, Field.MICROS);
      case "string":
        return f(fieldName, Conv.STRING, ColumnType.STRING, optional, sourceType, -1, Field.MICROS);
      case "bytes":
        return f(fieldName, Conv.BINARY, ColumnType.BINARY, optional, sourceType, -1, Field.BIN_BASE64);
      case "array": {
        Field el = items == null ? Field.DYNAMIC : items;
        ColumnType t = el.type == null ? ColumnType.list(ColumnType.STRING) : ColumnType.list(el.type);
        return new Field(fieldName, Conv.LIST, t, optional, sourceType, -1, Field.MICROS, el, null, null, null);
      }
      case "map": {
        Field k = keys == null ? Field.DYNAMIC : keys;
        Field v = values == null ? Field.DYNAMIC : values;
        ColumnType t = ColumnType.map(k.type == null ? ColumnType.STRING : k.type, v.type == null ? ColumnType.STRING : v.type);
        return new Field(fieldName, Conv.MAP, t, optional, sourceType, -1, Field.MICROS, v, k, null, null);
      }
      case "struct": {
        Struct s = struct == null ? Struct.EMPTY : struct;
        return new Field(fieldName, Conv.STRUCT, s.columnType(), optional, sourceType, -1, Field.MICROS, null, null, s, null);
      }
      default:
        throw new BadValue("Cannot read schema: unknown Connect type");
    }
  }

  private static Field f(String name, Conv conv, ColumnType type, boolean optional, String sourceType, int scale, int unit) {
    return new Field(name, conv, type, optional, sourceType, scale, unit, null, null, null, null);
  }

  private static String sourceColumnType(Map<String, Object> params) {
    if (params == null) {
      return null;
    }
    Object t = params.get("__debezium.source.column.type");
    if (t == null) {
      return null;
    }
    Object len = params.get("__debezium.source.column.length");
    Object scale = params.get("__debezium.source.column.scale");
    if (len == null) {
      return t.toString();
    }
    return t + "(" + len + (scale == null ? "" : "," + scale) + ")";
  }

  static int intParam(Map<String, Object> params, String key, int dflt) {
    Object v = params == null ? null : params.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  /** Compiles a JSON Connect schema tree (as {@link TreeReader} reads it). */
  static Field fromTree(Object node, String fieldName) {
    Map<String, Object> m = TreeReader.map(node);
    if (m == null) {
      throw new BadValue("Cannot read schema: a schema is not an object");
    }
    String type = TreeReader.string(m, "type");
    if (type == null) {
      throw new BadValue("Cannot read schema: a schema has no type");
    }
    String name = TreeReader.string(m, "name");
    boolean optional = TreeReader.bool(m, "optional", false);
    Map<String, Object> params = TreeReader.map(m.get("parameters"));
    Field items = null;
    Field keys = null;
    Field values = null;
    Struct struct = null;
    switch (type) {
      case "array" -> items = m.get("items") == null ? null : fromTree(m.get("items"), null);
      case "map" -> {
        keys = m.get("keys") == null ? null : fromTree(m.get("keys"), null);
        values = m.get("values") == null ? null : fromTree(m.get("values"), null);
      }
      case "struct" -> {
        List<Object> fs = TreeReader.list(m.get("fields"));
        Field[] fields = new Field[fs == null ? 0 : fs.size()];
        for (int i = 0; i < fields.length; i++) {
          Map<String, Object> fm = TreeReader.map(fs.get(i));
          String fn = TreeReader.string(fm, "field");
          if (fn == null) {
            throw new BadValue("Cannot read schema: a struct field has no name");
          }
          for (int j = 0; j < i; j++) {
            if (fields[j].name.equals(fn)) {
              throw new BadValue("Cannot read schema: a struct has two fields of one name");
            }
          }
          fields[i] = fromTree(fm, fn);
        }
        struct = new Struct(fields);
      }
      default -> { }
    }
    Field f = fromConnect(fieldName, type, name, optional, params, items, keys, values, struct);
    Object dflt = m.get("default");
    if (dflt != null) {
      Object v = DefaultValues.convert(f, dflt);
      if (v != null) {
        f = f.withDefault(v);
      }
    }
    return f;
  }

  private static final Pattern PRECISION = Pattern.compile("\\((\\d+)");

  /** A field for a caller-supplied column: its canonical type, read per the decoder's modes. */
  static Field fromColumn(Column c, Options o) {
    if (isUnscaledNumeric(c)) {
      // a database NUMERIC/DECIMAL/NUMBER without precision travels as io.debezium.data.VariableScaleDecimal
      c = c.withSourceType("io.debezium.data.VariableScaleDecimal");
    }
    Field sem = semanticOverride(c, o);
    if (sem != null) {
      return sem;
    }
    return fromType(c.name(), c.type(), c.optional(), c.sourceType(), o);
  }

  /** A STRING column whose source type is a bare numeric type name (no precision): PostgreSQL numeric, Oracle NUMBER. */
  private static boolean isUnscaledNumeric(Column c) {
    String st = c.sourceType();
    if (c.type().kind() != ColumnType.Kind.STRING || st == null) {
      return false;
    }
    String t = st.trim().toLowerCase(Locale.ROOT);
    return t.equals("numeric") || t.equals("decimal") || t.equals("number");
  }

  private static Field semanticOverride(Column c, Options o) {
    String st = c.sourceType();
    if (st == null || !(st.startsWith("io.debezium.") || st.startsWith("org.apache.kafka.connect."))) {
      return null;
    }
    if (c.type().kind() == ColumnType.Kind.DECIMAL || c.type().kind().isNested()) {
      return null;
    }
    Field f = fromConnect(c.name(), connectTypeOf(c.type()), st, c.optional(), null, null, null, null, null);
    // the caller's canonical type wins where the semantic one would differ (e.g. VariableScaleDecimal read as a DECIMAL)
    if (f.type != null && !f.type.equals(c.type())) {
      return null;
    }
    return new Field(c.name(), f.conv, c.type(), c.optional(), st, f.scale, f.unit, null, null, null, null);
  }

  private static String connectTypeOf(ColumnType t) {
    return switch (t.kind()) {
      case BOOLEAN -> "boolean";
      case INT, DATE -> "int32";
      case LONG, TIME, TIMESTAMP -> "int64";
      case FLOAT -> "float32";
      case DOUBLE -> "float64";
      case BINARY -> "bytes";
      default -> "string";
    };
  }

  static Field fromType(String name, ColumnType t, boolean optional, String sourceType, Options o) {
    int unit = Field.MICROS;
    switch (t.kind()) {
      case TIME -> unit = o.timeMode() == TimePrecisionMode.CONNECT ? Field.MILLIS : Field.MICROS;
      case TIMESTAMP, TIMESTAMP_TZ -> {
        unit = o.timeMode() == TimePrecisionMode.CONNECT ? Field.MILLIS : Field.MICROS;
        if (sourceType != null && o.timeMode() != TimePrecisionMode.CONNECT) {
          Matcher m = PRECISION.matcher(sourceType);
          if (m.find()) {
            int p = Integer.parseInt(m.group(1));
            unit = p <= 3 ? Field.MILLIS : p <= 6 ? Field.MICROS : Field.NANOS;
          } else if (sourceType.toLowerCase(Locale.ROOT).startsWith("datetime")) {
            unit = Field.MILLIS; // MySQL DATETIME without precision is DATETIME(0)
          }
        }
      }
      default -> { }
    }
    return switch (t.kind()) {
      case BOOLEAN -> f(name, Conv.BOOLEAN, t, optional, sourceType, -1, unit);
      case INT -> f(name, Conv.INT, t, optional, sourceType, -1, unit);
      case LONG -> f(name, Conv.LONG, t, optional, sourceType, -1, unit);
      case FLOAT -> f(name, Conv.FLOAT, t, optional, sourceType, -1, unit);
      case DOUBLE -> f(name, Conv.DOUBLE, t, optional, sourceType, -1, unit);
      case DECIMAL -> f(name, Conv.DECIMAL, t, optional, sourceType, ((ColumnType.DecimalType) t).scale(),
          switch (o.decimalMode()) {
            case PRECISE -> Field.DEC_BASE64;
            case STRING -> Field.DEC_TEXT;
            case DOUBLE -> Field.DEC_DOUBLE;
          });
      case DATE -> f(name, Conv.DATE, t, optional, sourceType, -1, unit);
      case TIME -> f(name, Conv.TIME, t, optional, sourceType, -1, unit);
      case TIMESTAMP -> f(name, Conv.TIMESTAMP, t, optional, sourceType, -1, unit);
      case TIMESTAMP_TZ -> f(name, Conv.TIMESTAMP_TZ, t, optional, sourceType, -1, unit);
      case STRING -> f(name, Conv.STRING, t, optional, sourceType, -1, unit);
      case UUID -> f(name, Conv.UUID, t, optional, sourceType, -1, unit);
      case BINARY -> f(name, Conv.BINARY, t, optional, sourceType, -1,
          switch (o.binaryMode()) {
            case BYTES, BASE64 -> Field.BIN_BASE64;
            case BASE64_URL_SAFE -> Field.BIN_BASE64_URL;
            case HEX -> Field.BIN_HEX;
          });
      case JSON -> f(name, Conv.JSON, t, optional, sourceType, -1, unit);
      case LIST -> new Field(name, Conv.LIST, t, optional, sourceType, -1, unit,
          fromType(null, ((ColumnType.ListType) t).element(), true, null, o), null, null, null);
      case MAP -> new Field(name, Conv.MAP, t, optional, sourceType, -1, unit,
          fromType(null, ((ColumnType.MapType) t).value(), true, null, o), fromType(null, ((ColumnType.MapType) t).key(), false, null, o),
          null, null);
      case STRUCT -> {
        List<Column> cols = ((ColumnType.StructType) t).fields();
        Field[] fs = new Field[cols.size()];
        for (int i = 0; i < fs.length; i++) {
          fs[i] = fromColumn(cols.get(i), o);
        }
        yield new Field(name, Conv.STRUCT, t, optional, sourceType, -1, unit, null, null, new Struct(fs), null);
      }
    };
  }

  /** The row struct for a caller's table schema. */
  static Struct fromTable(TableSchema schema, Options o) {
    List<Column> cols = schema.columns();
    Field[] fs = new Field[cols.size()];
    for (int i = 0; i < fs.length; i++) {
      fs[i] = fromColumn(cols.get(i), o);
    }
    return new Struct(fs);
  }

  static boolean binaryAsText(Options o) {
    return o.binaryMode() != BinaryHandlingMode.BYTES;
  }
}
