package io.cdclake.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.ColumnState;
import io.cdclake.model.LogicalMessage;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.Transaction;
import io.cdclake.model.TransportPosition;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of canonical events and values that the CLI prints. Scripts read it, so it is
 * stable; every verb that prints values ({@code decode}, {@code show}) goes through this class.
 *
 * <p>One event is one JSON object whose first fields are always present, in this order:
 * <pre>
 * {"op":"UPDATE","table":"db.schema.table","key":{…}|null,"before":{…}|null,"after":{…}|null,
 *  "position":{"kind":"postgresql","parts":{"lsn_commit":…,"lsn":…},"text":"…"}|null,
 *  "commit_ts":"2024-01-01T10:00:00Z"|null,"tx":{"id":"753","total_order":1,"collection_order":1}|null,
 *  "snapshot":false,"processed_ts":"…"|null,"transport":{"stream":…,"partition":…,"offset":…}|null, …}
 * </pre>
 * followed, only when set, by {@code "ddl"} and {@code "schema_changes"} (SCHEMA_CHANGE) and
 * {@code "message"} (MESSAGE, content in base64). {@code table} leaves missing parts out
 * ({@code schema.table}); it is null for events without a table. {@code position.text} is left out
 * when the source gave none; {@code tx} carries {@code event_count} and {@code events_per_table} on
 * TX_END.
 *
 * <p>Values ({@link #writeValue}): integers and floats are JSON numbers (NaN and infinities, which
 * JSON cannot hold, are the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"});
 * decimals are strings in plain notation ({@code "0.00000000000000000001"}, scale kept); dates,
 * times and timestamps are ISO-8601 strings, with an offset only for zoned timestamps; UUIDs are
 * strings; binary is base64; JSON columns are their text, as a string; lists are arrays; maps and
 * structs are objects. In a row image a NULL column is {@code null}, an UNCHANGED column is
 * {@code {"unchanged":true}}, and an OMITTED column is left out.
 */
public final class EventJson {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private EventJson() {}

  /** The event as one line of JSON (no newline). */
  public static String toJson(ChangeEvent e) {
    StringWriter w = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(w)) {
      writeEvent(g, e);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return w.toString();
  }

  /** A value as JSON text, exactly as it appears inside an event line. */
  public static String valueToJson(Object value) {
    StringWriter w = new StringWriter(32);
    try (JsonGenerator g = JSON.createGenerator(w)) {
      writeValue(g, value);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return w.toString();
  }

  /**
   * A value as plain text, for tabular output: what {@link #writeValue} writes, without JSON
   * quoting for strings; null for NULL.
   */
  public static String valueToText(Object value) {
    if (value == null) {
      return null;
    }
    if (value == Row.unchangedMarker()) {
      return "<unchanged>";
    }
    Object scalar = scalar(value);
    if (scalar instanceof String s) {
      return s;
    }
    if (scalar != null) {
      return String.valueOf(scalar);
    }
    return valueToJson(value);
  }

  public static void writeEvent(JsonGenerator g, ChangeEvent e) throws IOException {
    g.writeStartObject();
    g.writeStringField("op", e.op().name());
    if (e.table() == null) {
      g.writeNullField("table");
    } else {
      g.writeStringField("table", e.table().toString());
    }
    g.writeFieldName("key");
    writeRow(g, e.key());
    g.writeFieldName("before");
    writeRow(g, e.before());
    g.writeFieldName("after");
    writeRow(g, e.after());
    g.writeFieldName("position");
    writePosition(g, e.position());
    writeInstantField(g, "commit_ts", e.commitTime());
    g.writeFieldName("tx");
    writeTransaction(g, e.transaction());
    g.writeBooleanField("snapshot", e.snapshot());
    writeInstantField(g, "processed_ts", e.processedTime());
    g.writeFieldName("transport");
    writeTransport(g, e.transport());
    if (e.ddl() != null) {
      g.writeStringField("ddl", e.ddl());
    }
    if (!e.schemaChanges().isEmpty()) {
      g.writeArrayFieldStart("schema_changes");
      for (SchemaChange c : e.schemaChanges()) {
        writeSchemaChange(g, c);
      }
      g.writeEndArray();
    }
    if (e.message() != null) {
      LogicalMessage m = e.message();
      g.writeObjectFieldStart("message");
      g.writeStringField("prefix", m.prefix());
      g.writeStringField("content", Base64.getEncoder().encodeToString(m.content()));
      g.writeBooleanField("transactional", m.transactional());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** A row image as an object: columns in image order, OMITTED ones absent; null writes {@code null}. */
  public static void writeRow(JsonGenerator g, Row row) throws IOException {
    if (row == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    for (int i = 0; i < row.size(); i++) {
      g.writeFieldName(row.name(i));
      if (row.state(i) == ColumnState.UNCHANGED) {
        g.writeStartObject();
        g.writeBooleanField("unchanged", true);
        g.writeEndObject();
      } else {
        writeValue(g, row.value(i));
      }
    }
    g.writeEndObject();
  }

  /** One canonical value (see the class comment). */
  public static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Short s) {
      g.writeNumber(s);
    } else if (v instanceof Byte b) {
      g.writeNumber(b);
    } else if (v instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (v instanceof Float f) {
      if (f.isNaN() || f.isInfinite()) {
        g.writeString(special(f.doubleValue()));
      } else {
        g.writeNumber(f);
      }
    } else if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        g.writeString(special(d));
      } else {
        g.writeNumber(d);
      }
    } else if (v instanceof byte[] b) {
      g.writeString(Base64.getEncoder().encodeToString(b));
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object o : list) {
        writeValue(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> en : map.entrySet()) {
        g.writeFieldName(String.valueOf(en.getKey()));
        writeValue(g, en.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Row r) {
      writeRow(g, r);
    } else if (v == Row.unchangedMarker()) {
      g.writeStartObject();
      g.writeBooleanField("unchanged", true);
      g.writeEndObject();
    } else {
      Object s = scalar(v);
      g.writeString(s == null ? String.valueOf(v) : String.valueOf(s));
    }
  }

  /** The text of values written as JSON strings or numbers; null for nested values. */
  private static Object scalar(Object v) {
    if (v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
        || v instanceof Byte || v instanceof BigInteger) {
      return v;
    }
    if (v instanceof Float f) {
      return f.isNaN() || f.isInfinite() ? special(f.doubleValue()) : f;
    }
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? special(d) : d;
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof LocalDate d) {
      return DateTimeFormatter.ISO_LOCAL_DATE.format(d);
    }
    if (v instanceof LocalTime t) {
      return DateTimeFormatter.ISO_LOCAL_TIME.format(t);
    }
    if (v instanceof LocalDateTime t) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
    }
    if (v instanceof OffsetDateTime t) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }
    if (v instanceof Instant i) {
      return DateTimeFormatter.ISO_INSTANT.format(i);
    }
    if (v instanceof java.util.UUID u) {
      return u.toString();
    }
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    return null;
  }

  private static String special(double d) {
    return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
  }

  private static void writeInstantField(JsonGenerator g, String name, Instant t) throws IOException {
    if (t == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, DateTimeFormatter.ISO_INSTANT.format(t));
    }
  }

  private static void writePosition(JsonGenerator g, SourcePosition p) throws IOException {
    if (p == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("kind", p.kind());
    g.writeObjectFieldStart("parts");
    for (int i = 0; i < p.partCount(); i++) {
      g.writeNumberField(p.partName(i), p.part(i));
    }
    g.writeEndObject();
    if (p.text() != null) {
      g.writeStringField("text", p.text());
    }
    g.writeEndObject();
  }

  private static void writeTransaction(JsonGenerator g, Transaction t) throws IOException {
    if (t == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("id", t.id());
    if (t.totalOrder() >= 0) {
      g.writeNumberField("total_order", t.totalOrder());
    }
    if (t.collectionOrder() >= 0) {
      g.writeNumberField("collection_order", t.collectionOrder());
    }
    if (t.eventCount() >= 0) {
      g.writeNumberField("event_count", t.eventCount());
    }
    if (!t.eventsPerTable().isEmpty()) {
      g.writeObjectFieldStart("events_per_table");
      for (Map.Entry<String, Long> en : new java.util.TreeMap<>(t.eventsPerTable()).entrySet()) {
        g.writeNumberField(en.getKey(), en.getValue());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeTransport(JsonGenerator g, TransportPosition t) throws IOException {
    if (t == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("stream", t.stream());
    g.writeStringField("partition", t.partition());
    g.writeStringField("offset", t.offset());
    g.writeEndObject();
  }

  private static void writeSchemaChange(JsonGenerator g, SchemaChange c) throws IOException {
    g.writeStartObject();
    g.writeStringField("kind", c.kind().name());
    g.writeStringField("table", c.table().toString());
    if (c.previousTable() != null) {
      g.writeStringField("previous_table", c.previousTable().toString());
    }
    if (c.schemaAfter() != null) {
      g.writeArrayFieldStart("columns");
      for (io.cdclake.model.Column col : c.schemaAfter().columns()) {
        g.writeStartObject();
        g.writeStringField("name", col.name());
        g.writeStringField("type", col.type().toString());
        g.writeBooleanField("optional", col.optional());
        if (col.sourceType() != null) {
          g.writeStringField("source_type", col.sourceType());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("primary_key");
      for (String k : c.schemaAfter().primaryKey()) {
        g.writeString(k);
      }
      g.writeEndArray();
    }
    if (!c.columnChanges().isEmpty()) {
      g.writeArrayFieldStart("column_changes");
      for (SchemaChange.ColumnChange cc : c.columnChanges()) {
        g.writeStartObject();
        g.writeStringField("kind", cc.kind().name());
        g.writeStringField("name", cc.name());
        if (cc.newName() != null) {
          g.writeStringField("new_name", cc.newName());
        }
        if (cc.definition() != null) {
          g.writeStringField("type", cc.definition().type().toString());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }
}
