package io.cdclake.codec.dms.internal;

import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import java.util.List;
import java.util.function.Function;

/**
 * The settings every DMS decoder shares: where schemas and keys come from, before-image columns,
 * delete images, value conversion. Immutable.
 *
 * @param schemas caller-supplied schema per table (returns null when unknown); never null
 * @param keyColumns caller-supplied key columns per table (returns null or empty when unknown); never null
 * @param requireKnownTables whether a table {@code schemas} does not know is an error
 * @param biPrefix prefix of {@code add-before-image-columns} columns, or null when that form is off
 * @param biSuffix suffix of those columns ("" for none)
 * @param keyOnlyDeletes whether a delete's before image keeps only the key columns
 * @param values the value converter
 */
public record DecodeRules(
    Function<io.cdclake.model.TableId, TableSchema> schemas,
    Function<TableId, List<String>> keyColumns,
    boolean requireKnownTables,
    String biPrefix,
    String biSuffix,
    boolean keyOnlyDeletes,
    ValueConverter values) {

  public TableSchema schemaOf(TableId table) {
    return schemas.apply(table);
  }

  /** Key columns: the declared schema's primary key, else the configured key columns, else empty. */
  public List<String> keyColumnsOf(TableId table, TableSchema declared) {
    if (declared != null && declared.hasPrimaryKey()) {
      return declared.primaryKey();
    }
    List<String> k = keyColumns.apply(table);
    return k == null ? List.of() : k;
  }

  public boolean beforeImageColumns() {
    return biPrefix != null;
  }

  /** The real column name of a before-image column, or null when {@code name} is not one. */
  public String stripBi(String name) {
    if (biPrefix == null || !name.startsWith(biPrefix) || !name.endsWith(biSuffix)
        || name.length() <= biPrefix.length() + biSuffix.length()) {
      return null;
    }
    return name.substring(biPrefix.length(), name.length() - biSuffix.length());
  }

  /** The update's before image: the before-image object, completed by before-image columns it lacks. */
  public static Row mergeBefore(Row object, Row columns) {
    if (object == null || columns == null || columns.isEmpty()) {
      return object != null ? object : columns;
    }
    if (object.isEmpty()) {
      return columns;
    }
    Row.Builder b = object.toBuilder();
    for (int i = 0; i < columns.size(); i++) {
      if (!object.contains(columns.name(i))) {
        if (columns.state(i) == io.cdclake.model.ColumnState.UNCHANGED) {
          b.putUnchanged(columns.name(i));
        } else {
          b.put(columns.name(i), columns.value(i));
        }
      }
    }
    return b.build();
  }

  /** A delete's before image, reduced to the key when {@link #keyOnlyDeletes()} is set and a key is known. */
  public Row deleteImage(Row before, List<String> key) {
    return keyOnlyDeletes && !key.isEmpty() ? before.project(key) : before;
  }
}
