package io.cdclake.codec.debezium;

/** Which payload shape a decoder expects. */
public enum PayloadForm {
  /**
   * Decide per message (default): an object with {@code op} is an envelope; {@code status}+{@code id}
   * a transaction marker; {@code ddl}/{@code tableChanges}/{@code historyRecord} a schema change; a
   * lone {@code ts_ms} a heartbeat; anything else a flattened row.
   */
  AUTO,
  /** Only Debezium envelopes (and transaction, schema-change and heartbeat messages); a flattened row is an error. */
  ENVELOPE,
  /**
   * Rows flattened by {@code ExtractNewRecordState}: every field is a column except those starting
   * with the {@code add.fields.prefix} ({@code __op}, {@code __deleted}, {@code __table}, ...).
   */
  FLATTENED
}
