package io.cdclake.testsupport;

import io.cdclake.model.Row;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * How the model compares canonical values: exactly, class included ({@code Integer 1} is not
 * {@code Long 1}; {@code BigDecimal 1.50} is not {@code 1.5}), with two deliberate exceptions:
 * byte arrays compare by content, and {@link OffsetDateTime}s compare as instants (the canonical
 * TIMESTAMP_TZ value is an instant; the offset is how the source chose to print it). Lists, maps
 * and struct rows compare element by element with the same rules.
 */
public final class ValueComparison {
  private ValueComparison() {}

  public static boolean same(Object expected, Object actual) {
    if (expected == actual) {
      return true;
    }
    if (expected == null || actual == null) {
      return false;
    }
    if (expected instanceof OffsetDateTime a && actual instanceof OffsetDateTime b) {
      return a.isEqual(b);
    }
    if (expected instanceof List<?> a && actual instanceof List<?> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!same(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (expected instanceof Map<?, ?> a && actual instanceof Map<?, ?> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : a.entrySet()) {
        if (!b.containsKey(e.getKey()) || !same(e.getValue(), b.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (expected instanceof Row a && actual instanceof Row b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        int j = b.indexOf(a.name(i));
        if (j < 0 || a.state(i) != b.state(j) || !same(a.value(i), b.value(j))) {
          return false;
        }
      }
      return true;
    }
    return Row.valueEquals(expected, actual);
  }

  /** A value for a diff: its text (strings quoted, bytes in hex, long text shortened) and its class. */
  public static String describe(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v == Row.unchangedMarker()) {
      return "<UNCHANGED>";
    }
    String text;
    if (v instanceof byte[] b) {
      text = "0x" + HexFormat.of().formatHex(b, 0, Math.min(b.length, 40)) + (b.length > 40 ? "…(" + b.length + " bytes)" : "");
    } else if (v instanceof String s) {
      text = '"' + (s.length() > 80 ? s.substring(0, 80) + "…(" + s.length() + " chars)" : s) + '"';
    } else {
      String s = String.valueOf(v);
      text = s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
    return text + " (" + v.getClass().getSimpleName() + ")";
  }
}
