package io.cdclake.model;

import static java.util.Objects.requireNonNull;

/**
 * One column of a {@link TableSchema} (or one field of a struct).
 *
 * @param name the column name as the source spells it
 * @param type the canonical type
 * @param optional whether the column may be NULL
 * @param sourceType the source's own type name (Debezium semantic type or {@code __debezium.source.column.type},
 *     DMS {@code table-def} type, database type), or null when unknown; informational only
 * @param defaultValue the source's default value in the canonical value class, or null for none
 */
public record Column(String name, ColumnType type, boolean optional, String sourceType, Object defaultValue) {

  public Column {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }

  public static Column optional(String name, ColumnType type) {
    return new Column(name, type, true, null, null);
  }

  public static Column required(String name, ColumnType type) {
    return new Column(name, type, false, null, null);
  }

  public Column withSourceType(String newSourceType) {
    return new Column(name, type, optional, newSourceType, defaultValue);
  }

  public Column withDefault(Object newDefault) {
    return new Column(name, type, optional, sourceType, newDefault);
  }
}
