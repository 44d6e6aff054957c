package io.cdclake.schema;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.ChangeEvent;

/**
 * What {@link SchemaReconciler#reconcile} gives for one event.
 *
 * @param event the event with its images fit for the table schema after {@code update}: Iceberg column
 *     names, values in the canonical classes of the columns' types, after images complete (every column
 *     VALUE, NULL or UNCHANGED); before images and keys coerced but not filled
 * @param update the schema change needed before the rows can be written, or null when the schema given
 *     to {@code reconcile} fits
 */
public record Reconciliation(ChangeEvent event, SchemaUpdate update) {
  public Reconciliation {
    requireNonNull(event, "event is null");
  }

  /** True when {@link #update()} must be applied before the event is written. */
  public boolean needsUpdate() {
    return update != null;
  }
}
