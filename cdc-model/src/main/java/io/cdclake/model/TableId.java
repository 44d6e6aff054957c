package io.cdclake.model;

import static java.util.Objects.requireNonNull;

/**
 * A source table: database, schema and table name, as the source names them. Database and schema
 * are null where the source has no such level (MySQL has no schema; DMS names only schema and
 * table).
 *
 * @param database the database (catalog) name, or null
 * @param schema the schema name, or null
 * @param table the table (collection) name
 */
public record TableId(String database, String schema, String table) {

  public TableId {
    requireNonNull(table, "table is null");
    if (table.isEmpty()) {
      throw new IllegalArgumentException("table is empty");
    }
    database = emptyToNull(database);
    schema = emptyToNull(schema);
  }

  public static TableId of(String database, String schema, String table) {
    return new TableId(database, schema, table);
  }

  /** A table with only a schema-level namespace (DMS {@code schema-name}, {@code table-name}). */
  public static TableId of(String schema, String table) {
    return new TableId(null, schema, table);
  }

  /**
   * Parses {@code db.schema.table}, {@code ns.table} (taken as schema.table) or {@code table}.
   * Names holding dots cannot be written this way; use the constructor.
   */
  public static TableId parse(String dotted) {
    requireNonNull(dotted, "dotted is null");
    String[] parts = dotted.split("\\.", -1);
    return switch (parts.length) {
      case 1 -> new TableId(null, null, parts[0]);
      case 2 -> new TableId(null, parts[0], parts[1]);
      case 3 -> new TableId(parts[0], parts[1], parts[2]);
      default -> throw new IllegalArgumentException("Cannot parse table id: expected at most 3 dot-separated parts (parts=" + parts.length + ")");
    };
  }

  /** The name with missing parts left out: {@code db.schema.table}, {@code db.table}, {@code schema.table}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (database != null) {
      sb.append(database).append('.');
    }
    if (schema != null) {
      sb.append(schema).append('.');
    }
    return sb.append(table).toString();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
