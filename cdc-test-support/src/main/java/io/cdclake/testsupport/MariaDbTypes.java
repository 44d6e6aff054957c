package io.cdclake.testsupport;

import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.TableId;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * MariaDB (and MySQL) types to canonical types and values, as the Debezium MariaDB connector reports
 * them with its default settings.
 *
 * <table>
 *   <caption>mapping</caption>
 *   <tr><th>MariaDB</th><th>canonical</th><th>value</th></tr>
 *   <tr><td>tinyint(1) / boolean</td><td>BOOLEAN</td><td>Boolean</td></tr>
 *   <tr><td>tinyint, smallint, mediumint, int (signed)</td><td>INT</td><td>Integer</td></tr>
 *   <tr><td>int unsigned, bigint</td><td>LONG</td><td>Long</td></tr>
 *   <tr><td>float / double</td><td>FLOAT / DOUBLE</td><td>Float / Double</td></tr>
 *   <tr><td>decimal(p,s)</td><td>DECIMAL(p,s)</td><td>BigDecimal with scale s</td></tr>
 *   <tr><td>date, time, datetime</td><td>DATE, TIME, TIMESTAMP</td><td>LocalDate, LocalTime, LocalDateTime</td></tr>
 *   <tr><td>timestamp</td><td>TIMESTAMP_TZ</td><td>OffsetDateTime (UTC; the test server runs in UTC)</td></tr>
 *   <tr><td>char, varchar, text types, enum, set</td><td>STRING</td><td>String</td></tr>
 *   <tr><td>binary, varbinary, blob types</td><td>BINARY</td><td>byte[]</td></tr>
 *   <tr><td>json (longtext with a json check)</td><td>STRING</td><td>the stored text</td></tr>
 * </table>
 *
 * <p>Other types fail loudly: a workload that uses one must extend this mapping first. {@code bigint
 * unsigned} is left out on purpose: with default settings the connector sends its values above
 * {@code Long.MAX_VALUE} wrapped ({@code ../shared/recipes/real-sources.md}).
 */
final class MariaDbTypes {
  private MariaDbTypes() {}

  /**
   * @param dataType {@code information_schema.columns.data_type}
   * @param columnType {@code information_schema.columns.column_type} (with length and {@code unsigned})
   */
  static ColumnType canonical(String dataType, String columnType, int precision, int scale, TableId table, String column) {
    String ct = columnType.toLowerCase(Locale.ROOT);
    boolean unsigned = ct.contains("unsigned");
    return switch (dataType.toLowerCase(Locale.ROOT)) {
      case "tinyint" -> ct.startsWith("tinyint(1)") ? ColumnType.BOOLEAN : ColumnType.INT;
      case "smallint", "mediumint" -> ColumnType.INT;
      case "int", "integer" -> unsigned ? ColumnType.LONG : ColumnType.INT;
      case "bigint" -> {
        if (unsigned) {
          throw new IllegalStateException("Cannot map MariaDB type: bigint unsigned is not supported by the test support (table=" + table
              + ", column=" + column + ")");
        }
        yield ColumnType.LONG;
      }
      case "float" -> ColumnType.FLOAT;
      case "double" -> ColumnType.DOUBLE;
      case "decimal" -> ColumnType.decimal(precision, scale);
      case "date" -> ColumnType.DATE;
      case "time" -> ColumnType.TIME;
      case "datetime" -> ColumnType.TIMESTAMP;
      case "timestamp" -> ColumnType.TIMESTAMP_TZ;
      case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set" -> ColumnType.STRING;
      case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> ColumnType.BINARY;
      default -> throw new IllegalStateException("Cannot map MariaDB type: not supported by the test support yet (type=" + columnType
          + ", table=" + table + ", column=" + column + ")");
    };
  }

  /** Reads column {@code index} of the current row as a canonical value (null for SQL NULL). */
  static Object read(ResultSet rs, int index, Column column) throws SQLException {
    Object v = switch (column.type().kind()) {
      case BOOLEAN -> rs.getBoolean(index);
      case INT -> rs.getInt(index);
      case LONG -> rs.getLong(index);
      case FLOAT -> rs.getFloat(index);
      case DOUBLE -> rs.getDouble(index);
      case DECIMAL -> {
        BigDecimal d = rs.getBigDecimal(index);
        yield d == null ? null : d.setScale(((ColumnType.DecimalType) column.type()).scale());
      }
      case DATE -> rs.getObject(index, LocalDate.class);
      case TIME -> rs.getObject(index, LocalTime.class);
      case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
      case TIMESTAMP_TZ -> {
        LocalDateTime t = rs.getObject(index, LocalDateTime.class);
        yield t == null ? null : t.atOffset(ZoneOffset.UTC);
      }
      case BINARY -> rs.getBytes(index);
      default -> rs.getString(index);
    };
    return rs.wasNull() ? null : v;
  }
}
