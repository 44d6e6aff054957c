package io.cdclake.model;

/**
 * What a change event says happened. A closed set: a decoder that meets an operation it does not
 * know throws {@link InvalidEventException}; it never maps it to {@link #INSERT}.
 */
public enum Op {
  /** A row was inserted ({@code after} is set). */
  INSERT,
  /** A row was updated ({@code after} is set; {@code before} when the source gives one). */
  UPDATE,
  /** A row was deleted ({@code before} and/or {@code key} identify it; {@code after} is null). */
  DELETE,
  /** A row read by an initial or incremental snapshot / full load ({@code after} is set). */
  SNAPSHOT_READ,
  /** Every row of the table was removed. */
  TRUNCATE,
  /**
   * A Kafka tombstone (null value) for {@code key}. After an envelope delete it only lets Kafka
   * compact the topic; in flattened streams that drop deletes it is the only delete signal. Never
   * an insert; what it means is the host's configured choice.
   */
  TOMBSTONE,
  /** DDL: one or more table changes ({@link ChangeEvent#schemaChanges()}). */
  SCHEMA_CHANGE,
  /** A source transaction started ({@link ChangeEvent#transaction()}). */
  TX_BEGIN,
  /** A source transaction ended ({@link ChangeEvent#transaction()} with its event counts). */
  TX_END,
  /** A liveness signal from the source with no data. */
  HEARTBEAT,
  /** A logical decoding message (PostgreSQL {@code pg_logical_emit_message}). */
  MESSAGE;

  /** True for the operations that change rows of one table: insert, update, delete, read, truncate. */
  public boolean isRowChange() {
    return this == INSERT || this == UPDATE || this == DELETE || this == SNAPSHOT_READ || this == TRUNCATE;
  }

  /** True when the event carries an after image: insert, update and snapshot read. */
  public boolean hasAfter() {
    return this == INSERT || this == UPDATE || this == SNAPSHOT_READ;
  }
}
