package io.cdclake.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cdclake.model.Row;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** One row as a {@code show --format json} line, for comparisons. */
final class ShowJsonLine {
  private ShowJsonLine() {}

  static String of(Row r, List<String> columns) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JsonFactory.builder().build().createGenerator(w)) {
      g.writeStartObject();
      for (String c : columns) {
        g.writeFieldName(c);
        EventJson.writeValue(g, r.get(c));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
