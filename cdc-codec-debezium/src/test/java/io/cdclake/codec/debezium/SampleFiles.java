package io.cdclake.codec.debezium;

import io.cdclake.model.testing.SharedSamples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the shared Debezium samples with their framing (SOURCES.md): a leading licence comment
 * block is stripped, {@code #} comment lines are dropped, and the documents are split one per
 * top-level JSON value (one-line or pretty-printed).
 */
final class SampleFiles {
  private SampleFiles() {}

  static Path path(String name) {
    return SharedSamples.sample("debezium/" + name);
  }

  static String text(String name) {
    String s = new String(SharedSamples.read(path(name)), StandardCharsets.UTF_8);
    String t = s.stripLeading();
    if (t.startsWith("/*")) {
      s = t.substring(t.indexOf("*/") + 2);
    }
    StringBuilder sb = new StringBuilder();
    for (String line : s.split("\n", -1)) {
      if (!line.stripLeading().startsWith("#")) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /** The top-level JSON values of a sample, in order. */
  static List<byte[]> documents(String name) {
    return split(text(name));
  }

  static List<byte[]> split(String s) {
    List<byte[]> out = new ArrayList<>();
    int depth = 0;
    boolean str = false;
    int start = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (str) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          str = false;
        }
        continue;
      }
      if (c == '"') {
        str = true;
      } else if (c == '{' || c == '[') {
        if (depth == 0) {
          start = i;
        }
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          out.add(s.substring(start, i + 1).getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  /** RisingWave's {@code KEY^VALUE} lines ({@code ****} = no key): pairs of key (or null) and value. */
  static List<byte[][]> caretPairs(String name) {
    List<byte[][]> out = new ArrayList<>();
    for (String line : text(name).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      int caret = line.indexOf('^');
      String k = line.substring(0, caret);
      out.add(new byte[][] {k.equals("****") ? null : k.getBytes(StandardCharsets.UTF_8),
          line.substring(caret + 1).getBytes(StandardCharsets.UTF_8)});
    }
    return out;
  }
}
