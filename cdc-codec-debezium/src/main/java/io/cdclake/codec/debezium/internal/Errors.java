package io.cdclake.codec.debezium.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.cdclake.model.DecodeException;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.MalformedInputException;
import io.cdclake.model.TableId;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns parser failures into the codec's two exception kinds. Jackson's own messages can quote
 * input text, so they are never passed on (nor attached as causes): the reasons here name what
 * went wrong, the limit and setting, the offset and the path, never the bytes.
 */
final class Errors {
  private Errors() {}

  static final String SETTING_PREFIX = "DebeziumDecoder.Builder.";
  private static final Pattern LIMIT = Pattern.compile("\\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");

  static DecodeException fromParser(IOException e, JsonParser p, long base, String pathPrefix, TableId table) {
    long offset = base + offsetOf(e, p);
    String path = p == null ? pathPrefix : path(pathPrefix, p.getParsingContext());
    if (e instanceof StreamConstraintsException sce) {
      return limit(sce.getOriginalMessage(), offset, path);
    }
    if (e instanceof InputCoercionException) {
      String field = p == null ? null : p.getParsingContext().getCurrentName();
      return new InvalidEventException("Cannot read number: value out of range for its type", offset, path, table, field);
    }
    if (e instanceof JsonEOFException) {
      return new MalformedInputException("Cannot parse message: the document ends early (truncated input)", offset, path, null);
    }
    String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    if (e instanceof CharConversionException || (m != null && m.contains("UTF-8"))) {
      return new MalformedInputException("Cannot parse message: invalid UTF-8", offset, path, null);
    }
    if (m != null && m.startsWith("Unexpected end-of-input")) {
      return new MalformedInputException("Cannot parse message: the document ends early (truncated input)", offset, path, null);
    }
    if (m != null && m.contains("Unexpected close marker")) {
      return new MalformedInputException("Cannot parse message: unbalanced brackets", offset, path, null);
    }
    if (m != null && (m.contains("control character") || m.contains("CTRL-CHAR"))) {
      return new MalformedInputException("Cannot parse message: unescaped control character in a string", offset, path, null);
    }
    if (m != null && m.contains("Unrecognized character escape")) {
      return new MalformedInputException("Cannot parse message: invalid escape in a string", offset, path, null);
    }
    return new MalformedInputException("Cannot parse message: not valid JSON", offset, path, null);
  }

  private static long offsetOf(IOException e, JsonParser p) {
    if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null && jpe.getLocation().getByteOffset() >= 0) {
      return jpe.getLocation().getByteOffset();
    }
    if (p != null) {
      JsonLocation l = p.currentLocation();
      if (l != null && l.getByteOffset() >= 0) {
        return l.getByteOffset();
      }
    }
    return 0;
  }

  static MalformedInputException limit(String jacksonMessage, long offset, String path) {
    String what;
    String setting;
    String msg = jacksonMessage == null ? "" : jacksonMessage;
    if (msg.startsWith("Document nesting depth") || msg.startsWith("Depth")) {
      what = "nesting depth";
      setting = "maxNestingDepth";
    } else if (msg.startsWith("Number value length") || msg.startsWith("Number")) {
      what = "number length";
      setting = "maxNumberLength";
    } else if (msg.startsWith("String value length") || msg.startsWith("String")) {
      what = "string length";
      setting = "maxStringLength";
    } else if (msg.startsWith("Name length") || msg.startsWith("Name")) {
      what = "field name length";
      setting = "maxNameLength";
    } else if (msg.startsWith("Document length")) {
      what = "document size";
      setting = "maxDocumentBytes";
    } else {
      what = "input";
      setting = "limits";
    }
    Matcher m = LIMIT.matcher(msg);
    String value = "?";
    String limit = "?";
    if (m.find()) {
      value = m.group(1);
      limit = m.group(2);
    }
    return limitError(what, value, limit, setting, offset, path);
  }

  static MalformedInputException limitError(String what, Object value, Object limit, String setting, long offset, String path) {
    return new MalformedInputException("Cannot parse message: " + what + " " + value + " exceeds the limit " + limit + " (" + setting + "="
        + limit + ", see " + SETTING_PREFIX + setting + ")", offset, path, null);
  }

  /** {@code $.payload.after.price} / {@code $[3]} for the parser's current place. */
  static String path(String prefix, JsonStreamContext ctx) {
    if (ctx == null) {
      return prefix;
    }
    StringBuilder sb = new StringBuilder();
    appendPath(sb, ctx);
    return (prefix == null ? "$" : prefix) + sb;
  }

  private static void appendPath(StringBuilder sb, JsonStreamContext ctx) {
    if (ctx == null || ctx.inRoot()) {
      return;
    }
    appendPath(sb, ctx.getParent());
    if (ctx.inObject()) {
      String n = ctx.getCurrentName();
      if (n != null) {
        sb.append('.').append(safeName(n));
      }
    } else if (ctx.inArray()) {
      sb.append('[').append(Math.max(ctx.getCurrentIndex(), 0)).append(']');
    }
  }

  /** Field names are schema, not row values, but keep them short and printable. */
  static String safeName(String n) {
    String s = n.length() > 64 ? n.substring(0, 64) + "..." : n;
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return sb.toString();
  }

  /** A {@link BadValue} at the parser's place. */
  static InvalidEventException atParser(BadValue e, JsonParser p, long base, String pathPrefix, TableId table) {
    long offset = -1;
    String path = pathPrefix;
    String field = null;
    if (p != null) {
      JsonLocation l = p.currentTokenLocation();
      offset = l == null || l.getByteOffset() < 0 ? -1 : base + l.getByteOffset();
      path = path(pathPrefix, p.getParsingContext());
      JsonStreamContext c = p.getParsingContext();
      while (c != null && c.getCurrentName() == null) {
        c = c.getParent();
      }
      field = c == null ? null : safeName(c.getCurrentName());
    }
    return new InvalidEventException(e.getMessage(), offset, path, table, field);
  }

  /** The same exception with its offset moved by {@code delta} (a message inside a stream) and the input named. */
  static DecodeException shift(DecodeException e, long delta, String input) {
    DecodeException out;
    long off = e.offset() < 0 ? -1 : e.offset() + delta;
    if (e instanceof MalformedInputException) {
      out = new MalformedInputException(e.reason(), off, e.path(), e.table(), e.field(), e.getCause());
    } else {
      out = new InvalidEventException(e.reason(), off, e.path(), e.table(), e.field(), e.getCause());
    }
    if (e.input() != null) {
      out.atInput(e.input());
    } else if (input != null) {
      out.atInput(input);
    }
    return out;
  }

  static InvalidEventException invalid(String reason, TableId table, String field) {
    return new InvalidEventException(reason, -1, null, table, field);
  }

  /** Op codes are envelope metadata, not row data; still, keep them short and printable. */
  static String printable(String s) {
    return s == null ? "null" : safeName(s.length() > 16 ? s.substring(0, 16) : s);
  }
}
