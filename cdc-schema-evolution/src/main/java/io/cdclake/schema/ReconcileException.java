package io.cdclake.schema;

import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TransportPosition;

/**
 * An event cannot be fit to its table. Unchecked; the root of {@link CoercionException} (a value
 * does not fit its column) and {@link TypeConflictException} (a column's type cannot change the
 * way the source says). The message reads {@code Cannot <verb> <what>: <reason> (...)} followed by
 * where it happened: table, column, source position and transport position. It never contains row
 * values.
 */
public class ReconcileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final transient TableId table;
  private final String column;
  private final transient SourcePosition position;
  private final transient TransportPosition transport;

  /**
   * @param reason the message without location, {@code Cannot <verb> <what>: <reason> (...)}
   * @param table the table
   * @param column the column (a dotted path for nested fields), or null
   * @param position the event's source position, or null
   * @param transport the event's transport position, or null
   * @param cause the underlying exception (never one whose message holds a value), or null
   */
  public ReconcileException(String reason, TableId table, String column, SourcePosition position, TransportPosition transport,
      Throwable cause) {
    super(reason, cause);
    this.reason = reason;
    this.table = table;
    this.column = column;
    this.position = position;
    this.transport = transport;
  }

  /** The reason without the location suffix. */
  public String reason() {
    return reason;
  }

  public TableId table() {
    return table;
  }

  /** The column (dotted path for nested fields), or null when the problem is not about one column. */
  public String column() {
    return column;
  }

  /** The event's source position, or null. */
  public SourcePosition position() {
    return position;
  }

  /** The event's transport position, or null. */
  public TransportPosition transport() {
    return transport;
  }

  @Override
  public String getMessage() {
    StringBuilder sb = new StringBuilder(reason).append(" [table ").append(table);
    if (column != null) {
      sb.append(", column ").append(column);
    }
    if (position != null) {
      sb.append(", position ").append(position);
    }
    if (transport != null) {
      sb.append(", transport ").append(transport);
    }
    return sb.append(']').toString();
  }
}
