package io.cdclake.schema;

/**
 * The keys cdc-lake's schema evolution keeps in Iceberg tables. Table properties hold what every
 * writer of the table must follow (they are read on each refresh and survive restarts); snapshot
 * summaries hold the history of applied changes ({@link SchemaHistory}).
 */
public final class EvolutionProperties {
  private EvolutionProperties() {}

  /**
   * Table property: field ids of columns the source dropped and the table keeps
   * ({@link EvolutionPolicy.DropPolicy#KEEP}), as a JSON array ({@code [4,9]}). Events no longer fill
   * them: updates carry the old value forward, inserts leave them NULL.
   */
  public static final String RETIRED_COLUMNS = "cdc-lake.retired-columns";

  /**
   * Table property: source columns whose values go to another Iceberg column since a type change
   * ({@link ReconcileOptions.TypeConflictPolicy#NEW_COLUMN}), as a JSON object of column name (after
   * {@code column-names} mapping) to field id ({@code {"price":17}}). Field ids survive renames.
   */
  public static final String COLUMN_REDIRECTS = "cdc-lake.column-redirects";

  /**
   * Snapshot summary: one applied schema change, as compact JSON (see {@link SchemaHistory.Entry}).
   * The snapshot that holds it changes no data; it is committed in the same transaction as the schema
   * change and the properties above.
   */
  public static final String SCHEMA_CHANGE = "cdc-lake.schema-change";

  /** Suffix of the column a type change moves a source column to: {@code price__v2}, {@code price__v3}, ... */
  public static final String NEW_COLUMN_SUFFIX = "__v";

  /**
   * Suffix a kept column gets when the source adds (or renames another column to) its name again:
   * {@code note} becomes {@code note__dropped}, then {@code note__dropped2}, ... so the new column can
   * have the source's name and the old data stays readable.
   */
  public static final String DROPPED_SUFFIX = "__dropped";
}
