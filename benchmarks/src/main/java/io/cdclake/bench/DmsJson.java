package io.cdclake.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * DMS {@code json-unformatted} messages as DMS writes them to Kinesis or Kafka with
 * IncludeNullAndEmpty=false (NULL and empty columns left out of {@code data}) and a
 * {@code before-image} object on updates (BeforeImageSettings). Values: numbers as JSON numbers,
 * dates {@code YYYY-MM-DD}, DATETIME {@code YYYY-MM-DDTHH:MM:SS[.ffffff]Z} (9 digits for
 * sub-microsecond values), timestamptz in UTC.
 *
 * <p>Used until the DMS codec's test-jar encoder is on main; it writes the same bytes for this corpus.
 */
final class DmsJson {
  private static final JsonFactory JSON = new JsonFactory();

  private DmsJson() {}

  static byte[] encode(ChangeEvent e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(640);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      String operation;
      switch (e.op()) {
        case INSERT -> {
          operation = "insert";
          row("data", e.after(), g);
        }
        case UPDATE -> {
          operation = "update";
          row("data", e.after(), g);
          row("before-image", e.before(), g);
        }
        case DELETE -> {
          operation = "delete";
          row("data", e.before(), g);
        }
        default -> throw new IllegalArgumentException("cannot encode op " + e.op());
      }
      g.writeObjectFieldStart("metadata");
      g.writeStringField("timestamp", e.processedTime().toString());
      g.writeStringField("record-type", "data");
      g.writeStringField("operation", operation);
      g.writeStringField("partition-key-type", "schema-table");
      g.writeStringField("schema-name", e.table().schema());
      g.writeStringField("table-name", e.table().table());
      g.writeNumberField("transaction-id", e.position().part(0) >>> 4);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void row(String field, Row r, JsonGenerator g) throws IOException {
    g.writeObjectFieldStart(field);
    for (int i = 0; i < r.size(); i++) {
      Object v = r.value(i);
      if (v == null || (v instanceof String s && s.isEmpty())) {
        continue;
      }
      g.writeFieldName(r.name(i));
      if (v instanceof Boolean b) {
        g.writeBoolean(b);
      } else if (v instanceof Integer n) {
        g.writeNumber(n);
      } else if (v instanceof Long n) {
        g.writeNumber(n);
      } else if (v instanceof BigDecimal d) {
        g.writeNumber(d);
      } else if (v instanceof Double d) {
        g.writeNumber(d);
      } else if (v instanceof LocalDate d) {
        g.writeString(d.toString());
      } else if (v instanceof LocalDateTime t) {
        g.writeString(dateTime(t));
      } else if (v instanceof OffsetDateTime t) {
        g.writeString(dateTime(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()));
      } else {
        g.writeString(v.toString());
      }
    }
    g.writeEndObject();
  }

  static String dateTime(LocalDateTime t) {
    StringBuilder sb = new StringBuilder(30);
    sb.append(t.toLocalDate()).append('T');
    two(sb, t.getHour()).append(':');
    two(sb, t.getMinute()).append(':');
    two(sb, t.getSecond());
    int nano = t.getNano();
    if (nano != 0) {
      String digits = nano % 1000 == 0 ? String.format("%06d", nano / 1000) : String.format("%09d", nano);
      sb.append('.').append(digits);
    }
    return sb.append('Z').toString();
  }

  private static StringBuilder two(StringBuilder sb, int v) {
    if (v < 10) {
      sb.append('0');
    }
    return sb.append(v);
  }
}
