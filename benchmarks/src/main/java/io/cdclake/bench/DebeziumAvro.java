package io.cdclake.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cdclake.codec.debezium.SchemaLookup;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Row;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Debezium change events as the Confluent AvroConverter writes them: byte 0, the big-endian schema
 * id, then the Avro binary datum of the envelope, whose schema carries the Kafka Connect properties
 * ({@code connect.name}, {@code connect.parameters}, {@code connect.version}) Debezium's types rely
 * on. The writer schema is served by an in-memory {@link SchemaLookup} (no registry).
 */
public final class DebeziumAvro {
  /** The schema id the envelope is registered under. */
  public static final int SCHEMA_ID = 7;

  private final TableSchema table;
  private final Schema envelope;
  private final Schema valueSchema;
  private final Schema sourceSchema;

  private DebeziumAvro(TableSchema table, Schema envelope) {
    this.table = table;
    this.envelope = envelope;
    this.valueSchema = envelope.getField("after").schema().getTypes().get(1);
    this.sourceSchema = envelope.getField("source").schema();
  }

  public static DebeziumAvro forSchema(TableSchema table) {
    return new DebeziumAvro(table, new Schema.Parser().parse(envelopeSchemaJson(table)));
  }

  public Schema envelope() {
    return envelope;
  }

  /** The lookup a decoder uses: {@link #SCHEMA_ID} gives the envelope schema. */
  public SchemaLookup lookup() {
    Schema s = envelope;
    return id -> {
      if (id != SCHEMA_ID) {
        throw new IllegalArgumentException("unknown schema id " + id);
      }
      return s;
    };
  }

  /** The framed message value. */
  public byte[] value(ChangeEvent e) {
    GenericRecord r = new GenericData.Record(envelope);
    r.put("before", e.before() == null ? null : row(e.before()));
    r.put("after", e.after() == null ? null : row(e.after()));
    r.put("source", source(e));
    r.put("op", switch (e.op()) {
      case INSERT -> "c";
      case UPDATE -> "u";
      case DELETE -> "d";
      case SNAPSHOT_READ -> "r";
      default -> throw new IllegalArgumentException("cannot encode op " + e.op());
    });
    Instant t = e.processedTime();
    r.put("ts_ms", t == null ? null : t.toEpochMilli());
    r.put("ts_us", t == null ? null : micros(t));
    r.put("ts_ns", t == null ? null : nanos(t));
    r.put("transaction", null);
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    out.write(0);
    out.write(SCHEMA_ID >>> 24);
    out.write(SCHEMA_ID >>> 16);
    out.write(SCHEMA_ID >>> 8);
    out.write(SCHEMA_ID);
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new GenericDatumWriter<Object>(envelope).write(r, enc);
      enc.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private GenericRecord source(ChangeEvent e) {
    GenericRecord s = new GenericData.Record(sourceSchema);
    SourcePosition p = e.position();
    Instant c = e.commitTime();
    s.put("version", "3.6.1.Final");
    s.put("connector", "postgresql");
    s.put("name", "srv");
    s.put("ts_ms", c.toEpochMilli());
    s.put("snapshot", "false");
    s.put("db", e.table().database());
    s.put("sequence", "[\"" + p.part(0) + "\",\"" + p.part(1) + "\"]");
    s.put("ts_us", micros(c));
    s.put("ts_ns", nanos(c));
    s.put("schema", e.table().schema());
    s.put("table", e.table().table());
    s.put("txId", null);
    s.put("lsn", p.part(1));
    s.put("xmin", null);
    return s;
  }

  private GenericRecord row(Row r) {
    GenericRecord g = new GenericData.Record(valueSchema);
    for (Column c : table.columns()) {
      g.put(c.name(), value(r.get(c.name()), c));
    }
    return g;
  }

  private static Object value(Object v, Column c) {
    if (v == null) {
      return null;
    }
    return switch (c.type().kind()) {
      case DECIMAL -> ByteBuffer.wrap(((BigDecimal) v).unscaledValue().toByteArray());
      case DATE -> (int) ((LocalDate) v).toEpochDay();
      case TIMESTAMP -> {
        LocalDateTime l = (LocalDateTime) v;
        long sec = l.toEpochSecond(ZoneOffset.UTC);
        yield switch (c.sourceType()) {
          case "io.debezium.time.MicroTimestamp" -> sec * 1_000_000L + l.getNano() / 1000;
          case "io.debezium.time.NanoTimestamp" -> sec * 1_000_000_000L + l.getNano();
          default -> sec * 1000L + l.getNano() / 1_000_000;
        };
      }
      case TIMESTAMP_TZ -> ((OffsetDateTime) v).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      default -> v;
    };
  }

  // ------------------------------------------------------------------ schema

  static String envelopeSchemaJson(TableSchema t) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("type", "record");
      g.writeStringField("name", "Envelope");
      g.writeStringField("namespace", Corpus.TOPIC);
      g.writeArrayFieldStart("fields");
      g.writeStartObject();
      g.writeStringField("name", "before");
      g.writeArrayFieldStart("type");
      g.writeString("null");
      valueRecord(g, t);
      g.writeEndArray();
      g.writeNullField("default");
      g.writeEndObject();
      g.writeStartObject();
      g.writeStringField("name", "after");
      g.writeArrayFieldStart("type");
      g.writeString("null");
      g.writeString("Value");
      g.writeEndArray();
      g.writeNullField("default");
      g.writeEndObject();
      g.writeStartObject();
      g.writeStringField("name", "source");
      g.writeFieldName("type");
      g.writeRawValue("""
          {"type":"record","name":"Source","namespace":"io.debezium.connector.postgresql","fields":[
          {"name":"version","type":"string"},{"name":"connector","type":"string"},{"name":"name","type":"string"},{"name":"ts_ms","type":"long"},
          {"name":"snapshot","type":[{"type":"string","connect.version":1,"connect.parameters":{"allowed":"true,last,false,incremental"},
          "connect.default":"false","connect.name":"io.debezium.data.Enum"},"null"],"default":"false"},
          {"name":"db","type":"string"},{"name":"sequence","type":["null","string"],"default":null},{"name":"ts_us","type":["null","long"],"default":null},
          {"name":"ts_ns","type":["null","long"],"default":null},{"name":"schema","type":"string"},{"name":"table","type":"string"},
          {"name":"txId","type":["null","long"],"default":null},{"name":"lsn","type":["null","long"],"default":null},{"name":"xmin","type":["null","long"],"default":null}],
          "connect.name":"io.debezium.connector.postgresql.Source"}""");
      g.writeEndObject();
      g.writeRaw(",");
      g.writeRaw("""
          {"name":"transaction","type":["null",{"type":"record","name":"block","namespace":"event","fields":[{"name":"id","type":"string"},
          {"name":"total_order","type":"long"},{"name":"data_collection_order","type":"long"}],"connect.version":1,"connect.name":"event.block"}],"default":null},
          {"name":"op","type":"string"},
          {"name":"ts_ms","type":["null","long"],"default":null},
          {"name":"ts_us","type":["null","long"],"default":null},
          {"name":"ts_ns","type":["null","long"],"default":null}""");
      g.writeEndArray();
      g.writeNumberField("connect.version", 2);
      g.writeStringField("connect.name", Corpus.TOPIC + ".Envelope");
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void valueRecord(JsonGenerator g, TableSchema t) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "record");
    g.writeStringField("name", "Value");
    g.writeArrayFieldStart("fields");
    for (Column c : t.columns()) {
      g.writeStartObject();
      g.writeStringField("name", c.name());
      g.writeFieldName("type");
      if (c.optional()) {
        g.writeStartArray();
        g.writeString("null");
        type(g, c);
        g.writeEndArray();
        g.writeNullField("default");
      } else {
        type(g, c);
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("connect.name", Corpus.TOPIC + ".Value");
    g.writeEndObject();
  }

  private static void type(JsonGenerator g, Column c) throws IOException {
    ColumnType t = c.type();
    switch (t.kind()) {
      case INT -> g.writeString("int");
      case LONG -> g.writeString("long");
      case STRING -> g.writeString("string");
      case BOOLEAN -> g.writeString("boolean");
      case DOUBLE -> g.writeString("double");
      case DECIMAL -> {
        ColumnType.DecimalType d = (ColumnType.DecimalType) t;
        g.writeStartObject();
        g.writeStringField("type", "bytes");
        g.writeNumberField("scale", d.scale());
        g.writeNumberField("precision", d.precision());
        g.writeNumberField("connect.version", 1);
        g.writeObjectFieldStart("connect.parameters");
        g.writeStringField("scale", Integer.toString(d.scale()));
        g.writeStringField("connect.decimal.precision", Integer.toString(d.precision()));
        g.writeEndObject();
        g.writeStringField("connect.name", "org.apache.kafka.connect.data.Decimal");
        g.writeStringField("logicalType", "decimal");
        g.writeEndObject();
      }
      case DATE -> semantic(g, "int", "io.debezium.time.Date");
      case TIMESTAMP -> semantic(g, "long", c.sourceType());
      case TIMESTAMP_TZ -> semantic(g, "string", "io.debezium.time.ZonedTimestamp");
      default -> throw new IllegalArgumentException("unsupported type " + t);
    }
  }

  private static void semantic(JsonGenerator g, String type, String name) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", type);
    g.writeNumberField("connect.version", 1);
    g.writeStringField("connect.name", name);
    g.writeEndObject();
  }
}
