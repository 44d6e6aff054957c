package io.cdclake.codec.debezium.internal;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Schema-change topic events: {@code ddl} plus {@code tableChanges} (or Flink CDC's
 * {@code historyRecord}, a JSON string holding the same) become one {@link Op#SCHEMA_CHANGE}
 * event. Each table change's column list becomes a {@link TableSchema} typed from the JDBC type and
 * type name; a rename ({@code id} = {@code old,new}) becomes {@link SchemaChange.Kind#RENAME_TABLE}.
 *
 * <p>A column's {@code defaultValueExpression} becomes its default value ({@link Column#defaultValue()})
 * where the text is a literal of the column's type: only from the MySQL and MariaDB connectors, whose DDL
 * parser gives a literal default as its plain value (a string unquoted, a number as written) and a computed
 * one as null; and only for boolean, integer, floating-point, decimal (exact at the column's scale) and
 * character columns. Temporal defaults are left out (the parser writes {@code CURRENT_TIMESTAMP} as
 * {@code 1970-01-01 00:00:00}), as are other connectors' expressions (SQL Server's {@code ('x')}, Oracle's
 * quoted text), which are not values.
 */
final class SchemaChanges {
  private SchemaChanges() {}

  static ChangeEvent event(Map<String, Object> payload, Map<String, Object> history, TransportPosition transport) {
    Map<String, Object> m = history != null ? history : payload;
    String ddl = TreeReader.string(m, "ddl");
    String database = TreeReader.string(m, "databaseName");
    String schemaName = TreeReader.string(m, "schemaName");
    SourceInfo src = Events.sourceOf(TreeReader.map(payload.get("source")));
    List<SchemaChange> changes = new ArrayList<>();
    List<Object> tcs = TreeReader.list(m.get("tableChanges"));
    boolean literalDefaults = "mysql".equals(src.connector) || "mariadb".equals(src.connector);
    if (tcs != null) {
      for (Object o : tcs) {
        changes.add(change(TreeReader.map(o), database, schemaName, literalDefaults));
      }
    }
    long ts = TreeReader.longOr(payload, "ts_ms", Long.MIN_VALUE);
    return ChangeEvent.builder(Op.SCHEMA_CHANGE)
        .table(changes.size() == 1 ? changes.get(0).table() : null)
        .schemaChanges(changes)
        .ddl(ddl)
        .position(src.position())
        .commitTime(src.commitTime())
        .processedTime(SourceInfo.instant(ts, Long.MIN_VALUE, Long.MIN_VALUE))
        .snapshot(src.snapshotFlag())
        .transport(transport)
        .build();
  }

  private static SchemaChange change(Map<String, Object> tc, String database, String schemaName, boolean literalDefaults) {
    if (tc == null) {
      throw Errors.invalid("Cannot decode schema change: a table change is not an object", null, "tableChanges");
    }
    String type = TreeReader.string(tc, "type");
    String id = TreeReader.string(tc, "id");
    if (id == null || type == null) {
      throw Errors.invalid("Cannot decode schema change: a table change has no type or id", null, "tableChanges");
    }
    List<String> ids = splitOutsideQuotes(id, ',');
    TableId table = tableId(ids.get(ids.size() - 1), database, schemaName);
    TableId previous = ids.size() > 1 ? tableId(ids.get(0), database, schemaName) : null;
    SchemaChange.Kind kind;
    if (previous != null) {
      kind = SchemaChange.Kind.RENAME_TABLE;
    } else {
      kind = switch (type.toUpperCase(Locale.ROOT)) {
        case "CREATE" -> SchemaChange.Kind.CREATE_TABLE;
        case "ALTER" -> SchemaChange.Kind.ALTER_TABLE;
        case "DROP" -> SchemaChange.Kind.DROP_TABLE;
        default -> throw Errors.invalid("Cannot decode schema change: unknown type (type=" + Errors.printable(type) + ")", table, "type");
      };
    }
    TableSchema after = kind == SchemaChange.Kind.DROP_TABLE ? null : tableSchema(TreeReader.map(tc.get("table")), literalDefaults);
    return new SchemaChange(kind, table, previous, after, List.of());
  }

  /** @param literalDefaults whether {@code defaultValueExpression} holds a literal value (MySQL, MariaDB) */
  static TableSchema tableSchema(Map<String, Object> t, boolean literalDefaults) {
    if (t == null) {
      return null;
    }
    List<Object> cols = TreeReader.list(t.get("columns"));
    List<Column> out = new ArrayList<>();
    if (cols != null) {
      List<Map<String, Object>> sorted = new ArrayList<>();
      for (Object o : cols) {
        Map<String, Object> c = TreeReader.map(o);
        if (c != null && TreeReader.string(c, "name") != null) {
          sorted.add(c);
        }
      }
      sorted.sort((a, b) -> Long.compare(TreeReader.longOr(a, "position", 0), TreeReader.longOr(b, "position", 0)));
      for (Map<String, Object> c : sorted) {
        String name = TreeReader.string(c, "name");
        String typeName = TreeReader.string(c, "typeName");
        String expr = TreeReader.string(c, "typeExpression");
        long length = TreeReader.longOr(c, "length", -1);
        long scale = TreeReader.longOr(c, "scale", -1);
        int jdbc = (int) TreeReader.longOr(c, "jdbcType", 1111);
        ColumnType type = jdbcType(jdbc, typeName == null ? "" : typeName, length, scale);
        String source = expr != null ? expr : typeName;
        if (source != null && length >= 0) {
          source = source + "(" + length + (scale >= 0 ? "," + scale : "") + ")";
        }
        Object dflt = literalDefaults ? literalDefault(TreeReader.string(c, "defaultValueExpression"), type, typeName) : null;
        out.add(new Column(name, type, TreeReader.bool(c, "optional", true), source, dflt));
      }
    }
    List<String> pk = new ArrayList<>();
    List<Object> pks = TreeReader.list(t.get("primaryKeyColumnNames"));
    if (pks != null) {
      for (Object o : pks) {
        if (o != null) {
          pk.add(o.toString());
        }
      }
    }
    try {
      return TableSchema.of(out, pk);
    } catch (IllegalArgumentException e) {
      throw Errors.invalid("Cannot decode schema change: column list is inconsistent (duplicate or unknown key column)", null, "columns");
    }
  }

  /**
   * A MySQL/MariaDB {@code defaultValueExpression} as a value of the column's canonical type, or null when it
   * is none, is not a literal of that type, or the type's defaults are not taken (see the class comment).
   */
  static Object literalDefault(String text, ColumnType type, String typeName) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    try {
      return switch (type.kind()) {
        case BOOLEAN -> t.equals("1") || t.equalsIgnoreCase("true") ? Boolean.TRUE
            : t.equals("0") || t.equalsIgnoreCase("false") ? Boolean.FALSE : null;
        case INT -> Integer.valueOf(t);
        case LONG -> Long.valueOf(t);
        case FLOAT -> {
          float f = Float.parseFloat(t);
          yield Float.isFinite(f) && t.matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?") ? f : null;
        }
        case DOUBLE -> {
          double d = Double.parseDouble(t);
          yield Double.isFinite(d) && t.matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?") ? d : null;
        }
        case DECIMAL -> {
          ColumnType.DecimalType dt = (ColumnType.DecimalType) type;
          java.math.BigDecimal d = new java.math.BigDecimal(t).setScale(dt.scale(), java.math.RoundingMode.UNNECESSARY);
          yield d.precision() <= dt.precision() ? d : null;
        }
        case STRING -> CHARACTER_TYPES.contains(typeName == null ? "" : typeName.toUpperCase(Locale.ROOT)) ? text : null;
        default -> null;
      };
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  private static final java.util.Set<String> CHARACTER_TYPES = java.util.Set.of("CHAR", "VARCHAR", "NCHAR", "NVARCHAR", "TINYTEXT", "TEXT",
      "MEDIUMTEXT", "LONGTEXT", "ENUM", "SET");

  /** JDBC type code plus the source type name to a canonical type (SPEC B.3 column metadata). */
  static ColumnType jdbcType(int jdbc, String typeName, long length, long scale) {
    String tn = typeName.toUpperCase(Locale.ROOT);
    if (tn.equals("JSON") || tn.equals("JSONB")) {
      return ColumnType.JSON;
    }
    if (tn.equals("UUID") || tn.equals("UNIQUEIDENTIFIER")) {
      return ColumnType.UUID;
    }
    if (tn.equals("YEAR")) {
      return ColumnType.INT;
    }
    boolean unsigned = tn.contains("UNSIGNED");
    return switch (jdbc) {
      case -7, 16 -> length > 1 && jdbc == -7 ? ColumnType.BINARY : ColumnType.BOOLEAN; // BIT(n>1) is bits
      case -6, 5 -> ColumnType.INT;
      case 4 -> unsigned ? ColumnType.LONG : ColumnType.INT;
      case -5 -> unsigned ? ColumnType.decimal(20, 0) : ColumnType.LONG;
      case 7 -> ColumnType.FLOAT;
      case 6, 8 -> tn.startsWith("FLOAT") && !tn.contains("8") ? ColumnType.FLOAT : ColumnType.DOUBLE;
      case 2, 3 -> length > 0 && length >= Math.max(scale, 0) ? ColumnType.decimal((int) Math.min(length, Integer.MAX_VALUE),
          (int) Math.max(scale, 0)) : ColumnType.STRING;
      case 91 -> ColumnType.DATE;
      case 92, 2013 -> ColumnType.TIME;
      case 93 -> tn.contains("TZ") || tn.contains("TIME ZONE") ? ColumnType.TIMESTAMP_TZ : ColumnType.TIMESTAMP;
      case 2014 -> ColumnType.TIMESTAMP_TZ;
      case -2, -3, -4, 2004 -> ColumnType.BINARY;
      default -> ColumnType.STRING;
    };
  }

  /** {@code "db"."schema"."table"} or unquoted dotted names; 2 parts are database.table (MySQL). */
  static TableId tableId(String id, String database, String schemaName) {
    List<String> parts = splitOutsideQuotes(id.trim(), '.');
    for (int i = 0; i < parts.size(); i++) {
      parts.set(i, unquote(parts.get(i)));
    }
    return switch (parts.size()) {
      case 1 -> TableId.of(database, schemaName, parts.get(0));
      case 2 -> TableId.of(parts.get(0), null, parts.get(1));
      default -> TableId.of(parts.get(parts.size() - 3), parts.get(parts.size() - 2), parts.get(parts.size() - 1));
    };
  }

  private static List<String> splitOutsideQuotes(String s, char sep) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        cur.append(c);
      } else if (c == sep && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static String unquote(String s) {
    String t = s.trim();
    if (t.length() >= 2 && t.charAt(0) == '"' && t.charAt(t.length() - 1) == '"') {
      return t.substring(1, t.length() - 1).replace("\"\"", "\"");
    }
    return t;
  }
}
