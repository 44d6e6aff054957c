package io.cdclake.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cdclake.model.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Reads {@code show --format json} output back into canonical rows, typed by the table's Iceberg
 * schema: the reading a script of the JSON form would do. Independent of {@link TableRows}, so a
 * comparison of its rows with the database checks what {@code show} printed.
 */
final class ShowJson {
  private static final ObjectMapper JSON = JsonMapper.builder().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private ShowJson() {}

  static List<Row> parse(String output, Schema schema) {
    List<Row> rows = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        rows.add(row(JSON.readTree(line), schema.asStruct()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }

  private static Row row(JsonNode object, Types.StructType struct) {
    Row.Builder b = Row.builder();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Types.NestedField f = struct.field(e.getKey());
      if (f == null) {
        throw new IllegalStateException("show printed a column the table does not have: " + e.getKey());
      }
      b.put(e.getKey(), value(e.getValue(), f.type()));
    }
    return b.build();
  }

  static Object value(JsonNode n, Type type) {
    if (n == null || n.isNull()) {
      return null;
    }
    return switch (type.typeId()) {
      case BOOLEAN -> n.booleanValue();
      case INTEGER -> n.intValue();
      case LONG -> n.longValue();
      case FLOAT -> n.isTextual() ? Float.parseFloat(n.textValue()) : n.floatValue();
      case DOUBLE -> n.isTextual() ? Double.parseDouble(n.textValue()) : n.doubleValue();
      case DECIMAL -> new BigDecimal(n.textValue());
      case DATE -> LocalDate.parse(n.textValue());
      case TIME -> LocalTime.parse(n.textValue());
      case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? OffsetDateTime.parse(n.textValue())
          : LocalDateTime.parse(n.textValue());
      case STRING -> n.textValue();
      case UUID -> UUID.fromString(n.textValue());
      case BINARY, FIXED -> Base64.getDecoder().decode(n.textValue());
      case LIST -> {
        List<Object> out = new ArrayList<>();
        for (JsonNode e : n) {
          out.add(value(e, type.asListType().elementType()));
        }
        yield java.util.Collections.unmodifiableList(out);
      }
      case MAP -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          out.put(e.getKey(), value(e.getValue(), type.asMapType().valueType()));
        }
        yield out;
      }
      case STRUCT -> row(n, type.asStructType());
      default -> throw new IllegalStateException("no reading for Iceberg type " + type);
    };
  }
}
