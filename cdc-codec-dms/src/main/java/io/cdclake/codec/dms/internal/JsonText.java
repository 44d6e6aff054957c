package io.cdclake.codec.dms.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** Writes a parsed tree back as compact JSON text (numbers exactly as they were written). */
public final class JsonText {
  private JsonText() {}

  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(value, sb);
    return sb.toString();
  }

  private static void write(Object v, StringBuilder sb) {
    if (v instanceof String s) {
      sb.append('"');
      JsonStringEncoder.getInstance().quoteAsString(s, sb);
      sb.append('"');
    } else if (v instanceof JsonObj o) {
      sb.append('{');
      for (int i = 0; i < o.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(o.name(i), sb);
        sb.append(':');
        write(o.value(i), sb);
      }
      sb.append('}');
    } else if (v instanceof JsonArr a) {
      sb.append('[');
      for (int i = 0; i < a.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(a.get(i), sb);
      }
      sb.append(']');
    } else {
      sb.append(v); // JsonNum (its text), Boolean, JsonNull
    }
  }
}
