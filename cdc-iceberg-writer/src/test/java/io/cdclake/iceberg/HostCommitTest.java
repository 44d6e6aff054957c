package io.cdclake.iceberg;

import static io.cdclake.iceberg.Fixture.insert;
import static io.cdclake.iceberg.Fixture.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TransportPosition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine hosts: host commits recognised on replay, several task writers of one table, truncates and schema changes across tasks. */
class HostCommitTest {
  @TempDir Path dir;

  private static final TableId ORDERS = TableId.of("shop", "public", "orders");
  private static final String[] PG = {"lsn_commit", "lsn"};

  @Test
  void aHostCommitHandedAgainIsSkippedAndItsFilesStay() {
    Fixture f = new Fixture(dir);
    Table t = f.keyed("orders");
    ChangeCommitter c = ChangeCommitter.create(t, "engine");
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults(), Checkpoint.EMPTY);
    w.write(insert(1, row(1, "a", "x", null)));
    WriteResult r = w.complete(0);
    HostCommit five = new HostCommit("flink:job-1:op", 5);

    assertThat(c.commit(List.of(r), Map.of("k", "v"), five).status()).isEqualTo(CommitOutcome.Status.COMMITTED);
    int snapshots = snapshots(t).size();
    // the same committable again (a restore): skipped, and its files, now in the table, are not deleted
    ChangeCommitter restored = ChangeCommitter.create(f.reload(t), "engine");
    assertThat(restored.committedSequence("flink:job-1:op")).isEqualTo(5);
    assertThat(restored.commit(List.of(r), Map.of(), five).status()).isEqualTo(CommitOutcome.Status.ALREADY_COMMITTED);
    assertThat(restored.commit(List.of(r), Map.of(), new HostCommit("flink:job-1:op", 4)).status())
        .isEqualTo(CommitOutcome.Status.ALREADY_COMMITTED);
    assertThat(snapshots(f.reload(t))).hasSize(snapshots);
    assertThat(Fixture.byId(f.reload(t))).containsOnlyKeys(1L);
    Snapshot s = f.reload(t).currentSnapshot();
    assertThat(s.summary()).containsEntry(CdcLakeProperties.HOST_SCOPE, "flink:job-1:op").containsEntry(CdcLakeProperties.HOST_SEQUENCE, "5")
        .containsEntry("k", "v");

    // another scope (a new job) and a later sequence commit
    ChangeWriter w2 = ChangeWriter.upsert(f.reload(t), WriterOptions.defaults(), Checkpoint.EMPTY);
    w2.write(insert(2, row(2, "b", "x", null)));
    assertThat(restored.commit(List.of(w2.complete(0)), Map.of(), new HostCommit("flink:job-2:op", 1)).status())
        .isEqualTo(CommitOutcome.Status.COMMITTED);
    assertThat(Fixture.byId(f.reload(t))).containsOnlyKeys(1L, 2L);
    assertThat(ChangeCommitter.create(f.reload(t), "engine").committedSequence("flink:job-1:op")).isEqualTo(5);
    assertThat(ChangeCommitter.create(f.reload(t), "engine").committedSequence("flink:job-2:op")).isEqualTo(1);
    assertThat(ChangeCommitter.create(f.reload(t), "other").committedSequence("flink:job-2:op")).isEqualTo(-1);
  }

  @Test
  void hostCommitNeedsAScopeAndANonNegativeSequence() {
    assertThatThrownBy(() -> new HostCommit("", 1)).hasMessageContaining("scope");
    assertThatThrownBy(() -> new HostCommit("s", -1)).hasMessageContaining("negative sequence");
  }

  private static long n;

  private static ChangeEvent put(long id, String name) {
    n++;
    return ChangeEvent.builder(Op.INSERT).table(ORDERS).key(Row.of("id", id)).after(Row.of("id", id, "name", name))
        .position(SourcePosition.of("postgresql", PG, n, n)).transport(TransportPosition.kafka("orders", 0, n)).build();
  }

  private static ChangeEvent putWithNote(long id, String name, String note) {
    n++;
    return ChangeEvent.builder(Op.INSERT).table(ORDERS).key(Row.of("id", id)).after(Row.of("id", id, "name", name, "note", note))
        .position(SourcePosition.of("postgresql", PG, n, n)).transport(TransportPosition.kafka("orders", 0, n)).build();
  }

  private static ChangeEvent truncate() {
    n++;
    return ChangeEvent.builder(Op.TRUNCATE).table(ORDERS).position(SourcePosition.of("postgresql", PG, n, n))
        .transport(TransportPosition.kafka("orders", 0, n)).build();
  }

  @Test
  void aTruncateSeenByEveryTaskRemovesWhatEveryTaskWroteBeforeItAndKeepsWhatCameAfter() {
    HostSettings settings = HostSettings.embedded("engine", dir).build();
    try (TaskWriter a = settings.newTaskWriter(0, 0); TaskWriter b = settings.newTaskWriter(1, 0);
        TablesCommitter committer = settings.newCommitter()) {
      // batch 1: rows in both tasks
      a.write(put(1, "a1"));
      b.write(put(2, "b2"));
      List<WriteResult> first = new ArrayList<>(a.complete());
      first.addAll(b.complete());
      committer.commit(new HostCommit("test", 1), first, Map.of());
      // batch 2: before the truncate, the truncate (in both tasks, in input order), after it; a schema change in task a
      a.write(put(3, "a3"));
      b.write(put(4, "b4"));
      ChangeEvent trunc = truncate();
      a.write(trunc);
      b.write(trunc);
      a.write(put(5, "a5"));
      a.write(putWithNote(7, "a7", "new column"));
      b.write(put(6, "b6"));
      List<WriteResult> second = new ArrayList<>(a.complete());
      second.addAll(b.complete());
      assertThat(second).extracting(WriteResult::batch).contains(0L, 1L << 32, (1L << 32) | 1);
      List<TablesCommitter.TableOutcome> outcomes = committer.commit(new HostCommit("test", 2), second, Map.of("x", "y"));
      assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.outcome().status()).isEqualTo(CommitOutcome.Status.COMMITTED));

      Table t = settings.loadCatalog().loadTable(TableIdentifier.of("shop", "orders"));
      TreeMap<Long, Map<String, Object>> rows = Fixture.byId(t);
      assertThat(rows).containsOnlyKeys(5L, 6L, 7L);
      assertThat(rows.get(7L)).containsEntry("note", "new column");
      assertThat(rows.get(5L)).containsEntry("note", null);
      int snapshots = snapshots(t).size();

      // the same host commit again: nothing changes
      assertThat(committer.commit(new HostCommit("test", 2), second, Map.of()))
          .allSatisfy(o -> assertThat(o.outcome().status()).isEqualTo(CommitOutcome.Status.ALREADY_COMMITTED));
      try (TablesCommitter fresh = settings.newCommitter()) {
        assertThat(fresh.commit(new HostCommit("test", 2), second, Map.of()))
            .allSatisfy(o -> assertThat(o.outcome().status()).isEqualTo(CommitOutcome.Status.ALREADY_COMMITTED));
        assertThat(fresh.committedSequence(t.name(), "test")).isEqualTo(2);
      }
      t.refresh();
      assertThat(snapshots(t)).hasSize(snapshots);
      assertThat(Fixture.byId(t)).containsOnlyKeys(5L, 6L, 7L);
    }
  }

  private static ChangeEvent keyChange(long from, long to, String name) {
    n++;
    return ChangeEvent.builder(Op.UPDATE).table(ORDERS).key(Row.of("id", to)).before(Row.of("id", from, "name", "old", "note", "x"))
        .after(Row.of("id", to, "name", name, "note", "x")).position(SourcePosition.of("postgresql", PG, n, n))
        .transport(TransportPosition.kafka("orders", 0, n)).build();
  }

  /**
   * Regression: a task that opened the table after another task evolved it has no split where the
   * other has one; the key change's new-key task must not delete the old key, or its delete (in a
   * later split) removes the old key's re-insert that the old key's task wrote in an earlier split.
   */
  @Test
  void aKeyChangeAcrossTasksWithSplitsAtDifferentPlacesKeepsTheReinsertedOldKey() {
    HostSettings settings = HostSettings.embedded("engine", dir).build();
    EventRouter router = EventRouter.of(settings, 2);
    long k2 = 1;
    long k1 = 2;
    while (router.task(router.keyOf(put(k1, "probe"))) == router.task(router.keyOf(put(k2, "probe")))) {
      k1++;
    }
    long y2 = k1 + 1;
    while (router.task(router.keyOf(put(y2, "probe"))) != router.task(router.keyOf(put(k2, "probe")))) {
      y2++;
    }
    try (TaskWriter a = settings.newTaskWriter(0, 0); TaskWriter b = settings.newTaskWriter(1, 0);
        TablesCommitter committer = settings.newCommitter()) {
      List<TaskWriter> tasks = List.of(a, b);
      List<ChangeEvent> stream = List.of(put(100 + k2, "first"), putWithNote(y2, "y", "evolves"), putWithNote(k1, "k1", "late"),
          keyChange(k1, k2, "moved"), putWithNote(k1, "k1 again", "back"));
      // the first event goes to k2's task too, so that task creates the table before the column appears
      int first = router.task(router.keyOf(put(k2, "probe")));
      tasks.get(first).write(stream.get(0));
      for (ChangeEvent e : stream.subList(1, stream.size())) {
        router.route(e, (ev, task) -> tasks.get(task).write(ev));
      }
      List<WriteResult> results = new ArrayList<>(a.complete());
      results.addAll(b.complete());
      assertThat(results).extracting(WriteResult::batch).contains(0L, 1L); // the splits fall differently
      committer.commit(new HostCommit("test", 1), results, Map.of());
      Table t = settings.loadCatalog().loadTable(TableIdentifier.of("shop", "orders"));
      TreeMap<Long, Map<String, Object>> rows = Fixture.byId(t);
      assertThat(rows).containsOnlyKeys(100 + k2, y2, k1, k2);
      assertThat(rows.get(k1)).containsEntry("name", "k1 again");
      assertThat(rows.get(k2)).containsEntry("name", "moved");
    }
  }

  private static List<Snapshot> snapshots(Table t) {
    List<Snapshot> out = new ArrayList<>();
    t.snapshots().forEach(out::add);
    return out;
  }
}
