package io.cdclake.codec.debezium.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.cdclake.codec.debezium.BinaryHandlingMode;
import io.cdclake.codec.debezium.DebeziumDecoder;
import io.cdclake.codec.debezium.DecimalHandlingMode;
import io.cdclake.codec.debezium.TimePrecisionMode;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Row;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A small Debezium JSON encoder for tests and benchmarks: a canonical {@link ChangeEvent} plus its
 * {@link TableSchema} to the message key and value that Debezium's JsonConverter would write, with
 * or without the {@code schema} block, in the encodings of the decoder's modes (decimal precise,
 * double or string; time adaptive or connect; binary bytes, base64 or hex; a TIMESTAMP column whose
 * {@link Column#sourceType()} names {@code io.debezium.time.Timestamp}, {@code MicroTimestamp} or
 * {@code NanoTimestamp} in that encoding). UNCHANGED columns are
 * written in the placeholder form Debezium uses for their type. Row and key events only
 * (INSERT, UPDATE, DELETE, SNAPSHOT_READ, TRUNCATE; TOMBSTONE gives a null value).
 *
 * <p>Positions of kind {@code postgresql} ({@code lastCommitLsn, lsn}) and {@code mysql}
 * ({@code file, pos, row}) are written as the connector writes them. Non-ASCII text is escaped.
 */
public final class DebeziumJsonEncoder {
  private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private final boolean withSchema;
  private final DecimalHandlingMode decimalMode;
  private final TimePrecisionMode timeMode;
  private final BinaryHandlingMode binaryMode;
  private final String placeholder;
  private final String serverName;

  private DebeziumJsonEncoder(Builder b) {
    this.withSchema = b.withSchema;
    this.decimalMode = b.decimalMode;
    this.timeMode = b.timeMode;
    this.binaryMode = b.binaryMode;
    this.placeholder = b.placeholder;
    this.serverName = b.serverName;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The message value, or null for a tombstone. */
  public byte[] value(ChangeEvent e, TableSchema schema) {
    if (e.op() == io.cdclake.model.Op.TOMBSTONE) {
      return null;
    }
    return write(g -> {
      if (withSchema) {
        g.writeStartObject();
        g.writeFieldName("schema");
        envelopeSchema(g, e, schema);
        g.writeFieldName("payload");
        payload(g, e, schema);
        g.writeEndObject();
      } else {
        payload(g, e, schema);
      }
    });
  }

  /** The message key (the event's key row), or null when the event has none. */
  public byte[] key(ChangeEvent e, TableSchema schema) {
    Row key = e.key();
    if (key == null) {
      return null;
    }
    List<Column> cols = new ArrayList<>();
    for (String name : key.names()) {
      Column c = schema.column(name);
      cols.add(c != null ? c : Column.optional(name, ColumnType.STRING));
    }
    return write(g -> {
      if (withSchema) {
        g.writeStartObject();
        g.writeFieldName("schema");
        structSchema(g, cols, false, prefix(e.table()) + ".Key", null);
        g.writeFieldName("payload");
        row(g, key, cols);
        g.writeEndObject();
      } else {
        row(g, key, cols);
      }
    });
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.write(g);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  private String prefix(TableId t) {
    return serverName + "." + (t == null ? "unknown" : (t.schema() != null ? t.schema() : t.database()) + "." + t.table());
  }

  // ------------------------------------------------------------------ schema

  private void envelopeSchema(JsonGenerator g, ChangeEvent e, TableSchema schema) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "struct");
    g.writeArrayFieldStart("fields");
    structSchema(g, schema.columns(), true, prefix(e.table()) + ".Value", "before");
    structSchema(g, schema.columns(), true, prefix(e.table()) + ".Value", "after");
    sourceSchema(g);
    simpleField(g, "string", false, "op");
    simpleField(g, "int64", true, "ts_ms");
    simpleField(g, "int64", true, "ts_us");
    simpleField(g, "int64", true, "ts_ns");
    g.writeStartObject();
    g.writeStringField("type", "struct");
    g.writeArrayFieldStart("fields");
    simpleField(g, "string", false, "id");
    simpleField(g, "int64", false, "total_order");
    simpleField(g, "int64", false, "data_collection_order");
    g.writeEndArray();
    g.writeBooleanField("optional", true);
    g.writeStringField("name", "event.block");
    g.writeNumberField("version", 1);
    g.writeStringField("field", "transaction");
    g.writeEndObject();
    g.writeEndArray();
    g.writeBooleanField("optional", false);
    g.writeStringField("name", prefix(e.table()) + ".Envelope");
    g.writeNumberField("version", 2);
    g.writeEndObject();
  }

  private static void simpleField(JsonGenerator g, String type, boolean optional, String field) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", type);
    g.writeBooleanField("optional", optional);
    g.writeStringField("field", field);
    g.writeEndObject();
  }

  private void sourceSchema(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "struct");
    g.writeArrayFieldStart("fields");
    for (String f : new String[] {"version", "connector", "name"}) {
      simpleField(g, "string", false, f);
    }
    simpleField(g, "int64", false, "ts_ms");
    simpleField(g, "string", true, "snapshot");
    simpleField(g, "string", false, "db");
    simpleField(g, "string", true, "sequence");
    simpleField(g, "int64", true, "ts_us");
    simpleField(g, "int64", true, "ts_ns");
    simpleField(g, "string", true, "schema");
    simpleField(g, "string", true, "table");
    simpleField(g, "int64", true, "txId");
    simpleField(g, "int64", true, "lsn");
    simpleField(g, "string", true, "file");
    simpleField(g, "int64", true, "pos");
    simpleField(g, "int32", true, "row");
    g.writeEndArray();
    g.writeBooleanField("optional", false);
    g.writeStringField("name", "io.debezium.connector.common.Source");
    g.writeStringField("field", "source");
    g.writeEndObject();
  }

  private void structSchema(JsonGenerator g, List<Column> cols, boolean optional, String name, String field) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "struct");
    g.writeArrayFieldStart("fields");
    for (Column c : cols) {
      typeSchema(g, c.type(), c.optional(), c.name(), c.sourceType());
    }
    g.writeEndArray();
    g.writeBooleanField("optional", optional);
    if (name != null) {
      g.writeStringField("name", name);
    }
    if (field != null) {
      g.writeStringField("field", field);
    }
    g.writeEndObject();
  }

  private void typeSchema(JsonGenerator g, ColumnType t, boolean optional, String field) throws IOException {
    typeSchema(g, t, optional, field, null);
  }

  private void typeSchema(JsonGenerator g, ColumnType t, boolean optional, String field, String sourceType) throws IOException {
    if (t.kind() == ColumnType.Kind.STRUCT) {
      structSchema(g, ((ColumnType.StructType) t).fields(), optional, null, field);
      return;
    }
    g.writeStartObject();
    switch (t.kind()) {
      case BOOLEAN -> g.writeStringField("type", "boolean");
      case INT -> g.writeStringField("type", "int32");
      case LONG -> g.writeStringField("type", "int64");
      case FLOAT -> g.writeStringField("type", "float");
      case DOUBLE -> g.writeStringField("type", "double");
      case DECIMAL -> {
        ColumnType.DecimalType d = (ColumnType.DecimalType) t;
        switch (decimalMode) {
          case PRECISE -> {
            g.writeStringField("type", "bytes");
            g.writeStringField("name", "org.apache.kafka.connect.data.Decimal");
            g.writeNumberField("version", 1);
            g.writeObjectFieldStart("parameters");
            g.writeStringField("scale", Integer.toString(d.scale()));
            g.writeStringField("connect.decimal.precision", Integer.toString(d.precision()));
            g.writeEndObject();
          }
          case DOUBLE -> g.writeStringField("type", "double");
          case STRING -> g.writeStringField("type", "string");
        }
      }
      case DATE -> semantic(g, "int32", "io.debezium.time.Date");
      case TIME -> {
        if (timeMode == TimePrecisionMode.CONNECT) {
          semantic(g, "int32", "org.apache.kafka.connect.data.Time");
        } else {
          semantic(g, "int64", "io.debezium.time.MicroTime");
        }
      }
      case TIMESTAMP -> semantic(g, "int64", timestampName(sourceType));
      case TIMESTAMP_TZ -> semantic(g, "string", "io.debezium.time.ZonedTimestamp");
      case STRING -> g.writeStringField("type", "string");
      case UUID -> semantic(g, "string", "io.debezium.data.Uuid");
      case JSON -> semantic(g, "string", "io.debezium.data.Json");
      case BINARY -> g.writeStringField("type", binaryMode == BinaryHandlingMode.BYTES ? "bytes" : "string");
      case LIST -> {
        g.writeStringField("type", "array");
        g.writeFieldName("items");
        typeSchema(g, ((ColumnType.ListType) t).element(), true, null);
      }
      case MAP -> {
        g.writeStringField("type", "map");
        g.writeFieldName("keys");
        typeSchema(g, ((ColumnType.MapType) t).key(), false, null);
        g.writeFieldName("values");
        typeSchema(g, ((ColumnType.MapType) t).value(), true, null);
      }
      default -> throw new IllegalArgumentException("unsupported type " + t);
    }
    g.writeBooleanField("optional", optional);
    if (field != null) {
      g.writeStringField("field", field);
    }
    g.writeEndObject();
  }

  private static void semantic(JsonGenerator g, String type, String name) throws IOException {
    g.writeStringField("type", type);
    g.writeStringField("name", name);
    g.writeNumberField("version", 1);
  }

  // ------------------------------------------------------------------ payload

  private void payload(JsonGenerator g, ChangeEvent e, TableSchema schema) throws IOException {
    g.writeStartObject();
    g.writeFieldName("before");
    if (e.before() == null) {
      g.writeNull();
    } else {
      row(g, e.before(), schema.columns());
    }
    g.writeFieldName("after");
    if (e.after() == null) {
      g.writeNull();
    } else {
      row(g, e.after(), schema.columns());
    }
    g.writeFieldName("source");
    source(g, e);
    g.writeStringField("op", switch (e.op()) {
      case INSERT -> "c";
      case UPDATE -> "u";
      case DELETE -> "d";
      case SNAPSHOT_READ -> "r";
      case TRUNCATE -> "t";
      default -> throw new IllegalArgumentException("cannot encode op " + e.op());
    });
    times(g, "ts", e.processedTime());
    g.writeFieldName("transaction");
    Transaction tx = e.transaction();
    if (tx == null) {
      g.writeNull();
    } else {
      g.writeStartObject();
      SourcePosition p = e.position();
      String id = tx.id();
      if (p != null && p.kind().equals("postgresql")) {
        id = tx.id() + ":" + p.part(1);
      }
      g.writeStringField("id", id);
      g.writeNumberField("total_order", tx.totalOrder());
      g.writeNumberField("data_collection_order", tx.collectionOrder());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void times(JsonGenerator g, String prefix, Instant t) throws IOException {
    if (t == null) {
      g.writeFieldName(prefix + "_ms");
      g.writeNull();
      return;
    }
    long sec = t.getEpochSecond();
    int nano = t.getNano();
    g.writeNumberField(prefix + "_ms", t.toEpochMilli());
    g.writeNumberField(prefix + "_us", Math.addExact(Math.multiplyExact(sec, 1_000_000L), nano / 1000));
    g.writeNumberField(prefix + "_ns", Math.addExact(Math.multiplyExact(sec, 1_000_000_000L), nano));
  }

  private void source(JsonGenerator g, ChangeEvent e) throws IOException {
    SourcePosition p = e.position();
    String connector = p == null ? "postgresql" : p.kind();
    TableId t = e.table();
    g.writeStartObject();
    g.writeStringField("version", "3.6.1.Final");
    g.writeStringField("connector", connector);
    g.writeStringField("name", serverName);
    if (e.commitTime() == null) {
      g.writeNumberField("ts_ms", 0);
    } else {
      times(g, "ts", e.commitTime());
    }
    g.writeStringField("snapshot", e.snapshot() ? "true" : "false");
    g.writeStringField("db", t == null || t.database() == null ? "" : t.database());
    if (t != null && t.schema() != null) {
      g.writeStringField("schema", t.schema());
    }
    if (t != null) {
      g.writeStringField("table", t.table());
    }
    if (e.transaction() != null && connector.equals("postgresql")) {
      String id = e.transaction().id();
      if (id.chars().allMatch(Character::isDigit) && id.length() < 18) {
        g.writeNumberField("txId", Long.parseLong(id));
      } else {
        g.writeStringField("txId", id);
      }
    }
    if (p != null && p.kind().equals("postgresql")) {
      long last = p.part(0);
      long lsn = p.part(1);
      g.writeStringField("sequence", "[\"" + last + "\",\"" + lsn + "\"]");
      g.writeNumberField("lsn", lsn);
    } else if (p != null && p.kind().equals("mysql")) {
      g.writeStringField("file", String.format("mysql-bin.%06d", p.part(0)));
      g.writeNumberField("pos", p.part(1));
      g.writeNumberField("row", p.part(2));
      g.writeNullField("gtid");
    }
    g.writeEndObject();
  }

  private void row(JsonGenerator g, Row r, List<Column> cols) throws IOException {
    g.writeStartObject();
    for (Column c : cols) {
      ColumnState st = r.state(c.name());
      if (st == ColumnState.OMITTED) {
        continue;
      }
      g.writeFieldName(c.name());
      if (st == ColumnState.NULL) {
        g.writeNull();
      } else if (st == ColumnState.UNCHANGED) {
        unchanged(g, c.type());
      } else if (c.type().kind() == ColumnType.Kind.TIMESTAMP && r.get(c.name()) instanceof LocalDateTime l) {
        g.writeNumber(epoch(l, timestampName(c.sourceType())));
      } else {
        value(g, r.get(c.name()), c.type());
      }
    }
    g.writeEndObject();
  }

  private byte[] placeholderBytes() {
    return placeholder.getBytes(StandardCharsets.UTF_8);
  }

  private void unchanged(JsonGenerator g, ColumnType t) throws IOException {
    switch (t.kind()) {
      case BINARY, DECIMAL -> {
        if (t.kind() == ColumnType.Kind.BINARY && binaryMode == BinaryHandlingMode.HEX) {
          g.writeString(HexFormat.of().formatHex(placeholderBytes()));
        } else if (t.kind() == ColumnType.Kind.DECIMAL && decimalMode != DecimalHandlingMode.PRECISE) {
          g.writeString(placeholder);
        } else {
          g.writeString(Base64.getEncoder().encodeToString(placeholderBytes()));
        }
      }
      case LIST -> {
        ColumnType.Kind ek = ((ColumnType.ListType) t).element().kind();
        g.writeStartArray();
        switch (ek) {
          case INT, LONG, DATE -> {
            for (byte b : placeholderBytes()) {
              g.writeNumber(b);
            }
          }
          case UUID -> g.writeString(UUID.nameUUIDFromBytes(placeholderBytes()).toString());
          default -> g.writeString(placeholder);
        }
        g.writeEndArray();
      }
      case MAP -> {
        g.writeStartObject();
        g.writeStringField(placeholder, placeholder);
        g.writeEndObject();
      }
      default -> g.writeString(placeholder);
    }
  }

  private void value(JsonGenerator g, Object v, ColumnType t) throws IOException {
    if (v == null) {
      g.writeNull();
      return;
    }
    switch (t.kind()) {
      case BOOLEAN -> g.writeBoolean((Boolean) v);
      case INT -> g.writeNumber((Integer) v);
      case LONG -> g.writeNumber((Long) v);
      case FLOAT -> {
        float f = (Float) v;
        if (Float.isNaN(f) || Float.isInfinite(f)) {
          g.writeString(Float.toString(f));
        } else {
          g.writeNumber(f);
        }
      }
      case DOUBLE -> {
        double d = (Double) v;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          g.writeString(Double.toString(d));
        } else {
          g.writeNumber(d);
        }
      }
      case DECIMAL -> {
        BigDecimal d = (BigDecimal) v;
        switch (decimalMode) {
          case PRECISE -> g.writeString(Base64.getEncoder().encodeToString(d.unscaledValue().toByteArray()));
          case DOUBLE -> g.writeNumber(d.toPlainString());
          case STRING -> g.writeString(d.toPlainString());
        }
      }
      case DATE -> g.writeNumber(((LocalDate) v).toEpochDay());
      case TIME -> {
        long nanos = ((LocalTime) v).toNanoOfDay();
        if (timeMode == TimePrecisionMode.CONNECT) {
          g.writeNumber(nanos / 1_000_000L);
        } else {
          g.writeNumber(nanos / 1_000L);
        }
      }
      case TIMESTAMP -> g.writeNumber(epoch((LocalDateTime) v, timestampName(null)));
      case TIMESTAMP_TZ -> g.writeString(((OffsetDateTime) v).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      case STRING, JSON -> g.writeString((String) v);
      case UUID -> g.writeString(v.toString());
      case BINARY -> {
        byte[] b = (byte[]) v;
        g.writeString(binaryMode == BinaryHandlingMode.HEX ? HexFormat.of().formatHex(b)
            : binaryMode == BinaryHandlingMode.BASE64_URL_SAFE ? Base64.getUrlEncoder().encodeToString(b) : Base64.getEncoder().encodeToString(b));
      }
      case LIST -> {
        ColumnType el = ((ColumnType.ListType) t).element();
        g.writeStartArray();
        for (Object o : (List<?>) v) {
          value(g, o, el);
        }
        g.writeEndArray();
      }
      case MAP -> {
        ColumnType.MapType mt = (ColumnType.MapType) t;
        g.writeStartObject();
        for (Map.Entry<?, ?> en : ((Map<?, ?>) v).entrySet()) {
          g.writeFieldName(String.valueOf(en.getKey()));
          value(g, en.getValue(), mt.value());
        }
        g.writeEndObject();
      }
      case STRUCT -> row(g, (Row) v, ((ColumnType.StructType) t).fields());
    }
  }

  /**
   * The semantic type of a TIMESTAMP column: the column's source type when it names one of
   * Debezium's integer timestamp types (as the decoder reads it), else the time precision mode's.
   */
  private String timestampName(String sourceType) {
    if (sourceType != null) {
      switch (sourceType) {
        case "io.debezium.time.Timestamp", "io.debezium.time.MicroTimestamp", "io.debezium.time.NanoTimestamp",
            "org.apache.kafka.connect.data.Timestamp" -> {
          return sourceType;
        }
        default -> { }
      }
    }
    return timeMode == TimePrecisionMode.CONNECT ? "org.apache.kafka.connect.data.Timestamp" : "io.debezium.time.MicroTimestamp";
  }

  private static long epoch(LocalDateTime l, String semanticName) {
    long sec = l.toEpochSecond(ZoneOffset.UTC);
    return switch (semanticName) {
      case "io.debezium.time.MicroTimestamp" -> Math.addExact(Math.multiplyExact(sec, 1_000_000L), l.getNano() / 1000);
      case "io.debezium.time.NanoTimestamp" -> Math.addExact(Math.multiplyExact(sec, 1_000_000_000L), l.getNano());
      default -> Math.addExact(Math.multiplyExact(sec, 1000L), l.getNano() / 1_000_000);
    };
  }

  /** Configures an encoder. */
  public static final class Builder {
    private boolean withSchema = true;
    private DecimalHandlingMode decimalMode = DecimalHandlingMode.PRECISE;
    private TimePrecisionMode timeMode = TimePrecisionMode.ADAPTIVE;
    private BinaryHandlingMode binaryMode = BinaryHandlingMode.BYTES;
    private String placeholder = DebeziumDecoder.DEFAULT_PLACEHOLDER;
    private String serverName = "srv";

    public Builder withSchema(boolean value) {
      this.withSchema = value;
      return this;
    }

    public Builder decimalHandlingMode(DecimalHandlingMode value) {
      this.decimalMode = value;
      return this;
    }

    public Builder timePrecisionMode(TimePrecisionMode value) {
      this.timeMode = value;
      return this;
    }

    public Builder binaryHandlingMode(BinaryHandlingMode value) {
      this.binaryMode = value;
      return this;
    }

    public Builder unavailableValuePlaceholder(String value) {
      this.placeholder = value;
      return this;
    }

    public Builder serverName(String value) {
      this.serverName = value;
      return this;
    }

    public DebeziumJsonEncoder build() {
      return new DebeziumJsonEncoder(this);
    }
  }
}
