package io.cdclake.model;

/**
 * The state of one column in a row image. A column is either given ({@link #VALUE}, {@link #NULL})
 * or absent, and an absent column says why ({@link #OMITTED}, {@link #UNCHANGED}). Reconciliation
 * decides what an absent column means for the table; nothing in the path guesses silently.
 */
public enum ColumnState {
  /** The column has a non-null value. */
  VALUE,
  /** The column is explicitly SQL NULL. */
  NULL,
  /**
   * Absent: the image does not mention the column. DMS leaves out null and empty columns unless
   * IncludeNullAndEmpty is set; a schemaless JSON payload simply lacks the key; partial images
   * (PostgreSQL key-only deletes, Oracle before-images) hold only some columns.
   */
  OMITTED,
  /**
   * Absent: the source says the value did not change and did not send it (Debezium's
   * unavailable-value placeholder for an unchanged TOAST or LOB value). The sink keeps the
   * current value; it never writes the placeholder.
   */
  UNCHANGED;

  /** True for {@link #OMITTED} and {@link #UNCHANGED}. */
  public boolean isAbsent() {
    return this == OMITTED || this == UNCHANGED;
  }
}
