package io.cdclake.codec.debezium.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cdclake.model.Row;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads values from a JSON parser, directed by compiled {@link Field}s: the hot loop of the codec.
 * Stateless apart from configuration; thread-safe.
 */
final class JsonValues {
  static final Object UNCHANGED = Row.unchangedMarker();

  /** Receives the flattened-record metadata fields ({@code __op}, ...); must consume the value. */
  interface MetaSink {
    void accept(String name, JsonParser p) throws IOException;
  }

  private final Placeholder placeholder;
  private final JsonFactory factory;

  JsonValues(Placeholder placeholder, JsonFactory factory) {
    this.placeholder = placeholder;
    this.factory = factory;
  }

  Placeholder placeholder() {
    return placeholder;
  }

  /**
   * Reads the object at the current token (START_OBJECT) into a row. Fields the struct does not
   * name are read as JSON scalars; fields starting with {@code metaPrefix} go to {@code meta}.
   */
  Row readRow(JsonParser p, Struct s, String metaPrefix, MetaSink meta) throws IOException {
    Field[] fields = s.fields;
    Row.Builder b = Row.builder(Math.max(fields.length, 4));
    long seen = 0;
    boolean[] seenWide = fields.length > 64 ? new boolean[fields.length] : null;
    int hint = 0;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      p.nextToken();
      if (metaPrefix != null && name.startsWith(metaPrefix)) {
        meta.accept(name, p);
        continue;
      }
      int i = s.indexOf(name, hint);
      if (i >= 0) {
        hint = i + 1;
        if (seenWide == null) {
          long bit = 1L << i;
          if ((seen & bit) != 0) {
            throw new BadValue("Cannot read row: duplicate field");
          }
          seen |= bit;
        } else {
          if (seenWide[i]) {
            throw new BadValue("Cannot read row: duplicate field");
          }
          seenWide[i] = true;
        }
        Field f = fields[i];
        b.put(f.name, read(p, f));
      } else {
        Object v = read(p, Field.DYNAMIC);
        putDistinct(b, name, v);
      }
    }
    return b.build();
  }

  private static void putDistinct(Row.Builder b, String name, Object v) {
    int before = b.size();
    b.set(name, v);
    if (b.size() == before) {
      throw new BadValue("Cannot read row: duplicate field");
    }
  }

  /** Reads the value at the current token for the field. */
  Object read(JsonParser p, Field f) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case VALUE_NULL:
        return null;
      case VALUE_STRING: {
        if (placeholder.lengthMatches(p.getTextLength())) {
          String s = p.getText();
          if (placeholder.isString(s)) {
            return UNCHANGED;
          }
          return fromString(s, f);
        }
        return fromString(p.getText(), f);
      }
      case VALUE_NUMBER_INT:
        return fromInt(p, f);
      case VALUE_NUMBER_FLOAT:
        return fromFloat(p, f);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return fromBoolean(p, t == JsonToken.VALUE_TRUE, f);
      case START_ARRAY:
        return fromArray(p, f);
      case START_OBJECT:
        return fromObject(p, f);
      default:
        throw new BadValue("Cannot read value: unexpected JSON token");
    }
  }

  Object fromString(String s, Field f) {
    switch (f.conv) {
      case STRING, JSON, VSD_STRING, DYNAMIC:
        return s;
      case BOOLEAN:
        if (s.equalsIgnoreCase("true")) {
          return Boolean.TRUE;
        }
        if (s.equalsIgnoreCase("false")) {
          return Boolean.FALSE;
        }
        throw new BadValue("Cannot read boolean: not true or false");
      case INT:
        return Values.toInt(parseLong(s, "int32"), "int32");
      case LONG:
        return parseLong(s, "int64");
      case FLOAT:
        return (float) Values.parseSpecialDouble(s, "float32");
      case DOUBLE:
        return Values.parseSpecialDouble(s, "float64");
      case BINARY:
        return switch (f.unit) {
          case Field.BIN_BASE64_URL -> Values.base64Url(s);
          case Field.BIN_HEX -> Values.hex(s);
          default -> Values.base64(s);
        };
      case DECIMAL:
        switch (f.unit) {
          case Field.DEC_BASE64: {
            byte[] bytes;
            try {
              bytes = Values.base64(s);
            } catch (BadValue e) {
              return Values.scale(Values.decimalText(s), f.scale, false);
            }
            return Values.decimalFromUnscaled(bytes, Math.max(f.scale, 0));
          }
          case Field.DEC_DOUBLE:
            return Values.scale(Values.decimalText(s), f.scale, true);
          default:
            return Values.scale(Values.decimalText(s), f.scale, false);
        }
      case DATE:
        return Values.date(s);
      case TIME:
        return Values.time(s);
      case TIMESTAMP:
        return Values.timestamp(s);
      case TIMESTAMP_TZ:
        return Values.zoned(s);
      case UUID:
        return Values.uuid(s);
      case BITS:
        return Values.bitsBigEndian(Values.base64(s));
      case DURATION_MICROS:
        return parseLong(s, "duration");
      default:
        throw new BadValue("Cannot read " + f.conv.name().toLowerCase(java.util.Locale.ROOT) + ": got a string");
    }
  }

  private static long parseLong(String s, String type) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new BadValue("Cannot read " + type + ": not an integer in range");
    }
  }

  private static long longValue(JsonParser p, String type) throws IOException {
    JsonParser.NumberType nt = p.getNumberType();
    if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
      return p.getLongValue();
    }
    throw new BadValue("Cannot read " + type + ": integer out of range for int64");
  }

  private Object fromInt(JsonParser p, Field f) throws IOException {
    switch (f.conv) {
      case INT:
        if (p.getNumberType() == JsonParser.NumberType.INT) {
          return p.getIntValue();
        }
        throw new BadValue("Cannot read int32: integer out of range");
      case LONG:
        return longValue(p, "int64");
      case DOUBLE:
        return p.getDoubleValue();
      case FLOAT:
        return p.getFloatValue();
      case BOOLEAN:
        return longValue(p, "boolean") != 0;
      case DECIMAL:
        return Values.scale(p.getDecimalValue(), f.scale, f.unit == Field.DEC_DOUBLE);
      case DATE:
        return Values.date(longValue(p, "date"));
      case TIME:
        return Values.time(longValue(p, "time"), f.unit);
      case TIMESTAMP:
        return Values.timestamp(longValue(p, "timestamp"), f.unit);
      case TIMESTAMP_TZ:
        return Values.timestampTz(longValue(p, "timestamp"), f.unit);
      case DURATION_MICROS:
        return longValue(p, "duration");
      case STRING, VSD_STRING, JSON:
        return p.getText();
      case DYNAMIC: {
        JsonParser.NumberType nt = p.getNumberType();
        if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
          return p.getLongValue();
        }
        return p.getDecimalValue();
      }
      default:
        throw new BadValue("Cannot read " + f.conv.name().toLowerCase(java.util.Locale.ROOT) + ": got a number");
    }
  }

  private Object fromFloat(JsonParser p, Field f) throws IOException {
    switch (f.conv) {
      case DOUBLE:
        return p.getDoubleValue();
      case FLOAT:
        return p.getFloatValue();
      case DECIMAL:
        return Values.scale(p.getDecimalValue(), f.scale, f.unit == Field.DEC_DOUBLE);
      case DURATION_MICROS:
        return Values.durationMicros(p.getDoubleValue());
      case STRING, VSD_STRING, JSON:
        return p.getText();
      case DYNAMIC:
        return p.getDecimalValue();
      default:
        throw new BadValue("Cannot read " + f.conv.name().toLowerCase(java.util.Locale.ROOT) + ": got a fractional number");
    }
  }

  private static Object fromBoolean(JsonParser p, boolean v, Field f) throws IOException {
    switch (f.conv) {
      case BOOLEAN, DYNAMIC:
        return v;
      case STRING, JSON:
        return p.getText();
      default:
        throw new BadValue("Cannot read " + f.conv.name().toLowerCase(java.util.Locale.ROOT) + ": got a boolean");
    }
  }

  private Object fromArray(JsonParser p, Field f) throws IOException {
    switch (f.conv) {
      case LIST, DYNAMIC: {
        Field el = f.conv == Conv.LIST ? f.element : Field.DYNAMIC;
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          Object v = read(p, el);
          if (v == UNCHANGED) {
            // a placeholder string inside an array is just text (a text[] holding that word)
            v = p.getText();
          }
          l.add(v);
        }
        if (placeholder.isList(l)) {
          return UNCHANGED;
        }
        return Collections.unmodifiableList(l);
      }
      case MAP: {
        // Connect maps with non-string keys: [[k, v], ...]
        Map<Object, Object> m = new LinkedHashMap<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new BadValue("Cannot read map: expected [key, value] pairs");
          }
          p.nextToken();
          Object k = read(p, f.mapKey);
          p.nextToken();
          Object v = read(p, f.element);
          if (p.nextToken() != JsonToken.END_ARRAY) {
            throw new BadValue("Cannot read map: expected [key, value] pairs");
          }
          m.put(k, v);
        }
        return Collections.unmodifiableMap(m);
      }
      case JSON, STRING:
        return copyText(p);
      default:
        throw new BadValue("Cannot read " + f.conv.name().toLowerCase(java.util.Locale.ROOT) + ": got an array");
    }
  }

  private Object fromObject(JsonParser p, Field f) throws IOException {
    switch (f.conv) {
      case STRUCT:
        return readRow(p, f.struct, null, null);
      case MAP: {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          p.nextToken();
          Object k = f.mapKey == null || f.mapKey.conv == Conv.STRING || f.mapKey.conv == Conv.DYNAMIC ? name : fromString(name, f.mapKey);
          Object v = read(p, f.element);
          m.put(k, v == UNCHANGED ? name : v);
        }
        if (placeholder.isMap(m)) {
          return UNCHANGED;
        }
        return Collections.unmodifiableMap(m);
      }
      case DECIMAL, VSD_STRING: {
        BigDecimal d = variableScale(p);
        if (d == null) {
          return null;
        }
        return f.conv == Conv.VSD_STRING ? d.toPlainString() : Values.scale(d, f.scale, f.unit == Field.DEC_DOUBLE);
      }
      case JSON, STRING:
        return copyText(p);
      case DYNAMIC: {
        Row r = readRow(p, Struct.EMPTY, null, null);
        if (r.size() == 1 && placeholder.isString(r.name(0))) {
          Object v = r.value(0);
          if (v == null || (v instanceof String s && placeholder.isString(s)) || r.state(0) == io.cdclake.model.ColumnState.UNCHANGED) {
            return UNCHANGED;
          }
        }
        return r;
      }
      default:
        throw new BadValue("Cannot read " + f.conv.name().toLowerCase(java.util.Locale.ROOT) + ": got an object");
    }
  }

  /** VariableScaleDecimal {@code {"scale": int, "value": base64}}; null when value is null. */
  private static BigDecimal variableScale(JsonParser p) throws IOException {
    int scale = 0;
    byte[] value = null;
    boolean hasValue = false;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      if (name.equals("scale")) {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
          throw new BadValue("Cannot read variable-scale decimal: scale is not an int32");
        }
        scale = p.getIntValue();
      } else if (name.equals("value")) {
        if (t == JsonToken.VALUE_STRING) {
          value = Values.base64(p.getText());
          hasValue = true;
        } else if (t != JsonToken.VALUE_NULL) {
          throw new BadValue("Cannot read variable-scale decimal: value is not base64 text");
        }
      } else {
        p.skipChildren();
      }
    }
    if (!hasValue) {
      return null;
    }
    return Values.decimalFromUnscaled(value, scale);
  }

  /** The JSON text of the structure at the current token (a json column sent as an object). */
  private String copyText(JsonParser p) throws IOException {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = factory.createGenerator(w)) {
      g.copyCurrentStructure(p);
    }
    return w.toString();
  }
}
