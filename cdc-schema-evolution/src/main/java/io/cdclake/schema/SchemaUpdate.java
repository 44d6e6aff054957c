package io.cdclake.schema;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.TableId;
import io.cdclake.schema.internal.SchemaEdits;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;

/**
 * Schema changes a table needs before rows can be written: immutable, made by a
 * {@link SchemaReconciler} against one table schema (or none, to create the table).
 *
 * <p>{@link #newSchema(Schema)} gives the schema after the changes; {@link #applyTo(UpdateSchema)}
 * stages the same changes on a pending Iceberg update (the caller commits). Both re-check every
 * change against the schema they are given: a change already there (the column exists with the
 * type, or a wider one) is skipped, one that no longer fits throws {@link TypeConflictException},
 * so an update can be re-applied after another writer changed the table first.
 *
 * <p>Columns are found by field id where the change names one (widening, nested additions), so a
 * later rename does not misplace them; the dotted names are for display and for Iceberg's API.
 */
public final class SchemaUpdate {

  /** One change, readable with {@link #toString()} ({@code add column x long}, {@code widen y int -> long}). */
  public sealed interface Change permits AddColumn, WidenColumn {
    /** The column's full dotted name after the change. */
    String column();
  }

  /**
   * Adds an optional column (required only for key columns of a table being created).
   *
   * @param parent full name of the field whose struct gets the column (a struct column, or a list's
   *     {@code x.element} / a map's {@code x.value}); null for a top-level column
   * @param parentId that field's id in the schema the update was made against; -1 for top level
   * @param name the new column's name
   * @param type its type (nested field ids are placeholders; Iceberg assigns the table's own)
   * @param required true only for identifier columns of a new table
   */
  public record AddColumn(String parent, int parentId, String name, Type type, boolean required) implements Change {
    public AddColumn {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      if ((parent == null) != (parentId < 0)) {
        throw new IllegalArgumentException("Cannot make add-column change: parent and parentId go together (column=" + name + ")");
      }
    }

    @Override
    public String column() {
      return parent == null ? name : parent + "." + name;
    }

    @Override
    public String toString() {
      return "add column " + column() + " " + IcebergTypes.describe(type) + (required ? " required" : "");
    }
  }

  /**
   * Widens a primitive column in place (int to long, float to double, decimal precision up).
   *
   * @param column the column's full dotted name
   * @param fieldId its field id
   * @param from the type before
   * @param to the wider type
   */
  public record WidenColumn(String column, int fieldId, Type.PrimitiveType from, Type.PrimitiveType to) implements Change {
    public WidenColumn {
      requireNonNull(column, "column is null");
      requireNonNull(from, "from is null");
      requireNonNull(to, "to is null");
      if (!IcebergTypes.isPromotion(from, to)) {
        throw new IllegalArgumentException("Cannot make widen change: Iceberg cannot promote the type (column=" + column + ", from="
            + from + ", to=" + to + ")");
      }
    }

    @Override
    public String toString() {
      return "widen " + column + " " + IcebergTypes.describe(from) + " -> " + IcebergTypes.describe(to);
    }
  }

  private final TableId table;
  private final List<Change> changes;
  private final boolean createsTable;
  private final List<String> identifierFields;

  private SchemaUpdate(TableId table, List<Change> changes, boolean createsTable, List<String> identifierFields) {
    this.table = requireNonNull(table, "table is null");
    this.changes = List.copyOf(changes);
    this.createsTable = createsTable;
    this.identifierFields = List.copyOf(identifierFields);
    if (this.changes.isEmpty()) {
      throw new IllegalArgumentException("Cannot make schema update: no changes (table=" + table + ")");
    }
  }

  /** Changes to an existing table. */
  public static SchemaUpdate of(TableId table, List<Change> changes) {
    return new SchemaUpdate(table, changes, false, List.of());
  }

  /** The columns of a new table (top-level {@link AddColumn}s in order) and its identifier fields (may be empty). */
  public static SchemaUpdate createTable(TableId table, List<Change> columns, List<String> identifierFields) {
    for (Change c : columns) {
      if (!(c instanceof AddColumn a) || a.parent() != null) {
        throw new IllegalArgumentException("Cannot make create-table update: only top-level columns (table=" + table + ")");
      }
    }
    return new SchemaUpdate(table, columns, true, identifierFields);
  }

  public TableId table() {
    return table;
  }

  /** What changes, in order; each reads as text with {@code toString()}. */
  public List<Change> changes() {
    return changes;
  }

  /** True when the update was made for a table that does not exist yet. */
  public boolean createsTable() {
    return createsTable;
  }

  /** For {@link #createsTable()}: the identifier (key) columns of the new table, possibly empty; else empty. */
  public List<String> identifierFields() {
    return identifierFields;
  }

  /**
   * The schema after the update. For a new table ({@code current} null): the columns in order, key
   * columns required, identifier fields set, ids from 1 (Iceberg assigns its own on create). For an
   * existing table: {@code current} with the changes, new fields numbered after its highest id
   * (the committed table may number them differently: use the table's schema after the commit).
   *
   * @throws TypeConflictException when a change no longer fits {@code current}
   */
  public Schema newSchema(Schema current) {
    return SchemaEdits.apply(this, current);
  }

  /**
   * Stages the changes on a pending Iceberg schema update; the caller commits it. Changes already
   * in the pending schema are skipped. Identifier fields are not staged: they are set when a table
   * is created from {@link #newSchema(Schema) newSchema(null)}.
   *
   * @throws TypeConflictException when a change no longer fits the pending schema
   */
  public void applyTo(UpdateSchema pending) {
    SchemaEdits.stage(this, pending);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SchemaUpdate u && u.table.equals(table) && u.changes.equals(changes) && u.createsTable == createsTable
        && u.identifierFields.equals(identifierFields);
  }

  @Override
  public int hashCode() {
    return changes.hashCode();
  }

  /** {@code create table t: add column id long required, ...; key id} or {@code alter table t: widen ...}. */
  @Override
  public String toString() {
    String body = changes.stream().map(Object::toString).collect(Collectors.joining(", "));
    return (createsTable ? "create table " : "alter table ") + table + ": " + body
        + (identifierFields.isEmpty() ? "" : "; key " + String.join(",", identifierFields));
  }
}
