package io.cdclake.testsupport;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Captures a {@link Workload} from a {@link PostgresServer} with the Debezium embedded engine and
 * the PostgreSQL connector (pgoutput), and returns what a Kafka topic would hold.
 *
 * <p>The sequence: run the workload's snapshot part; start the engine (snapshot mode initial,
 * {@code publication.autocreate.mode=disabled}, {@code slot.drop.on.stop=true},
 * {@code skipped.operations=none}, {@code provide.transaction.metadata=true}); wait until the
 * connector's JMX metrics say the snapshot completed and streaming is connected; run the streaming
 * part; emit {@code pg_logical_emit_message(true, 'end', <token>)} and stop on that message. The
 * capture is therefore deterministic: every record up to and including the end message, nothing
 * after it.
 *
 * <p><b>Both JSON forms from one run.</b> The engine hands over Kafka Connect {@link SourceRecord}s,
 * and each is serialised twice with Kafka's own {@code JsonConverter}: once with
 * {@code schemas.enable=true} and once with {@code false} (keys, values and headers alike, as a
 * Connect worker configured with that converter would write them). That is byte for byte what two
 * differently configured workers would put on their topics, it halves the capture time, and both
 * forms describe exactly the same changes, so their decoded events can be compared one to one.
 * The converter runs with {@code replace.null.with.default=false}, so an explicit NULL in a column
 * with a default stays NULL (the converter's default would write the default instead, see
 * {@code ../shared/recipes/real-sources.md}).
 */
public final class DebeziumCapture {
  /** The Kafka Connect JSON converter settings a capture is serialised with. */
  public enum JsonForm {
    /** {@code schemas.enable=true}: {@code {"schema":…,"payload":…}}. */
    WITH_SCHEMA,
    /** {@code schemas.enable=false}: the bare payload. */
    WITHOUT_SCHEMA
  }

  /** The topic prefix ({@code topic.prefix}): data topics are {@code cdc.<schema>.<table>}. */
  public static final String TOPIC_PREFIX = "cdc";
  /** The prefix of the logical decoding message that ends a capture. */
  public static final String END_PREFIX = "end";

  private final PostgresServer server;
  private final Map<String, String> extraProperties = new LinkedHashMap<>();
  private Duration timeout = Duration.ofSeconds(120);

  private DebeziumCapture(PostgresServer server) {
    this.server = requireNonNull(server, "server is null");
  }

  public static DebeziumCapture of(PostgresServer server) {
    return new DebeziumCapture(server);
  }

  /** Sets (or overrides) a connector or engine property. */
  public DebeziumCapture property(String name, String value) {
    extraProperties.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
    return this;
  }

  /** How long to wait for readiness and for the end message, each. */
  public DebeziumCapture timeout(Duration value) {
    this.timeout = requireNonNull(value, "value is null");
    return this;
  }

  /** Runs the workload under capture and returns the captured records in both JSON forms. */
  public CapturedStream run(Workload workload) {
    long t0 = System.nanoTime();
    try (Connection c = server.connect()) {
      workload.runSnapshotPart(c);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot run workload: " + e.getMessage(), e);
    }
    long t1 = System.nanoTime();
    String endToken = UUID.randomUUID().toString();
    return new EngineRun("debezium.postgres", TOPIC_PREFIX, timeout, "end message").capture(t0, t1, engineProperties(), "debezium-capture",
        (record, captured) -> {
          captured.add(record);
          return isEndMessage(record, endToken);
        },
        () -> {
          try (Connection c = server.connect()) {
            workload.runStreamingPart(c);
          } catch (SQLException e) {
            throw new IllegalStateException("Cannot run workload: " + e.getMessage(), e);
          }
          emitEnd(endToken);
        });
  }

  private Properties engineProperties() {
    Properties p = new Properties();
    p.setProperty("name", "cdc-lake-capture");
    p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
    p.setProperty("offset.flush.interval.ms", "0");
    p.setProperty("database.hostname", server.host());
    p.setProperty("database.port", Integer.toString(server.port()));
    p.setProperty("database.user", server.user());
    p.setProperty("database.password", server.password());
    p.setProperty("database.dbname", server.database());
    p.setProperty("topic.prefix", TOPIC_PREFIX);
    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("publication.name", PostgresServer.PUBLICATION);
    p.setProperty("publication.autocreate.mode", "disabled");
    p.setProperty("slot.name", "cdclake_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    p.setProperty("slot.drop.on.stop", "true");
    p.setProperty("snapshot.mode", "initial");
    p.setProperty("skipped.operations", "none");
    p.setProperty("provide.transaction.metadata", "true");
    p.setProperty("schema.include.list", "public");
    extraProperties.forEach(p::setProperty);
    return p;
  }

  private static boolean isEndMessage(SourceRecord r, String token) {
    if (!(r.value() instanceof Struct v) || v.schema().field("op") == null || v.schema().field("message") == null) {
      return false;
    }
    if (!"m".equals(v.getString("op"))) {
      return false;
    }
    Struct m = v.getStruct("message");
    if (m == null || !END_PREFIX.equals(m.getString("prefix"))) {
      return false;
    }
    byte[] content = m.getBytes("content");
    return content != null && token.equals(new String(content, StandardCharsets.UTF_8));
  }

  private void emitEnd(String token) {
    try (Connection c = server.connectAsSuperuser(); PreparedStatement s = c.prepareStatement("SELECT pg_logical_emit_message(true, ?, ?)")) {
      s.setString(1, END_PREFIX);
      s.setString(2, token);
      s.execute();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot emit the end message: " + e.getMessage(), e);
    }
  }
}
