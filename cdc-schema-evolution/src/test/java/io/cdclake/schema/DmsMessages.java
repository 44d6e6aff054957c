package io.cdclake.schema;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import io.cdclake.schema.internal.MiniJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DMS Kinesis/Kafka JSON records as model events, built by hand for tests (SPEC.md A.2-A.4) until the
 * project's DMS decoder is on main: control records become one {@link SchemaChange} with the
 * {@code table-def} as the schema after the change and the control operation as the event's {@code ddl}
 * (that is how a DMS {@code rename-column} says it is a rename); data records become row events with
 * {@code data} as the after image (before image for deletes).
 */
final class DmsMessages {
  private DmsMessages() {}

  static ChangeEvent event(String json, TransportPosition transport) {
    return event(asMap(MiniJson.parse(json)), transport);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  static ChangeEvent event(Map<String, Object> msg, TransportPosition transport) {
    Map<String, Object> meta = asMap(msg.get("metadata"));
    String operation = (String) meta.get("operation");
    String schema = (String) meta.get("schema-name");
    TableId table = TableId.of(schema == null || schema.isEmpty() ? null : schema, (String) meta.get("table-name"));
    if ("control".equals(meta.get("record-type"))) {
      TableSchema def = null;
      Object control = msg.get("control");
      if (control instanceof Map<?, ?> c && c.get("table-def") instanceof Map<?, ?> td) {
        def = tableDef(asMap(td));
      }
      SchemaChange.Kind kind = switch (operation) {
        case "create-table" -> SchemaChange.Kind.CREATE_TABLE;
        case "drop-table" -> SchemaChange.Kind.DROP_TABLE;
        default -> SchemaChange.Kind.ALTER_TABLE;
      };
      return ChangeEvent.builder(Op.SCHEMA_CHANGE).table(table).ddl(operation).schema(def)
          .schemaChanges(List.of(new SchemaChange(kind, table, null, kind == SchemaChange.Kind.DROP_TABLE ? null : def, List.of())))
          .transport(transport).build();
    }
    Op op = switch (operation) {
      case "load" -> Op.SNAPSHOT_READ;
      case "insert" -> Op.INSERT;
      case "update" -> Op.UPDATE;
      case "delete" -> Op.DELETE;
      default -> throw new IllegalArgumentException("unknown DMS operation " + operation);
    };
    Row data = Row.ofMap(asMap(msg.get("data")));
    ChangeEvent.Builder b = ChangeEvent.builder(op).table(table).transport(transport).snapshot(op == Op.SNAPSHOT_READ);
    return (op == Op.DELETE ? b.before(data) : b.after(data)).build();
  }

  static TableSchema tableDef(Map<String, Object> def) {
    List<Column> cols = new ArrayList<>();
    asMap(def.get("columns")).forEach((name, spec) -> {
      Map<String, Object> s = asMap(spec);
      cols.add(new Column(name, type((String) s.get("type"), s), !Boolean.FALSE.equals(s.get("nullable")), (String) s.get("type"), null));
    });
    List<String> key = new ArrayList<>();
    if (def.get("primary-key") instanceof List<?> pk) {
      pk.forEach(k -> key.add((String) k));
    }
    return TableSchema.of(cols, key);
  }

  static ColumnType type(String dms, Map<String, Object> spec) {
    return switch (dms.toUpperCase(Locale.ROOT)) {
      case "INT8", "INT16", "INT32", "UINT8", "UINT16" -> ColumnType.INT;
      case "INT64", "UINT32" -> ColumnType.LONG;
      case "BOOL", "BOOLEAN" -> ColumnType.BOOLEAN;
      case "FLOAT", "REAL4" -> ColumnType.FLOAT;
      case "DOUBLE", "REAL8" -> ColumnType.DOUBLE;
      case "DATE", "DATE32" -> ColumnType.DATE;
      case "TIME" -> ColumnType.TIME;
      case "TIMESTAMP", "DATETIME" -> ColumnType.TIMESTAMP;
      case "BYTES", "BLOB" -> ColumnType.BINARY;
      case "NUMERIC" -> spec.get("precision") instanceof Long p ? ColumnType.decimal(p.intValue(),
          spec.get("scale") instanceof Long sc ? sc.intValue() : 0) : ColumnType.STRING;
      default -> ColumnType.STRING;
    };
  }

  /** The JSON text of a Python dict literal named {@code name} in a Python file (the shared samples' {@code .py} captures). */
  static String pythonDict(String source, String name) {
    int at = source.indexOf("\n" + name + " = {");
    if (at < 0) {
      throw new IllegalArgumentException("no dict " + name);
    }
    int start = source.indexOf('{', at);
    StringBuilder out = new StringBuilder();
    int depth = 0;
    int i = start;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '\'' || c == '"') {
        StringBuilder text = new StringBuilder();
        int j = i + 1;
        while (source.charAt(j) != c) {
          if (source.charAt(j) == '\\') {
            j++;
          }
          text.append(source.charAt(j));
          j++;
        }
        out.append(MiniJson.write(text.toString()));
        i = j + 1;
        continue;
      }
      if (source.startsWith("True", i)) {
        out.append("true");
        i += 4;
        continue;
      }
      if (source.startsWith("False", i)) {
        out.append("false");
        i += 5;
        continue;
      }
      if (source.startsWith("None", i)) {
        out.append("null");
        i += 4;
        continue;
      }
      if (c == ',') {
        int k = i + 1;
        while (Character.isWhitespace(source.charAt(k))) {
          k++;
        }
        if (source.charAt(k) == '}' || source.charAt(k) == ']') {
          i++;
          continue;
        }
      }
      out.append(c);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        break;
      }
      i++;
    }
    return out.toString();
  }
}
