package io.cdclake.codec.dms;

import static java.util.Objects.requireNonNull;

import io.cdclake.codec.dms.internal.CsvReader;
import io.cdclake.codec.dms.internal.DecodeRules;
import io.cdclake.codec.dms.internal.JsonNull;
import io.cdclake.codec.dms.internal.S3RowMapper;
import io.cdclake.codec.dms.internal.S3Support;
import io.cdclake.codec.dms.internal.ValueConverter;
import io.cdclake.model.ChangeDecoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.DecodeException;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.MalformedInputException;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Decodes CSV files that DMS writes to an S3 target. Immutable and thread-safe; made by
 * {@link #builder()}. {@link #decodeStream} takes one whole file (plain or gzip, detected by its
 * magic bytes); {@link #decode(RawMessage, Consumer)} takes a file's bytes as the message value.
 *
 * <h2>Layout</h2>
 * A row is {@code [Op,][timestamp,]col1,...,colN} in source column order:
 * <ul>
 *   <li>The file kind comes from its name ({@link DmsS3Files#kind}; {@link Builder#fileKind}
 *       overrides it, and unknown names count as CDC). Full-load ({@code LOAD*}) rows are
 *       {@link Op#SNAPSHOT_READ} with {@code snapshot=true}; they have an {@code Op} column only
 *       with {@link Builder#includeOpForFullLoad} (and then it must be {@code I}). CDC rows have
 *       {@code Op} = {@code I}/{@code U}/{@code D} (U rows hold the after image, D rows the before
 *       image), except with {@link Builder#cdcInsertsOnly} and without includeOpForFullLoad, where
 *       they have none and are inserts. Another Op throws {@link InvalidEventException}.</li>
 *   <li>With {@link Builder#timestampColumnName} a timestamp column follows {@code Op}
 *       ({@code yyyy-MM-dd HH:mm:ss.SSSSSS}, read as UTC, 0-9 fraction digits): for CDC rows it is the
 *       source commit time ({@code commitTime} and a {@code dms-s3-timestamp} position, the natural
 *       ordering key); for full-load rows the transfer time ({@code processedTime}).</li>
 *   <li>Column names come from the header row ({@link Builder#addColumnName}), else from the
 *       {@link Builder#schemas} schema of the table (for example a {@code table-def} read with
 *       {@link DmsJsonDecoder#parseTableDef}). Without either the file cannot be decoded.</li>
 *   <li>{@code CDC_TXN-*} transaction files ({@code PreserveTransactions}) hold
 *       {@code op,table,schema,values...}; column names come from the schema of each row's table.
 *       They have no header and no timestamp column.</li>
 *   <li>A row with another number of fields than the layout needs throws
 *       {@link InvalidEventException} naming the file, line and table.</li>
 * </ul>
 *
 * <h2>Fields</h2>
 * RFC 4180 quoting ({@code Rfc4180}, default on): quoted fields may hold delimiters, quotes (doubled)
 * and line breaks. NULL: by default an unquoted empty field is NULL and a quoted empty field
 * ({@code ""}) is the empty string; with {@link Builder#nullValue} an unquoted field equal to that
 * token is NULL instead (DMS's {@code CsvNullValue}; an unquoted empty field is then an empty
 * string). With {@link Builder#noSupValue} ({@code CsvNoSupValue}) an unquoted field equal to it is a
 * column the supplemental log did not hold: UNCHANGED in updates, OMITTED elsewhere. Empty lines are
 * skipped. Values are strings unless the table's schema declares a type (then converted as
 * {@link DmsJsonDecoder} does). Keys: the schema's primary key, else {@link Builder#keyColumns}.
 *
 * <p>Transport positions are {@code TransportPosition.file(streamName, line)} with the 1-based line
 * the row starts on. Errors carry the file and line, the column as path and the character offset.
 */
public final class DmsS3CsvDecoder implements ChangeDecoder {
  private static final String OWNER = "DmsS3CsvDecoder.Builder";

  private final S3RowMapper rows;
  private final S3Support s3;
  private final char delimiter;
  private final boolean rfc4180;
  private final String nullValue;
  private final String noSupValue;
  private final boolean addColumnName;
  private final int maxFieldLength;
  private final int maxColumns;

  private DmsS3CsvDecoder(Builder b) {
    ValueConverter values = new ValueConverter(b.dateTimeMode, b.binaryEncoding);
    DecodeRules rules = new DecodeRules(b.schemas, b.keyColumns, false, b.biPrefix, b.biSuffix, b.keyOnlyDeletes, values);
    this.rows = new S3RowMapper(rules);
    this.s3 = new S3Support(b.table, b.fileKind, b.includeOpForFullLoad, b.cdcInsertsOnly, b.timestampColumnName != null);
    this.delimiter = b.delimiter;
    this.rfc4180 = b.rfc4180;
    this.nullValue = b.nullValue;
    this.noSupValue = b.noSupValue;
    this.addColumnName = b.addColumnName;
    this.maxFieldLength = b.maxFieldLength;
    this.maxColumns = b.maxColumns;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Decodes a message whose value is a whole file; the stream is named by the message's transport or topic. */
  @Override
  public void decode(RawMessage message, Consumer<? super ChangeEvent> out) {
    requireNonNull(message, "message is null");
    if (message.value() == null) {
      throw new InvalidEventException("Cannot decode DMS S3 file: the message has no value", -1, null, null, null);
    }
    decodeStream(new ByteArrayInputStream(message.value()), message.topic(), out);
  }

  /** Decodes one file; {@code streamName} is its path (it gives the file kind, the table and the transport positions). */
  @Override
  public void decodeStream(InputStream in, String streamName, Consumer<? super ChangeEvent> out) {
    requireNonNull(in, "in is null");
    decode(in, streamName, s3.kind(streamName), s3.table(streamName), out);
  }

  /** Decodes a file found by {@link DmsS3Files#listInOrder}, with the kind and table the listing gave it. */
  public void decode(DmsS3File file, Consumer<? super ChangeEvent> out) {
    requireNonNull(file, "file is null");
    try (InputStream in = Files.newInputStream(file.path())) {
      decode(in, file.path().toString(), file.kind(), file.table(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void decode(InputStream raw, String file, DmsS3FileKind kind, TableId fileTable, Consumer<? super ChangeEvent> out) {
    if (kind != DmsS3FileKind.CDC_TXN && fileTable == null) {
      throw new InvalidEventException("Cannot decode DMS S3 file: the table is unknown (see DmsS3CsvDecoder.Builder.table)", -1, null, null,
          null).atInput(file);
    }
    boolean txn = kind == DmsS3FileKind.CDC_TXN;
    boolean hasOp = s3.hasOp(kind);
    boolean hasTs = s3.hasTimestamp(kind);
    int meta = txn ? 3 : (hasOp ? 1 : 0) + (hasTs ? 1 : 0);
    long line = 0;
    try {
      InputStream in = S3Support.maybeGunzip(raw);
      InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
      CsvReader csv = new CsvReader(reader, delimiter, rfc4180, maxFieldLength, maxColumns, OWNER);
      String[] headerNames = null;
      if (addColumnName && !txn) {
        if (!csv.next()) {
          return;
        }
        if (csv.size() < meta) {
          throw S3RowMapper.error("Cannot decode DMS S3 file: the header has fewer fields than the Op and timestamp columns (fields="
              + csv.size() + ")", new S3RowMapper.At(file, csv.recordLine(), null, 0), 0, null, fileTable, null);
        }
        headerNames = new String[csv.size() - meta];
        for (int i = meta; i < csv.size(); i++) {
          headerNames[i - meta] = csv.field(i);
        }
      }
      TableSchema fileSchema = txn ? null : rows.rules().schemaOf(fileTable);
      String[] fileNames = headerNames != null ? headerNames : fileSchema == null ? null : names(fileSchema);
      while (csv.next()) {
        line = csv.recordLine();
        long[] offsets = new long[csv.size()];
        for (int i = 0; i < offsets.length; i++) {
          offsets[i] = csv.fieldOffset(i);
        }
        S3RowMapper.At at = new S3RowMapper.At(file, line, offsets, csv.fieldOffset(0));
        if (csv.isEmptyLine() && !(meta == 0 && fileNames != null && fileNames.length == 1)) {
          continue;
        }
        TableId table = fileTable;
        TableSchema schema = fileSchema;
        String[] names = fileNames;
        if (txn) {
          if (csv.size() < 3) {
            throw S3RowMapper.error("Cannot decode DMS transaction file row: expected op,table,schema,values... (fields=" + csv.size() + ")",
                at, at.recordOffset(), null, null, null);
          }
          if (csv.field(1).isEmpty()) {
            throw S3RowMapper.error("Cannot decode DMS transaction file row: the table name is empty", at, csv.fieldOffset(1), "table", null,
                "table");
          }
          table = TableId.of(csv.field(2), csv.field(1));
          schema = rows.rules().schemaOf(table);
          names = schema == null ? null : names(schema);
        }
        if (names == null) {
          throw S3RowMapper.error("Cannot decode DMS S3 row: no column names; give the table's schema or set addColumnName for files with a"
              + " header (see DmsS3CsvDecoder.Builder.schemas)", at, at.recordOffset(), null, table, null);
        }
        if (csv.size() != meta + names.length) {
          throw S3RowMapper.error("Cannot decode DMS S3 row: wrong number of fields (expected=" + (meta + names.length) + ", found="
              + csv.size() + ")", at, at.recordOffset(), null, table, null);
        }
        String opCode = hasOp ? csv.field(0) : null;
        Op op = rows.op(kind, opCode, table, at, 0);
        Instant ts = null;
        if (hasTs) {
          int ti = hasOp ? 1 : 0;
          if (!csv.field(ti).isEmpty()) {
            ts = S3Support.timestamp(csv.field(ti), at, ti, table);
          }
        }
        Object[] raws = new Object[csv.size()];
        for (int i = meta; i < csv.size(); i++) {
          raws[i] = field(csv, i);
        }
        out.accept(rows.event(op, table, schema, names, raws, meta, ts, at, kind));
      }
    } catch (CharacterCodingException e) {
      throw (DecodeException) new MalformedInputException("Cannot parse CSV: the file is not valid UTF-8 (after line=" + line + ")", -1, null,
          e).atInput(file);
    } catch (java.util.zip.ZipException e) {
      throw (DecodeException) new MalformedInputException("Cannot parse CSV: the gzip data is corrupt", -1, null, e).atInput(file);
    } catch (java.io.EOFException e) {
      throw (DecodeException) new MalformedInputException("Cannot parse CSV: the gzip data is truncated", -1, null, e).atInput(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MalformedInputException e) {
      throw (DecodeException) e.atInput(file);
    }
  }

  private Object field(CsvReader csv, int i) {
    String v = csv.field(i);
    if (!csv.quoted(i)) {
      if (nullValue == null ? v.isEmpty() : v.equals(nullValue)) {
        return JsonNull.INSTANCE;
      }
      if (noSupValue != null && v.equals(noSupValue)) {
        return S3RowMapper.NotSupplied.INSTANCE;
      }
    }
    return v;
  }

  private static String[] names(TableSchema schema) {
    List<Column> cols = schema.columns();
    String[] n = new String[cols.size()];
    for (int i = 0; i < n.length; i++) {
      n[i] = cols.get(i).name();
    }
    return n;
  }

  /** Settings for a {@link DmsS3CsvDecoder}; the names follow the DMS S3 endpoint settings. */
  public static final class Builder {
    private Function<TableId, TableSchema> schemas = t -> null;
    private Function<TableId, List<String>> keyColumns = t -> null;
    private TableId table;
    private DmsS3FileKind fileKind;
    private boolean addColumnName;
    private boolean includeOpForFullLoad;
    private boolean cdcInsertsOnly;
    private String timestampColumnName;
    private char delimiter = ',';
    private boolean rfc4180 = true;
    private String nullValue;
    private String noSupValue;
    private String biPrefix;
    private String biSuffix = "";
    private boolean keyOnlyDeletes;
    private DmsDateTimeMode dateTimeMode = DmsDateTimeMode.WALL_CLOCK;
    private DmsBinaryEncoding binaryEncoding = DmsBinaryEncoding.HEX;
    private int maxFieldLength = 8 * 1024 * 1024;
    private int maxColumns = 4096;

    private Builder() {}

    /** The source schema per table (column names in file order, types, primary key), or null when unknown. */
    public Builder schemas(Function<TableId, TableSchema> value) {
      this.schemas = requireNonNull(value, "schemas is null");
      return this;
    }

    /** Key columns per table when the schema gives no primary key. */
    public Builder keyColumns(Function<TableId, List<String>> value) {
      this.keyColumns = requireNonNull(value, "keyColumns is null");
      return this;
    }

    /** The table of every file this decoder reads; default: from the path ({@link DmsS3Files#tableFromPath}). */
    public Builder table(TableId value) {
      this.table = value;
      return this;
    }

    /** The kind of every file; default: from the file name, CDC when the name says nothing. */
    public Builder fileKind(DmsS3FileKind value) {
      this.fileKind = value;
      return this;
    }

    /** {@code AddColumnName}: the first row names the columns. Default false. */
    public Builder addColumnName(boolean value) {
      this.addColumnName = value;
      return this;
    }

    /** {@code IncludeOpForFullLoad}: full-load rows have an {@code Op} column. Default false. */
    public Builder includeOpForFullLoad(boolean value) {
      this.includeOpForFullLoad = value;
      return this;
    }

    /** {@code CdcInsertsOnly}: CDC files hold inserts only (without an Op column unless includeOpForFullLoad). Default false. */
    public Builder cdcInsertsOnly(boolean value) {
      this.cdcInsertsOnly = value;
      return this;
    }

    /** {@code TimestampColumnName}: rows have a timestamp column after Op. Default none. */
    public Builder timestampColumnName(String value) {
      this.timestampColumnName = value;
      return this;
    }

    /** {@code CsvDelimiter}. Default {@code ,}. */
    public Builder delimiter(char value) {
      if (value == '"' || value == '\n' || value == '\r') {
        throw new IllegalArgumentException("Cannot set delimiter: it may not be a quote or a line break");
      }
      this.delimiter = value;
      return this;
    }

    /** {@code Rfc4180}: fields may be quoted. Default true. */
    public Builder rfc4180(boolean value) {
      this.rfc4180 = value;
      return this;
    }

    /** {@code CsvNullValue}: the unquoted token for NULL; default null, meaning an unquoted empty field. */
    public Builder nullValue(String value) {
      this.nullValue = value;
      return this;
    }

    /** {@code CsvNoSupValue}: the unquoted token for columns not in the supplemental log. Default none. */
    public Builder noSupValue(String value) {
      this.noSupValue = value;
      return this;
    }

    /** Before-image columns ({@code add-before-image-columns}), as in {@link DmsJsonDecoder.Builder#beforeImageColumns}. Off by default. */
    public Builder beforeImageColumns(String prefix, String suffix) {
      if (prefix != null && prefix.isEmpty() && (suffix == null || suffix.isEmpty())) {
        throw new IllegalArgumentException("Cannot set before-image columns: prefix and suffix are both empty");
      }
      this.biPrefix = prefix;
      this.biSuffix = suffix == null ? "" : suffix;
      return this;
    }

    /** Deletes keep only the key columns in their before image (PostgreSQL REPLICA IDENTITY DEFAULT). Default false. */
    public Builder keyOnlyDeletes(boolean value) {
      this.keyOnlyDeletes = value;
      return this;
    }

    /** What DATETIME values mean for this source. Default {@link DmsDateTimeMode#WALL_CLOCK}. */
    public Builder dateTimeMode(DmsDateTimeMode value) {
      this.dateTimeMode = requireNonNull(value, "dateTimeMode is null");
      return this;
    }

    /** How binary values are written. Default {@link DmsBinaryEncoding#HEX}. */
    public Builder binaryEncoding(DmsBinaryEncoding value) {
      this.binaryEncoding = requireNonNull(value, "binaryEncoding is null");
      return this;
    }

    /** Longest field, in characters. Default 8 Mi. */
    public Builder maxFieldLength(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("Cannot set limit: must be positive (maxFieldLength=" + value + ")");
      }
      this.maxFieldLength = value;
      return this;
    }

    /** Most fields in a row. Default 4096. */
    public Builder maxColumns(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("Cannot set limit: must be positive (maxColumns=" + value + ")");
      }
      this.maxColumns = value;
      return this;
    }

    public DmsS3CsvDecoder build() {
      return new DmsS3CsvDecoder(this);
    }
  }
}
