package io.cdclake.codec.dms.internal;

import io.cdclake.codec.dms.DmsDateTimeMode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads the rows of a Parquet file as plain Java values with parquet-mr's record API (no Hadoop
 * file system: the file is an {@link InputFile} over bytes or a local path). The only class of this
 * module that touches Parquet; not thread-safe (one instance per file).
 */
public final class ParquetRows implements AutoCloseable {
  /** The file has a shape this reader does not decode (nested or repeated columns); the message names the column. */
  public static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported(String message) {
      super(message, null, false, false);
    }
  }

  private final ParquetFileReader reader;
  private final MessageType schema;
  private final String[] names;
  private final DmsDateTimeMode mode;
  private RecordReader<Group> records;
  private long remaining;

  public ParquetRows(InputFile file, DmsDateTimeMode mode) throws IOException {
    this.reader = ParquetFileReader.open(file, ParquetReadOptions.builder().build());
    this.schema = reader.getFooter().getFileMetaData().getSchema();
    this.mode = mode;
    List<Type> fields = schema.getFields();
    this.names = new String[fields.size()];
    for (int i = 0; i < names.length; i++) {
      Type t = fields.get(i);
      if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
        throw new Unsupported("Cannot read Parquet column: nested and repeated columns are not DMS output (column=" + t.getName() + ")");
      }
      names[i] = t.getName();
    }
  }

  /** Column names in file order. */
  public String[] names() {
    return names.clone();
  }

  /** Reads the next row into {@code out} (one value per column; {@link JsonNull#INSTANCE} for null); false at the end. */
  public boolean next(Object[] out) throws IOException {
    while (remaining == 0) {
      PageReadStore group = reader.readNextRowGroup();
      if (group == null) {
        return false;
      }
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
      records = io.getRecordReader(group, new GroupRecordConverter(schema));
      remaining = group.getRowCount();
    }
    Group g = records.read();
    remaining--;
    for (int i = 0; i < names.length; i++) {
      out[i] = g.getFieldRepetitionCount(i) == 0 ? JsonNull.INSTANCE : value(g, i, schema.getType(i).asPrimitiveType());
    }
    return true;
  }

  private Object value(Group g, int i, PrimitiveType t) {
    LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
    switch (t.getPrimitiveTypeName()) {
      case BOOLEAN:
        return g.getBoolean(i, 0);
      case INT32: {
        int v = g.getInteger(i, 0);
        if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return LocalDate.ofEpochDay(v);
        }
        if (a instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
          return LocalTime.ofNanoOfDay(v * 1_000_000L);
        }
        if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
          return BigDecimal.valueOf(v, d.getScale());
        }
        if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation n && !n.isSigned() && n.getBitWidth() == 32) {
          return Integer.toUnsignedLong(v);
        }
        return v;
      }
      case INT64: {
        long v = g.getLong(i, 0);
        if (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
          return timestamp(v, ts.getUnit());
        }
        if (a instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation tm) {
          return LocalTime.ofNanoOfDay(switch (tm.getUnit()) {
            case MILLIS -> v * 1_000_000L;
            case MICROS -> v * 1_000L;
            case NANOS -> v;
          });
        }
        if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
          return BigDecimal.valueOf(v, d.getScale());
        }
        if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation n && !n.isSigned()) {
          return new BigDecimal(new BigInteger(Long.toUnsignedString(v)));
        }
        return v;
      }
      case INT96:
        return int96(g.getInt96(i, 0));
      case FLOAT:
        return g.getFloat(i, 0);
      case DOUBLE:
        return g.getDouble(i, 0);
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY: {
        Binary b = g.getBinary(i, 0);
        if (a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
            || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          return b.toStringUsingUTF8();
        }
        if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
          return new BigDecimal(new BigInteger(b.getBytes()), d.getScale());
        }
        if (a instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
          ByteBuffer bb = b.toByteBuffer();
          return new UUID(bb.getLong(), bb.getLong());
        }
        return b.getBytes();
      }
      default:
        throw new Unsupported("Cannot read Parquet column: unsupported type (column=" + t.getName() + ")");
    }
  }

  private Object timestamp(long v, LogicalTypeAnnotation.TimeUnit unit) {
    long seconds;
    long nanos;
    switch (unit) {
      case MILLIS -> {
        seconds = Math.floorDiv(v, 1000L);
        nanos = Math.floorMod(v, 1000L) * 1_000_000L;
      }
      case MICROS -> {
        seconds = Math.floorDiv(v, 1_000_000L);
        nanos = Math.floorMod(v, 1_000_000L) * 1000L;
      }
      default -> {
        seconds = Math.floorDiv(v, 1_000_000_000L);
        nanos = Math.floorMod(v, 1_000_000_000L);
      }
    }
    LocalDateTime dt = LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC);
    return mode == DmsDateTimeMode.UTC ? dt.atOffset(ZoneOffset.UTC) : dt;
  }

  /** A legacy INT96 timestamp: nanoseconds of the day, then the Julian day, little-endian. */
  private Object int96(Binary b) {
    ByteBuffer bb = b.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    long nanosOfDay = bb.getLong();
    int julianDay = bb.getInt();
    LocalDateTime dt = LocalDate.ofEpochDay(julianDay - 2_440_588L).atStartOfDay().plusNanos(nanosOfDay);
    return mode == DmsDateTimeMode.UTC ? dt.atOffset(ZoneOffset.UTC) : dt;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  /** An {@link InputFile} over bytes in memory. */
  public static InputFile bytes(byte[] data) {
    return new InputFile() {
      @Override
      public long getLength() {
        return data.length;
      }

      @Override
      public SeekableInputStream newStream() {
        Positioned in = new Positioned(data);
        return new DelegatingSeekableInputStream(in) {
          @Override
          public long getPos() {
            return in.pos;
          }

          @Override
          public void seek(long newPos) throws IOException {
            if (newPos < 0 || newPos > data.length) {
              throw new IOException("Cannot seek: position out of range (position=" + newPos + ", length=" + data.length + ")");
            }
            in.pos = (int) newPos;
          }
        };
      }
    };
  }

  private static final class Positioned extends InputStream {
    private final byte[] data;
    private int pos;

    Positioned(byte[] data) {
      this.data = data;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= data.length) {
        return -1;
      }
      int n = Math.min(len, data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      return data.length - pos;
    }
  }
}
