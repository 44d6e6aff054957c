package io.cdclake.schema.internal;

import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses canonical type text as {@link ColumnType#toString()} writes it ({@code long},
 * {@code decimal(12,2)}, {@code timestamp_tz}, {@code list<int>}, {@code map<string,long>},
 * {@code struct<a:int,b:string>}), plus common aliases ({@code bigint}, {@code integer},
 * {@code timestamptz}, {@code text}, {@code bytes}, ...).
 */
public final class TypeText {
  private final String text;
  private int pos;

  private TypeText(String text) {
    this.text = text;
  }

  /** @throws IllegalArgumentException naming the text and where it went wrong */
  public static ColumnType parse(String text) {
    TypeText p = new TypeText(text);
    ColumnType t = p.type();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the type");
    }
    return t;
  }

  private ColumnType type() {
    String name = word().toLowerCase(Locale.ROOT);
    switch (name) {
      case "decimal", "numeric" -> {
        expect('(');
        int precision = number();
        int scale = 0;
        if (peek() == ',') {
          pos++;
          scale = number();
        }
        expect(')');
        try {
          return ColumnType.decimal(precision, scale);
        } catch (IllegalArgumentException e) {
          throw error("bad decimal precision or scale");
        }
      }
      case "list", "array" -> {
        expect('<');
        ColumnType element = type();
        expect('>');
        return ColumnType.list(element);
      }
      case "map" -> {
        expect('<');
        ColumnType key = type();
        expect(',');
        ColumnType value = type();
        expect('>');
        return ColumnType.map(key, value);
      }
      case "struct" -> {
        expect('<');
        List<Column> fields = new ArrayList<>();
        if (peek() != '>') {
          do {
            if (peek() == ',') {
              pos++;
            }
            String field = word();
            expect(':');
            fields.add(Column.optional(field, type()));
          } while (peek() == ',');
        }
        expect('>');
        return ColumnType.struct(fields);
      }
      default -> {
        ColumnType t = primitive(name);
        if (t == null) {
          throw error("unknown type name");
        }
        return t;
      }
    }
  }

  private static ColumnType primitive(String name) {
    return switch (name) {
      case "boolean", "bool" -> ColumnType.BOOLEAN;
      case "int", "integer", "int32", "smallint", "tinyint" -> ColumnType.INT;
      case "long", "bigint", "int64" -> ColumnType.LONG;
      case "float", "real", "float32" -> ColumnType.FLOAT;
      case "double", "float64" -> ColumnType.DOUBLE;
      case "date" -> ColumnType.DATE;
      case "time" -> ColumnType.TIME;
      case "timestamp", "datetime", "timestamp_ntz" -> ColumnType.TIMESTAMP;
      case "timestamp_tz", "timestamptz", "timestamp_ltz" -> ColumnType.TIMESTAMP_TZ;
      case "string", "varchar", "text" -> ColumnType.STRING;
      case "uuid" -> ColumnType.UUID;
      case "binary", "bytes", "varbinary" -> ColumnType.BINARY;
      case "json" -> ColumnType.JSON;
      default -> null;
    };
  }

  private String word() {
    skipSpace();
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    if (start == pos) {
      throw error("expected a name");
    }
    return text.substring(start, pos);
  }

  private int number() {
    skipSpace();
    int start = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos)) && pos - start < 4) {
      pos++;
    }
    if (start == pos) {
      throw error("expected a number");
    }
    return Integer.parseInt(text.substring(start, pos));
  }

  private char peek() {
    skipSpace();
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String reason) {
    return new IllegalArgumentException("Cannot parse column type: " + reason + " (type=" + text + ", index=" + pos + ")");
  }
}
