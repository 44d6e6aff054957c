package io.cdclake.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.schema.TableConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Table schemas a user supplies for messages that carry none (Debezium JSON without the
 * {@code schema} block): {@code --table-schemas FILE}. The file is a JSON array (or one object) of
 * tables, each in the form {@code decode} prints a schema change's columns:
 *
 * <pre>{@code
 * [{"table": "inventory.public.orders",
 *   "columns": [{"name": "id", "type": "int", "optional": false},
 *               {"name": "total", "type": "decimal(12,2)"},
 *               {"name": "ratio", "type": "string", "source_type": "numeric"},
 *               {"name": "placed_at", "type": "timestamp_tz"}],
 *   "primary_key": ["id"]}]
 * }</pre>
 *
 * {@code table} is {@code db.schema.table}, {@code schema.table} (or {@code db.table}) or
 * {@code table}; a part left out matches any. {@code type} is canonical type text
 * ({@code boolean}, {@code int}, {@code long}, {@code float}, {@code double}, {@code decimal(p,s)},
 * {@code date}, {@code time}, {@code timestamp}, {@code timestamp_tz}, {@code string},
 * {@code uuid}, {@code binary}, {@code json}, {@code list<…>}, {@code map<…,…>},
 * {@code struct<…>}); {@code optional} defaults to true; {@code source_type} is the database's
 * type name where the codec needs it (a PostgreSQL {@code numeric} without precision is
 * {@code "type": "string", "source_type": "numeric"}: it travels as Debezium's
 * VariableScaleDecimal).
 */
final class TableSchemaFile {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private record Entry(TableId table, TableSchema schema) {}

  private final List<Entry> entries;

  private TableSchemaFile(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  int size() {
    return entries.size();
  }

  /** The schema of the first entry matching the table, or null. */
  TableSchema schemaOf(TableId table) {
    if (table == null) {
      return null;
    }
    for (Entry e : entries) {
      if (matches(e.table, table)) {
        return e.schema;
      }
    }
    return null;
  }

  Function<TableId, TableSchema> lookup() {
    return this::schemaOf;
  }

  private static boolean matches(TableId pattern, TableId t) {
    if (!pattern.table().equals(t.table())) {
      return false;
    }
    if (pattern.database() == null && pattern.schema() != null) {
      // two parts: schema.table, or db.table for sources without schemas
      return t.schema() == null ? t.database() == null || t.database().equals(pattern.schema())
          : t.schema().equals(pattern.schema());
    }
    return (pattern.database() == null || t.database() == null || pattern.database().equals(t.database()))
        && (pattern.schema() == null || t.schema() == null || pattern.schema().equals(t.schema()));
  }

  /** @throws IllegalArgumentException naming the file, the entry and the key for anything unreadable */
  static TableSchemaFile read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("Cannot read table schemas: no such file (file=" + file + ", see --table-schemas)");
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read table schemas: " + e.getClass().getSimpleName() + " (file=" + file
          + ", see --table-schemas)");
    }
  }

  static TableSchemaFile parse(InputStream in, String name) throws IOException {
    List<Entry> out = new ArrayList<>();
    try (JsonParser p = JSON.createParser(in)) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT) {
        out.add(entry(p, 0, name));
      } else if (t == JsonToken.START_ARRAY) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          out.add(entry(p, out.size(), name));
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
          throw bad(name, out.size(), null, "expected an object per table");
        }
      } else {
        throw bad(name, 0, null, "expected a JSON array of tables");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot read table schemas: malformed JSON at line " + e.getLocation().getLineNr() + " (file=" + name
          + ", see --table-schemas)");
    }
    return new TableSchemaFile(out);
  }

  private static Entry entry(JsonParser p, int index, String name) throws IOException {
    TableId table = null;
    List<Column> columns = null;
    List<String> key = List.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      switch (field) {
        case "table" -> {
          if (v != JsonToken.VALUE_STRING) {
            throw bad(name, index, field, "expected a string");
          }
          try {
            table = TableId.parse(p.getText());
          } catch (IllegalArgumentException e) {
            throw bad(name, index, field, e.getMessage());
          }
        }
        case "columns" -> columns = columns(p, index, name);
        case "primary_key" -> key = strings(p, index, name, field);
        default -> throw bad(name, index, field, "unknown key (known: table, columns, primary_key)");
      }
    }
    if (table == null || columns == null) {
      throw bad(name, index, null, "table and columns are required");
    }
    try {
      return new Entry(table, TableSchema.of(columns, key));
    } catch (IllegalArgumentException e) {
      throw bad(name, index, "primary_key", e.getMessage());
    }
  }

  private static List<Column> columns(JsonParser p, int index, String name) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw bad(name, index, "columns", "expected an array of columns");
    }
    List<Column> out = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String column = null;
      String type = null;
      boolean optional = true;
      String sourceType = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "name" -> column = v == JsonToken.VALUE_STRING ? p.getText() : null;
          case "type" -> type = v == JsonToken.VALUE_STRING ? p.getText() : null;
          case "optional" -> {
            if (!v.isBoolean()) {
              throw bad(name, index, "columns." + field, "expected true or false");
            }
            optional = p.getBooleanValue();
          }
          case "source_type" -> sourceType = v == JsonToken.VALUE_NULL ? null : p.getText();
          default -> throw bad(name, index, "columns." + field, "unknown key (known: name, type, optional, source_type)");
        }
      }
      if (column == null || type == null) {
        throw bad(name, index, "columns", "each column needs a name and a type (column " + out.size() + ")");
      }
      out.add(new Column(column, parseType(type, name, index, column), optional, sourceType, null));
    }
    return out;
  }

  /** Canonical type text through the table config's parser (the one the project uses for {@code column-types}). */
  private static ColumnType parseType(String text, String name, int index, String column) {
    try {
      TableConfig probe = new TableConfig(null, "t", List.of(), null, List.of(), 2, null, null, List.of(), List.of(), null,
          Map.of(column, text), Map.of());
      return Objects.requireNonNull(probe.declaredTypes().get(column));
    } catch (IllegalArgumentException e) {
      throw bad(name, index, "columns." + column + ".type", "not a type (type=" + text + ")");
    }
  }

  private static List<String> strings(JsonParser p, int index, String name, String field) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return List.of(p.getText().split("\\s*,\\s*"));
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw bad(name, index, field, "expected an array of column names");
    }
    List<String> out = new ArrayList<>();
    while (p.nextToken() == JsonToken.VALUE_STRING) {
      out.add(p.getText());
    }
    if (p.currentToken() != JsonToken.END_ARRAY) {
      throw bad(name, index, field, "expected an array of column names");
    }
    return out;
  }

  private static IllegalArgumentException bad(String file, int index, String key, String reason) {
    Map<String, String> where = new LinkedHashMap<>();
    where.put("file", file);
    where.put("entry", Integer.toString(index));
    if (key != null) {
      where.put("key", key);
    }
    StringBuilder sb = new StringBuilder("Cannot read table schemas: ").append(reason).append(" (");
    where.forEach((k, v) -> sb.append(k).append('=').append(v).append(", "));
    return new IllegalArgumentException(sb.append("see --table-schemas)").toString());
  }
}
