package io.cdclake.testsupport;

import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.TableId;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.postgresql.util.PGInterval;

/**
 * PostgreSQL types to canonical types and values, as a user supplying table schemas for schemaless
 * Debezium topics would state them.
 *
 * <table>
 *   <caption>mapping</caption>
 *   <tr><th>PostgreSQL</th><th>canonical</th><th>value</th></tr>
 *   <tr><td>bool</td><td>BOOLEAN</td><td>Boolean</td></tr>
 *   <tr><td>int2, int4</td><td>INT</td><td>Integer</td></tr>
 *   <tr><td>int8</td><td>LONG</td><td>Long</td></tr>
 *   <tr><td>float4 / float8</td><td>FLOAT / DOUBLE</td><td>Float / Double</td></tr>
 *   <tr><td>numeric(p,s)</td><td>DECIMAL(p,s)</td><td>BigDecimal with scale s</td></tr>
 *   <tr><td>numeric (no precision)</td><td>STRING ({@link #VARIABLE_NUMERIC})</td><td>the plain text, with the value's own scale</td></tr>
 *   <tr><td>date, time, timestamp, timestamptz</td><td>DATE, TIME, TIMESTAMP, TIMESTAMP_TZ</td><td>LocalDate, LocalTime, LocalDateTime, OffsetDateTime (UTC)</td></tr>
 *   <tr><td>interval</td><td>LONG</td><td>microseconds as Debezium's {@code MicroDuration} counts them (a month is 365.25/12 days)</td></tr>
 *   <tr><td>text, varchar, bpchar, name, enums</td><td>STRING</td><td>String (bpchar keeps its padding)</td></tr>
 *   <tr><td>uuid</td><td>UUID</td><td>UUID</td></tr>
 *   <tr><td>json, jsonb</td><td>JSON</td><td>the server's text of the value</td></tr>
 *   <tr><td>bytea</td><td>BINARY</td><td>byte[]</td></tr>
 *   <tr><td>arrays of the above</td><td>LIST</td><td>unmodifiable List (elements may be null)</td></tr>
 * </table>
 *
 * <p>Other types fail loudly: a workload that uses one must extend this mapping first.
 */
final class PgTypes {
  /**
   * The canonical type stated for a {@code numeric} without precision. The canonical type system
   * has no variable-scale decimal ({@link ColumnType.DecimalType}: such a source decimal "has no
   * canonical decimal type: codecs report it as STRING"), so it is STRING and its value the
   * decimal's plain text with the value's own scale ({@code BigDecimal.toPlainString()}), as the
   * Debezium codec reports {@code io.debezium.data.VariableScaleDecimal}.
   */
  static final ColumnType VARIABLE_NUMERIC = ColumnType.STRING;

  private static final double DAYS_PER_MONTH_AVG = 365.25 / 12.0d;

  private PgTypes() {}

  static ColumnType canonical(String typname, String typtype, int typmod, String elemName, String elemType, TableId table, String column) {
    if (elemName != null) {
      return ColumnType.list(canonical(elemName, elemType, -1, null, null, table, column));
    }
    if ("e".equals(typtype)) {
      return ColumnType.STRING;
    }
    return switch (typname) {
      case "bool" -> ColumnType.BOOLEAN;
      case "int2", "int4" -> ColumnType.INT;
      case "int8" -> ColumnType.LONG;
      case "float4" -> ColumnType.FLOAT;
      case "float8" -> ColumnType.DOUBLE;
      case "numeric" -> {
        if (typmod < 0) {
          yield VARIABLE_NUMERIC;
        }
        int precision = ((typmod - 4) >> 16) & 0xffff;
        int scale = (typmod - 4) & 0xffff;
        yield ColumnType.decimal(precision, scale);
      }
      case "date" -> ColumnType.DATE;
      case "time" -> ColumnType.TIME;
      case "timestamp" -> ColumnType.TIMESTAMP;
      case "timestamptz" -> ColumnType.TIMESTAMP_TZ;
      case "interval" -> ColumnType.LONG;
      case "text", "varchar", "bpchar", "name", "citext", "xml" -> ColumnType.STRING;
      case "uuid" -> ColumnType.UUID;
      case "json", "jsonb" -> ColumnType.JSON;
      case "bytea" -> ColumnType.BINARY;
      default -> throw new IllegalStateException("Cannot map PostgreSQL type: not supported by the test support yet (type=" + typname
          + ", table=" + table + ", column=" + column + ")");
    };
  }

  /** Reads column {@code index} of the current row as a canonical value (null for SQL NULL). */
  static Object read(ResultSet rs, int index, Column column, TableId table) throws SQLException {
    String pgType = column.sourceType();
    if (pgType.startsWith("_")) {
      Array a = rs.getArray(index);
      if (a == null) {
        return null;
      }
      Object[] elements = (Object[]) a.getArray();
      List<Object> out = new ArrayList<>(elements.length);
      ColumnType element = ((ColumnType.ListType) column.type()).element();
      for (Object e : elements) {
        out.add(element(e, element, pgType.substring(1), table, column.name()));
      }
      return Collections.unmodifiableList(out);
    }
    Object v = switch (pgType) {
      case "bool" -> rs.getBoolean(index);
      case "int2", "int4" -> rs.getInt(index);
      case "int8" -> rs.getLong(index);
      case "float4" -> rs.getFloat(index);
      case "float8" -> rs.getDouble(index);
      case "numeric" -> {
        BigDecimal d = rs.getBigDecimal(index);
        // a numeric without precision is stated as STRING (see VARIABLE_NUMERIC): its value is the plain text
        yield d == null || column.type().kind() == ColumnType.Kind.DECIMAL ? d : d.toPlainString();
      }
      case "date" -> rs.getObject(index, LocalDate.class);
      case "time" -> rs.getObject(index, LocalTime.class);
      case "timestamp" -> rs.getObject(index, LocalDateTime.class);
      case "timestamptz" -> {
        OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
        yield t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
      }
      case "interval" -> {
        PGInterval i = (PGInterval) rs.getObject(index);
        yield i == null ? null : intervalMicros(i);
      }
      case "uuid" -> rs.getObject(index, UUID.class);
      case "bytea" -> rs.getBytes(index);
      default -> rs.getString(index);
    };
    return rs.wasNull() ? null : v;
  }

  private static Object element(Object e, ColumnType type, String pgType, TableId table, String column) {
    if (e == null) {
      return null;
    }
    return switch (type.kind()) {
      case INT -> ((Number) e).intValue();
      case LONG -> "interval".equals(pgType) ? intervalMicros((PGInterval) e) : (Object) ((Number) e).longValue();
      case FLOAT -> ((Number) e).floatValue();
      case DOUBLE -> ((Number) e).doubleValue();
      case BOOLEAN -> (Boolean) e;
      case DECIMAL -> (BigDecimal) e;
      case STRING, JSON -> e instanceof BigDecimal d ? d.toPlainString() : e.toString();
      case UUID -> e instanceof UUID u ? u : UUID.fromString(e.toString());
      case BINARY -> (byte[]) e;
      default -> throw new IllegalStateException("Cannot read array element: type not supported by the test support yet (type=" + pgType
          + ", table=" + table + ", column=" + column + ")");
    };
  }

  /**
   * An interval as Debezium's {@code interval.handling.mode=numeric} gives it
   * ({@code io.debezium.time.MicroDuration}): approximate microseconds with a month of 365.25/12 days,
   * computed in double precision as the connector does.
   */
  static long intervalMicros(PGInterval i) {
    double days = (i.getYears() * 12 + i.getMonths()) * DAYS_PER_MONTH_AVG + i.getDays();
    double seconds = ((days * 24 + i.getHours()) * 60 + i.getMinutes()) * 60 + i.getSeconds();
    return (long) (seconds * 1e6);
  }
}
