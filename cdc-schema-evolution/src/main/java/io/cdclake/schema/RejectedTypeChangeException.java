package io.cdclake.schema;

import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TransportPosition;

/**
 * The table's policy ({@link ReconcileOptions.TypeConflictPolicy#DEAD_LETTER}) refuses a column's
 * type change, and this event holds a value of the new type for that column: it cannot be written
 * without a coercion. The caller routes the event to its dead-letter sink and goes on; later events
 * are not affected. The message never holds the value.
 */
public final class RejectedTypeChangeException extends TypeConflictException {
  private static final long serialVersionUID = 1L;

  public RejectedTypeChangeException(String reason, TableId table, String column, String tableType, String sourceType,
      SourcePosition position, TransportPosition transport) {
    super(reason, table, column, tableType, sourceType, position, transport);
  }
}
