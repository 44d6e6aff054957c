package io.cdclake.testsupport;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * One run of the Debezium embedded engine, shared by {@link DebeziumCapture} and {@link MariaDbCapture}: wait
 * until no earlier connector's metrics are registered, start the engine, wait until its JMX metrics say the
 * snapshot completed and streaming is connected, run the streaming part (which ends with the capture's end
 * marker), collect records until the marker arrives, stop the engine.
 */
final class EngineRun {
  /** What to do with each record before the end: add it to {@code captured} (or not); true when it ends the capture. */
  interface OnRecord {
    boolean take(SourceRecord record, List<SourceRecord> captured);
  }

  private final String metricsDomain;
  private final String topicPrefix;
  private final Duration timeout;
  private final String endName;

  /**
   * @param metricsDomain the connector's JMX domain ({@code debezium.postgres}, {@code debezium.mariadb})
   * @param topicPrefix the connector's {@code topic.prefix} (its metrics' {@code server})
   * @param endName how errors name the end marker
   */
  EngineRun(String metricsDomain, String topicPrefix, Duration timeout, String endName) {
    this.metricsDomain = metricsDomain;
    this.topicPrefix = topicPrefix;
    this.timeout = timeout;
    this.endName = endName;
  }

  /**
   * Runs the engine and returns the records taken, with the phase durations measured from {@code t0} (start)
   * and {@code t1} (snapshot part done).
   */
  CapturedStream capture(long t0, long t1, Properties properties, String threadName, OnRecord onRecord, Runnable streamingPart) {
    waitUntilNoConnectorMetrics();
    List<SourceRecord> captured = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch endSeen = new CountDownLatch(1);
    AtomicReference<Throwable> engineError = new AtomicReference<>();
    CountDownLatch engineDone = new CountDownLatch(1);

    DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
        .using(properties)
        .using((success, message, error) -> {
          if (!success) {
            engineError.compareAndSet(null, error != null ? error : new IllegalStateException(message));
          }
          engineDone.countDown();
        })
        .notifying((records, committer) -> {
          for (RecordChangeEvent<SourceRecord> r : records) {
            if (endSeen.getCount() > 0 && onRecord.take(r.record(), captured)) {
              endSeen.countDown();
            }
            committer.markProcessed(r);
          }
          committer.markBatchFinished();
        })
        .build();
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    long t2;
    long t3;
    try {
      executor.execute(engine);
      waitUntilStreaming(engineError, engineDone);
      t2 = System.nanoTime();
      streamingPart.run();
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
      failIfEngineStopped(engineError, engineDone, "before the " + endName + " arrived");
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Cannot capture: the " + endName + " did not arrive within " + timeout.toSeconds() + " s");
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
  private void waitUntilNoConnectorMetrics() {
    MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!names(mbeans, "streaming").isEmpty() || !names(mbeans, "snapshot").isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Cannot capture: a previous connector's JMX metrics are still registered (server=" + topicPrefix + ")");
      }
      sleep(100);
    }
  }

  private boolean attribute(MBeanServer mbeans, String context, String attribute) {
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

  private Set<ObjectName> names(MBeanServer mbeans, String context) {
    try {
      return mbeans.queryNames(new ObjectName(metricsDomain + ":type=connector-metrics,context=" + context + ",server=" + topicPrefix + ",*"), null);
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
