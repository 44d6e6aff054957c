package io.cdclake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.iceberg.CdcLakeProperties;
import io.cdclake.iceberg.Catalogs;
import io.cdclake.iceberg.CommitOutcome;
import io.cdclake.iceberg.HostSettings;
import io.cdclake.model.ChangeEvent;
import io.cdclake.schema.TableConfigs;
import io.cdclake.testsupport.GeneratedChanges;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink host on a MiniCluster (2 writers, checkpoints every 50 ms): a bounded stream of
 * generated changes over 24 keys (inserts, updates, partition moves, key changes, deletes, a
 * truncate, a column appearing half-way), a data-file write failing in a writer mid-stream, and a
 * commit listener failing right after a checkpoint's commit so that the restored job hands that
 * checkpoint to the committer again. The job's restart strategy restores from the last checkpoint.
 * The table read back through Iceberg equals the model; every checkpoint is committed once.
 */
class FlinkExactlyOnceTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

  static final int EVENTS = 3000;
  static final GeneratedChanges CHANGES = GeneratedChanges.generate(7, EVENTS, 24);

  @TempDir Path dir;

  /** Emits the generated event of each index, slowly enough for a dozen checkpoints. */
  static final class Emit implements MapFunction<Long, ChangeEvent> {
    @Override
    public ChangeEvent map(Long i) throws Exception {
      if (i % 2 == 0) {
        Thread.sleep(1);
      }
      return CHANGES.events().get(i.intValue());
    }
  }

  static final AtomicBoolean LISTENER_FAILED = new AtomicBoolean();
  static final List<String> OUTCOMES = new CopyOnWriteArrayList<>();

  @Test
  void failuresInAWriterAndAfterACommitLeaveTheTableEqualToTheModelWithEveryCheckpointCommittedOnce() throws Exception {
    FailingFileIO.DATA_FILES_BEFORE_FAILURE.set(12);
    FailingFileIO.FAILURES.set(0);
    LISTENER_FAILED.set(false);
    OUTCOMES.clear();
    Map<String, String> props = new HashMap<>(Catalogs.embeddedProperties(dir));
    props.put(CatalogProperties.FILE_IO_IMPL, FailingFileIO.class.getName());
    HostSettings settings = HostSettings.builder("orders-sync", Catalogs.EMBEDDED_NAME, props)
        .tables(() -> TableConfigs.parse(new ByteArrayInputStream(GeneratedChanges.TABLE_CONFIG_JSON.getBytes(StandardCharsets.UTF_8))))
        .build();

    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofMillis(100));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.enableCheckpointing(50);
    DataStream<ChangeEvent> events = env.fromSequence(0, EVENTS - 1).setParallelism(1).name("generated").uid("generated")
        .map(new Emit()).returns(ChangeEventTypeInfo.INSTANCE).setParallelism(1).name("emit").uid("emit");
    CdcSink sink = CdcSink.builder(settings, 2).listener((checkpoint, outcomes) -> {
      outcomes.forEach(o -> OUTCOMES.add(checkpoint + ":" + o.outcome().status()));
      if (OUTCOMES.size() >= 2 && LISTENER_FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure after the commit of checkpoint " + checkpoint);
      }
    }).build();
    CdcFlink.write(events, sink);
    long t0 = System.nanoTime();
    env.execute("exactly-once");
    long ms = (System.nanoTime() - t0) / 1_000_000;

    Table table = settings.loadCatalog().loadTable(TableIdentifier.of("shop", "orders"));
    Map<Long, Map<String, Object>> actual = TableRows.byId(table);
    assertThat(actual).isEqualTo(CHANGES.finalRows());

    // every (job, operator, checkpoint) is in exactly one commit
    Map<String, Set<String>> commitsPerCheckpoint = new HashMap<>();
    int commits = 0;
    for (Map<String, String> s : TableRows.summaries(table)) {
      if ("orders-sync".equals(s.get(CdcLakeProperties.WRITER_ID))) {
        String checkpoint = s.get(CdcLakeProperties.HOST_SCOPE) + "#" + s.get(CdcLakeProperties.HOST_SEQUENCE);
        assertThat(s.get("cdc-lake.flink.checkpoint-id")).isEqualTo(s.get(CdcLakeProperties.HOST_SEQUENCE));
        assertThat(s.get("cdc-lake.flink.job-id")).isNotBlank();
        assertThat(s.get("cdc-lake.flink.operator-id")).isNotBlank();
        commitsPerCheckpoint.computeIfAbsent(checkpoint, k -> new HashSet<>()).add(s.get(CdcLakeProperties.COMMIT_ID));
        commits++;
      }
    }
    assertThat(commitsPerCheckpoint.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    assertThat(FailingFileIO.FAILURES).hasValue(1);
    assertThat(LISTENER_FAILED).isTrue();
    assertThat(OUTCOMES).anySatisfy(o -> assertThat(o).endsWith(":" + CommitOutcome.Status.ALREADY_COMMITTED));
    assertThat(commitsPerCheckpoint.size()).isGreaterThanOrEqualTo(3);
    System.out.printf("FlinkExactlyOnceTest: %s; %d ms; %d checkpoints committed in %d snapshots; outcomes %s%n", CHANGES.describe(), ms,
        commitsPerCheckpoint.size(), commits, OUTCOMES);
  }

  static final java.util.concurrent.atomic.AtomicInteger COMMITS_BEFORE_FAILURE = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * A first job fails for good after its second commit (no restart strategy); a second job, a new
   * Flink job id, starts from the first one's last retained checkpoint and runs to the end. The
   * restored committables belong to the first job's scope and are committed at most once; the table
   * equals the model.
   */
  @Test
  void aSecondJobRestoredFromTheFirstJobsCheckpointFinishesWithEveryCheckpointCommittedOnce() throws Exception {
    FailingFileIO.DATA_FILES_BEFORE_FAILURE.set(Integer.MAX_VALUE);
    OUTCOMES.clear();
    HostSettings settings = HostSettings.embedded("orders-sync", dir.resolve("warehouse"))
        .tables(() -> TableConfigs.parse(new ByteArrayInputStream(GeneratedChanges.TABLE_CONFIG_JSON.getBytes(StandardCharsets.UTF_8))))
        .build();
    Path checkpoints = dir.resolve("checkpoints");
    COMMITS_BEFORE_FAILURE.set(2);
    Configuration first = new Configuration();
    first.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    first.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    first.set(org.apache.flink.configuration.CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        org.apache.flink.configuration.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> job(first, settings).execute("first"))
        .hasStackTraceContaining("injected failure after commit");
    Path restoreFrom;
    try (var found = java.nio.file.Files.walk(checkpoints)) {
      restoreFrom = found.filter(p -> p.getFileName().toString().startsWith("chk-") && java.nio.file.Files.exists(p.resolve("_metadata")))
          .max(java.util.Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4)))).orElseThrow();
    }
    Configuration second = new Configuration(first);
    second.set(org.apache.flink.configuration.StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
    COMMITS_BEFORE_FAILURE.set(Integer.MAX_VALUE);
    job(second, settings).execute("second");

    Table table = settings.loadCatalog().loadTable(TableIdentifier.of("shop", "orders"));
    assertThat(TableRows.byId(table)).isEqualTo(CHANGES.finalRows());
    Map<String, Set<String>> commitsPerCheckpoint = new HashMap<>();
    Set<String> jobs = new HashSet<>();
    for (Map<String, String> s : TableRows.summaries(table)) {
      if ("orders-sync".equals(s.get(CdcLakeProperties.WRITER_ID))) {
        jobs.add(s.get("cdc-lake.flink.job-id"));
        commitsPerCheckpoint.computeIfAbsent(s.get(CdcLakeProperties.HOST_SCOPE) + "#" + s.get(CdcLakeProperties.HOST_SEQUENCE),
            k -> new HashSet<>()).add(s.get(CdcLakeProperties.COMMIT_ID));
      }
    }
    assertThat(jobs).hasSize(2);
    assertThat(commitsPerCheckpoint.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    System.out.printf("FlinkExactlyOnceTest (restore): restored from %s; %d checkpoints committed by %d jobs; outcomes %s%n",
        restoreFrom.getFileName(), commitsPerCheckpoint.size(), jobs.size(), OUTCOMES);
  }

  private static StreamExecutionEnvironment job(Configuration conf, HostSettings settings) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.enableCheckpointing(50);
    DataStream<ChangeEvent> events = env.fromSequence(0, EVENTS - 1).setParallelism(1).name("generated").uid("generated")
        .map(new Emit()).returns(ChangeEventTypeInfo.INSTANCE).setParallelism(1).name("emit").uid("emit");
    CdcFlink.write(events, CdcSink.builder(settings, 2).listener((checkpoint, outcomes) -> {
      outcomes.forEach(o -> OUTCOMES.add(checkpoint + ":" + o.outcome().status()));
      if (COMMITS_BEFORE_FAILURE.decrementAndGet() == 0) {
        throw new IllegalStateException("injected failure after commit of checkpoint " + checkpoint);
      }
    }).build());
    return env;
  }
}
