package io.cdclake.codec.dms.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.TableSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes change events as DMS would write them to Kinesis or Kafka, for tests and benchmarks:
 * data records (load, insert, update, delete) and control records (create-table with table-def,
 * drop-table, ALTER as change-columns). Immutable and thread-safe.
 *
 * <p>With {@code IncludeNullAndEmpty=false} (the default, as in DMS) NULL columns and empty strings
 * or binaries are left out of {@code data}; with true they are written ({@code null}, {@code ""}).
 * OMITTED and UNCHANGED columns are always left out. Values: numbers as JSON numbers (Float/Double
 * NaN and infinities as strings), dates/times/DATETIME as DMS text (DATETIME with {@code Z}),
 * binary as hex with {@code 0x}, JSON values as JSON text inside a string, UUIDs as strings.
 */
public final class DmsJsonEncoder {
  /** Where before images go. */
  public enum BeforeImage {
    /** No before image (DMS's default). */
    NONE,
    /** A top-level object ({@code BeforeImageSettings}), on updates only. */
    OBJECT,
    /** {@code BI_}-prefixed columns inside {@code data} ({@code add-before-image-columns}), on updates only. */
    COLUMNS
  }

  private static final JsonFactory JSON = new JsonFactory();

  private final boolean includeNullAndEmpty;
  private final boolean transactionDetails;
  private final BeforeImage beforeImage;
  private final String beforeImageField;
  private final String biPrefix;
  private final boolean pretty;
  private final boolean noHexPrefix;
  private final boolean controlDetails;

  private DmsJsonEncoder(Builder b) {
    this.includeNullAndEmpty = b.includeNullAndEmpty;
    this.transactionDetails = b.transactionDetails;
    this.beforeImage = b.beforeImage;
    this.beforeImageField = b.beforeImageField;
    this.biPrefix = b.biPrefix;
    this.pretty = b.pretty;
    this.noHexPrefix = b.noHexPrefix;
    this.controlDetails = b.controlDetails;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** One message ({@code json-unformatted} ends it with a newline, as DMS does; {@code json} is pretty-printed). */
  public byte[] encode(ChangeEvent e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      if (pretty) {
        g.useDefaultPrettyPrinter();
      }
      write(e, g);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    if (!pretty) {
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** Messages one after another (as a file of {@code json-unformatted} lines or concatenated pretty messages). */
  public byte[] encodeAll(List<ChangeEvent> events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ChangeEvent e : events) {
      out.writeBytes(encode(e));
      if (pretty) {
        out.write('\n');
      }
    }
    return out.toByteArray();
  }

  /** The messages as one JSON array. */
  public byte[] encodeArray(List<ChangeEvent> events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('[');
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      byte[] m = encode(events.get(i));
      out.write(m, 0, m.length);
    }
    out.write(']');
    return out.toByteArray();
  }

  private void write(ChangeEvent e, JsonGenerator g) throws IOException {
    g.writeStartObject();
    String operation;
    String recordType = "data";
    switch (e.op()) {
      case SNAPSHOT_READ -> {
        operation = "load";
        writeRow("data", e.after(), null, g);
      }
      case INSERT -> {
        operation = "insert";
        writeRow("data", e.after(), null, g);
      }
      case UPDATE -> {
        operation = "update";
        writeRow("data", e.after(), beforeImage == BeforeImage.COLUMNS ? e.before() : null, g);
        if (beforeImage == BeforeImage.OBJECT && e.before() != null) {
          writeRow(beforeImageField, e.before(), null, g);
        }
      }
      case DELETE -> {
        operation = "delete";
        writeRow("data", e.before() != null ? e.before() : e.key(), null, g);
      }
      case SCHEMA_CHANGE -> {
        recordType = "control";
        SchemaChange c = e.schemaChanges().isEmpty() ? null : e.schemaChanges().get(0);
        if (c == null) {
          throw new IllegalArgumentException("Cannot encode schema change without a table change");
        }
        operation = switch (c.kind()) {
          case CREATE_TABLE -> "create-table";
          case DROP_TABLE -> "drop-table";
          case ALTER_TABLE -> "change-columns";
          case RENAME_TABLE -> "rename-table";
        };
        TableSchema s = c.schemaAfter() != null ? c.schemaAfter() : e.schema();
        if (controlDetails && s != null) {
          g.writeObjectFieldStart("control");
          writeTableDef(s, g);
          g.writeEndObject();
        }
      }
      default -> throw new IllegalArgumentException("Cannot encode as DMS: DMS has no such operation (op=" + e.op() + ")");
    }
    g.writeObjectFieldStart("metadata");
    g.writeStringField("timestamp", (e.processedTime() != null ? e.processedTime() : Instant.EPOCH).toString());
    g.writeStringField("record-type", recordType);
    g.writeStringField("operation", operation);
    g.writeStringField("partition-key-type", recordType.equals("control") ? "task-id" : "schema-table");
    g.writeStringField("schema-name", e.table().schema() == null ? "" : e.table().schema());
    g.writeStringField("table-name", e.table().table());
    if (e.transaction() != null) {
      String id = e.transaction().id();
      if (id.chars().allMatch(Character::isDigit) && !id.isEmpty() && id.length() < 19) {
        g.writeFieldName("transaction-id");
        g.writeNumber(Long.parseLong(id));
      } else {
        g.writeStringField("transaction-id", id);
      }
      if (transactionDetails && e.transaction().totalOrder() >= 0) {
        g.writeNumberField("transaction-record-id", e.transaction().totalOrder());
      }
    }
    if (transactionDetails) {
      if (e.commitTime() != null) {
        g.writeStringField("commit-timestamp", e.commitTime().toString());
      }
      if (e.position() != null && e.position().text() != null) {
        g.writeStringField("stream-position", e.position().text());
      }
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private void writeTableDef(TableSchema s, JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("table-def");
    g.writeObjectFieldStart("columns");
    for (Column c : s.columns()) {
      g.writeObjectFieldStart(c.name());
      g.writeStringField("type", dmsType(c.type()));
      if (c.type() instanceof ColumnType.DecimalType d) {
        g.writeNumberField("precision", d.precision());
        g.writeNumberField("scale", d.scale());
      }
      g.writeBooleanField("nullable", c.optional());
      g.writeEndObject();
    }
    g.writeEndObject();
    if (s.hasPrimaryKey()) {
      g.writeArrayFieldStart("primary-key");
      for (String k : s.primaryKey()) {
        g.writeString(k);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** The table-def type name DMS uses for a canonical type. */
  public static String dmsType(ColumnType t) {
    return switch (t.kind()) {
      case BOOLEAN -> "BOOL";
      case INT -> "INT32";
      case LONG -> "INT64";
      case FLOAT -> "FLOAT";
      case DOUBLE -> "DOUBLE";
      case DECIMAL -> "NUMERIC";
      case DATE -> "DATE32";
      case TIME -> "TIME32";
      case TIMESTAMP, TIMESTAMP_TZ -> "TIMESTAMP";
      case BINARY -> "BYTES";
      case STRING, UUID, JSON -> "STRING";
      default -> "NCLOB";
    };
  }

  private void writeRow(String field, Row row, Row beforeColumns, JsonGenerator g) throws IOException {
    g.writeObjectFieldStart(field);
    if (row != null) {
      columns(row, "", g);
    }
    if (beforeColumns != null) {
      columns(beforeColumns, biPrefix, g);
    }
    g.writeEndObject();
  }

  private void columns(Row row, String prefix, JsonGenerator g) throws IOException {
    for (int i = 0; i < row.size(); i++) {
      ColumnState st = row.state(i);
      if (st == ColumnState.UNCHANGED) {
        continue;
      }
      Object v = row.value(i);
      if (!includeNullAndEmpty && (v == null || isEmpty(v))) {
        continue;
      }
      g.writeFieldName(prefix + row.name(i));
      value(v, g);
    }
  }

  /** Whether DMS counts the value as empty (left out with {@code IncludeNullAndEmpty=false}). */
  public static boolean isEmpty(Object v) {
    return (v instanceof String s && s.isEmpty()) || (v instanceof byte[] b && b.length == 0);
  }

  private void value(Object v, JsonGenerator g) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof BigDecimal bd) {
      g.writeNumber(bd);
    } else if (v instanceof Float f) {
      if (f.isNaN() || f.isInfinite()) {
        g.writeString(f.toString());
      } else {
        g.writeNumber(f);
      }
    } else if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        g.writeString(d.toString());
      } else {
        g.writeNumber(d);
      }
    } else if (v instanceof String || v instanceof UUID || v instanceof LocalDate || v instanceof LocalTime || v instanceof LocalDateTime
        || v instanceof OffsetDateTime || v instanceof byte[]) {
      g.writeString(DmsValueText.text(v, noHexPrefix));
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object o : list) {
        value(o, g);
      }
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> en : map.entrySet()) {
        g.writeFieldName(String.valueOf(en.getKey()));
        value(en.getValue(), g);
      }
      g.writeEndObject();
    } else if (v instanceof Row r) {
      g.writeStartObject();
      for (int i = 0; i < r.size(); i++) {
        g.writeFieldName(r.name(i));
        value(r.value(i), g);
      }
      g.writeEndObject();
    } else {
      throw new IllegalArgumentException("Cannot encode value class " + v.getClass().getName());
    }
  }

  /** Settings; defaults match DMS's endpoint defaults ({@code json-unformatted}, no extras). */
  public static final class Builder {
    private boolean includeNullAndEmpty;
    private boolean transactionDetails;
    private BeforeImage beforeImage = BeforeImage.NONE;
    private String beforeImageField = "before-image";
    private String biPrefix = "BI_";
    private boolean pretty;
    private boolean noHexPrefix;
    private boolean controlDetails = true;

    private Builder() {}

    public Builder includeNullAndEmpty(boolean v) {
      this.includeNullAndEmpty = v;
      return this;
    }

    /** {@code IncludeTransactionDetails}: transaction-record-id, commit-timestamp, stream-position (from the position's text). */
    public Builder transactionDetails(boolean v) {
      this.transactionDetails = v;
      return this;
    }

    public Builder beforeImage(BeforeImage v) {
      this.beforeImage = v;
      return this;
    }

    public Builder beforeImageField(String v) {
      this.beforeImageField = v;
      return this;
    }

    public Builder beforeImagePrefix(String v) {
      this.biPrefix = v;
      return this;
    }

    /** {@code MessageFormat=json} (pretty) instead of {@code json-unformatted}. */
    public Builder pretty(boolean v) {
      this.pretty = v;
      return this;
    }

    public Builder noHexPrefix(boolean v) {
      this.noHexPrefix = v;
      return this;
    }

    /** {@code IncludeControlDetails}: control records carry the table-def. Default true. */
    public Builder controlDetails(boolean v) {
      this.controlDetails = v;
      return this;
    }

    public DmsJsonEncoder build() {
      return new DmsJsonEncoder(this);
    }
  }
}
