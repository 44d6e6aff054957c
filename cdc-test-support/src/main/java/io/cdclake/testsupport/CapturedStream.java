package io.cdclake.testsupport;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cdclake.testsupport.DebeziumCapture.JsonForm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * What a capture produced: the same records in both JSON converter forms, in capture order, with
 * how long each step took.
 */
public final class CapturedStream {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final Map<JsonForm, List<CapturedRecord>> forms;
  private final Duration snapshotWorkload;
  private final Duration untilStreaming;
  private final Duration streamingCapture;
  private final Duration shutdown;

  private CapturedStream(Map<JsonForm, List<CapturedRecord>> forms, Duration snapshotWorkload, Duration untilStreaming,
      Duration streamingCapture, Duration shutdown) {
    this.forms = forms;
    this.snapshotWorkload = snapshotWorkload;
    this.untilStreaming = untilStreaming;
    this.streamingCapture = streamingCapture;
    this.shutdown = shutdown;
  }

  static CapturedStream of(List<SourceRecord> records, Duration snapshotWorkload, Duration untilStreaming, Duration streamingCapture,
      Duration shutdown) {
    Map<JsonForm, List<CapturedRecord>> forms = new EnumMap<>(JsonForm.class);
    for (JsonForm form : JsonForm.values()) {
      forms.put(form, List.copyOf(serialise(records, form)));
    }
    return new CapturedStream(forms, snapshotWorkload, untilStreaming, streamingCapture, shutdown);
  }

  private static List<CapturedRecord> serialise(List<SourceRecord> records, JsonForm form) {
    String schemas = Boolean.toString(form == JsonForm.WITH_SCHEMA);
    JsonConverter keys = new JsonConverter();
    keys.configure(Map.of("schemas.enable", schemas, "replace.null.with.default", "false"), true);
    JsonConverter values = new JsonConverter();
    values.configure(Map.of("schemas.enable", schemas, "replace.null.with.default", "false"), false);
    JsonConverter headers = new JsonConverter();
    headers.configure(Map.of("schemas.enable", schemas, "replace.null.with.default", "false", "converter.type", "header"));
    Map<String, Long> nextOffset = new HashMap<>();
    List<CapturedRecord> out = new ArrayList<>(records.size());
    for (SourceRecord r : records) {
      String topic = r.topic();
      long offset = nextOffset.merge(topic, 1L, Long::sum) - 1;
      byte[] key = keys.fromConnectData(topic, r.keySchema(), r.key());
      byte[] value = values.fromConnectData(topic, r.valueSchema(), r.value());
      Map<String, byte[]> hs = new LinkedHashMap<>();
      for (Header h : r.headers()) {
        hs.put(h.key(), headers.fromConnectHeader(topic, h.key(), h.schema(), h.value()));
      }
      out.add(new CapturedRecord(topic, 0, offset, key, value, hs));
    }
    return out;
  }

  /** The records serialised in the given form, in capture order. */
  public List<CapturedRecord> records(JsonForm form) {
    return forms.get(form);
  }

  /** Number of records (the same in both forms). */
  public int size() {
    return forms.get(JsonForm.WITH_SCHEMA).size();
  }

  /** Records per topic, sorted by topic. */
  public Map<String, Integer> countsByTopic() {
    Map<String, Integer> m = new TreeMap<>();
    for (CapturedRecord r : forms.get(JsonForm.WITH_SCHEMA)) {
      m.merge(r.topic(), 1, Integer::sum);
    }
    return m;
  }

  /** Time to run the workload's snapshot part. */
  public Duration snapshotWorkloadTime() {
    return snapshotWorkload;
  }

  /** Time from starting the engine until the snapshot completed and streaming connected. */
  public Duration untilStreamingTime() {
    return untilStreaming;
  }

  /** Time from streaming readiness until the end message arrived (the streaming workload included). */
  public Duration streamingTime() {
    return streamingCapture;
  }

  /** Time to stop the engine. */
  public Duration shutdownTime() {
    return shutdown;
  }

  /** One line a summary can print. */
  public String describeTimings() {
    return String.format("%d records; snapshot workload %d ms, engine start to streaming %d ms, streaming workload to end message %d ms, engine stop %d ms",
        size(), snapshotWorkload.toMillis(), untilStreaming.toMillis(), streamingCapture.toMillis(), shutdown.toMillis());
  }

  /**
   * Writes the records as NDJSON, one a line: {@code {"key":…,"value":…,"topic":…,"partition":…,
   * "offset":…,"headers":{…}}}. Key and value are the converter's JSON embedded as JSON (null when
   * absent; a tombstone's value is null); header values are JSON strings holding the header's bytes
   * as UTF-8 text. This is the input form of {@code cdc-lake decode}.
   */
  public void writeNdjson(Path file, JsonForm form) {
    try (OutputStream out = Files.newOutputStream(file)) {
      for (CapturedRecord r : records(form)) {
        out.write(ndjsonLine(r).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write NDJSON: " + e.getMessage() + " (file=" + file + ")", e);
    }
  }

  /** One NDJSON line for a record, without the newline. */
  public static String ndjsonLine(CapturedRecord r) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(256 + (r.value() == null ? 0 : r.value().length));
    try (JsonGenerator g = JSON.createGenerator(buf, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeFieldName("key");
      writeEmbedded(g, r.key());
      g.writeFieldName("value");
      writeEmbedded(g, r.value());
      g.writeStringField("topic", r.topic());
      g.writeNumberField("partition", r.partition());
      g.writeNumberField("offset", r.offset());
      g.writeObjectFieldStart("headers");
      for (Map.Entry<String, byte[]> h : r.headers().entrySet()) {
        if (h.getValue() == null) {
          g.writeNullField(h.getKey());
        } else {
          g.writeStringField(h.getKey(), new String(h.getValue(), StandardCharsets.UTF_8));
        }
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  private static void writeEmbedded(JsonGenerator g, byte[] json) throws IOException {
    if (json == null) {
      g.writeNull();
    } else {
      g.writeRawValue(new String(json, StandardCharsets.UTF_8));
    }
  }
}
