package io.cdclake.codec.dms.testing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the shared DMS samples that are not plain JSON: files that start with a licence comment
 * ({@code /* ... *\/}) and Python modules whose top-level {@code NAME = {...}} assignments hold DMS
 * messages as Python literals ({@code None}, {@code True}, single-quoted strings).
 */
public final class DmsSampleLoader {
  private static final Pattern ASSIGNMENT = Pattern.compile("(?m)^([A-Z][A-Z0-9_]*) = (?=[{\\[])");

  private DmsSampleLoader() {}

  /** The bytes after a leading {@code /* ... *\/} block (and the whitespace after it), or all bytes when there is none. */
  public static byte[] stripLicence(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    String t = s.stripLeading();
    if (!t.startsWith("/*")) {
      return bytes;
    }
    int end = t.indexOf("*/");
    if (end < 0) {
      throw new IllegalArgumentException("unterminated comment");
    }
    return t.substring(end + 2).stripLeading().getBytes(StandardCharsets.UTF_8);
  }

  /** Every top-level {@code NAME = <dict or list literal>} of a Python module, as JSON text, in file order. */
  public static Map<String, String> pythonLiterals(byte[] module) {
    String s = new String(module, StandardCharsets.UTF_8);
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = ASSIGNMENT.matcher(s);
    while (m.find()) {
      PyParser p = new PyParser(s, m.end());
      StringBuilder json = new StringBuilder();
      p.value(json);
      out.put(m.group(1), json.toString());
    }
    return out;
  }

  /** A recursive-descent reader of Python literals that writes JSON. */
  private static final class PyParser {
    private final String s;
    private int i;

    PyParser(String s, int start) {
      this.s = s;
      this.i = start;
    }

    void value(StringBuilder out) {
      skip();
      char c = s.charAt(i);
      if (c == '{') {
        i++;
        out.append('{');
        boolean first = true;
        while (true) {
          skip();
          if (s.charAt(i) == '}') {
            i++;
            break;
          }
          if (!first) {
            out.append(',');
          }
          first = false;
          value(out);
          skip();
          expect(':');
          out.append(':');
          value(out);
          skip();
          if (s.charAt(i) == ',') {
            i++;
          }
        }
        out.append('}');
      } else if (c == '[' || c == '(') {
        char close = c == '[' ? ']' : ')';
        i++;
        out.append('[');
        boolean first = true;
        while (true) {
          skip();
          if (s.charAt(i) == close) {
            i++;
            break;
          }
          if (!first) {
            out.append(',');
          }
          first = false;
          value(out);
          skip();
          if (s.charAt(i) == ',') {
            i++;
          }
        }
        out.append(']');
      } else if (c == '\'' || c == '"') {
        StringBuilder str = new StringBuilder();
        while (i < s.length() && (s.charAt(i) == '\'' || s.charAt(i) == '"')) {
          string(str);
          skip();
        }
        jsonString(str, out);
      } else if (s.startsWith("None", i)) {
        i += 4;
        out.append("null");
      } else if (s.startsWith("True", i)) {
        i += 4;
        out.append("true");
      } else if (s.startsWith("False", i)) {
        i += 5;
        out.append("false");
      } else if (c == '-' || Character.isDigit(c)) {
        int start = i;
        i++;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || ".eE+-_".indexOf(s.charAt(i)) >= 0)) {
          i++;
        }
        out.append(s, start, i);
      } else {
        throw new IllegalArgumentException("unsupported Python literal at " + i);
      }
    }

    private void string(StringBuilder str) {
      char q = s.charAt(i++);
      while (s.charAt(i) != q) {
        char c = s.charAt(i++);
        if (c == '\\') {
          char e = s.charAt(i++);
          switch (e) {
            case 'n' -> str.append('\n');
            case 't' -> str.append('\t');
            case 'r' -> str.append('\r');
            case 'u' -> {
              str.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> str.append(e);
          }
        } else {
          str.append(c);
        }
      }
      i++;
    }

    private static void jsonString(CharSequence str, StringBuilder out) {
      out.append('"');
      for (int k = 0; k < str.length(); k++) {
        char c = str.charAt(k);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\t' -> out.append("\\t");
          case '\r' -> out.append("\\r");
          default -> {
            if (c < 0x20) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      out.append('"');
    }

    private void expect(char c) {
      if (s.charAt(i) != c) {
        throw new IllegalArgumentException("expected " + c + " at " + i);
      }
      i++;
    }

    private void skip() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '#') {
          while (i < s.length() && s.charAt(i) != '\n') {
            i++;
          }
        } else {
          return;
        }
      }
    }
  }
}
