package io.cdclake.codec.debezium.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value into plain Java objects: {@link Map} (insertion ordered), {@link List},
 * String, Long (or {@link java.math.BigDecimal} for other numbers), Boolean, null. For the rare,
 * small messages (schemas, transaction markers, schema changes); row data never goes through here.
 */
final class TreeReader {
  private TreeReader() {}

  /** Reads the value at the parser's current token. */
  static Object read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      t = p.nextToken();
    }
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          p.nextToken();
          m.put(name, read(p));
        }
        return Collections.unmodifiableMap(m);
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(read(p));
        }
        return Collections.unmodifiableList(l);
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG) {
          return p.getLongValue();
        }
        return p.getDecimalValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDecimalValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IllegalStateException("unexpected token " + t);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : null;
  }

  static String string(Map<String, Object> m, String key) {
    Object v = m == null ? null : m.get(key);
    return v == null ? null : v.toString();
  }

  static long longOr(Map<String, Object> m, String key, long dflt) {
    Object v = m == null ? null : m.get(key);
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return dflt;
      }
    }
    return dflt;
  }

  static boolean bool(Map<String, Object> m, String key, boolean dflt) {
    Object v = m == null ? null : m.get(key);
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      return Boolean.parseBoolean(s);
    }
    return dflt;
  }
}
