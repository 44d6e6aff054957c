package io.cdclake.testsupport;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Captures a {@link Workload} from a {@link MariaDbServer} with the Debezium embedded engine and the
 * Debezium MariaDB connector, schema-change topic included, and returns what the Kafka topics would
 * hold.
 *
 * <p>The sequence: make the marker table {@value #CONTROL_DATABASE}.{@value #END_TABLE}; run the
 * workload's snapshot part; start the engine (snapshot mode initial, {@code include.schema.changes=true},
 * {@code provide.transaction.metadata=true}, schema history in memory, offsets in memory); wait until the
 * connector's JMX metrics say the snapshot completed and streaming is connected; run the streaming part;
 * insert a fresh token into the marker table and stop on that row's event. MariaDB has no logical
 * decoding messages, so the marker row ends the capture deterministically: every record up to it.
 *
 * <p>The records of the control database (the marker table's rows, its DDL, and the BEGIN of the
 * marker's transaction) are left out of the result, so the stream holds the workload's records only: data topics {@code cdc.<database>.<table>},
 * the schema-change topic {@code cdc} (DDL text plus {@code tableChanges}: CREATE, ALTER, DROP with the
 * full column list), and the transaction topic {@code cdc.transaction}. The records are serialised as
 * {@link DebeziumCapture} does (Kafka's {@code JsonConverter}, both forms).
 *
 * <p><b>Class path.</b> The MariaDB connector's newest release is older than the embedded engine the
 * PostgreSQL capture uses; this class compiles against the engine API both share, and runs with whatever
 * engine is on the class path: a test that uses it runs with {@code debezium-embedded} and
 * {@code debezium-connector-mariadb} of the connector's version (see cdc-iceberg-writer's pom).
 */
public final class MariaDbCapture {
  /** The topic prefix ({@code topic.prefix}): data topics are {@code cdc.<database>.<table>}, the schema-change topic is {@code cdc}. */
  public static final String TOPIC_PREFIX = "cdc";
  /** The database of the marker table; its records are left out of the result. */
  public static final String CONTROL_DATABASE = "cdclake_ctl";
  /** The marker table whose row ends a capture. */
  public static final String END_TABLE = "capture_end";

  private final MariaDbServer server;
  private final Map<String, String> extraProperties = new LinkedHashMap<>();
  private Duration timeout = Duration.ofSeconds(120);

  private MariaDbCapture(MariaDbServer server) {
    this.server = requireNonNull(server, "server is null");
  }

  public static MariaDbCapture of(MariaDbServer server) {
    return new MariaDbCapture(server);
  }

  /** Sets (or overrides) a connector or engine property. */
  public MariaDbCapture property(String name, String value) {
    extraProperties.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
    return this;
  }

  /** How long to wait for readiness and for the end marker, each. */
  public MariaDbCapture timeout(Duration value) {
    this.timeout = requireNonNull(value, "value is null");
    return this;
  }

  /** Runs the workload under capture and returns the captured records in both JSON forms. */
  public CapturedStream run(Workload workload) {
    long t0 = System.nanoTime();
    createMarkerTable();
    try (Connection c = server.connect()) {
      workload.runSnapshotPart(c);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot run workload: " + e.getMessage(), e);
    }
    long t1 = System.nanoTime();
    String endToken = UUID.randomUUID().toString();
    return new EngineRun("debezium.mariadb", TOPIC_PREFIX, timeout, "end marker").capture(t0, t1, engineProperties(),
        "debezium-mariadb-capture",
        (record, captured) -> {
          if (isEndMarker(record, endToken)) {
            dropTransactionOf(record, captured);
            return true;
          }
          if (!isControl(record)) {
            captured.add(record);
          }
          return false;
        },
        () -> {
          try (Connection c = server.connect()) {
            workload.runStreamingPart(c);
          } catch (SQLException e) {
            throw new IllegalStateException("Cannot run workload: " + e.getMessage(), e);
          }
          insertMarker(endToken);
        });
  }

  private Properties engineProperties() {
    Properties p = new Properties();
    p.setProperty("name", "cdc-lake-mariadb-capture");
    p.setProperty("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
    p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
    p.setProperty("offset.flush.interval.ms", "0");
    p.setProperty("schema.history.internal", "io.debezium.relational.history.MemorySchemaHistory");
    p.setProperty("database.hostname", server.host());
    p.setProperty("database.port", Integer.toString(server.port()));
    p.setProperty("database.user", server.user());
    p.setProperty("database.password", server.password());
    p.setProperty("database.server.id", Integer.toString(ThreadLocalRandom.current().nextInt(10_000, 1_000_000)));
    p.setProperty("database.include.list", server.database() + "," + CONTROL_DATABASE);
    p.setProperty("database.ssl.mode", "disable");
    p.setProperty("topic.prefix", TOPIC_PREFIX);
    p.setProperty("snapshot.mode", "initial");
    p.setProperty("include.schema.changes", "true");
    p.setProperty("provide.transaction.metadata", "true");
    p.setProperty("connect.timeout.ms", "10000");
    extraProperties.forEach(p::setProperty);
    return p;
  }

  private void createMarkerTable() {
    try (Connection c = server.connectAsSuperuser(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS " + CONTROL_DATABASE);
      s.execute("CREATE TABLE IF NOT EXISTS " + CONTROL_DATABASE + "." + END_TABLE + " (token varchar(64) PRIMARY KEY)");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot make the marker table: " + e.getMessage(), e);
    }
  }

  private void insertMarker(String token) {
    try (Connection c = server.connectAsSuperuser();
        PreparedStatement s = c.prepareStatement("INSERT INTO " + CONTROL_DATABASE + "." + END_TABLE + " VALUES (?)")) {
      s.setString(1, token);
      s.execute();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot insert the end marker: " + e.getMessage(), e);
    }
  }

  private static boolean isEndMarker(SourceRecord r, String token) {
    if (!(TOPIC_PREFIX + "." + CONTROL_DATABASE + "." + END_TABLE).equals(r.topic()) || !(r.value() instanceof Struct v)
        || v.schema().field("after") == null) {
      return false;
    }
    Struct after = v.getStruct("after");
    return after != null && token.equals(after.getString("token"));
  }

  /** Removes the BEGIN of the marker's transaction (the capture stops before its END). */
  private static void dropTransactionOf(SourceRecord marker, List<SourceRecord> captured) {
    Struct tx = ((Struct) marker.value()).schema().field("transaction") == null ? null : ((Struct) marker.value()).getStruct("transaction");
    if (tx == null) {
      return;
    }
    String id = tx.getString("id");
    captured.removeIf(r -> (TOPIC_PREFIX + ".transaction").equals(r.topic()) && r.value() instanceof Struct v && v.schema().field("id") != null
        && id.equals(v.getString("id")));
  }

  /** A record of the control database: a marker row, or the marker table's DDL on the schema-change topic. */
  private static boolean isControl(SourceRecord r) {
    if (r.topic().startsWith(TOPIC_PREFIX + "." + CONTROL_DATABASE + ".")) {
      return true;
    }
    if (TOPIC_PREFIX.equals(r.topic()) && r.value() instanceof Struct v && v.schema().field("databaseName") != null) {
      return CONTROL_DATABASE.equals(v.getString("databaseName"));
    }
    return false;
  }
}
