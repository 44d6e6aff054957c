package io.cdclake.codec.debezium;

import static java.util.Objects.requireNonNull;

import io.cdclake.codec.debezium.internal.Codec;
import io.cdclake.codec.debezium.internal.Options;
import io.cdclake.model.ChangeDecoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.ColumnType;
import io.cdclake.model.RawMessage;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Decodes Debezium messages (Kafka-style key, value and headers) into canonical
 * {@link ChangeEvent}s. Immutable and thread-safe; made by {@link #builder()}.
 *
 * <p>Every message gives exactly one event:
 * <ul>
 *   <li>JSON with {@code schema}+{@code payload} (types from the schema), without a schema (types
 *       from the caller's table schemas, see {@link Builder#schemaless(Function)}, else JSON scalars
 *       as they are: integers Long, other numbers BigDecimal, objects Row, arrays List), and
 *       {@code {"schema":null,"payload":...}}; the form is detected per message.</li>
 *   <li>Flattened rows from {@code ExtractNewRecordState} (see {@link PayloadForm}).</li>
 *   <li>Avro in the Confluent wire format when a {@link SchemaLookup} is set (a value starting with
 *       byte 0).</li>
 *   <li>ops {@code c/u/d/r/t/m} to INSERT, UPDATE, DELETE, SNAPSHOT_READ, TRUNCATE, MESSAGE; an
 *       unknown op is an {@link io.cdclake.model.InvalidEventException}. A null value is a
 *       {@link io.cdclake.model.Op#TOMBSTONE} carrying the key, never an insert. Transaction-topic
 *       BEGIN/END give TX_BEGIN/TX_END, schema-change topics SCHEMA_CHANGE, heartbeats HEARTBEAT (the
 *       caller counts and skips them).</li>
 *   <li>Debezium's unavailable-value placeholder, in any of its forms, gives an UNCHANGED column.</li>
 * </ul>
 *
 * <p>Input limits, lower than Jackson's defaults and checked on every message: nesting depth 64
 * (Jackson 1000), number length 256 characters (1000), string length 16 MiB (20 M), field name
 * length 1024 (50 000), document size 64 MiB (unlimited). A message over a limit raises a
 * {@link io.cdclake.model.MalformedInputException} that names the value, the limit and the builder
 * setting. Errors carry the byte offset, JSON path, table and field when known, and never row values.
 */
public final class DebeziumDecoder implements ChangeDecoder {
  /** The default unavailable-value placeholder. */
  public static final String DEFAULT_PLACEHOLDER = "__debezium_unavailable_value";

  private final Codec codec;

  private DebeziumDecoder(Options options) {
    this.codec = new Codec(options);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A decoder with all defaults: JSON with or without schema, any payload form, no Avro. */
  public static DebeziumDecoder create() {
    return builder().build();
  }

  @Override
  public void decode(RawMessage message, Consumer<? super ChangeEvent> out) {
    requireNonNull(message, "message is null");
    out.accept(codec.decode(message));
  }

  /** Decodes one message into its event. */
  public ChangeEvent decodeOne(RawMessage message) {
    requireNonNull(message, "message is null");
    return codec.decode(message);
  }

  /**
   * {@inheritDoc}
   *
   * <p>JSON only: a top-level array of message values or values one after another. Each event's
   * transport position is {@code (streamName, "0", n)} with n the message number from 1, when a
   * stream name is given. Error offsets count from the start of the stream.
   */
  @Override
  public void decodeStream(InputStream in, String streamName, Consumer<? super ChangeEvent> out) {
    requireNonNull(in, "in is null");
    codec.decodeStream(in, streamName, out);
  }

  /**
   * The canonical type of a Kafka Connect schema in JSON ({@code {"type":"struct","fields":[...]}}),
   * with Debezium semantic types mapped as the decoder maps them.
   */
  public ColumnType connectSchemaType(byte[] connectSchemaJson) {
    return codec.connectSchemaType(connectSchemaJson);
  }

  /** Number of schema blocks currently cached (for monitoring). */
  public int cachedSchemas() {
    return codec.cachedSchemas();
  }

  /** Configures a decoder. Not thread-safe; {@link #build()} may be called more than once. */
  public static final class Builder {
    private PayloadForm form = PayloadForm.AUTO;
    private Function<TableId, TableSchema> tableSchemas;
    private Function<String, TableId> tableForTopic;
    private DecimalHandlingMode decimalMode = DecimalHandlingMode.PRECISE;
    private TimePrecisionMode timeMode = TimePrecisionMode.ADAPTIVE;
    private BinaryHandlingMode binaryMode = BinaryHandlingMode.BYTES;
    private String placeholder = DEFAULT_PLACEHOLDER;
    private String fieldPrefix = "__";
    private SchemaLookup schemaLookup;
    private int maxNestingDepth = 64;
    private int maxNumberLength = 256;
    private int maxStringLength = 16 * 1024 * 1024;
    private int maxNameLength = 1024;
    private int maxDocumentBytes = 64 * 1024 * 1024;
    private int maxCachedSchemas = 256;
    private boolean schemaFastPath = true;
    private boolean fastPaths = true;

    private Builder() {}

    /**
     * Table schemas for JSON without a {@code schema} block: the function is called with the table
     * an event names and returns its schema, or null (then values are read as JSON scalars as they
     * are). The schema's primary key also gives the event key when a message has no Kafka key.
     */
    public Builder schemaless(Function<TableId, TableSchema> schemas) {
      this.tableSchemas = requireNonNull(schemas, "schemas is null");
      return this;
    }

    /** Table schemas for JSON without a {@code schema} block, by table. */
    public Builder schemaless(Map<TableId, TableSchema> schemas) {
      Map<TableId, TableSchema> copy = Map.copyOf(requireNonNull(schemas, "schemas is null"));
      this.tableSchemas = copy::get;
      return this;
    }

    /** Which payload shape to expect; default {@link PayloadForm#AUTO}. */
    public Builder expect(PayloadForm value) {
      this.form = requireNonNull(value, "form is null");
      return this;
    }

    /**
     * Names the table of a topic, for tombstones and flattened rows that do not name their table
     * (Debezium topics are {@code <prefix>.<schema or db>.<table>}, but prefixes may hold dots, so
     * only the caller knows).
     */
    public Builder tableForTopic(Function<String, TableId> value) {
      this.tableForTopic = requireNonNull(value, "tableForTopic is null");
      return this;
    }

    public Builder decimalHandlingMode(DecimalHandlingMode value) {
      this.decimalMode = requireNonNull(value, "decimalHandlingMode is null");
      return this;
    }

    public Builder timePrecisionMode(TimePrecisionMode value) {
      this.timeMode = requireNonNull(value, "timePrecisionMode is null");
      return this;
    }

    public Builder binaryHandlingMode(BinaryHandlingMode value) {
      this.binaryMode = requireNonNull(value, "binaryHandlingMode is null");
      return this;
    }

    /** The connector's {@code unavailable.value.placeholder} (text, or {@code hex:<octets>}); default {@value DebeziumDecoder#DEFAULT_PLACEHOLDER}. */
    public Builder unavailableValuePlaceholder(String value) {
      requireNonNull(value, "placeholder is null");
      if (value.isEmpty() || value.equals("hex:")) {
        throw new IllegalArgumentException("Cannot set placeholder: empty (placeholder=" + value + ")");
      }
      this.placeholder = value;
      return this;
    }

    /** ExtractNewRecordState's {@code add.fields.prefix}; default {@code __}. */
    public Builder addFieldsPrefix(String value) {
      requireNonNull(value, "prefix is null");
      if (value.isEmpty()) {
        throw new IllegalArgumentException("Cannot set add.fields prefix: empty");
      }
      this.fieldPrefix = value;
      return this;
    }

    /** Enables Avro in the Confluent wire format, finding writer schemas with {@code lookup}. */
    public Builder avro(SchemaLookup lookup) {
      this.schemaLookup = requireNonNull(lookup, "lookup is null");
      return this;
    }

    /** Deepest nesting of objects and arrays; default 64 (Jackson: 1000). */
    public Builder maxNestingDepth(int value) {
      this.maxNestingDepth = positive(value, "maxNestingDepth");
      return this;
    }

    /** Longest number literal in characters; default 256 (Jackson: 1000). */
    public Builder maxNumberLength(int value) {
      this.maxNumberLength = positive(value, "maxNumberLength");
      return this;
    }

    /** Longest string value in characters; default 16 MiB (Jackson: 20 000 000). */
    public Builder maxStringLength(int value) {
      this.maxStringLength = positive(value, "maxStringLength");
      return this;
    }

    /** Longest field name in characters; default 1024 (Jackson: 50 000). */
    public Builder maxNameLength(int value) {
      this.maxNameLength = positive(value, "maxNameLength");
      return this;
    }

    /** Largest message in bytes; default 64 MiB (Jackson: unlimited). */
    public Builder maxDocumentBytes(int value) {
      this.maxDocumentBytes = positive(value, "maxDocumentBytes");
      return this;
    }

    /** How many distinct schema blocks to keep compiled; default 256. */
    public Builder maxCachedSchemas(int value) {
      this.maxCachedSchemas = positive(value, "maxCachedSchemas");
      return this;
    }

    /**
     * Whether to recognise a schema block already seen from its bytes and parse only the payload
     * (default true). Turning it off gives the same events, more slowly; for diagnostics.
     */
    public Builder schemaFastPath(boolean value) {
      this.schemaFastPath = value;
      return this;
    }

    /**
     * Whether to take the decoder's fast paths (default true): schema blocks recognised from their
     * bytes (see {@link #schemaFastPath(boolean)}), JSON without a schema read in one pass, and the
     * allocation-free readers of common values. Turning them off gives the same events, more
     * slowly; for diagnostics and for the tests that hold the two equal.
     */
    public Builder fastPaths(boolean value) {
      this.fastPaths = value;
      return this;
    }

    private static int positive(int value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException("Cannot set " + name + ": must be positive (" + name + "=" + value + ")");
      }
      return value;
    }

    public DebeziumDecoder build() {
      return new DebeziumDecoder(new Options(form, tableSchemas, tableForTopic, decimalMode, timeMode, binaryMode, placeholder, fieldPrefix,
          schemaLookup, maxNestingDepth, maxNumberLength, maxStringLength, maxNameLength, maxDocumentBytes, maxCachedSchemas,
          schemaFastPath && fastPaths, fastPaths));
    }
  }
}
