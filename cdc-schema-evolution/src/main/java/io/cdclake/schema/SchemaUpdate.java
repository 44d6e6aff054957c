package io.cdclake.schema;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TransportPosition;
import io.cdclake.schema.internal.SchemaEdits;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;

/**
 * Schema changes a table needs before rows can be written: immutable, made by a
 * {@link SchemaReconciler} against one {@link TableState} (or none, to create the table). This is
 * the one vocabulary every source's schema changes are translated into: DMS control records,
 * Debezium schema-change events, and differences between a message's schema (or values) and the
 * table all end up as these {@link Change}s.
 *
 * <p>{@link #newSchema(Schema)} gives the schema after the changes; {@link #applyTo(UpdateSchema)}
 * stages the schema operations on a pending Iceberg update (the caller commits);
 * {@link SchemaApplier} commits the whole update (schema, cdc-lake table properties, history record)
 * atomically, with retries. All re-check every change against the schema they are given: a change
 * already there (the column exists with the type, or a wider one; a rename or drop already done) is
 * skipped, one that no longer fits throws {@link TypeConflictException}, so an update can be
 * re-applied after another writer changed the table first, or replayed after a crash.
 *
 * <p>Columns are found by field id where the change names one (widening, renames, drops, nested
 * additions), so a later rename does not misplace them; the dotted names are for display and for
 * Iceberg's API.
 */
public final class SchemaUpdate {

  /** One change, readable with {@link #toString()} ({@code add column x long}, {@code widen y int -> long}). */
  public sealed interface Change permits AddColumn, WidenColumn, RenameColumn, DropColumn, RetireColumn, MakeOptional, RedirectColumn,
      SetIdentifierFields {
    /** The column's full dotted name after the change (for a key change: the key columns, comma-separated). */
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
   * @param defaultValue the initial and write default (format v3 only), in the canonical value class of
   *     {@code type} ({@link IcebergTypes#valueClass}); null for none
   * @param after the sibling column (leaf name) the new column goes after; null for last (or first)
   * @param first true to put the column first among its siblings
   */
  public record AddColumn(String parent, int parentId, String name, Type type, boolean required, Object defaultValue, String after,
      boolean first) implements Change {
    public AddColumn {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      if ((parent == null) != (parentId < 0)) {
        throw new IllegalArgumentException("Cannot make add-column change: parent and parentId go together (column=" + name + ")");
      }
      if (first && after != null) {
        throw new IllegalArgumentException("Cannot make add-column change: first and after exclude each other (column=" + name + ")");
      }
    }

    /** An added column without default, placed last. */
    public AddColumn(String parent, int parentId, String name, Type type, boolean required) {
      this(parent, parentId, name, type, required, null, null, false);
    }

    @Override
    public String column() {
      return parent == null ? name : parent + "." + name;
    }

    /** This change placed first among its siblings, or after {@code sibling} (null: last). */
    public AddColumn placed(boolean atFirst, String sibling) {
      return new AddColumn(parent, parentId, name, type, required, defaultValue, atFirst ? null : sibling, atFirst);
    }

    @Override
    public String toString() {
      return "add column " + column() + " " + IcebergTypes.describe(type) + (required ? " required" : "")
          + (first ? " first" : after != null ? " after " + after : "")
          + (defaultValue != null ? " default " + IcebergTypes.describeValue(defaultValue) : "");
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

  /**
   * Renames a column (an Iceberg rename: the field id, and so the data, stays).
   *
   * @param from the column's full dotted name before
   * @param fieldId its field id
   * @param newName the new leaf name
   */
  public record RenameColumn(String from, int fieldId, String newName) implements Change {
    public RenameColumn {
      requireNonNull(from, "from is null");
      requireNonNull(newName, "newName is null");
    }

    /** The full dotted name after the rename. */
    @Override
    public String column() {
      int dot = from.lastIndexOf('.');
      return dot < 0 ? newName : from.substring(0, dot + 1) + newName;
    }

    @Override
    public String toString() {
      return "rename column " + from + " to " + newName;
    }
  }

  /** Deletes a column from the Iceberg table ({@link EvolutionPolicy.DropPolicy#DROP}): its data is no longer readable. */
  public record DropColumn(String column, int fieldId) implements Change {
    public DropColumn {
      requireNonNull(column, "column is null");
    }

    @Override
    public String toString() {
      return "drop column " + column;
    }
  }

  /**
   * Keeps a column the source no longer has ({@link EvolutionPolicy.DropPolicy#KEEP}, or the old column
   * after {@link ReconcileOptions.TypeConflictPolicy#NEW_COLUMN}): made optional if required, listed in
   * {@link EvolutionProperties#RETIRED_COLUMNS}, no longer filled by events (updates carry the old value
   * forward, inserts leave it NULL). Top-level columns only.
   */
  public record RetireColumn(String column, int fieldId) implements Change {
    public RetireColumn {
      requireNonNull(column, "column is null");
    }

    @Override
    public String toString() {
      return "keep column " + column + " (no longer written)";
    }
  }

  /** Makes a required column optional: the source now allows NULL there. */
  public record MakeOptional(String column, int fieldId) implements Change {
    public MakeOptional {
      requireNonNull(column, "column is null");
    }

    @Override
    public String toString() {
      return "make column " + column + " optional";
    }
  }

  /**
   * From now on the values of source column {@code sourceColumn} go to the top-level column
   * {@code column} ({@link ReconcileOptions.TypeConflictPolicy#NEW_COLUMN}); kept in
   * {@link EvolutionProperties#COLUMN_REDIRECTS} by field id.
   *
   * @param sourceColumn the column as events name it (after {@code column-names} mapping)
   * @param column the Iceberg column that receives its values (added by an earlier change of the same update)
   */
  public record RedirectColumn(String sourceColumn, String column) implements Change {
    public RedirectColumn {
      requireNonNull(sourceColumn, "sourceColumn is null");
      requireNonNull(column, "column is null");
    }

    @Override
    public String toString() {
      return "write " + sourceColumn + " into " + column;
    }
  }

  /**
   * Sets the table's identifier fields (the key the writer upserts by). Iceberg requires identifier
   * columns to be required: {@link SchemaApplier} makes an optional one required only when the table's
   * file statistics prove it holds no NULL.
   *
   * @param columns the key columns' names after the update's earlier changes, in key order
   */
  public record SetIdentifierFields(List<String> columns) implements Change {
    public SetIdentifierFields {
      columns = List.copyOf(columns);
      if (columns.isEmpty()) {
        throw new IllegalArgumentException("Cannot make key change: no key columns");
      }
    }

    @Override
    public String column() {
      return String.join(",", columns);
    }

    @Override
    public String toString() {
      return "set key " + String.join(",", columns);
    }
  }

  /**
   * Where an update comes from, for the history ({@link SchemaHistory}).
   *
   * @param via {@code ddl} for a schema-change event, {@code event} for a row event whose schema or values
   *     differ from the table
   * @param position the event's source position, or null
   * @param transport the event's transport position, or null
   * @param ddl the DDL text (or DMS control operation) when the source gave one, else null
   */
  public record Origin(String via, SourcePosition position, TransportPosition transport, String ddl) {
    public Origin {
      requireNonNull(via, "via is null");
    }

    /** The origin of an update made for this event. */
    public static Origin of(ChangeEvent event) {
      return new Origin(event.op() == Op.SCHEMA_CHANGE ? "ddl" : "event", event.position(), event.transport(), event.ddl());
    }
  }

  private final TableId table;
  private final List<Change> changes;
  private final boolean createsTable;
  private final List<String> identifierFields;
  private final Origin origin;

  private SchemaUpdate(TableId table, List<Change> changes, boolean createsTable, List<String> identifierFields, Origin origin) {
    this.table = requireNonNull(table, "table is null");
    this.changes = List.copyOf(changes);
    this.createsTable = createsTable;
    this.identifierFields = List.copyOf(identifierFields);
    this.origin = origin;
    if (this.changes.isEmpty()) {
      throw new IllegalArgumentException("Cannot make schema update: no changes (table=" + table + ")");
    }
  }

  /** Changes to an existing table. */
  public static SchemaUpdate of(TableId table, List<Change> changes) {
    return new SchemaUpdate(table, changes, false, List.of(), null);
  }

  /** The columns of a new table (top-level {@link AddColumn}s in order) and its identifier fields (may be empty). */
  public static SchemaUpdate createTable(TableId table, List<Change> columns, List<String> identifierFields) {
    for (Change c : columns) {
      if (!(c instanceof AddColumn a) || a.parent() != null) {
        throw new IllegalArgumentException("Cannot make create-table update: only top-level columns (table=" + table + ")");
      }
    }
    return new SchemaUpdate(table, columns, true, identifierFields, null);
  }

  /** This update with its origin (for the history). */
  public SchemaUpdate withOrigin(Origin newOrigin) {
    return new SchemaUpdate(table, changes, createsTable, identifierFields, newOrigin);
  }

  /** Where the update comes from, or null when unknown. */
  public Origin origin() {
    return origin;
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
   * Stages the schema operations on one pending Iceberg schema update; the caller commits it. Changes
   * already in the pending schema are skipped. Not staged here: the identifier fields of a new table
   * (set when it is created from {@link #newSchema(Schema) newSchema(null)}), making an optional column
   * required for a {@link SetIdentifierFields}, and the table properties behind {@link RetireColumn} and
   * {@link RedirectColumn}: {@link SchemaApplier} does all of that. A rename away from a name that a later
   * change adds again needs two schema updates (Iceberg checks names against the base schema):
   * {@link SchemaApplier} splits them, this method throws.
   *
   * @throws TypeConflictException when a change no longer fits the pending schema
   */
  public void applyTo(UpdateSchema pending) {
    SchemaEdits.stage(this, pending);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SchemaUpdate u && u.table.equals(table) && u.changes.equals(changes) && u.createsTable == createsTable
        && u.identifierFields.equals(identifierFields) && java.util.Objects.equals(u.origin, origin);
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
