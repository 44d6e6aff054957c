package io.cdclake.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.testsupport.DebeziumCapture.JsonForm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DebeziumCaptureTest {
  @RegisterExtension static final PostgresServer PG = PostgresServer.create();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static CapturedStream stream;

  @BeforeAll
  static void capture() {
    stream = DebeziumCapture.of(PG).run(Workload.standard());
    System.out.println("DebeziumCaptureTest: " + stream.describeTimings());
  }

  private static List<JsonNode> payloads(JsonForm form) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (CapturedRecord r : stream.records(form)) {
      if (r.value() == null) {
        out.add(null);
      } else {
        JsonNode v = JSON.readTree(r.value());
        out.add(form == JsonForm.WITH_SCHEMA ? v.get("payload") : v);
      }
    }
    return out;
  }

  private static Map<String, Integer> opCounts(List<JsonNode> payloads) {
    Map<String, Integer> m = new HashMap<>();
    for (JsonNode p : payloads) {
      String k = p == null ? "tombstone" : p.has("op") ? p.get("op").asText() : p.has("status") ? p.get("status").asText() : "other";
      m.merge(k, 1, Integer::sum);
    }
    return m;
  }

  @Test
  void captureEndsExactlyOnTheEndMessage() throws Exception {
    List<JsonNode> p = payloads(JsonForm.WITHOUT_SCHEMA);
    JsonNode last = p.get(p.size() - 1);
    assertThat(last.get("op").asText()).isEqualTo("m");
    assertThat(last.get("message").get("prefix").asText()).isEqualTo(DebeziumCapture.END_PREFIX);
    long ends = p.stream().filter(n -> n != null && n.has("message") && n.get("message").get("prefix").asText().equals("end")).count();
    assertThat(ends).isEqualTo(1);
  }

  @Test
  void snapshotRowsAreReadsAndStreamingChangesFollow() throws Exception {
    Map<String, Integer> ops = opCounts(payloads(JsonForm.WITHOUT_SCHEMA));
    // rows present before the engine started: all_types 4, toasted 1, full_identity 4, composite_key 3, no_key 3, truncated 2, evolving 2
    assertThat(ops).containsEntry("r", 19);
    assertThat(ops).containsKeys("c", "u", "d", "t", "m", "tombstone", "BEGIN", "END");
    assertThat(ops.get("t")).isEqualTo(1);
    assertThat(ops.get("BEGIN")).isEqualTo(ops.get("END") + 1); // the end message's own transaction is cut after the message
  }

  @Test
  void bothFormsHoldTheSameRecordsAndOnlyTheSchemaFormHasSchemas() throws Exception {
    List<CapturedRecord> with = stream.records(JsonForm.WITH_SCHEMA);
    List<CapturedRecord> without = stream.records(JsonForm.WITHOUT_SCHEMA);
    assertThat(with).hasSameSizeAs(without);
    for (int i = 0; i < with.size(); i++) {
      CapturedRecord a = with.get(i);
      CapturedRecord b = without.get(i);
      assertThat(b.topic()).isEqualTo(a.topic());
      assertThat(b.offset()).isEqualTo(a.offset());
      assertThat(b.isTombstone()).isEqualTo(a.isTombstone());
      if (a.value() != null) {
        JsonNode wa = JSON.readTree(a.value());
        assertThat(wa.has("schema")).isTrue();
        assertThat(wa.get("payload")).isEqualTo(JSON.readTree(b.value()));
      }
    }
  }

  @Test
  void offsetsCountFromZeroPerTopicInCaptureOrder() {
    Map<String, Long> next = new HashMap<>();
    for (CapturedRecord r : stream.records(JsonForm.WITH_SCHEMA)) {
      long expected = next.getOrDefault(r.topic(), 0L);
      assertThat(r.offset()).as(r.toString()).isEqualTo(expected);
      assertThat(r.partition()).isZero();
      next.put(r.topic(), expected + 1);
    }
    assertThat(stream.countsByTopic()).containsKeys("cdc.public.all_types", "cdc.transaction", "cdc.message");
  }

  @Test
  void keyChangeArrivesAsDeleteTombstoneCreateWithKeyHeaders() throws Exception {
    List<CapturedRecord> recs = stream.records(JsonForm.WITHOUT_SCHEMA);
    int d = -1;
    for (int i = 0; i < recs.size(); i++) {
      CapturedRecord r = recs.get(i);
      if (r.headers().containsKey("__debezium.newkey") && r.value() != null && r.topic().equals("cdc.public.all_types")) {
        d = i;
        break;
      }
    }
    assertThat(d).isNotNegative();
    assertThat(new String(recs.get(d).headers().get("__debezium.newkey"), StandardCharsets.UTF_8)).isEqualTo("{\"id\":20}");
    assertThat(recs.get(d + 1).isTombstone()).isTrue();
    assertThat(JSON.readTree(recs.get(d + 2).value()).get("op").asText()).isEqualTo("c");
    assertThat(new String(recs.get(d + 2).headers().get("__debezium.oldkey"), StandardCharsets.UTF_8)).isEqualTo("{\"id\":2}");
  }

  @Test
  void unchangedToastValuesArriveAsThePlaceholder() throws Exception {
    long placeholders = payloads(JsonForm.WITHOUT_SCHEMA).stream()
        .filter(p -> p != null && "u".equals(p.path("op").asText()) && p.path("source").path("table").asText().equals("toasted"))
        .filter(p -> "__debezium_unavailable_value".equals(p.get("after").get("big_text").asText()))
        .count();
    assertThat(placeholders).isEqualTo(4);
  }

  @Test
  void ndjsonLinesEmbedKeyAndValueAsJson(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("with.ndjson");
    stream.writeNdjson(file, JsonForm.WITH_SCHEMA);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(stream.size());
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.fieldNames()).toIterable().containsExactly("key", "value", "topic", "partition", "offset", "headers");
    assertThat(first.get("value").get("payload").get("op").asText()).isEqualTo("r");
    assertThat(first.get("key").get("payload").isObject()).isTrue();
    assertThat(first.get("headers").isObject()).isTrue();
    JsonNode tombstone = lines.stream().map(l -> {
      try {
        return JSON.readTree(l);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }).filter(n -> n.get("value").isNull()).findFirst().orElseThrow();
    assertThat(tombstone.get("key").isNull()).isFalse();
  }
}
