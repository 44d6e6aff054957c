package io.cdclake.codec.debezium.internal;

import io.cdclake.codec.json.internal.FastJson;
import io.cdclake.codec.json.internal.NameTable;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The fields of a struct, looked up by the order they usually arrive in, then by name. Immutable. */
final class Struct {
  static final Struct EMPTY = new Struct(new Field[0]);

  final Field[] fields;
  final String[] names;
  /** The names in UTF-8, for matching names as bytes ({@link FastReader}). */
  final byte[][] nameBytes;
  /** The names prepared for {@link FastJson#tryName(FastJson.Name)}. */
  final FastJson.Name[] fastNames;
  private final Map<String, Integer> index;
  private volatile NameTable nameTable;
  private volatile ColumnType.StructType columnType;
  private volatile TableSchema tableSchema;

  Struct(Field[] fields) {
    this.fields = fields;
    this.names = new String[fields.length];
    this.nameBytes = new byte[fields.length][];
    this.fastNames = new FastJson.Name[fields.length];
    this.index = new HashMap<>(fields.length * 2);
    for (int i = 0; i < fields.length; i++) {
      names[i] = fields[i].name;
      nameBytes[i] = fields[i].name == null ? new byte[0] : fields[i].name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      fastNames[i] = new FastJson.Name(nameBytes[i]);
      index.putIfAbsent(fields[i].name, i);
    }
  }

  /** Index of the named field, trying {@code hint} first (fields usually arrive in schema order); -1 when absent. */
  int indexOf(String name, int hint) {
    if (hint >= 0 && hint < names.length) {
      String n = names[hint];
      if (n == name || n.equals(name)) {
        return hint;
      }
    }
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  /** The names as a {@link NameTable}, made on first use (only rows out of schema order need it). */
  NameTable nameTable() {
    NameTable t = nameTable;
    if (t == null) {
      t = new NameTable(nameBytes);
      nameTable = t;
    }
    return t;
  }

  Field field(String name) {
    int i = indexOf(name, -1);
    return i < 0 ? null : fields[i];
  }

  ColumnType.StructType columnType() {
    ColumnType.StructType t = columnType;
    if (t == null) {
      List<Column> cols = new ArrayList<>(fields.length);
      for (Field f : fields) {
        cols.add(column(f));
      }
      t = ColumnType.struct(cols);
      columnType = t;
    }
    return t;
  }

  /** The fields as a table schema without key (columns whose name starts with {@code skipPrefix} left out). */
  TableSchema tableSchema(String skipPrefix) {
    TableSchema t = tableSchema;
    if (t == null) {
      List<Column> cols = new ArrayList<>(fields.length);
      for (Field f : fields) {
        if (skipPrefix == null || !f.name.startsWith(skipPrefix)) {
          cols.add(column(f));
        }
      }
      t = TableSchema.of(cols, List.of());
      tableSchema = t;
    }
    return t;
  }

  static Column column(Field f) {
    ColumnType type = f.type == null ? ColumnType.STRING : f.type;
    return new Column(f.name, type, f.optional, f.sourceType, f.defaultValue);
  }
}
