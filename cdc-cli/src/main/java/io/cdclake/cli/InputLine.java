package io.cdclake.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.cdclake.model.RawMessage;
import io.cdclake.model.TransportPosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns one input line into a {@link RawMessage}.
 *
 * <p>A line is either a bare message (the Kafka value as it is), or a wrapper object as Kafka dumps
 * write them: {@code {"key":…,"value":…,"topic":…,"partition":…,"offset":…,"headers":{…}}}, with
 * {@code payload} instead of {@code value} as {@code kcat -J} writes it. An object is a wrapper when
 * it has {@code value} or {@code payload} and every field is one of the wrapper's
 * ({@value #WRAPPER_FIELDS_TEXT}); {@code {"schema":…,"payload":…}} has {@code schema}, so it is a
 * bare Debezium message.
 *
 * <p>In a wrapper, {@code key} and {@code value} may be the message itself (an object) or a string
 * holding it; null is no key / a tombstone. For binary formats (Avro) the strings hold the bytes in
 * base64, and a bare line that is not a JSON object is the base64 of the value. Headers are an object of name to string
 * (UTF-8 bytes), null, or any JSON (its text), or kcat's array {@code ["name","value",…]}. With an
 * {@code offset}, the transport position is {@code topic/partition@offset} (the topic defaults to
 * the input name, the partition to 0); without one it is the input name and the line number.
 */
final class InputLine {
  static final String WRAPPER_FIELDS_TEXT = "key, value, payload, topic, partition, offset, headers, timestamp, timestampType, ts, tstype, broker,"
      + " key_schema_id, value_schema_id";
  private static final Set<String> WRAPPER_FIELDS = Set.of("key", "value", "payload", "topic", "partition", "offset", "headers", "timestamp",
      "timestampType", "ts", "tstype", "broker", "key_schema_id", "value_schema_id");
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
      .build();

  private InputLine() {}

  /** Why a line could not be read as input (before any decoder saw it). */
  static final class BadLineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadLineException(String message) {
      super(message);
    }
  }

  /**
   * @param line the line without its newline
   * @param lineNumber 1-based
   * @param inputName the file name, or {@code stdin}
   * @param binary whether the format's messages are bytes (strings hold base64)
   */
  static RawMessage parse(String line, long lineNumber, String inputName, boolean binary) {
    String trimmed = line.strip();
    if (!trimmed.startsWith("{")) {
      return bare(trimmed, lineNumber, inputName, binary);
    }
    if (firstFieldIsNotAWrapperField(trimmed)) {
      return bare(trimmed, lineNumber, inputName, binary); // a wrapper has only wrapper fields: no need to read the whole line
    }
    Map<String, Span> fields = topLevelFields(trimmed);
    if (fields == null || !(fields.containsKey("value") || fields.containsKey("payload")) || !WRAPPER_FIELDS.containsAll(fields.keySet())) {
      return bare(trimmed, lineNumber, inputName, binary);
    }
    Span value = fields.containsKey("value") ? fields.get("value") : fields.get("payload");
    byte[] valueBytes = bytes(value, "value", binary);
    byte[] keyBytes = fields.containsKey("key") ? bytes(fields.get("key"), "key", binary) : null;
    String topic = text(fields.get("topic"), "topic");
    String partition = integer(fields.get("partition"), "partition");
    String offset = integer(fields.get("offset"), "offset");
    Map<String, byte[]> headers = headers(fields.get("headers"));
    TransportPosition transport;
    if (offset != null) {
      transport = new TransportPosition(topic != null ? topic : inputName, partition != null ? partition : "0", offset);
    } else {
      transport = TransportPosition.file(inputName, lineNumber);
    }
    return new RawMessage(keyBytes, valueBytes, headers, topic, transport);
  }

  /**
   * {@link #parse(String, long, String, boolean)} on the line's UTF-8 bytes (already validated). A
   * bare JSON message, by far the most common line, keeps the line's bytes as its value (no text is
   * made); anything else goes through the text.
   */
  static RawMessage parse(byte[] line, long lineNumber, String inputName, boolean binary) {
    int from = 0;
    int to = line.length;
    while (from < to && isAsciiWhitespace(line[from])) {
      from++;
    }
    while (to > from && isAsciiWhitespace(line[to - 1])) {
      to--;
    }
    // the ends must be ASCII, or String.strip could remove more (Unicode spaces) than this did
    if (from < to && line[from] == '{' && line[to - 1] >= 0 && firstFieldIsNotAWrapperField(line, from, to)) {
      byte[] value = from == 0 && to == line.length ? line : Arrays.copyOfRange(line, from, to);
      return new RawMessage(null, value, Map.of(), null, TransportPosition.file(inputName, lineNumber));
    }
    return parse(new String(line, StandardCharsets.UTF_8), lineNumber, inputName, binary);
  }

  /** Whether the line is empty or only whitespace, as {@link String#isBlank()} of its text says. */
  static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b < 0) {
        return new String(line, StandardCharsets.UTF_8).isBlank();
      }
      if (!isAsciiWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  /** {@link Character#isWhitespace} for an ASCII byte (what {@link String#strip()} removes). */
  private static boolean isAsciiWhitespace(byte b) {
    return b == ' ' || b >= 0x09 && b <= 0x0D || b >= 0x1C && b <= 0x1F;
  }

  /** {@link #firstFieldIsNotAWrapperField(String)} on bytes {@code [from, to)} starting with '{'. */
  private static boolean firstFieldIsNotAWrapperField(byte[] line, int from, int to) {
    int i = from + 1;
    while (i < to && isJsonSpace((char) line[i])) {
      i++;
    }
    if (i >= to || line[i] != '"') {
      return false;
    }
    int start = ++i;
    while (i < to && line[i] != '"') {
      if (line[i] == '\\' || line[i] < 0) {
        return false;
      }
      i++;
    }
    return i < to && !WRAPPER_FIELDS.contains(new String(line, start, i - start, StandardCharsets.ISO_8859_1));
  }

  private static RawMessage bare(String text, long lineNumber, String inputName, boolean binary) {
    byte[] value = binary && !text.startsWith("{") ? base64(text, "line") : text.getBytes(StandardCharsets.UTF_8);
    return new RawMessage(null, value, Map.of(), null, TransportPosition.file(inputName, lineNumber));
  }

  /**
   * True when the object's first field name, read from the text (no escapes in it), is not one of
   * {@link #WRAPPER_FIELDS}: then the line is a bare message whatever follows. False when unsure.
   */
  private static boolean firstFieldIsNotAWrapperField(String line) {
    int i = 1;
    int n = line.length();
    while (i < n && isJsonSpace(line.charAt(i))) {
      i++;
    }
    if (i >= n || line.charAt(i) != '"') {
      return false;
    }
    int start = ++i;
    while (i < n && line.charAt(i) != '"') {
      if (line.charAt(i) == '\\') {
        return false;
      }
      i++;
    }
    return i < n && !WRAPPER_FIELDS.contains(line.substring(start, i));
  }

  private static boolean isJsonSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /** A top-level field: its first token and its raw JSON text. */
  private record Span(JsonToken token, String raw, String stringValue) {}

  /** The top-level fields of an object line, or null when the line is not one well-formed JSON object. */
  private static Map<String, Span> topLevelFields(String line) {
    Map<String, Span> out = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        int start = (int) p.currentTokenLocation().getCharOffset();
        String stringValue = t == JsonToken.VALUE_STRING ? p.getText() : null;
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          p.skipChildren();
        }
        int end = (int) p.currentLocation().getCharOffset();
        out.put(name, new Span(t, line.substring(start, end), stringValue));
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
    } catch (IOException e) {
      return null; // not JSON: the decoder reports it with its offset
    }
    return out;
  }

  private static byte[] bytes(Span s, String field, boolean binary) {
    return switch (s.token()) {
      case VALUE_NULL -> null;
      case VALUE_STRING -> binary ? base64(s.stringValue(), field) : s.stringValue().getBytes(StandardCharsets.UTF_8);
      default -> s.raw().getBytes(StandardCharsets.UTF_8); // the message itself, as JSON (binary formats decode JSON too)
    };
  }

  private static byte[] base64(String text, String field) {
    try {
      return Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw new BadLineException("Cannot read input line: not base64, as a binary format needs (field=" + field + ")");
    }
  }

  private static String text(Span s, String field) {
    if (s == null || s.token() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (s.token() != JsonToken.VALUE_STRING) {
      throw new BadLineException("Cannot read input line: expected a string (field=" + field + ")");
    }
    return s.stringValue();
  }

  private static String integer(Span s, String field) {
    if (s == null || s.token() == JsonToken.VALUE_NULL) {
      return null;
    }
    String t = s.token() == JsonToken.VALUE_STRING ? s.stringValue() : s.raw();
    if (s.token() != JsonToken.VALUE_NUMBER_INT && s.token() != JsonToken.VALUE_STRING || !t.matches("\\d{1,128}")) {
      throw new BadLineException("Cannot read input line: expected a non-negative integer (field=" + field + ")");
    }
    return t;
  }

  private static Map<String, byte[]> headers(Span s) {
    if (s == null || s.token() == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(s.raw())) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          out.put(name, headerValue(p, s.raw()));
        }
      } else if (first == JsonToken.START_ARRAY) {
        // kcat -J: ["name1","value1","name2","value2",…]
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new BadLineException("Cannot read input line: header names must be strings (field=headers)");
          }
          String name = p.getText();
          out.put(name, headerValue(p, s.raw()));
        }
      } else {
        throw new BadLineException("Cannot read input line: expected an object or array (field=headers)");
      }
    } catch (IOException e) {
      throw new BadLineException("Cannot read input line: headers are not valid JSON (field=headers)");
    }
    return out;
  }

  private static byte[] headerValue(JsonParser p, String raw) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null || t == JsonToken.END_ARRAY) {
      throw new BadLineException("Cannot read input line: a header name without value (field=headers)");
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.VALUE_STRING) {
      return p.getText().getBytes(StandardCharsets.UTF_8);
    }
    int start = (int) p.currentTokenLocation().getCharOffset();
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      p.skipChildren();
    }
    int end = (int) p.currentLocation().getCharOffset();
    return raw.substring(start, end).getBytes(StandardCharsets.UTF_8);
  }
}
