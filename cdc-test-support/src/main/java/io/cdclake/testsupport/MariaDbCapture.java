package io.cdclake.testsupport;

import static java.util.Objects.requireNonNull;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.ObjectName;
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
    waitUntilNoConnectorMetrics();

    String endToken = UUID.randomUUID().toString();
    List<SourceRecord> captured = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch endSeen = new CountDownLatch(1);
    AtomicReference<Throwable> engineError = new AtomicReference<>();
    CountDownLatch engineDone = new CountDownLatch(1);

    DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
        .using(engineProperties())
        .using((success, message, error) -> {
          if (!success) {
            engineError.compareAndSet(null, error != null ? error : new IllegalStateException(message));
          }
          engineDone.countDown();
        })
        .notifying((records, committer) -> {
          for (RecordChangeEvent<SourceRecord> r : records) {
            if (endSeen.getCount() > 0) {
              SourceRecord sr = r.record();
              if (isEndMarker(sr, endToken)) {
                dropTransactionOf(sr, captured);
                endSeen.countDown();
              } else if (!isControl(sr)) {
                captured.add(sr);
              }
            }
            committer.markProcessed(r);
          }
          committer.markBatchFinished();
        })
        .build();
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "debezium-mariadb-capture");
      t.setDaemon(true);
      return t;
    });
    long t2;
    long t3;
    try {
      executor.execute(engine);
      waitUntilStreaming(engineError, engineDone);
      t2 = System.nanoTime();
      try (Connection c = server.connect()) {
        workload.runStreamingPart(c);
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot run workload: " + e.getMessage(), e);
      }
      insertMarker(endToken);
      awaitEnd(endSeen, engineError, engineDone);
      t3 = System.nanoTime();
    } finally {
      try {
        engine.close();
      } catch (Exception e) {
        engineError.compareAndSet(null, e);
      }
      executor.shutdown();
      try {
        if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<SourceRecord> records;
    synchronized (captured) {
      records = List.copyOf(captured);
    }
    long t4 = System.nanoTime();
    return CapturedStream.of(records, Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1), Duration.ofNanos(t3 - t2), Duration.ofNanos(t4 - t3));
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

  private void waitUntilStreaming(AtomicReference<Throwable> engineError, CountDownLatch engineDone) {
    long deadline = System.nanoTime() + timeout.toNanos();
    MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    while (true) {
      failIfEngineStopped(engineError, engineDone, "before streaming started");
      if (attribute(mbeans, "snapshot", "SnapshotCompleted") && attribute(mbeans, "streaming", "Connected")) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Cannot capture: the connector did not report a completed snapshot and a connected stream within "
            + timeout.toSeconds() + " s (see its log above)");
      }
      sleep(100);
    }
  }

  private void awaitEnd(CountDownLatch endSeen, AtomicReference<Throwable> engineError, CountDownLatch engineDone) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (endSeen.await(100, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Cannot capture: interrupted", e);
      }
      failIfEngineStopped(engineError, engineDone, "before the end marker arrived");
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Cannot capture: the end marker did not arrive within " + timeout.toSeconds() + " s");
      }
    }
  }

  private static void failIfEngineStopped(AtomicReference<Throwable> engineError, CountDownLatch engineDone, String when) {
    if (engineDone.getCount() == 0) {
      Throwable t = engineError.get();
      throw new IllegalStateException("Cannot capture: the Debezium engine stopped " + when + (t == null ? "" : ": " + t.getMessage()), t);
    }
  }

  /** A previous capture's connector must be gone, or its metrics would answer for ours. */
  private static void waitUntilNoConnectorMetrics() {
    MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!names(mbeans, "streaming").isEmpty() || !names(mbeans, "snapshot").isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Cannot capture: a previous connector's JMX metrics are still registered (server=" + TOPIC_PREFIX + ")");
      }
      sleep(100);
    }
  }

  private static boolean attribute(MBeanServer mbeans, String context, String attribute) {
    for (ObjectName n : names(mbeans, context)) {
      try {
        if (Boolean.TRUE.equals(mbeans.getAttribute(n, attribute))) {
          return true;
        }
      } catch (Exception e) {
        // not registered yet or going away: ask again
      }
    }
    return false;
  }

  private static Set<ObjectName> names(MBeanServer mbeans, String context) {
    try {
      return mbeans.queryNames(new ObjectName("debezium.mariadb:type=connector-metrics,context=" + context + ",server=" + TOPIC_PREFIX + ",*"), null);
    } catch (javax.management.MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot capture: interrupted", e);
    }
  }
}
