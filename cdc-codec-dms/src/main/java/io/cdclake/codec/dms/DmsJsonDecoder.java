package io.cdclake.codec.dms;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.cdclake.codec.dms.internal.DecodeRules;
import io.cdclake.codec.dms.internal.DmsFastPath;
import io.cdclake.codec.dms.internal.DmsJsonInput;
import io.cdclake.codec.dms.internal.DmsMessageDecoder;
import io.cdclake.codec.dms.internal.JsonLimits;
import io.cdclake.codec.dms.internal.JsonObj;
import io.cdclake.codec.dms.internal.JsonTreeReader;
import io.cdclake.codec.dms.internal.SkipCounter;
import io.cdclake.codec.dms.internal.TableDefs;
import io.cdclake.codec.dms.internal.ValueConverter;
import io.cdclake.model.ChangeDecoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.ColumnType;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.MalformedInputException;
import io.cdclake.model.RawMessage;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decodes AWS DMS JSON as DMS writes it to Kinesis Data Streams and Kafka ({@code MessageFormat}
 * {@code json} and {@code json-unformatted}; member order does not matter). Immutable and
 * thread-safe; made by {@link #builder()}.
 *
 * <h2>Input</h2>
 * <ul>
 *   <li>A DMS message {@code {"data"?, "before-image"?, "control"?, "metadata"}}.</li>
 *   <li>A Kinesis Lambda event {@code {"Records": [{"kinesis": {"data": <base64>, "sequenceNumber",
 *       "partitionKey"}, "eventID": "<shard>:<seq>", "eventSourceARN"}]}} or one such record; an
 *       {@code aws kinesis get-records} result {@code {"Records": [{"Data", "SequenceNumber",
 *       "PartitionKey"}]}} or one such record. Each record's events carry
 *       {@link io.cdclake.model.TransportPosition#kinesis} (stream from {@link Builder#kinesisStreamName}
 *       or the ARN, shard from {@code eventID}/{@code ShardId}, the sequence number as offset).</li>
 *   <li>The cratedb-toolkit capture form: a DMS message with extra {@code kinesis} ({@code stream_name},
 *       {@code shard_id}, {@code seq_no}) and {@code kinesis_msg_id} members.</li>
 *   <li>{@link #decodeStream}: a JSON array of any of these, or values one after another (pretty
 *       or one per line). Events equal those of decoding each message alone; when a stream name is
 *       given, each message's events also carry {@code TransportPosition.file(name, n)} for the
 *       n-th message (1-based), unless a Kinesis wrapper gave them their own.</li>
 * </ul>
 *
 * <h2>Events</h2>
 * <ul>
 *   <li>{@code load} → {@link io.cdclake.model.Op#SNAPSHOT_READ} with {@code snapshot=true};
 *       {@code insert}, {@code update}, {@code delete} → INSERT, UPDATE (before image when sent),
 *       DELETE ({@code before} = {@code data}, as DMS sends the before image there).</li>
 *   <li>Control records → {@link io.cdclake.model.Op#SCHEMA_CHANGE} with one
 *       {@link io.cdclake.model.SchemaChange}: {@code create-table} → CREATE_TABLE with the
 *       {@code table-def} as schema (null without {@code IncludeControlDetails}); {@code drop-table}
 *       → DROP_TABLE; {@code change-columns}, {@code add-column}, {@code drop-column},
 *       {@code rename-column}, {@code column-type-change} → ALTER_TABLE with the table-def when
 *       present (DMS names no single column operation, so {@code columnChanges} is empty). The
 *       event's {@code ddl} is the control operation's name (DMS gives no DDL text); schema
 *       evolution takes a {@code rename-column} as a true rename when the table-def shows exactly
 *       one column gone and one new.
 *       {@code rename-table} throws {@link InvalidEventException}: the message names one table and
 *       DMS does not document whether it is the old or the new name.</li>
 *   <li>An unknown {@code operation} or {@code record-type} throws {@link InvalidEventException}
 *       naming it; nothing is ever mapped to INSERT. A null Kafka value gives a TOMBSTONE event.</li>
 *   <li>DMS's own tables ({@code awsdms_*} with an empty {@code schema-name}, or what
 *       {@link Builder#internalTables} says) produce no event and are counted:
 *       {@link #skippedInternalRecords()}, {@link #skippedInternalRecordsByTable()}.</li>
 * </ul>
 *
 * <h2>Rows and column states</h2>
 * A column missing from {@code data} is {@link io.cdclake.model.ColumnState#OMITTED} (not in the
 * row); an explicit JSON null is NULL. The decoder never invents a null. With
 * {@code IncludeNullAndEmpty=false} (DMS's default) a missing column was NULL or empty at the source,
 * or not sent; {@link Builder#includeNullAndEmpty} records which setting the endpoint had for the
 * consumer (the reconciler), rows decode the same either way.
 *
 * <p>Before images: the top-level object ({@link Builder#beforeImageField}, {@code {}} allowed and
 * decoded as an empty row), and, when {@link Builder#beforeImageColumns} is set, {@code BI_}-style
 * columns inside {@code data}, which are removed from the after image. When both are present the
 * object wins and the columns complete it. {@code map-record-to-document} output ({@code data._doc})
 * is decoded as the row.
 *
 * <h2>Keys</h2>
 * Decoders are stateless: nothing learned from one message (a control record's table-def) is used
 * for another. The key columns of a table are, in order: the primary key of the
 * {@link Builder#schemas} schema, else {@link Builder#keyColumns}. Their values come from the after
 * image (the before image for deletes); for a single key column that is missing from {@code data},
 * a {@code partition-key-type} of {@code primary-key} and the {@code partition-key-value} (or, when
 * the message has none, the partition key its transport carried: the Kafka key, the Kinesis
 * {@code partitionKey}) supply it
 * (after {@code schema.table.} when {@link Builder#partitionIncludeSchemaTable} is set; a value
 * without that prefix is then an error, not a guess). A key column that is still missing throws
 * {@link InvalidEventException}. Without key columns the key is null.
 *
 * <h2>Values</h2>
 * Without a declared type (no {@link Builder#schemas} schema, or a column it does not list) values
 * stay the JSON scalars they are: {@link String}, {@link Boolean}, {@link Long} (integers that fit,
 * also integral numbers in scientific notation such as DMS's BIGINT form), {@link java.math.BigDecimal}
 * (every other number, exact, never through double), and nested objects or arrays as JSON text.
 * With a declared type the value is converted exactly (see {@code ValueConverter}): numbers from their
 * text, NUMERIC as number or string, DECIMAL without rounding, DATETIME with its {@code Z} read per
 * {@link Builder#dateTimeMode}, 0-9 fraction digits, hex binary with or without {@code 0x}, JSON text
 * kept as text. A value that does not fit throws {@link InvalidEventException} naming the table,
 * column and JSON path, never the value.
 *
 * <h2>Order</h2>
 * Every event's {@link io.cdclake.model.SourcePosition}: from {@code stream-position}
 * ({@code IncludeTransactionDetails}): MySQL {@code <file>.<n>:<pos>:<i>:...} gives kind
 * {@code dms-mysql} (binlog file number, position, index, transaction-record-id); PostgreSQL
 * {@code <lsn>.<n>.<lsn>} gives {@code dms-postgresql} (first LSN, second LSN, n, record id); other
 * forms, or no stream-position, with a {@code commit-timestamp} give {@code dms-commit-time}
 * (commit microseconds, record id) and keep the text; otherwise an opaque {@code dms} position or
 * none ({@code load} rows have none). Limits: the positions of one source order the changes of one
 * row (row locks serialize them), which is what stale-event checks need; changes of different rows
 * in concurrent transactions may not be in commit order. Binlog files compare by number only.
 * Commit times have one-second resolution on MySQL, so {@code dms-commit-time} cannot order two
 * transactions of the same second. {@code prev-transaction-*} are validated but not carried.
 *
 * <h2>Limits</h2>
 * Each message is parsed by a Jackson streaming parser bounded below Jackson's defaults; the
 * {@link MalformedInputException} for a limit names the value, the limit and the builder setting.
 * Malformed JSON, invalid UTF-8, truncation and bad base64 throw {@link MalformedInputException};
 * errors carry the input offset and JSON path (for JSON inside a Kinesis record: the record's path and
 * offset, then the path inside it) and never a row value.
 */
public final class DmsJsonDecoder implements ChangeDecoder {
  private final DmsJsonInput input;
  private final DmsMessageDecoder messages;
  private final SkipCounter skips;
  private final boolean includeNullAndEmpty;

  private DmsJsonDecoder(Builder b) {
    this.skips = new SkipCounter();
    this.includeNullAndEmpty = b.includeNullAndEmpty;
    ValueConverter values = new ValueConverter(b.dateTimeMode, b.binaryEncoding);
    DecodeRules rules = new DecodeRules(b.schemas, b.keyColumns, b.requireKnownTables, b.biPrefix, b.biSuffix, b.keyOnlyDeletes, values);
    TableDefs defs = new TableDefs(b.dateTimeMode, b.typeOverrides);
    this.messages = new DmsMessageDecoder(rules, defs, b.beforeImageField, b.internalTables, b.skipInternalTables, skips,
        b.partitionIncludeSchemaTable);
    JsonTreeReader reader = new JsonTreeReader(
        new JsonLimits(b.maxNestingDepth, b.maxNumberLength, b.maxStringLength, b.maxNameLength, b.maxMessageLength),
        "DmsJsonDecoder.Builder");
    JsonLimits limits = new JsonLimits(b.maxNestingDepth, b.maxNumberLength, b.maxStringLength, b.maxNameLength, b.maxMessageLength);
    DmsFastPath fast = b.fastPaths ? new DmsFastPath(rules, b.beforeImageField, b.internalTables, b.skipInternalTables, limits) : null;
    this.input = new DmsJsonInput(reader, messages, b.kinesisStreamName, b.kinesisShardId, fast);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A decoder with every default. */
  public static DmsJsonDecoder create() {
    return builder().build();
  }

  @Override
  public void decode(RawMessage message, Consumer<? super ChangeEvent> out) {
    requireNonNull(message, "message is null");
    input.decode(message, out);
  }

  @Override
  public void decodeStream(InputStream in, String streamName, Consumer<? super ChangeEvent> out) {
    requireNonNull(in, "in is null");
    input.decodeStream(in, streamName, out);
  }

  /** Messages of DMS's own tables skipped since this decoder was made (all threads). */
  public long skippedInternalRecords() {
    return skips.total();
  }

  /** The skipped messages per table name, sorted by name (a snapshot). */
  public Map<String, Long> skippedInternalRecordsByTable() {
    return skips.byName();
  }

  /** The endpoint's declared {@code IncludeNullAndEmpty} setting (see the class comment). */
  public boolean includeNullAndEmpty() {
    return includeNullAndEmpty;
  }

  /**
   * Reads a table-def with this decoder's type rules: a whole control message (the table comes
   * from its metadata), {@code {"control": {"table-def": ...}}}, {@code {"table-def": ...}}, or a
   * bare {@code {"columns": ..., "primary-key": ...}}.
   *
   * @throws MalformedInputException when the bytes are not JSON
   * @throws InvalidEventException when there is no valid table-def
   */
  public DmsTableDef parseTableDef(byte[] json) {
    requireNonNull(json, "json is null");
    JsonTreeReader reader = input.reader();
    JsonParser p = reader.parser(json, 0, json.length);
    Object root;
    try {
      if (p.nextToken() == null) {
        throw new MalformedInputException("Cannot parse table-def: the input is empty", 0, null, null);
      }
      root = reader.readValue(p);
      if (p.nextToken() != null) {
        throw new MalformedInputException("Cannot parse table-def: content after the JSON value", JsonTreeReader.tokenOffset(p), null,
            null);
      }
    } catch (JsonProcessingException e) {
      throw reader.malformed(e, p, null, 0);
    } catch (JsonTreeReader.TooLong e) {
      throw reader.tooLong(e.seen(), 0, "$");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!(root instanceof JsonObj o)) {
      throw new InvalidEventException("Cannot decode table-def: expected a JSON object", 0, "$", null, null);
    }
    TableId table = null;
    if (o.get("metadata") instanceof JsonObj meta && meta.get("table-name") instanceof String tn && !tn.isEmpty()) {
      table = new TableId(null, meta.get("schema-name") instanceof String sn ? sn : null, tn);
    }
    JsonObj def = o;
    if (o.get("control") instanceof JsonObj c) {
      def = c;
    }
    if (def.get("table-def") instanceof JsonObj d) {
      def = d;
    }
    if (!def.has("columns")) {
      throw new InvalidEventException("Cannot decode table-def: no columns member (expected a control message or a table-def)", 0, "$",
          table, "table-def");
    }
    TableSchema schema = messages.tableDef(def, table, DmsMessageDecoder.Where.TOP);
    return new DmsTableDef(table, schema);
  }

  /** Settings for a {@link DmsJsonDecoder}. Not thread-safe; {@link #build()} copies what it needs. */
  public static final class Builder {
    private boolean includeNullAndEmpty;
    private Function<TableId, TableSchema> schemas = t -> null;
    private Function<TableId, List<String>> keyColumns = t -> null;
    private boolean requireKnownTables;
    private String beforeImageField = "before-image";
    private String biPrefix;
    private String biSuffix = "";
    private boolean keyOnlyDeletes;
    private boolean partitionIncludeSchemaTable;
    private DmsDateTimeMode dateTimeMode = DmsDateTimeMode.WALL_CLOCK;
    private DmsBinaryEncoding binaryEncoding = DmsBinaryEncoding.HEX;
    private final Map<String, ColumnType> typeOverrides = new HashMap<>();
    private Predicate<TableId> internalTables = t -> t.schema() == null && t.table().startsWith("awsdms_");
    private boolean skipInternalTables = true;
    private String kinesisStreamName;
    private String kinesisShardId;
    private int maxNestingDepth = JsonLimits.DEFAULT_MAX_NESTING_DEPTH;
    private int maxNumberLength = JsonLimits.DEFAULT_MAX_NUMBER_LENGTH;
    private int maxStringLength = JsonLimits.DEFAULT_MAX_STRING_LENGTH;
    private int maxNameLength = JsonLimits.DEFAULT_MAX_NAME_LENGTH;
    private long maxMessageLength = JsonLimits.DEFAULT_MAX_MESSAGE_LENGTH;
    private boolean fastPaths = true;

    private Builder() {}

    /**
     * Whether to read plain data records straight from their bytes (default true). Turning it off
     * gives the same events, more slowly; for diagnostics and for the tests that hold the two equal.
     */
    public Builder fastPaths(boolean value) {
      this.fastPaths = value;
      return this;
    }

    /** Declares the endpoint's {@code IncludeNullAndEmpty} (default false, as in DMS); see the class comment. */
    public Builder includeNullAndEmpty(boolean value) {
      this.includeNullAndEmpty = value;
      return this;
    }

    /**
     * The source schema per table (columns with canonical types, primary key), or null for a table
     * the caller does not know. Declared columns are converted to their types; the primary key
     * gives the event key. Default: none.
     */
    public Builder schemas(Function<TableId, TableSchema> value) {
      this.schemas = requireNonNull(value, "schemas is null");
      return this;
    }

    /** The key columns per table when {@link #schemas} gives no primary key (null or empty for none). Default: none. */
    public Builder keyColumns(Function<TableId, List<String>> value) {
      this.keyColumns = requireNonNull(value, "keyColumns is null");
      return this;
    }

    /**
     * When true, data records and control records other than {@code create-table} for a table
     * that {@link #schemas} does not know throw {@link InvalidEventException}. Default false.
     */
    public Builder requireKnownTables(boolean value) {
      this.requireKnownTables = value;
      return this;
    }

    /** Name of the top-level before-image object ({@code BeforeImageSettings.FieldName}). Default {@code before-image}. */
    public Builder beforeImageField(String value) {
      this.beforeImageField = requireNonNull(value, "beforeImageField is null");
      return this;
    }

    /**
     * Turns on before-image columns inside {@code data} ({@code add-before-image-columns}): a
     * column named {@code prefix + name + suffix} is the before value of {@code name}. Off by
     * default, because a real column may start with the prefix. DMS's default is prefix {@code BI_}
     * and no suffix; pass a null prefix to turn it off again.
     */
    public Builder beforeImageColumns(String prefix, String suffix) {
      if (prefix != null && prefix.isEmpty() && (suffix == null || suffix.isEmpty())) {
        throw new IllegalArgumentException("Cannot set before-image columns: prefix and suffix are both empty");
      }
      this.biPrefix = prefix;
      this.biSuffix = suffix == null ? "" : suffix;
      return this;
    }

    /**
     * When true, a delete's before image keeps only the key columns (for PostgreSQL with REPLICA
     * IDENTITY DEFAULT, where DMS sends the other columns as null or leaves them out although they
     * were not null). Default false.
     */
    public Builder keyOnlyDeletes(boolean value) {
      this.keyOnlyDeletes = value;
      return this;
    }

    /**
     * Declares the endpoint's {@code PartitionIncludeSchemaTable}: whether primary-key partition
     * values start with {@code schema.table.}. Used only when a single key column is missing from
     * {@code data} and the key is read from {@code partition-key-value}. Default false, as in DMS.
     */
    public Builder partitionIncludeSchemaTable(boolean value) {
      this.partitionIncludeSchemaTable = value;
      return this;
    }

    /** What the {@code Z} on DATETIME values means for this source. Default {@link DmsDateTimeMode#WALL_CLOCK}. */
    public Builder dateTimeMode(DmsDateTimeMode value) {
      this.dateTimeMode = requireNonNull(value, "dateTimeMode is null");
      return this;
    }

    /** How binary values are written. Default {@link DmsBinaryEncoding#HEX}. */
    public Builder binaryEncoding(DmsBinaryEncoding value) {
      this.binaryEncoding = requireNonNull(value, "binaryEncoding is null");
      return this;
    }

    /**
     * Maps a {@code table-def} type name (case-insensitive) to a canonical type, before the
     * built-in mapping. Unknown names otherwise fail the control record.
     */
    public Builder tableDefType(String dmsType, ColumnType type) {
      typeOverrides.put(requireNonNull(dmsType, "dmsType is null").toUpperCase(Locale.ROOT), requireNonNull(type, "type is null"));
      return this;
    }

    /** Which tables are DMS's own. Default: no schema and a name starting with {@code awsdms_}. */
    public Builder internalTables(Predicate<TableId> value) {
      this.internalTables = requireNonNull(value, "internalTables is null");
      return this;
    }

    /** When false, DMS's own tables are decoded like any other. Default true (skip and count). */
    public Builder skipInternalTables(boolean value) {
      this.skipInternalTables = value;
      return this;
    }

    /** Stream name for Kinesis records; default: from the record's ARN, else {@code kinesis}. */
    public Builder kinesisStreamName(String value) {
      this.kinesisStreamName = value;
      return this;
    }

    /** Shard for Kinesis records that name none (get-records output); default {@code ""}. */
    public Builder kinesisShardId(String value) {
      this.kinesisShardId = value;
      return this;
    }

    /** Deepest nesting of objects and arrays. Default 64 (Jackson: 500 or more). */
    public Builder maxNestingDepth(int value) {
      this.maxNestingDepth = value;
      return this;
    }

    /** Longest number, in characters. Default 200 (Jackson: 1000). */
    public Builder maxNumberLength(int value) {
      this.maxNumberLength = value;
      return this;
    }

    /** Longest string value, in characters (a base64 Kinesis record counts). Default 8 Mi (Jackson: 20 M). */
    public Builder maxStringLength(int value) {
      this.maxStringLength = value;
      return this;
    }

    /** Longest member name, in characters. Default 1024 (Jackson: 50,000). */
    public Builder maxNameLength(int value) {
      this.maxNameLength = value;
      return this;
    }

    /**
     * Largest message, counted as the characters of its names and values plus one per token.
     * Default 16 Mi (Jackson: unlimited).
     */
    public Builder maxMessageLength(long value) {
      this.maxMessageLength = value;
      return this;
    }

    public DmsJsonDecoder build() {
      new JsonLimits(maxNestingDepth, maxNumberLength, maxStringLength, maxNameLength, maxMessageLength); // validates
      return new DmsJsonDecoder(this);
    }
  }
}
