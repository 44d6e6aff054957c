package io.cdclake.codec.dms.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.cdclake.model.MalformedInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JSON values into small trees ({@link JsonObj}, {@link JsonArr}, scalars) with a Jackson
 * streaming parser bounded by {@link JsonLimits}. Thread-safe; every call works on its own parser.
 */
public final class JsonTreeReader {
  private static final Pattern NUMBERS = Pattern.compile("\\((\\d+)\\)[^(]*\\((\\d+)");

  private final JsonFactory factory;
  private final JsonLimits limits;
  private final String settingsOwner;

  /**
   * @param settingsOwner the builder class named in limit errors (for example {@code DmsJsonDecoder.Builder})
   */
  public JsonTreeReader(JsonLimits limits, String settingsOwner) {
    this.limits = limits;
    this.settingsOwner = settingsOwner;
    this.factory = JsonFactory.builder()
        .streamReadConstraints(limits.constraints())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
        .build();
  }

  public JsonLimits limits() {
    return limits;
  }

  public JsonParser parser(byte[] bytes, int off, int len) {
    try {
      return factory.createParser(bytes, off, len);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonParser parser(InputStream in) {
    try {
      return factory.createParser(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads the value that starts at the parser's current token (which must not be null) and leaves
   * the parser on the value's last token.
   */
  public Object readValue(JsonParser p) throws IOException {
    return new Builder(p).value(p.currentToken(), 0);
  }

  /** Input offset of the parser's current token (bytes for byte input). */
  public static long tokenOffset(JsonParser p) {
    JsonLocation loc = p.currentTokenLocation();
    long b = loc.getByteOffset();
    return b >= 0 ? b : loc.getCharOffset();
  }

  /**
   * Turns a Jackson error into a {@link MalformedInputException} with the offset, the JSON path
   * and, for limit errors, the value, the limit and the setting that changes it.
   *
   * @param pathPrefix a path to put in front of the parser's own path (for JSON inside base64), or null
   * @param baseOffset added to the parser's offsets (0 for the outermost input)
   */
  public MalformedInputException malformed(JsonProcessingException e, JsonParser p, String pathPrefix, long baseOffset) {
    long offset = -1;
    JsonLocation loc = e.getLocation();
    if (loc != null) {
      offset = loc.getByteOffset() >= 0 ? loc.getByteOffset() : loc.getCharOffset();
    }
    if (offset >= 0) {
      offset += baseOffset;
    }
    String path = join(pathPrefix, p == null ? null : path(p));
    String reason;
    if (e instanceof StreamConstraintsException) {
      reason = limitReason(e.getOriginalMessage());
    } else {
      reason = "Cannot parse JSON: " + redact(firstLine(e.getOriginalMessage()));
    }
    return new MalformedInputException(reason, offset, path, e);
  }

  /** A message over {@link JsonLimits#maxMessageLength()}. */
  public MalformedInputException tooLong(long seen, long offset, String path) {
    return new MalformedInputException("Cannot parse JSON message: message too long (length>=" + seen + ", limit="
        + limits.maxMessageLength() + ", see " + settingsOwner + ".maxMessageLength)", offset, path, null);
  }

  private String limitReason(String jacksonMessage) {
    String m = jacksonMessage == null ? "" : jacksonMessage;
    String value = "?";
    Matcher mm = NUMBERS.matcher(m);
    if (mm.find()) {
      value = mm.group(1);
    }
    if (m.contains("nesting depth")) {
      return "Cannot parse JSON: nesting too deep (depth=" + value + ", limit=" + limits.maxNestingDepth() + ", see " + settingsOwner
          + ".maxNestingDepth)";
    }
    if (m.contains("Number value length") || m.contains("number value length")) {
      return "Cannot parse JSON: number too long (length=" + value + ", limit=" + limits.maxNumberLength() + ", see " + settingsOwner
          + ".maxNumberLength)";
    }
    if (m.contains("String value length") || m.contains("string value length")) {
      // Jackson buffers long number text like strings, so a huge number ends here too
      return "Cannot parse JSON: string or number text too long (length=" + value + ", limit=" + limits.maxStringLength() + ", see " + settingsOwner
          + ".maxStringLength)";
    }
    if (m.contains("Name length") || m.contains("name length")) {
      return "Cannot parse JSON: member name too long (length=" + value + ", limit=" + limits.maxNameLength() + ", see " + settingsOwner
          + ".maxNameLength)";
    }
    return "Cannot parse JSON: input limit exceeded (" + firstLine(m) + ")";
  }

  /**
   * Jackson quotes the offending input in some messages ("Unrecognized token 'abc'"); that may be
   * a row value, so every quoted part is cut out.
   */
  static String redact(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean in = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        if (!in) {
          sb.append("'...'");
        }
        in = !in;
      } else if (!in) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "malformed input";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The parser's current path as {@code $.a.b[2]}. */
  public static String path(JsonParser p) {
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.getCurrentName() != null) {
        parts.push("." + c.getCurrentName());
      }
    }
    StringBuilder sb = new StringBuilder("$");
    parts.forEach(sb::append);
    return sb.toString();
  }

  /** {@code prefix} followed by {@code path} without its leading {@code $}. */
  public static String join(String prefix, String path) {
    if (prefix == null) {
      return path;
    }
    if (path == null || path.equals("$")) {
      return prefix;
    }
    return prefix + path.substring(1);
  }

  private final class Builder {
    private final JsonParser p;
    private long budget;

    Builder(JsonParser p) {
      this.p = p;
    }

    private void spend(long n) {
      budget += n;
      if (budget > limits.maxMessageLength()) {
        throw new TooLong(budget);
      }
    }

    Object value(JsonToken t, int depth) throws IOException {
      if (t == null) {
        throw new com.fasterxml.jackson.core.io.JsonEOFException(p, null, "Unexpected end of input");
      }
      switch (t) {
        case START_OBJECT -> {
          JsonObj o = new JsonObj(tokenOffset(p), 8);
          spend(1);
          JsonToken n;
          while ((n = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            spend(name.length() + 1L);
            JsonToken vt = p.nextToken();
            long off = tokenOffset(p);
            o.add(name, value(vt, depth + 1), off);
          }
          if (n != JsonToken.END_OBJECT) {
            throw new com.fasterxml.jackson.core.io.JsonEOFException(p, n, "Unexpected end of input in an object");
          }
          return o;
        }
        case START_ARRAY -> {
          JsonArr a = new JsonArr(tokenOffset(p));
          spend(1);
          JsonToken n;
          while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
            if (n == null) {
              throw new com.fasterxml.jackson.core.io.JsonEOFException(p, null, "Unexpected end of input in an array");
            }
            long off = tokenOffset(p);
            a.add(value(n, depth + 1), off);
          }
          return a;
        }
        case VALUE_STRING -> {
          String s = p.getText();
          spend(s.length() + 1L);
          return s;
        }
        case VALUE_NUMBER_INT -> {
          String s = p.getText();
          spend(s.length() + 1L);
          return new JsonNum(s, true);
        }
        case VALUE_NUMBER_FLOAT -> {
          String s = p.getText();
          spend(s.length() + 1L);
          return new JsonNum(s, false);
        }
        case VALUE_TRUE -> {
          spend(1);
          return Boolean.TRUE;
        }
        case VALUE_FALSE -> {
          spend(1);
          return Boolean.FALSE;
        }
        case VALUE_NULL -> {
          spend(1);
          return JsonNull.INSTANCE;
        }
        default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "Unexpected token " + t);
      }
    }
  }

  /** Thrown inside a read when the message budget runs out; callers turn it into {@link #tooLong}. */
  public static final class TooLong extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long seen;

    TooLong(long seen) {
      super(null, null, false, false);
      this.seen = seen;
    }

    public long seen() {
      return seen;
    }
  }
}
