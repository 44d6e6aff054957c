package io.cdclake.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One canonical change event: what every codec produces and everything downstream consumes.
 * Immutable; made with {@link #builder(Op)}.
 *
 * <p>Which fields are set depends on {@link #op()}:
 * <ul>
 *   <li>{@link Op#INSERT}, {@link Op#SNAPSHOT_READ}: {@code table}, {@code after}; {@code key} when the table has one.</li>
 *   <li>{@link Op#UPDATE}: {@code table}, {@code after}; {@code before} when the source sends it (it may be partial);
 *       {@code key} is the key after the update.</li>
 *   <li>{@link Op#DELETE}: {@code table} and at least one of {@code key}, {@code before}.</li>
 *   <li>{@link Op#TRUNCATE}: {@code table}.</li>
 *   <li>{@link Op#TOMBSTONE}: {@code key} when the message had one; {@code table} when the codec can name it.</li>
 *   <li>{@link Op#SCHEMA_CHANGE}: {@code schemaChanges} (possibly empty for DDL that changes no table) and {@code ddl}.</li>
 *   <li>{@link Op#TX_BEGIN}, {@link Op#TX_END}: {@code transaction}.</li>
 *   <li>{@link Op#MESSAGE}: {@code message}.</li>
 * </ul>
 */
public final class ChangeEvent {
  private final Op op;
  private final TableId table;
  private final Row key;
  private final Row before;
  private final Row after;
  private final TableSchema schema;
  private final SourcePosition position;
  private final TransportPosition transport;
  private final Instant commitTime;
  private final Instant processedTime;
  private final Transaction transaction;
  private final boolean snapshot;
  private final List<SchemaChange> schemaChanges;
  private final String ddl;
  private final LogicalMessage message;

  private ChangeEvent(Builder b) {
    this.op = b.op;
    this.table = b.table;
    this.key = b.key;
    this.before = b.before;
    this.after = b.after;
    this.schema = b.schema;
    this.position = b.position;
    this.transport = b.transport;
    this.commitTime = b.commitTime;
    this.processedTime = b.processedTime;
    this.transaction = b.transaction;
    this.snapshot = b.snapshot;
    this.schemaChanges = b.schemaChanges;
    this.ddl = b.ddl;
    this.message = b.message;
  }

  public static Builder builder(Op op) {
    return new Builder(op);
  }

  public Op op() {
    return op;
  }

  /** The table; null for transaction, heartbeat and message events, and for tombstones the codec cannot place. */
  public TableId table() {
    return table;
  }

  /** The key columns; null when the table has no key, for truncates, and for non-row events. */
  public Row key() {
    return key;
  }

  /**
   * The row before the change; null for inserts and reads, for truncates, and for updates and
   * deletes whose source sent no before-image. May be partial: a column it does not mention is
   * {@link ColumnState#OMITTED}, not NULL.
   */
  public Row before() {
    return before;
  }

  /** The row after the change; null for deletes, truncates and non-row events. May be partial (see {@link #before()}). */
  public Row after() {
    return after;
  }

  /** The source's schema of this table when the message or the caller stated one; null otherwise. */
  public TableSchema schema() {
    return schema;
  }

  /** The event's place in the source's order, or null when the source gives none. */
  public SourcePosition position() {
    return position;
  }

  /** The message's place in its transport (Kafka offset, Kinesis sequence, file line), or null. */
  public TransportPosition transport() {
    return transport;
  }

  /** When the source committed (or made) the change; null when unknown. */
  public Instant commitTime() {
    return commitTime;
  }

  /** When the capture process (Debezium connector, DMS task) handled the change; null when unknown. */
  public Instant processedTime() {
    return processedTime;
  }

  /** The source transaction, or null when the source does not say. */
  public Transaction transaction() {
    return transaction;
  }

  /** True for rows read by a snapshot or full load. */
  public boolean snapshot() {
    return snapshot;
  }

  /** For {@link Op#SCHEMA_CHANGE}: the table changes, possibly empty; empty for every other op. */
  public List<SchemaChange> schemaChanges() {
    return schemaChanges;
  }

  /** For {@link Op#SCHEMA_CHANGE}: the DDL text when the source gave it, else null. */
  public String ddl() {
    return ddl;
  }

  /** For {@link Op#MESSAGE}: the message; null otherwise. */
  public LogicalMessage message() {
    return message;
  }

  /** A builder holding every field of this event. */
  public Builder toBuilder() {
    Builder b = new Builder(op);
    b.table = table;
    b.key = key;
    b.before = before;
    b.after = after;
    b.schema = schema;
    b.position = position;
    b.transport = transport;
    b.commitTime = commitTime;
    b.processedTime = processedTime;
    b.transaction = transaction;
    b.snapshot = snapshot;
    b.schemaChanges = schemaChanges;
    b.ddl = ddl;
    b.message = message;
    return b;
  }

  /** This event with another transport position (hosts attach it after decoding). */
  public ChangeEvent withTransport(TransportPosition newTransport) {
    return toBuilder().transport(newTransport).build();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ChangeEvent e)) {
      return false;
    }
    return op == e.op && snapshot == e.snapshot && java.util.Objects.equals(table, e.table) && java.util.Objects.equals(key, e.key)
        && java.util.Objects.equals(before, e.before) && java.util.Objects.equals(after, e.after)
        && java.util.Objects.equals(schema, e.schema) && java.util.Objects.equals(position, e.position)
        && java.util.Objects.equals(transport, e.transport) && java.util.Objects.equals(commitTime, e.commitTime)
        && java.util.Objects.equals(processedTime, e.processedTime) && java.util.Objects.equals(transaction, e.transaction)
        && schemaChanges.equals(e.schemaChanges) && java.util.Objects.equals(ddl, e.ddl) && java.util.Objects.equals(message, e.message);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(op, table, key, after, position, transport);
  }

  /** For tests and debugging: includes row values, so production code never logs it. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ChangeEvent[").append(op);
    if (table != null) {
      sb.append(' ').append(table);
    }
    if (key != null) {
      sb.append(" key=").append(key);
    }
    if (before != null) {
      sb.append(" before=").append(before);
    }
    if (after != null) {
      sb.append(" after=").append(after);
    }
    if (position != null) {
      sb.append(" pos=").append(position);
    }
    if (transport != null) {
      sb.append(" transport=").append(transport);
    }
    if (commitTime != null) {
      sb.append(" commit=").append(commitTime);
    }
    if (transaction != null) {
      sb.append(" tx=").append(transaction.id());
    }
    if (snapshot) {
      sb.append(" snapshot");
    }
    if (!schemaChanges.isEmpty()) {
      sb.append(" changes=").append(schemaChanges);
    }
    if (message != null) {
      sb.append(' ').append(message);
    }
    return sb.append(']').toString();
  }

  /** Builds one event; validates the fields the op needs on {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final Op op;
    private TableId table;
    private Row key;
    private Row before;
    private Row after;
    private TableSchema schema;
    private SourcePosition position;
    private TransportPosition transport;
    private Instant commitTime;
    private Instant processedTime;
    private Transaction transaction;
    private boolean snapshot;
    private List<SchemaChange> schemaChanges = List.of();
    private String ddl;
    private LogicalMessage message;

    private Builder(Op op) {
      this.op = requireNonNull(op, "op is null");
    }

    public Builder table(TableId value) {
      this.table = value;
      return this;
    }

    public Builder key(Row value) {
      this.key = value;
      return this;
    }

    public Builder before(Row value) {
      this.before = value;
      return this;
    }

    public Builder after(Row value) {
      this.after = value;
      return this;
    }

    public Builder schema(TableSchema value) {
      this.schema = value;
      return this;
    }

    public Builder position(SourcePosition value) {
      this.position = value;
      return this;
    }

    public Builder transport(TransportPosition value) {
      this.transport = value;
      return this;
    }

    public Builder commitTime(Instant value) {
      this.commitTime = value;
      return this;
    }

    public Builder processedTime(Instant value) {
      this.processedTime = value;
      return this;
    }

    public Builder transaction(Transaction value) {
      this.transaction = value;
      return this;
    }

    public Builder snapshot(boolean value) {
      this.snapshot = value;
      return this;
    }

    public Builder schemaChanges(List<SchemaChange> value) {
      this.schemaChanges = List.copyOf(value);
      return this;
    }

    public Builder ddl(String value) {
      this.ddl = value;
      return this;
    }

    public Builder message(LogicalMessage value) {
      this.message = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException when a field the op needs is missing (a codec bug, not bad input:
     *     codecs check their input and throw {@link InvalidEventException} first)
     */
    public ChangeEvent build() {
      switch (op) {
        case INSERT, SNAPSHOT_READ, UPDATE -> {
          need(table != null, "table");
          need(after != null, "after");
        }
        case DELETE -> {
          need(table != null, "table");
          need(key != null || before != null, "key or before");
        }
        case TRUNCATE -> need(table != null, "table");
        case TX_BEGIN, TX_END -> need(transaction != null, "transaction");
        case MESSAGE -> need(message != null, "message");
        default -> {
        }
      }
      if (op != Op.SCHEMA_CHANGE && !schemaChanges.isEmpty()) {
        throw new IllegalArgumentException("Cannot build change event: only SCHEMA_CHANGE carries schema changes (op=" + op + ")");
      }
      return new ChangeEvent(this);
    }

    private void need(boolean present, String field) {
      if (!present) {
        throw new IllegalArgumentException("Cannot build change event: " + field + " is required (op=" + op + ")");
      }
    }
  }
}
