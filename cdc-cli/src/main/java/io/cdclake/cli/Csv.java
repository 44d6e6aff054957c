package io.cdclake.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * CSV as {@code show} writes it (RFC 4180, {@code \n} line ends): a null cell is an empty unquoted
 * field; a cell that is empty or holds a comma, a double quote, CR or LF is quoted, with quotes
 * doubled. So NULL and the empty string stay apart: {@code 1,,""} is 1, NULL, "".
 */
final class Csv {
  private Csv() {}

  static void writeRecord(Writer out, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      String c = cells.get(i);
      if (c != null) {
        out.write(field(c));
      }
    }
    out.write('\n');
  }

  static String field(String c) {
    if (!c.isEmpty() && c.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')) {
      return c;
    }
    return '"' + c.replace("\"", "\"\"") + '"';
  }
}
