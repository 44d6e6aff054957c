package io.cdclake.codec.dms.internal;

import io.cdclake.codec.dms.DmsDateTimeMode;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a DMS {@code table-def} ({@code {"columns": {name: {"type", "length"?, "nullable"?,
 * "precision"?, "scale"?}}, "primary-key": [...]?}}) to a canonical column list and key.
 * Immutable and thread-safe.
 */
public final class TableDefs {
  private final DmsDateTimeMode dateTimeMode;
  private final Map<String, ColumnType> overrides;

  /** @param overrides type name (upper case) to canonical type, consulted before the built-in mapping */
  public TableDefs(DmsDateTimeMode dateTimeMode, Map<String, ColumnType> overrides) {
    this.dateTimeMode = dateTimeMode;
    this.overrides = Map.copyOf(overrides);
  }

  /** A parsed table-def, or a failure naming the JSON member (relative to the table-def object). */
  public record Parsed(List<Column> columns, List<String> primaryKey) {}

  /** Thrown for a table-def that is not valid; {@code member} is the path below the table-def object. */
  public static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String member;
    private final long offset;

    Invalid(String reason, String member, long offset) {
      super(reason, null, false, false);
      this.member = member;
      this.offset = offset;
    }

    public String member() {
      return member;
    }

    public long offset() {
      return offset;
    }
  }

  public Parsed parse(JsonObj def) {
    Object cols = def.get("columns");
    if (!(cols instanceof JsonObj columns)) {
      throw new Invalid("Cannot decode table-def: columns is missing or not an object", ".columns", def.offsetOf("columns"));
    }
    List<Column> out = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.name(i);
      if (!(columns.value(i) instanceof JsonObj c)) {
        throw new Invalid("Cannot decode table-def: column definition is not an object (column=" + name + ")", ".columns." + name,
            columns.valueOffset(i));
      }
      if (!(c.get("type") instanceof String typeName)) {
        throw new Invalid("Cannot decode table-def: column type is missing or not a string (column=" + name + ")",
            ".columns." + name + ".type", c.offsetOf("type"));
      }
      ColumnType type;
      try {
        type = typeOf(typeName, intMember(c, "precision"), intMember(c, "scale"));
      } catch (ConversionFailure e) {
        throw new Invalid("Cannot decode table-def: " + e.getMessage() + " (column=" + name + ", type=" + typeName
            + ", see DmsJsonDecoder.Builder.tableDefType)", ".columns." + name + ".type", c.offsetOf("type"));
      }
      Object nullable = c.get("nullable");
      boolean optional = !(nullable instanceof Boolean b) || b;
      out.add(new Column(name, type, optional, typeName, null));
    }
    List<String> key = new ArrayList<>();
    Object pk = def.get("primary-key");
    if (pk instanceof JsonArr arr) {
      for (int i = 0; i < arr.size(); i++) {
        if (!(arr.get(i) instanceof String k)) {
          throw new Invalid("Cannot decode table-def: primary-key entry is not a string (index=" + i + ")", ".primary-key[" + i + "]",
              arr.offsetOf(i));
        }
        if (columns.indexOf(k) < 0) {
          throw new Invalid("Cannot decode table-def: primary-key names a column that is not in columns (column=" + k + ")",
              ".primary-key[" + i + "]", arr.offsetOf(i));
        }
        key.add(k);
      }
    } else if (pk != null && pk != JsonNull.INSTANCE) {
      throw new Invalid("Cannot decode table-def: primary-key is not an array", ".primary-key", def.offsetOf("primary-key"));
    }
    return new Parsed(out, key);
  }

  private static Integer intMember(JsonObj c, String name) {
    Object v = c.get(name);
    if (v instanceof JsonNum n && n.integral() && n.text().length() < 10) {
      return Integer.parseInt(n.text());
    }
    return null;
  }

  /**
   * The canonical type of a DMS type name. Names are the Arrow-like ones {@code table-def} uses
   * (INT16, INT64, DATE32, ...) plus DMS's internal names where they are unambiguous.
   */
  public ColumnType typeOf(String dmsType, Integer precision, Integer scale) {
    String t = dmsType.toUpperCase(Locale.ROOT);
    ColumnType o = overrides.get(t);
    if (o != null) {
      return o;
    }
    return switch (t) {
      case "INT8", "INT16", "INT32", "UINT8", "UINT16", "INT1", "INT2", "INT4", "UINT1", "UINT2" -> ColumnType.INT;
      case "INT64", "UINT32", "UINT4" -> ColumnType.LONG;
      case "UINT64" -> ColumnType.decimal(20, 0);
      case "BOOL", "BOOLEAN" -> ColumnType.BOOLEAN;
      case "FLOAT", "FLOAT32", "REAL4" -> ColumnType.FLOAT;
      case "DOUBLE", "FLOAT64", "REAL8" -> ColumnType.DOUBLE;
      case "STRING", "WSTRING", "TEXT", "CLOB", "NCLOB", "UTF8", "LARGE_STRING", "LARGE_UTF8" -> ColumnType.STRING;
      case "DATE", "DATE32", "DATE64" -> ColumnType.DATE;
      case "TIME", "TIME32", "TIME64" -> ColumnType.TIME;
      case "TIMESTAMP", "DATETIME" -> dateTimeMode == DmsDateTimeMode.UTC ? ColumnType.TIMESTAMP_TZ : ColumnType.TIMESTAMP;
      case "NUMERIC", "DECIMAL", "DECIMAL128" -> {
        if (precision != null && precision >= 1 && precision <= 38) {
          int s = scale == null ? 0 : scale;
          if (s < 0 || s > precision) {
            throw new ConversionFailure("decimal scale out of range (scale=" + s + ", precision=" + precision + ")");
          }
          yield ColumnType.decimal(precision, s);
        }
        // no canonical decimal without a precision of at most 38 (see ColumnType.DecimalType)
        yield ColumnType.STRING;
      }
      case "BYTES", "BLOB", "BINARY", "LARGE_BINARY", "VARBINARY" -> ColumnType.BINARY;
      default -> throw new ConversionFailure("unknown table-def type");
    };
  }
}
