package io.cdclake.iceberg;

import static io.cdclake.iceberg.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.iceberg.FaultyOps.Fault;
import io.cdclake.model.ChangeEvent;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELIABILITY.md "Commit protocol" items 1-8, on the embedded JDBC/SQLite catalog. */
class CommitProtocolTest {
  private static final CommitterOptions FAST = new CommitterOptions(3, 1, true, true);

  @TempDir
  Path dir;
  Fixture f;
  Table t;

  @BeforeEach
  void setUp() {
    f = new Fixture(dir);
    t = f.partitioned("orders");
    t.updateProperties().set("commit.retry.num-retries", "0").commit();
  }

  private static List<ChangeEvent> firstBatch() {
    return List.of(insert(1, row(1, "a", "x", "n")), insert(2, row(2, "b", "y", "n")), update(3, row(1, "a", "x", "n"),
        row(1, "a2", "y", "n")));
  }

  private static List<ChangeEvent> secondBatch() {
    return List.of(update(4, null, unchanged(2, "b2", "x")), deleteByKey(5, 1), insert(6, row(3, "c", "x", null)));
  }

  private static final java.util.Map<Long, java.util.Map<String, Object>> AFTER_BOTH = new java.util.TreeMap<>(java.util.Map.of(
      2L, map("id", 2L, "name", "b2", "cat", "x", "note", "n"), 3L, map("id", 3L, "name", "c", "cat", "x", "note", null)));

  private ChangeWriter writer(ChangeCommitter c) {
    return ChangeWriter.upsert(c.table(), WriterOptions.defaults(), c.checkpoint());
  }

  /** Host-side replay: only events the checkpoint does not cover. */
  private static void replay(ChangeWriter w, Checkpoint cp, List<ChangeEvent> events) {
    events.stream().filter(e -> !cp.covers(e.transport())).forEach(w::write);
  }

  private long dataFilesOnDisk() throws Exception {
    try (Stream<Path> s = Files.walk(dir.resolve("db/orders/data"))) {
      return s.filter(p -> p.toString().endsWith(".parquet")).count();
    }
  }

  private static int snapshots(Table table) {
    table.refresh();
    int n = 0;
    for (Snapshot s : table.snapshots()) {
      n++;
    }
    return n;
  }

  @Test
  void crashAfterWriteBeforeCommitLeavesOnlyOrphansAndReplayLosesNothing() throws Exception {
    ChangeCommitter c = ChangeCommitter.create(t, "job", FAST);
    writeAndCommit(writer(c), c, 1, firstBatch());
    ChangeWriter doomed = writer(c);
    secondBatch().forEach(doomed::write);
    WriteResult lost = doomed.complete(2); // crash: never committed
    long orphans = lost.files().size();
    assertThat(orphans).isPositive();

    ChangeCommitter c2 = ChangeCommitter.create(f.reload(t), "job", FAST);
    assertThat(c2.checkpoint().offset("orders", "0")).isEqualTo("3");
    ChangeWriter w2 = writer(c2);
    replay(w2, c2.checkpoint(), concat(firstBatch(), secondBatch()));
    c2.commit(List.of(w2.complete(2)));
    assertThat(byId(t)).isEqualTo(AFTER_BOTH);
    for (ContentFile<?> file : lost.files()) {
      assertThat(new File(java.net.URI.create(file.location()).getPath())).as("orphan stays on disk").exists();
    }
    t.refresh();
    long referenced = Long.parseLong(t.currentSnapshot().summary().get("total-data-files"))
        + Long.parseLong(t.currentSnapshot().summary().get("total-delete-files"));
    assertThat(dataFilesOnDisk()).as("leftover files are only orphans").isGreaterThan(referenced);
  }

  @Test
  void crashAfterCommitBeforeAcknowledgeMakesTheReplayANoOp() {
    ChangeCommitter c = ChangeCommitter.create(t, "job", FAST);
    writeAndCommit(writer(c), c, 1, firstBatch());
    int before = snapshots(t);
    // the host restarts and its transport replays the batch (it never acknowledged it)
    ChangeCommitter c2 = ChangeCommitter.create(f.reload(t), "job", FAST);
    ChangeWriter w2 = writer(c2);
    firstBatch().forEach(w2::write);
    CommitOutcome o = c2.commit(List.of(w2.complete(1)));
    assertThat(o.status()).isEqualTo(CommitOutcome.Status.ALREADY_COMMITTED);
    assertThat(snapshots(t)).isEqualTo(before);
    assertThat(byId(t)).containsOnlyKeys(1L, 2L);
  }

  @Test
  void unknownCommitStateThatCommittedIsFoundInHistoryAndNothingIsDeleted() {
    Table faulty = FaultyOps.wrap(t, n -> n == 1 ? Fault.UNKNOWN_AFTER : Fault.NONE);
    ChangeCommitter c = ChangeCommitter.create(faulty, "job", FAST);
    ChangeWriter w = writer(c);
    firstBatch().forEach(w::write);
    WriteResult r = w.complete(1);
    CommitOutcome o = c.commit(List.of(r));
    assertThat(o.status()).isEqualTo(CommitOutcome.Status.COMMITTED);
    assertThat(o.attempts()).isEqualTo(1);
    long withOurId = countCommits(t, o.commitId());
    assertThat(withOurId).as("committed exactly once").isEqualTo(1);
    for (ContentFile<?> file : r.files()) {
      assertThat(new File(java.net.URI.create(file.location()).getPath())).exists();
    }
    assertThat(byId(t)).containsOnlyKeys(1L, 2L);
  }

  @Test
  void unknownCommitStateThatDidNotCommitIsRetriedOnceAndDeletesNothing() {
    Table faulty = FaultyOps.wrap(t, n -> n == 1 ? Fault.UNKNOWN_BEFORE : Fault.NONE);
    ChangeCommitter c = ChangeCommitter.create(faulty, "job", FAST);
    ChangeWriter w = writer(c);
    firstBatch().forEach(w::write);
    CommitOutcome o = c.commit(List.of(w.complete(1)));
    assertThat(o.attempts()).isEqualTo(2);
    assertThat(countCommits(t, o.commitId())).isEqualTo(1);
    assertThat(byId(t)).containsOnlyKeys(1L, 2L);
  }

  @Test
  void conflictsAreRetriedWithinTheBound() {
    Table faulty = FaultyOps.wrap(t, n -> n <= 2 ? Fault.FAIL : Fault.NONE);
    ChangeCommitter c = ChangeCommitter.create(faulty, "job", FAST);
    ChangeWriter w = writer(c);
    firstBatch().forEach(w::write);
    CommitOutcome o = c.commit(List.of(w.complete(1)));
    assertThat(o.attempts()).isEqualTo(3);
    assertThat(byId(t)).containsOnlyKeys(1L, 2L);
  }

  @Test
  void conflictsBeyondTheBoundFailClearlyAndCleanUpOurFiles() {
    Table faulty = FaultyOps.wrap(t, n -> Fault.FAIL);
    ChangeCommitter c = ChangeCommitter.create(faulty, "job", FAST);
    ChangeWriter w = writer(c);
    firstBatch().forEach(w::write);
    WriteResult r = w.complete(1);
    assertThatThrownBy(() -> c.commit(List.of(r))).isInstanceOf(CommitFailedException.class);
    for (ContentFile<?> file : r.files()) {
      assertThat(new File(java.net.URI.create(file.location()).getPath())).as("cleaned up").doesNotExist();
    }
    assertThat(t.currentSnapshot()).isNull();
  }

  @Test
  void staleSecondWriterWithAnOlderCheckpointIsRefused() {
    ChangeCommitter zombie = ChangeCommitter.create(t, "job", FAST);
    ChangeWriter zw = writer(zombie);
    writeAndCommit(zw, zombie, 1, firstBatch());
    // a new copy of the job takes over and commits the next batch
    ChangeCommitter fresh = ChangeCommitter.create(f.reload(t), "job", FAST);
    writeAndCommit(writer(fresh), fresh, 2, secondBatch());
    int before = snapshots(t);
    // the zombie still believes it is at offset 3 and commits the same events again
    secondBatch().forEach(zw::write);
    WriteResult zr = zw.complete(2);
    assertThatThrownBy(() -> zombie.commit(List.of(zr))).isInstanceOf(StaleWriterException.class)
        .hasMessageContaining("writer-id=job");
    assertThat(snapshots(t)).isEqualTo(before);
    assertThat(ChangeCommitter.readCheckpoint(t, "job").offset("orders", "0")).isEqualTo("6");
    assertThat(byId(t)).isEqualTo(AFTER_BOTH);
  }

  @Test
  void checkpointNeverGoesBackwardsAndSurvivesForeignCommits() {
    ChangeCommitter c = ChangeCommitter.create(t, "job", FAST);
    ChangeWriter w = writer(c);
    writeAndCommit(w, c, 1, List.of(insert(10, row(1, "a", "x", null))));
    // a batch that only carries older positions of the same partition and a new partition
    w.write(insert(7, row(2, "b", "x", null)).withTransport(io.cdclake.model.TransportPosition.kafka("orders", 1, 3)));
    CommitOutcome o = c.commit(List.of(w.complete(2)));
    assertThat(o.checkpoint().offset("orders", "0")).isEqualTo("10");
    assertThat(o.checkpoint().offset("orders", "1")).isEqualTo("3");
    // foreign commits on top: an append by someone else and a compaction
    ChangeCommitter other = ChangeCommitter.create(f.reload(t), "other-job", FAST);
    writeAndCommit(writer(other), other, 1, List.of(insert(100, row(7, "z", "y", null))));
    Compaction.compact(f.reload(t));
    Checkpoint back = ChangeCommitter.readCheckpoint(f.reload(t), "job");
    assertThat(back.offset("orders", "0")).isEqualTo("10");
    assertThat(back.offset("orders", "1")).isEqualTo("3");
    assertThat(ChangeCommitter.create(f.reload(t), "job", FAST).checkpoint()).isEqualTo(o.checkpoint());
  }

  @Test
  void twoPendingBatchesWithTheSameKeyCommitAsTwoSnapshotsWithOneFinalRow() {
    ChangeCommitter c = ChangeCommitter.create(t, "job", FAST);
    ChangeWriter w = writer(c);
    w.write(insert(1, row(1, "first", "x", null)));
    WriteResult b1 = w.complete(1);
    w.write(update(2, row(1, "first", "x", null), row(1, "second", "y", null)));
    WriteResult b2 = w.complete(2);
    CommitOutcome o = c.commit(List.of(b2, b1)); // order of arrival does not matter: batches commit in order
    assertThat(o.snapshotIds()).hasSize(2);
    assertThat(o.batchesCommitted()).isEqualTo(2);
    assertThat(byId(t)).containsOnlyKeys(1L);
    assertThat(byId(t).get(1L).get("name")).isEqualTo("second");
  }

  @Test
  void compactionBetweenBatchesKeepsUpsertsCorrect() {
    ChangeCommitter c = ChangeCommitter.create(t, "job", FAST);
    ChangeWriter w = writer(c);
    writeAndCommit(w, c, 1, firstBatch());
    Compaction.Result r = Compaction.compact(f.reload(t));
    assertThat(r.compacted()).isTrue();
    writeAndCommit(w, c, 2, secondBatch());
    assertThat(byId(t)).isEqualTo(AFTER_BOTH);
  }

  private static long countCommits(Table table, String commitId) {
    table.refresh();
    long n = 0;
    for (Snapshot s : table.snapshots()) {
      if (commitId.equals(s.summary().get(CdcLakeProperties.COMMIT_ID))) {
        n++;
      }
    }
    return n;
  }

  private static List<ChangeEvent> concat(List<ChangeEvent> a, List<ChangeEvent> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
