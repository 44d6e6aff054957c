package io.cdclake.schema.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads column renames out of DDL text, conservatively: only {@code ALTER TABLE ... RENAME [COLUMN] a TO b}
 * (PostgreSQL, MySQL 8, MariaDB 10.5+, Oracle, Db2) and MySQL/MariaDB {@code ALTER TABLE ... CHANGE [COLUMN] a b <type>}
 * with two different names. Comments and string literals are skipped; identifiers may be quoted with
 * {@code "}, backticks or brackets. Anything else (table renames, index or constraint renames, other
 * statements) gives nothing. The result is a hint: the caller confirms each rename against the column
 * lists before and after.
 */
public final class DdlText {
  private static final int MAX_DDL = 1 << 20;

  private DdlText() {}

  /** A rename the text states; names as written (quotes removed, case kept). */
  public record Rename(String from, String to) {}

  /** The column renames of every ALTER TABLE statement in the text, in order; empty when none or the text is not understood. */
  public static List<Rename> renames(String ddl) {
    List<Rename> out = new ArrayList<>();
    if (ddl == null || ddl.length() > MAX_DDL) {
      return out;
    }
    List<Tok> toks = tokens(ddl);
    if (toks == null) {
      return out;
    }
    int i = 0;
    while (i < toks.size()) {
      int end = i;
      while (end < toks.size() && !toks.get(end).is(";")) {
        end++;
      }
      statement(toks.subList(i, end), out);
      i = end + 1;
    }
    return out;
  }

  private static void statement(List<Tok> t, List<Rename> out) {
    if (t.size() < 4 || !t.get(0).word("ALTER") || !t.get(1).word("TABLE")) {
      return;
    }
    int i = 2;
    if (t.get(i).word("IF") && i + 1 < t.size() && t.get(i + 1).word("EXISTS")) {
      i += 2;
    }
    if (i < t.size() && t.get(i).word("ONLY")) {
      i++;
    }
    // the table name: ident(.ident)*
    if (i >= t.size() || !t.get(i).ident) {
      return;
    }
    i++;
    while (i + 1 < t.size() && t.get(i).is(".") && t.get(i + 1).ident) {
      i += 2;
    }
    if (i < t.size() && t.get(i).is("*")) {
      i++;
    }
    // clauses separated by commas at depth 0
    int depth = 0;
    int start = i;
    for (int k = i; k <= t.size(); k++) {
      boolean endClause = k == t.size() || (depth == 0 && t.get(k).is(","));
      if (k < t.size()) {
        if (t.get(k).is("(")) {
          depth++;
        } else if (t.get(k).is(")")) {
          depth--;
        }
      }
      if (endClause) {
        clause(t.subList(start, k), out);
        start = k + 1;
      }
    }
  }

  private static void clause(List<Tok> c, List<Rename> out) {
    if (c.isEmpty()) {
      return;
    }
    if (c.get(0).word("RENAME")) {
      int i = 1;
      if (i < c.size() && c.get(i).word("COLUMN")) {
        i++;
      } else if (i < c.size() && (c.get(i).word("TO") || c.get(i).word("AS") || c.get(i).word("INDEX") || c.get(i).word("KEY")
          || c.get(i).word("CONSTRAINT"))) {
        return;
      }
      if (c.size() == i + 3 && c.get(i).ident && c.get(i + 1).word("TO") && c.get(i + 2).ident) {
        out.add(new Rename(c.get(i).text, c.get(i + 2).text));
      }
      return;
    }
    if (c.get(0).word("CHANGE")) {
      int i = 1;
      if (i < c.size() && c.get(i).word("COLUMN")) {
        i++;
      }
      if (c.size() >= i + 3 && c.get(i).ident && c.get(i + 1).ident) {
        String from = c.get(i).text;
        String to = c.get(i + 1).text;
        if (!from.equalsIgnoreCase(to)) {
          out.add(new Rename(from, to));
        }
      }
    }
  }

  private static final class Tok {
    final String text;
    final boolean ident;
    final boolean quoted;

    Tok(String text, boolean ident, boolean quoted) {
      this.text = text;
      this.ident = ident;
      this.quoted = quoted;
    }

    boolean is(String punct) {
      return !ident && text.equals(punct);
    }

    boolean word(String w) {
      return ident && !quoted && text.toUpperCase(Locale.ROOT).equals(w);
    }
  }

  /** Tokens, or null when the text cannot be split safely (an unclosed quote or comment). */
  private static List<Tok> tokens(String s) {
    List<Tok> out = new ArrayList<>();
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-' || c == '#') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int e = s.indexOf("*/", i + 2);
        if (e < 0) {
          return null;
        }
        i = e + 2;
      } else if (c == '\'') {
        int e = closing(s, i, '\'');
        if (e < 0) {
          return null;
        }
        out.add(new Tok("'", false, false));
        i = e + 1;
      } else if (c == '"' || c == '`' || c == '[') {
        char close = c == '[' ? ']' : c;
        int e = closing(s, i, close);
        if (e < 0) {
          return null;
        }
        String body = s.substring(i + 1, e);
        String doubled = String.valueOf(close) + close;
        out.add(new Tok(body.replace(doubled, String.valueOf(close)), true, true));
        i = e + 1;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        int e = i;
        while (e < n && (Character.isLetterOrDigit(s.charAt(e)) || s.charAt(e) == '_' || s.charAt(e) == '$')) {
          e++;
        }
        out.add(new Tok(s.substring(i, e), true, false));
        i = e;
      } else {
        out.add(new Tok(String.valueOf(c), false, false));
        i++;
      }
    }
    return out;
  }

  /** Index of the closing quote (a doubled quote is part of the text), or -1. */
  private static int closing(String s, int open, char close) {
    int i = open + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && close == '\'') {
        i += 2;
        continue;
      }
      if (c == close) {
        if (i + 1 < s.length() && s.charAt(i + 1) == close && close != ']') {
          i += 2;
          continue;
        }
        return i;
      }
      i++;
    }
    return -1;
  }
}
