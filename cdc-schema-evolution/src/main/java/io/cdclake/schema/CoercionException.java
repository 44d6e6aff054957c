package io.cdclake.schema;

import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TransportPosition;

/**
 * A value does not fit its column's type: it cannot be parsed, it is out of range, it has more
 * decimal places than the column's scale or more digits than any allowed widening can hold, or a
 * required column is NULL. Nothing is rounded silently; the value itself is never in the message.
 */
public final class CoercionException extends ReconcileException {
  private static final long serialVersionUID = 1L;

  private final String valueType;
  private final String columnType;

  /**
   * @param valueType what the value was, without the value (for example {@code string}, {@code number}, {@code Long})
   * @param columnType the column's Iceberg type
   */
  public CoercionException(String reason, TableId table, String column, String valueType, String columnType,
      SourcePosition position, TransportPosition transport) {
    super(reason, table, column, position, transport, null);
    this.valueType = valueType;
    this.columnType = columnType;
  }

  /** What kind of value it was (never the value). */
  public String valueType() {
    return valueType;
  }

  /** The column's type the value had to fit. */
  public String columnType() {
    return columnType;
  }
}
