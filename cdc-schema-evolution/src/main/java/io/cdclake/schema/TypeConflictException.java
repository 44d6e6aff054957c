package io.cdclake.schema;

import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TransportPosition;

/**
 * A column's type cannot become what the source now says, because Iceberg cannot change it in
 * place (narrowing, {@code long} to {@code string}, a decimal scale change, a struct where a list
 * was) and the {@link ReconcileOptions.TypeConflictPolicy} says to fail; or a schema change cannot be
 * applied to the table as it is now. Not final: {@link RejectedTypeChangeException} is the dead-letter case.
 */
public class TypeConflictException extends ReconcileException {
  private static final long serialVersionUID = 1L;

  private final String tableType;
  private final String sourceType;

  /**
   * @param tableType the column's type in the table (or the type known so far)
   * @param sourceType the type the source (or the value) asks for
   */
  public TypeConflictException(String reason, TableId table, String column, String tableType, String sourceType,
      SourcePosition position, TransportPosition transport) {
    super(reason, table, column, position, transport, null);
    this.tableType = tableType;
    this.sourceType = sourceType;
  }

  public String tableType() {
    return tableType;
  }

  public String sourceType() {
    return sourceType;
  }
}
