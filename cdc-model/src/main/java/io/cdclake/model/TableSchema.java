package io.cdclake.model;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of a source table in source order, with its primary key. This is what a source said
 * about the table (a Debezium {@code schema} block, a DMS {@code table-def}, a registry schema, or
 * a schema the caller supplies); it is never inferred by sampling values.
 */
public final class TableSchema {
  private final List<Column> columns;
  private final List<String> primaryKey;
  private final Map<String, Integer> index;

  /**
   * @param columns the columns in source order; names distinct
   * @param primaryKey names of the key columns in key order; empty when the table has no key
   */
  public TableSchema(List<Column> columns, List<String> primaryKey) {
    this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
    this.primaryKey = List.copyOf(requireNonNull(primaryKey, "primaryKey is null"));
    Map<String, Integer> idx = new HashMap<>(this.columns.size() * 2);
    for (int i = 0; i < this.columns.size(); i++) {
      if (idx.put(this.columns.get(i).name(), i) != null) {
        throw new IllegalArgumentException("Cannot build table schema: duplicate column (column=" + this.columns.get(i).name() + ")");
      }
    }
    for (String k : this.primaryKey) {
      if (!idx.containsKey(k)) {
        throw new IllegalArgumentException("Cannot build table schema: key column is not a column (column=" + k + ")");
      }
    }
    this.index = idx;
  }

  public static TableSchema of(List<Column> columns, List<String> primaryKey) {
    return new TableSchema(columns, primaryKey);
  }

  public List<Column> columns() {
    return columns;
  }

  public List<String> primaryKey() {
    return primaryKey;
  }

  public boolean hasPrimaryKey() {
    return !primaryKey.isEmpty();
  }

  /** The column, or null when the schema has none of that name. */
  public Column column(String name) {
    Integer i = index.get(name);
    return i == null ? null : columns.get(i);
  }

  /** Position of the column in source order, or -1. */
  public int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  public TableSchema withPrimaryKey(List<String> newKey) {
    return new TableSchema(columns, newKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TableSchema t && t.columns.equals(columns) && t.primaryKey.equals(primaryKey);
  }

  @Override
  public int hashCode() {
    return columns.hashCode() * 31 + primaryKey.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("TableSchema[");
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(c.name()).append(' ').append(c.type()).append(c.optional() ? "" : " not null");
    }
    if (!primaryKey.isEmpty()) {
      sb.append("; key ").append(String.join(",", primaryKey));
    }
    return sb.append(']').toString();
  }
}
