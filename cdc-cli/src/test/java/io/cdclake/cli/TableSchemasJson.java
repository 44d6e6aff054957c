package io.cdclake.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cdclake.model.Column;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes table schemas in the {@code --table-schemas} form, as a user would from the database's catalog. */
final class TableSchemasJson {
  private TableSchemasJson() {}

  static void write(Map<TableId, TableSchema> schemas, Path file) {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        JsonGenerator g = JsonFactory.builder().build().createGenerator(w).useDefaultPrettyPrinter()) {
      g.writeStartArray();
      for (Map.Entry<TableId, TableSchema> e : schemas.entrySet()) {
        g.writeStartObject();
        g.writeStringField("table", e.getKey().toString());
        g.writeArrayFieldStart("columns");
        for (Column c : e.getValue().columns()) {
          g.writeStartObject();
          g.writeStringField("name", c.name());
          g.writeStringField("type", c.type().toString());
          g.writeBooleanField("optional", c.optional());
          if (c.sourceType() != null) {
            g.writeStringField("source_type", c.sourceType());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("primary_key");
        for (String k : e.getValue().primaryKey()) {
          g.writeString(k);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
