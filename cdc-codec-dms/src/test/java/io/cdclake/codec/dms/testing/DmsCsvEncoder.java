package io.cdclake.codec.dms.testing;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.Row;
import io.cdclake.model.TableSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes change events as rows of a DMS S3 CSV file, for tests and benchmarks:
 * {@code [Op,][timestamp,]col1,...,colN} in the schema's column order, RFC 4180 quoting, NULL as an
 * unquoted empty field (or the configured token), the empty string as {@code ""}; OMITTED and
 * UNCHANGED columns are written as NULL (a CSV row has no way to leave a column out). Also the
 * {@code CDC_TXN} form {@code op,table,schema,values...}. Immutable and thread-safe.
 */
public final class DmsCsvEncoder {
  private final char delimiter;
  private final String nullValue;
  private final boolean timestampColumn;
  private final boolean header;
  private final boolean includeOpForFullLoad;
  private final boolean noHexPrefix;
  private final String timestampColumnName;

  private DmsCsvEncoder(Builder b) {
    this.delimiter = b.delimiter;
    this.nullValue = b.nullValue;
    this.timestampColumn = b.timestampColumnName != null;
    this.timestampColumnName = b.timestampColumnName;
    this.header = b.header;
    this.includeOpForFullLoad = b.includeOpForFullLoad;
    this.noHexPrefix = b.noHexPrefix;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A whole file: a header when configured, then one row per event.
   *
   * @param load true for a full-load file (no Op column unless includeOpForFullLoad)
   */
  public byte[] encodeFile(List<ChangeEvent> events, TableSchema schema, boolean load) {
    StringBuilder sb = new StringBuilder();
    boolean op = !load || includeOpForFullLoad;
    if (header) {
      StringBuilder h = new StringBuilder();
      if (op) {
        h.append("Op").append(delimiter);
      }
      if (timestampColumn) {
        h.append(field(timestampColumnName)).append(delimiter);
      }
      for (Column c : schema.columns()) {
        h.append(field(c.name())).append(delimiter);
      }
      h.setLength(h.length() - 1);
      sb.append(h).append('\n');
    }
    for (ChangeEvent e : events) {
      sb.append(row(e, schema, op)).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The file gzip-compressed ({@code CompressionType=GZIP}). */
  public static byte[] gzip(byte[] file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** One row without its line break. */
  public String row(ChangeEvent e, TableSchema schema, boolean withOp) {
    StringBuilder sb = new StringBuilder();
    if (withOp) {
      sb.append(opCode(e)).append(delimiter);
    }
    if (timestampColumn) {
      sb.append(e.commitTime() != null ? DmsValueText.s3Timestamp(e.commitTime())
          : e.processedTime() != null ? DmsValueText.s3Timestamp(e.processedTime()) : "").append(delimiter);
    }
    values(image(e), schema, sb);
    return sb.toString();
  }

  /** A {@code CDC_TXN} row: {@code op,table,schema,values...}. */
  public String transactionRow(ChangeEvent e, TableSchema schema) {
    StringBuilder sb = new StringBuilder();
    sb.append(opCode(e)).append(delimiter).append(field(e.table().table())).append(delimiter)
        .append(field(e.table().schema() == null ? "" : e.table().schema())).append(delimiter);
    values(image(e), schema, sb);
    return sb.toString();
  }

  private static Row image(ChangeEvent e) {
    return switch (e.op()) {
      case DELETE -> e.before() != null ? e.before() : e.key();
      case INSERT, UPDATE, SNAPSHOT_READ -> e.after();
      default -> throw new IllegalArgumentException("Cannot encode as a DMS S3 row (op=" + e.op() + ")");
    };
  }

  private static String opCode(ChangeEvent e) {
    return switch (e.op()) {
      case INSERT, SNAPSHOT_READ -> "I";
      case UPDATE -> "U";
      case DELETE -> "D";
      default -> throw new IllegalArgumentException("Cannot encode as a DMS S3 row (op=" + e.op() + ")");
    };
  }

  private void values(Row row, TableSchema schema, StringBuilder sb) {
    List<Column> cols = schema.columns();
    for (int i = 0; i < cols.size(); i++) {
      if (i > 0) {
        sb.append(delimiter);
      }
      String name = cols.get(i).name();
      ColumnState st = row.state(name);
      if (st == ColumnState.VALUE) {
        sb.append(field(DmsValueText.text(row.get(name), noHexPrefix)));
      } else if (nullValue != null) {
        sb.append(nullValue);
      }
    }
  }

  /** A field, quoted when it is empty or holds the delimiter, a quote or a line break. */
  private String field(String s) {
    boolean quote = s.isEmpty() || (nullValue != null && s.equals(nullValue));
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == delimiter || c == '"' || c == '\n' || c == '\r';
    }
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  /** Settings; the names follow the DMS S3 endpoint settings. */
  public static final class Builder {
    private char delimiter = ',';
    private String nullValue;
    private String timestampColumnName;
    private boolean header;
    private boolean includeOpForFullLoad;
    private boolean noHexPrefix;

    private Builder() {}

    public Builder delimiter(char v) {
      this.delimiter = v;
      return this;
    }

    /** {@code CsvNullValue}; null (the default) writes NULL as an unquoted empty field. */
    public Builder nullValue(String v) {
      this.nullValue = v;
      return this;
    }

    /** {@code TimestampColumnName}: write the commit (or processed) time after Op. */
    public Builder timestampColumnName(String v) {
      this.timestampColumnName = v;
      return this;
    }

    /** {@code AddColumnName}. */
    public Builder header(boolean v) {
      this.header = v;
      return this;
    }

    public Builder includeOpForFullLoad(boolean v) {
      this.includeOpForFullLoad = v;
      return this;
    }

    public Builder noHexPrefix(boolean v) {
      this.noHexPrefix = v;
      return this;
    }

    public DmsCsvEncoder build() {
      return new DmsCsvEncoder(this);
    }
  }
}
