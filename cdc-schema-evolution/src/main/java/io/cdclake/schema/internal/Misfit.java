package io.cdclake.schema.internal;

/**
 * A value does not fit a type. Internal and cheap (no stack trace); the reconciler turns it into a
 * {@link io.cdclake.schema.CoercionException} with table, column and position. The reason never
 * holds the value.
 */
public final class Misfit extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why; some kinds can be cured by widening the column. */
  public enum Kind {
    /** Text that is not a number, date, UUID, ... */
    UNPARSEABLE,
    /** A number beyond the type's range (int: widen to long). */
    OUT_OF_RANGE,
    /** More decimal places than the column's scale. */
    SCALE,
    /** More digits than the decimal's precision (widen the precision). */
    PRECISION,
    /** A number a float cannot hold exactly (widen to double), or a double cannot. */
    INEXACT,
    /** A time finer than microseconds. */
    SUB_MICROS,
    /** A value of a kind the type never takes (a boolean for a date, a list for an int). */
    WRONG_KIND,
    /** A fixed-length binary of another length. */
    LENGTH,
    /** NULL where the type is required. */
    REQUIRED
  }

  private final Kind kind;

  public Misfit(Kind kind, String reason) {
    super(reason, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
