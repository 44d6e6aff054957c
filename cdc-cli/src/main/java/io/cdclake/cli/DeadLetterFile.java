package io.cdclake.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cdclake.model.DeadLetter;
import io.cdclake.model.TransportPosition;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * The {@code --dead-letter FILE} of {@code ingest}: one JSON object per input line that could not
 * be decoded or applied, appended, flushed per letter:
 *
 * <pre>{@code
 * {"input":"events.ndjson","line":12,"transport":{"stream":"/abs/events.ndjson","partition":"0","offset":"12"},
 *  "error_type":"io.cdclake.model.MalformedInputException","reason":"Cannot …","at":"2024-…Z",
 *  "input_line":"…the line exactly as read…"}
 * }</pre>
 *
 * A line that is not valid UTF-8 has {@code "input_line_base64"} instead of {@code "input_line"}. An
 * input read whole (DMS S3 files, {@code --stream}) has {@code "line":null} and neither: its reason
 * names the file and line, and the input's events before the error were ingested.
 * The file keeps the whole line, so fixed lines can be fed to {@code ingest} again
 * ({@code jq -r .input_line}).
 */
final class DeadLetterFile implements Closeable {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final Writer out;

  DeadLetterFile(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND));
  }

  /**
   * @param input the input as named on the command line ({@code stdin} for -)
   * @param line the 1-based line number, or -1 for an input read whole (its reason names the place)
   * @param text the line's text, or null when it is not valid UTF-8 (or the input was read whole)
   * @param bytes the line's bytes (used when text is null), or null for an input read whole
   */
  void write(String input, long line, String text, byte[] bytes, DeadLetter letter) {
    StringWriter w = new StringWriter(256 + (text == null ? 0 : text.length()));
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("input", input);
      if (line < 0) {
        g.writeNullField("line");
      } else {
        g.writeNumberField("line", line);
      }
      TransportPosition t = letter.message().transport();
      if (t == null) {
        g.writeNullField("transport");
      } else {
        g.writeObjectFieldStart("transport");
        g.writeStringField("stream", t.stream());
        g.writeStringField("partition", t.partition());
        g.writeStringField("offset", t.offset());
        g.writeEndObject();
      }
      g.writeStringField("error_type", letter.errorType());
      g.writeStringField("reason", letter.reason());
      g.writeStringField("at", DateTimeFormatter.ISO_INSTANT.format(letter.at()));
      if (text != null) {
        g.writeStringField("input_line", text);
      } else if (bytes != null) {
        g.writeStringField("input_line_base64", Base64.getEncoder().encodeToString(bytes));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      out.write(w.toString());
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write dead letter: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
