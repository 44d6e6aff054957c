package io.cdclake.schema.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cdclake.model.Row;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Writes nested values (lists, maps, rows and scalars) as JSON text, for string and JSON columns. */
final class JsonText {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private JsonText() {}

  static String write(Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, value, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write JSON text", e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, Object v, int depth) throws IOException {
    if (depth > 200) {
      throw new Misfit(Misfit.Kind.WRONG_KIND, "Cannot write value as JSON text: nested deeper than 200 levels");
    }
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (v instanceof BigDecimal b) {
      g.writeNumber(b);
    } else if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        g.writeString(d.toString());
      } else {
        g.writeNumber(d);
      }
    } else if (v instanceof Float f) {
      if (f.isNaN() || f.isInfinite()) {
        g.writeString(f.toString());
      } else {
        g.writeNumber(f);
      }
    } else if (v instanceof byte[] b) {
      g.writeString(Base64.getEncoder().encodeToString(b));
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object e : l) {
        write(g, e, depth + 1);
      }
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue(), depth + 1);
      }
      g.writeEndObject();
    } else if (v instanceof Row r) {
      g.writeStartObject();
      for (int i = 0; i < r.size(); i++) {
        g.writeFieldName(r.name(i));
        write(g, r.value(i), depth + 1);
      }
      g.writeEndObject();
    } else {
      g.writeString(Coercions.text(v));
    }
  }
}
