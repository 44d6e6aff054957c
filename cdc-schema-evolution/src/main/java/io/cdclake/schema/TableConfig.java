package io.cdclake.schema;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.ColumnType;
import io.cdclake.model.TableId;
import io.cdclake.schema.internal.TypeText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How one source table (or a family of tables, by wildcard) becomes an Iceberg table. Parsed from
 * the JSON form that seed-style DMS pipelines already use, plus cdc-lake's own keys; see
 * {@link TableConfigs} for the file format.
 *
 * @param db matches the source database or schema name ({@code *} or null matches any)
 * @param table matches the source table name ({@code *} matches any; a trailing {@code *} matches a prefix)
 * @param primaryKey key columns that override the source's key; empty to use the source's
 * @param precombineKey a column whose larger value wins when two changes of one key compete, or null
 *     to order by source position
 * @param timestampFields columns to type as timestamps even when the source sends strings or numbers
 * @param formatVersion Iceberg format version for tables cdc-lake creates (2 or 3)
 * @param mergeMode Iceberg {@code write.merge.mode}; only {@code merge-on-read} is written by cdc-lake
 * @param target the Iceberg table identifier, or null for the routing pattern (default {@code {db}.{table}})
 * @param partitionBy partition transforms for new tables: {@code col}, {@code years(col)}, {@code months(col)},
 *     {@code days(col)}, {@code hours(col)}, {@code bucket(N, col)}, {@code truncate(W, col)}
 * @param sortBy sort order columns for new tables ({@code col} or {@code col desc})
 * @param mode how events land: upsert table, changelog table, or both
 * @param columnTypes declared column types (canonical type text such as {@code decimal(12,2)}, {@code timestamp});
 *     a declared type wins over what the source says
 * @param properties extra Iceberg table properties for new tables
 * @param columnNames source column name to Iceberg column name, for columns whose name changes; every other key
 *     of this config ({@code primary_key}, {@code precombine_key}, {@code timestamp.fields}, {@code column-types})
 *     names Iceberg columns
 * @param insertImages what an omitted column means in insert and snapshot after images, or null for the
 *     reconciler's {@link ReconcileOptions#insertImages()}
 * @param updateImages what an omitted column means in update after images, or null for
 *     {@link ReconcileOptions#updateImages()}
 * @param evolution how the table follows the source's schema changes ({@code drop-columns}, {@code rename-columns},
 *     {@code type-changes}, {@code key-changes}, {@code column-defaults}, {@code column-positions}, {@code narrowing}); null means
 *     {@link EvolutionPolicy#DEFAULTS}
 */
public record TableConfig(
    String db,
    String table,
    List<String> primaryKey,
    String precombineKey,
    List<String> timestampFields,
    int formatVersion,
    String mergeMode,
    String target,
    List<String> partitionBy,
    List<String> sortBy,
    Mode mode,
    Map<String, String> columnTypes,
    Map<String, String> properties,
    Map<String, String> columnNames,
    ImageMode insertImages,
    ImageMode updateImages,
    EvolutionPolicy evolution) {

  /** Where events of a table land. */
  public enum Mode {
    /** One row per key: inserts, updates and deletes applied (the default). */
    UPSERT,
    /** Every event appended with {@code _cdc_op}, {@code _cdc_position}, {@code _cdc_commit_ts}, {@code _cdc_tx}. */
    CHANGELOG,
    /** Both: the upsert table and a {@code <table>_changelog} table beside it. */
    UPSERT_AND_CHANGELOG;

    public static Mode parse(String text) {
      return switch (text.toLowerCase(Locale.ROOT).replace('_', '-')) {
        case "upsert" -> UPSERT;
        case "changelog", "append" -> CHANGELOG;
        case "upsert+changelog", "upsert-and-changelog", "both" -> UPSERT_AND_CHANGELOG;
        default -> throw new IllegalArgumentException(
            "Cannot parse table mode: unknown mode (mode=" + text + ", expected upsert, changelog or upsert+changelog)");
      };
    }
  }

  /** Defaults: match everything, key from the source, format v2, upsert. */
  public static final TableConfig DEFAULT = new TableConfig(
      "*", "*", List.of(), null, List.of(), 2, "merge-on-read", null, List.of(), List.of(), Mode.UPSERT, Map.of(), Map.of(), Map.of(),
      null, null, EvolutionPolicy.DEFAULTS);

  public TableConfig {
    db = db == null || db.isEmpty() ? "*" : db;
    requireNonNull(table, "table is null");
    primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
    timestampFields = timestampFields == null ? List.of() : List.copyOf(timestampFields);
    partitionBy = partitionBy == null ? List.of() : List.copyOf(partitionBy);
    sortBy = sortBy == null ? List.of() : List.copyOf(sortBy);
    columnTypes = columnTypes == null ? Map.of() : Map.copyOf(columnTypes);
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    columnNames = columnNames == null ? Map.of() : Map.copyOf(columnNames);
    for (Map.Entry<String, String> e : columnTypes.entrySet()) {
      try {
        TypeText.parse(e.getValue());
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(ex.getMessage() + " (column=" + e.getKey() + ", table=" + table + ", see column-types)", ex);
      }
    }
    mode = mode == null ? Mode.UPSERT : mode;
    evolution = evolution == null ? EvolutionPolicy.DEFAULTS : evolution;
    mergeMode = mergeMode == null ? "merge-on-read" : mergeMode;
    if (formatVersion != 2 && formatVersion != 3) {
      throw new IllegalArgumentException("Cannot use table config: format-version must be 2 or 3 (format-version=" + formatVersion
          + ", table=" + table + ")");
    }
    if (!mergeMode.equals("merge-on-read")) {
      throw new IllegalArgumentException("Cannot use table config: cdc-lake writes equality deletes, so write.merge.mode must be "
          + "merge-on-read (write.merge.mode=" + mergeMode + ", table=" + table + ")");
    }
  }

  /** A config with the default {@link EvolutionPolicy}. */
  public TableConfig(String db, String table, List<String> primaryKey, String precombineKey, List<String> timestampFields,
      int formatVersion, String mergeMode, String target, List<String> partitionBy, List<String> sortBy, Mode mode,
      Map<String, String> columnTypes, Map<String, String> properties, Map<String, String> columnNames, ImageMode insertImages,
      ImageMode updateImages) {
    this(db, table, primaryKey, precombineKey, timestampFields, formatVersion, mergeMode, target, partitionBy, sortBy, mode, columnTypes,
        properties, columnNames, insertImages, updateImages, EvolutionPolicy.DEFAULTS);
  }

  /** A config without the newer keys ({@code column-names}, {@code insert-images}, {@code update-images}, evolution). */
  public TableConfig(String db, String table, List<String> primaryKey, String precombineKey, List<String> timestampFields,
      int formatVersion, String mergeMode, String target, List<String> partitionBy, List<String> sortBy, Mode mode,
      Map<String, String> columnTypes, Map<String, String> properties) {
    this(db, table, primaryKey, precombineKey, timestampFields, formatVersion, mergeMode, target, partitionBy, sortBy, mode, columnTypes,
        properties, Map.of(), null, null, EvolutionPolicy.DEFAULTS);
  }

  /** This config with another evolution policy. */
  public TableConfig withEvolution(EvolutionPolicy policy) {
    return new TableConfig(db, table, primaryKey, precombineKey, timestampFields, formatVersion, mergeMode, target, partitionBy, sortBy,
        mode, columnTypes, properties, columnNames, insertImages, updateImages, policy);
  }

  /**
   * Declared column types by Iceberg column name: {@code column-types} parsed, and {@code timestamp.fields}
   * as {@code timestamp} (without zone) unless {@code column-types} gives the column another type.
   */
  public Map<String, ColumnType> declaredTypes() {
    Map<String, ColumnType> out = new LinkedHashMap<>();
    for (String f : timestampFields) {
      out.put(f, ColumnType.TIMESTAMP);
    }
    columnTypes.forEach((c, t) -> out.put(c, TypeText.parse(t)));
    return out;
  }

  /** The Iceberg name of a source column: mapped by {@code column-names}, else the source name. */
  public String icebergName(String sourceColumn) {
    return columnNames.getOrDefault(sourceColumn, sourceColumn);
  }

  /** True when this entry applies to the source table. */
  public boolean matches(TableId id) {
    boolean dbMatch = db.equals("*") || db.equals(id.database()) || db.equals(id.schema());
    return dbMatch && nameMatches(table, id.table());
  }

  /** How specific the match is, for choosing among several matching entries: exact names win over wildcards. */
  int specificity() {
    return (db.equals("*") ? 0 : 2) + (table.equals("*") ? 0 : table.endsWith("*") ? 1 : 3);
  }

  private static boolean nameMatches(String pattern, String name) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.endsWith("*")) {
      return name.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(name);
  }
}
