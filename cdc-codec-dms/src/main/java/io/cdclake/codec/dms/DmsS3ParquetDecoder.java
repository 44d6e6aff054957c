package io.cdclake.codec.dms;

import static java.util.Objects.requireNonNull;

import io.cdclake.codec.dms.internal.DecodeRules;
import io.cdclake.codec.dms.internal.JsonNull;
import io.cdclake.codec.dms.internal.ParquetRows;
import io.cdclake.codec.dms.internal.S3RowMapper;
import io.cdclake.codec.dms.internal.S3Support;
import io.cdclake.codec.dms.internal.ValueConverter;
import io.cdclake.model.ChangeDecoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.DecodeException;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.MalformedInputException;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/**
 * Decodes Parquet files that DMS writes to an S3 target ({@code DataFormat=parquet}). Same rows as
 * {@link DmsS3CsvDecoder} (file kinds, {@code Op} and timestamp columns, keys, before-image
 * columns), with the column names and types from the file: the {@code Op} column is a string,
 * DATE32 becomes {@link java.time.LocalDate}, TIME32/64 {@link java.time.LocalTime}, TIMESTAMP
 * (milli-, micro- or nanoseconds, and legacy INT96) a {@link LocalDateTime} or, with
 * {@link DmsDateTimeMode#UTC}, an {@link OffsetDateTime} at UTC, DECIMAL a
 * {@link java.math.BigDecimal} with its scale, BINARY {@code byte[]}, STRING a String. A
 * {@link Builder#schemas} schema converts values further to its declared types. Nested or repeated
 * columns are not DMS output and throw {@link InvalidEventException}.
 *
 * <p>{@link #decodeStream} reads the whole file into memory (at most {@link Builder#maxFileBytes});
 * {@link #decode(DmsS3File, Consumer)} reads a local file in place. Transport positions are
 * {@code TransportPosition.file(path, n)} for the n-th row (1-based).
 *
 * <p>This class needs {@code parquet-hadoop}, {@code hadoop-client-api} and
 * {@code hadoop-client-runtime} on the class path: they are optional dependencies of this module,
 * so users of the JSON and CSV decoders do not get Hadoop.
 */
public final class DmsS3ParquetDecoder implements ChangeDecoder {
  private final S3RowMapper rows;
  private final S3Support s3;
  private final String timestampColumnName;
  private final DmsDateTimeMode dateTimeMode;
  private final long maxFileBytes;

  private DmsS3ParquetDecoder(Builder b) {
    ValueConverter values = new ValueConverter(b.dateTimeMode, b.binaryEncoding);
    this.rows = new S3RowMapper(new DecodeRules(b.schemas, b.keyColumns, false, b.biPrefix, b.biSuffix, b.keyOnlyDeletes, values));
    this.s3 = new S3Support(b.table, b.fileKind, b.includeOpForFullLoad, b.cdcInsertsOnly, b.timestampColumnName != null);
    this.timestampColumnName = b.timestampColumnName;
    this.dateTimeMode = b.dateTimeMode;
    this.maxFileBytes = b.maxFileBytes;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void decode(RawMessage message, Consumer<? super ChangeEvent> out) {
    requireNonNull(message, "message is null");
    if (message.value() == null) {
      throw new InvalidEventException("Cannot decode DMS Parquet file: the message has no value", -1, null, null, null);
    }
    String name = message.topic();
    decode(ParquetRows.bytes(message.value()), name, s3.kind(name), s3.table(name), out);
  }

  /** Decodes one whole file read from the stream; {@code streamName} is its path. */
  @Override
  public void decodeStream(InputStream in, String streamName, Consumer<? super ChangeEvent> out) {
    requireNonNull(in, "in is null");
    byte[] bytes = readAll(in, streamName);
    decode(ParquetRows.bytes(bytes), streamName, s3.kind(streamName), s3.table(streamName), out);
  }

  /** Decodes a file found by {@link DmsS3Files#listInOrder}, reading it in place. */
  public void decode(DmsS3File file, Consumer<? super ChangeEvent> out) {
    requireNonNull(file, "file is null");
    if (file.kind() == DmsS3FileKind.CDC_TXN) {
      throw new InvalidEventException("Cannot decode DMS Parquet file: transaction files are always CSV", -1, null, null, null)
          .atInput(file.path().toString());
    }
    decode(new LocalInputFile(file.path()), file.path().toString(), file.kind(), file.table(), out);
  }

  private byte[] readAll(InputStream in, String name) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[65536];
    try {
      int n;
      while ((n = in.read(chunk)) > 0) {
        if (buf.size() + (long) n > maxFileBytes) {
          throw (DecodeException) new MalformedInputException("Cannot read Parquet file: file too large (length>" + maxFileBytes + ", limit="
              + maxFileBytes + ", see DmsS3ParquetDecoder.Builder.maxFileBytes)", maxFileBytes, null, null).atInput(name);
        }
        buf.write(chunk, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  private void decode(InputFile input, String file, DmsS3FileKind kind, TableId table, Consumer<? super ChangeEvent> out) {
    if (kind == DmsS3FileKind.CDC_TXN) {
      throw new InvalidEventException("Cannot decode DMS Parquet file: transaction files are always CSV", -1, null, null, null).atInput(file);
    }
    if (table == null) {
      throw new InvalidEventException("Cannot decode DMS Parquet file: the table is unknown (see DmsS3ParquetDecoder.Builder.table)", -1, null,
          null, null).atInput(file);
    }
    boolean hasOp = s3.hasOp(kind);
    boolean hasTs = s3.hasTimestamp(kind);
    int meta = (hasOp ? 1 : 0) + (hasTs ? 1 : 0);
    TableSchema schema = rows.rules().schemaOf(table);
    ParquetRows pr = open(input, file, table);
    try {
      String[] all = pr.names();
      S3RowMapper.At head = new S3RowMapper.At(file, 0, null, -1);
      if (all.length < meta) {
        throw S3RowMapper.error("Cannot decode DMS Parquet file: fewer columns than the Op and timestamp columns (columns=" + all.length + ")",
            head, -1, null, table, null);
      }
      if (hasOp && !all[0].toLowerCase(Locale.ROOT).equals("op")) {
        throw S3RowMapper.error("Cannot decode DMS Parquet file: the first column is not Op (see includeOpForFullLoad, cdcInsertsOnly)", head,
            -1, all[0], table, all[0]);
      }
      if (hasTs && !all[hasOp ? 1 : 0].equals(timestampColumnName)) {
        throw S3RowMapper.error("Cannot decode DMS Parquet file: the timestamp column is not where DMS writes it (expected="
            + timestampColumnName + ", see timestampColumnName)", head, -1, all[hasOp ? 1 : 0], table, all[hasOp ? 1 : 0]);
      }
      String[] names = new String[all.length - meta];
      System.arraycopy(all, meta, names, 0, names.length);
      Object[] values = new Object[all.length];
      long row = 0;
      while (next(pr, values, file, table, row)) {
        row++;
        S3RowMapper.At at = new S3RowMapper.At(file, row, null, -1);
        String opCode = null;
        if (hasOp) {
          if (!(values[0] instanceof String s)) {
            throw S3RowMapper.error("Cannot decode DMS Parquet row: the Op column is not a string", at, -1, all[0], table, all[0]);
          }
          opCode = s;
        }
        Op op = rows.op(kind, opCode, table, at, 0);
        Instant ts = hasTs ? timestamp(values[hasOp ? 1 : 0], at, hasOp ? 1 : 0, table) : null;
        out.accept(rows.event(op, table, schema, names, values, meta, ts, at, kind));
      }
    } finally {
      try {
        pr.close();
      } catch (IOException e) {
        // reading is done; a failure to release the file changes no event
      }
    }
  }

  /** Opens the file; Parquet's own failures become decode exceptions (the consumer's never pass through here). */
  private ParquetRows open(InputFile input, String file, TableId table) {
    try {
      return new ParquetRows(input, dateTimeMode);
    } catch (ParquetRows.Unsupported e) {
      throw new InvalidEventException(e.getMessage(), -1, null, table, null).atInput(file);
    } catch (IOException | RuntimeException e) {
      throw (DecodeException) new MalformedInputException("Cannot read Parquet file: " + e.getClass().getSimpleName() + " while reading the"
          + " footer", -1, null, e).atInput(file);
    }
  }

  private static boolean next(ParquetRows pr, Object[] values, String file, TableId table, long row) {
    try {
      return pr.next(values);
    } catch (ParquetRows.Unsupported e) {
      throw new InvalidEventException(e.getMessage(), -1, null, table, null).atInput(file);
    } catch (IOException | RuntimeException e) {
      throw (DecodeException) new MalformedInputException("Cannot read Parquet file: " + e.getClass().getSimpleName() + " (row=" + (row + 1)
          + ")", -1, null, e).atInput(file);
    }
  }

  private static Instant timestamp(Object v, S3RowMapper.At at, int index, TableId table) {
    if (v == JsonNull.INSTANCE) {
      return null;
    }
    if (v instanceof String s) {
      return S3Support.timestamp(s, at, index, table);
    }
    if (v instanceof LocalDateTime dt) {
      return dt.toInstant(ZoneOffset.UTC);
    }
    if (v instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    throw S3RowMapper.error("Cannot decode DMS Parquet row: the timestamp column is neither a string nor a timestamp", at, -1, "timestamp",
        table, "timestamp");
  }

  /** Settings for a {@link DmsS3ParquetDecoder}; the names follow the DMS S3 endpoint settings. */
  public static final class Builder {
    private Function<TableId, TableSchema> schemas = t -> null;
    private Function<TableId, List<String>> keyColumns = t -> null;
    private TableId table;
    private DmsS3FileKind fileKind;
    private boolean includeOpForFullLoad;
    private boolean cdcInsertsOnly;
    private String timestampColumnName;
    private String biPrefix;
    private String biSuffix = "";
    private boolean keyOnlyDeletes;
    private DmsDateTimeMode dateTimeMode = DmsDateTimeMode.WALL_CLOCK;
    private DmsBinaryEncoding binaryEncoding = DmsBinaryEncoding.HEX;
    private long maxFileBytes = 512L * 1024 * 1024;

    private Builder() {}

    /** The source schema per table; declared columns are converted to their types and the primary key gives the key. */
    public Builder schemas(Function<TableId, TableSchema> value) {
      this.schemas = requireNonNull(value, "schemas is null");
      return this;
    }

    /** Key columns per table when the schema gives no primary key. */
    public Builder keyColumns(Function<TableId, List<String>> value) {
      this.keyColumns = requireNonNull(value, "keyColumns is null");
      return this;
    }

    /** The table of every file; default: from the path. */
    public Builder table(TableId value) {
      this.table = value;
      return this;
    }

    /** The kind of every file; default: from the file name, CDC when the name says nothing. */
    public Builder fileKind(DmsS3FileKind value) {
      this.fileKind = value;
      return this;
    }

    /** {@code IncludeOpForFullLoad}. Default false. */
    public Builder includeOpForFullLoad(boolean value) {
      this.includeOpForFullLoad = value;
      return this;
    }

    /** {@code CdcInsertsOnly}. Default false. */
    public Builder cdcInsertsOnly(boolean value) {
      this.cdcInsertsOnly = value;
      return this;
    }

    /** {@code TimestampColumnName}: the name of the timestamp column after Op. Default none. */
    public Builder timestampColumnName(String value) {
      this.timestampColumnName = value;
      return this;
    }

    /** Before-image columns ({@code add-before-image-columns}). Off by default. */
    public Builder beforeImageColumns(String prefix, String suffix) {
      if (prefix != null && prefix.isEmpty() && (suffix == null || suffix.isEmpty())) {
        throw new IllegalArgumentException("Cannot set before-image columns: prefix and suffix are both empty");
      }
      this.biPrefix = prefix;
      this.biSuffix = suffix == null ? "" : suffix;
      return this;
    }

    /** Deletes keep only the key columns in their before image. Default false. */
    public Builder keyOnlyDeletes(boolean value) {
      this.keyOnlyDeletes = value;
      return this;
    }

    /** What TIMESTAMP columns mean for this source. Default {@link DmsDateTimeMode#WALL_CLOCK}. */
    public Builder dateTimeMode(DmsDateTimeMode value) {
      this.dateTimeMode = requireNonNull(value, "dateTimeMode is null");
      return this;
    }

    /** How binary text is written where a declared BINARY column arrives as a string. Default HEX. */
    public Builder binaryEncoding(DmsBinaryEncoding value) {
      this.binaryEncoding = requireNonNull(value, "binaryEncoding is null");
      return this;
    }

    /** Largest file {@link #decodeStream} reads into memory. Default 512 MiB. */
    public Builder maxFileBytes(long value) {
      if (value < 1) {
        throw new IllegalArgumentException("Cannot set limit: must be positive (maxFileBytes=" + value + ")");
      }
      this.maxFileBytes = value;
      return this;
    }

    public DmsS3ParquetDecoder build() {
      return new DmsS3ParquetDecoder(this);
    }
  }
}
