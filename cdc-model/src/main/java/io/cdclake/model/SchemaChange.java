package io.cdclake.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One table-level DDL change as a source reported it: Debezium {@code tableChanges} entries, DMS
 * control records. A source that states the whole new table gives {@link #schemaAfter()}; one
 * that states single column operations gives {@link #columnChanges()}; some give both.
 *
 * @param kind what happened to the table
 * @param table the table after the change (the new name for a rename)
 * @param previousTable for {@link Kind#RENAME_TABLE}: the old name; otherwise null
 * @param schemaAfter the table's schema after the change when the source states it, else null
 * @param columnChanges column operations the source names explicitly (DMS add-column, ...), possibly empty
 */
public record SchemaChange(Kind kind, TableId table, TableId previousTable, TableSchema schemaAfter, List<ColumnChange> columnChanges) {

  public enum Kind {
    CREATE_TABLE, ALTER_TABLE, DROP_TABLE, RENAME_TABLE
  }

  public SchemaChange {
    requireNonNull(kind, "kind is null");
    requireNonNull(table, "table is null");
    columnChanges = columnChanges == null ? List.of() : List.copyOf(columnChanges);
    if ((kind == Kind.RENAME_TABLE) != (previousTable != null)) {
      throw new IllegalArgumentException("Cannot make schema change: previousTable is set exactly for renames (kind=" + kind + ")");
    }
  }

  /**
   * One column operation.
   *
   * @param kind what happened to the column
   * @param name the column's name before the change
   * @param newName for {@link Kind#RENAME}: the new name; otherwise null
   * @param definition the column after the change (for ADD and TYPE_CHANGE; may be set for others), or null
   */
  public record ColumnChange(Kind kind, String name, String newName, Column definition) {
    public enum Kind {
      ADD, DROP, RENAME, TYPE_CHANGE
    }

    public ColumnChange {
      requireNonNull(kind, "kind is null");
      requireNonNull(name, "name is null");
      if ((kind == Kind.RENAME) != (newName != null)) {
        throw new IllegalArgumentException("Cannot make column change: newName is set exactly for renames (kind=" + kind + ")");
      }
      if ((kind == Kind.ADD || kind == Kind.TYPE_CHANGE) && definition == null) {
        throw new IllegalArgumentException("Cannot make column change: " + kind + " needs a definition (column=" + name + ")");
      }
    }
  }
}
