package io.cdclake.iceberg;

import static io.cdclake.iceberg.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.Transaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RELIABILITY.md "Upsert semantics": table-driven, batches of events in, the expected table after each commit out. */
class UpsertSemanticsTest {
  @TempDir
  Path dir;

  record Step(List<ChangeEvent> batch, Map<Long, Map<String, Object>> expected) {
  }

  static Step step(List<ChangeEvent> batch, Object... rows) {
    TreeMap<Long, Map<String, Object>> exp = new TreeMap<>();
    for (Object r : rows) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) r;
      exp.put((Long) m.get("id"), m);
    }
    return new Step(batch, exp);
  }

  static Map<String, Object> r(long id, String name, String cat, String note) {
    return map("id", id, "name", name, "cat", cat, "note", note);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("9: insert, delete, insert of one key in a batch", List.of(
            step(List.of(insert(1, row(1, "a", "x", null)), delete(2, row(1, "a", "x", null)), insert(3, row(1, "b", "y", null))),
                r(1, "b", "y", null)))),
        Arguments.of("9: update, update of one key in a batch", List.of(
            step(List.of(insert(1, row(1, "a", "x", "n"))), r(1, "a", "x", "n")),
            step(List.of(update(2, row(1, "a", "x", "n"), row(1, "b", "x", "n")), update(3, row(1, "b", "x", "n"), row(1, "c", "y", "m"))),
                r(1, "c", "y", "m")))),
        Arguments.of("11: an update that moves the row's partition leaves no copy behind", List.of(
            step(List.of(insert(1, row(1, "a", "x", null)), insert(2, row(2, "b", "x", null))), r(1, "a", "x", null), r(2, "b", "x", null)),
            step(List.of(update(3, row(1, "a", "x", null), row(1, "a", "y", null))), r(1, "a", "y", null), r(2, "b", "x", null)),
            step(List.of(update(4, null, row(2, "b", "z", null))), r(1, "a", "y", null), r(2, "b", "z", null)))),
        Arguments.of("12: a key-only delete on a partitioned table removes the row", List.of(
            step(List.of(insert(1, row(1, "a", "x", null)), insert(2, row(2, "b", "y", null))), r(1, "a", "x", null), r(2, "b", "y", null)),
            step(List.of(deleteByKey(3, 1)), r(2, "b", "y", null)))),
        Arguments.of("13: a delete of a key inserted in the same batch", List.of(
            step(List.of(insert(1, row(1, "a", "x", null)), insert(2, row(2, "b", "x", null)), deleteByKey(3, 1)), r(2, "b", "x", null)))),
        Arguments.of("15: an event older than the applied one is skipped", List.of(
            step(List.of(insert(1, row(1, "a", "x", null)), update(5, null, row(1, "new", "x", null))), r(1, "new", "x", null)),
            step(List.of(update(3, null, row(1, "old", "y", null))), r(1, "new", "x", null)))),
        Arguments.of("16: interleaved transactions order by commit position, then event position", List.of(
            step(List.of(tx(100, 95, "T1", update(0, null, row(1, "from T1", "x", null))),
                tx(90, 85, "T2", insert(0, row(1, "from T2", "x", null)))), r(1, "from T1", "x", null)))),
        Arguments.of("17: the same event twice, in one batch and again in the next", List.of(
            step(List.of(insert(1, row(1, "a", "x", null)), insert(1, row(1, "a", "x", null)), update(2, null, row(1, "b", "y", null)),
                update(2, null, row(1, "b", "y", null))), r(1, "b", "y", null)),
            step(List.of(update(2, null, row(1, "b", "y", null))), r(1, "b", "y", null)))),
        Arguments.of("18: truncate clears the table; later rows of the batch stay", List.of(
            step(List.of(insert(1, row(1, "a", "x", null)), insert(2, row(2, "b", "y", null))), r(1, "a", "x", null), r(2, "b", "y", null)),
            step(List.of(insert(3, row(3, "c", "x", null)), truncate(4), insert(5, row(4, "d", "y", null))), r(4, "d", "y", null)),
            step(List.of(truncate(6))))),
        Arguments.of("UNCHANGED columns keep the current value (cache, before-image, table)", List.of(
            step(List.of(insert(1, row(1, "a", "x", "big")), insert(2, row(2, "b", "y", "toast"))), r(1, "a", "x", "big"), r(2, "b", "y", "toast")),
            step(List.of(update(3, null, unchanged(1, "a2", "x")), update(4, row(2, "b", "y", "toast"), unchanged(2, "b2", "z"))),
                r(1, "a2", "x", "big"), r(2, "b2", "z", "toast")))));
  }

  static ChangeEvent tx(long commitLsn, long lsn, String id, ChangeEvent e) {
    return e.toBuilder().position(SourcePosition.of("postgresql", PG, commitLsn, lsn)).transaction(Transaction.of(id))
        .transport(tp(lsn)).build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void partitionedTableMatchesAfterEachCommit(String name, List<Step> steps) {
    run(new Fixture(dir).partitioned("t"), steps, WriterOptions.defaults());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void unpartitionedTableWithoutRowCacheMatchesAfterEachCommit(String name, List<Step> steps) {
    run(new Fixture(dir).keyed("t"), steps, WriterOptions.defaults().withRowCacheSize(0).withMaxBufferedEvents(2));
  }

  private static void run(Table t, List<Step> steps, WriterOptions opts) {
    ChangeCommitter c = ChangeCommitter.create(t, "job", new CommitterOptions(3, 1, true, true));
    ChangeWriter w = ChangeWriter.upsert(t, opts, c.checkpoint());
    long batch = 0;
    for (Step s : steps) {
      writeAndCommit(w, c, ++batch, s.batch());
      assertThat(byId(t)).as("after batch %d", batch).isEqualTo(s.expected());
    }
  }

  @Test
  void staleEventsAreCounted() {
    Table t = new Fixture(dir).keyed("t");
    ChangeCommitter c = ChangeCommitter.create(t, "job");
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults(), c.checkpoint());
    writeAndCommit(w, c, 1, List.of(insert(5, row(1, "new", "x", null))));
    writeAndCommit(w, c, 2, List.of(update(3, null, row(1, "old", "x", null)), deleteByKey(4, 1)));
    assertThat(w.counters().stale()).isEqualTo(2);
    assertThat(byId(t).get(1L).get("name")).isEqualTo("new");
  }

  /**
   * Regression (UpsertModelPropertyTest seed 3963828378): a key change with an UNCHANGED column
   * delivered again after its old key was reused took the column from the old key's new row. The
   * same position for the same key is the same event: it is skipped, never applied twice.
   */
  @Test
  void aKeyChangeDeliveredAgainAfterItsOldKeyWasReusedChangesNothing() {
    Table t = new Fixture(dir).keyed("t");
    ChangeCommitter c = ChangeCommitter.create(t, "job");
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults(), c.checkpoint());
    ChangeEvent move = update(2, Row.of("id", 1L), unchanged(2, "a", "x"));
    writeAndCommit(w, c, 1, List.of(insert(1, row(1, "a", "x", null)), move));
    writeAndCommit(w, c, 2, List.of(insert(3, row(1, "b", "x", "reused"))));
    writeAndCommit(w, c, 3, List.of(move.withTransport(tp(4))));
    assertThat(byId(t).get(2L)).as("the moved row keeps its own note").containsEntry("note", null).containsEntry("name", "a");
    assertThat(byId(t).get(1L)).containsEntry("note", "reused");
    assertThat(w.counters().stale()).isEqualTo(1);
  }

  @Test
  void afterARestartTheLaneHighWaterMarkSkipsRedeliveredEvents() {
    Fixture f = new Fixture(dir);
    Table t = f.keyed("t");
    ChangeCommitter c = ChangeCommitter.create(t, "job");
    writeAndCommit(ChangeWriter.upsert(t, WriterOptions.defaults(), c.checkpoint()), c, 1,
        List.of(insert(1, row(1, "a", "x", null)), update(2, null, row(1, "b", "x", null))));
    // restart: empty caches; the source re-delivers event 1 at a new transport offset
    ChangeCommitter c2 = ChangeCommitter.create(f.reload(t), "job");
    ChangeWriter w2 = ChangeWriter.upsert(c2.table(), WriterOptions.defaults(), c2.checkpoint());
    writeAndCommit(w2, c2, 2, List.of(insert(1, row(1, "a", "x", null)).withTransport(tp(3))));
    assertThat(w2.counters().staleByWatermark()).isEqualTo(1);
    assertThat(byId(t).get(1L).get("name")).isEqualTo("b");
  }

  /**
   * Regression (UpsertModelPropertyTest with a position cache of one key): an old event delivered again in the same batch,
   * after its key's position was evicted, was applied over the key's newer row; its row went to its own old partition
   * and the newer row stayed in the other one (two rows for the key). The open batch's own positions find it.
   */
  @Test
  void aReDeliveryInsideTheBatchOfAKeyTheCacheEvictedIsSkipped() {
    Table t = new Fixture(dir).partitioned("t");
    ChangeCommitter c = ChangeCommitter.create(t, "job");
    WriterOptions tiny = WriterOptions.defaults().withPositionCacheSize(1).withMaxBufferedEvents(1);
    ChangeWriter w = ChangeWriter.upsert(t, tiny, c.checkpoint());
    writeAndCommit(w, c, 1, List.of(insert(1, row(2, "a", "z", null)), update(2, null, row(2, "b", "x", null)),
        insert(3, row(1, "c", "y", null)), insert(1, row(2, "a", "z", null)).withTransport(tp(4))));
    assertThat(byId(t)).isEqualTo(Map.of(1L, r(1, "c", "y", null), 2L, r(2, "b", "x", null)));
    assertThat(w.counters().stale()).isEqualTo(1);
  }

  /**
   * The same in a later batch whose predecessor's commit the writer was never told about (engine hosts): the lane's
   * high-water mark of the batches the writer completed finds it.
   */
  @Test
  void aReDeliveryInALaterBatchOfAKeyTheCacheEvictedIsSkippedBeforeTheCommitIsReported() {
    Table t = new Fixture(dir).partitioned("t");
    ChangeCommitter c = ChangeCommitter.create(t, "job");
    WriterOptions tiny = WriterOptions.defaults().withPositionCacheSize(1).withMaxBufferedEvents(1);
    ChangeWriter w = ChangeWriter.upsert(t, tiny, c.checkpoint());
    for (ChangeEvent e : List.of(insert(1, row(2, "a", "z", null)), update(2, null, row(2, "b", "x", null)))) {
      w.write(e);
    }
    c.commit(List.of(w.complete(1)));
    for (ChangeEvent e : List.of(insert(3, row(1, "c", "y", null)), insert(1, row(2, "a", "z", null)).withTransport(tp(4)))) {
      w.write(e);
    }
    c.commit(List.of(w.complete(2)));
    assertThat(byId(t)).isEqualTo(Map.of(1L, r(1, "c", "y", null), 2L, r(2, "b", "x", null)));
    assertThat(w.counters().staleByWatermark()).isEqualTo(1);
  }

  @Test
  void keyOnlyDeletesOnAPartitionedTableAreGlobalDeletes() throws Exception {
    Table t = new Fixture(dir).partitioned("t");
    ChangeCommitter c = ChangeCommitter.create(t, "job");
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults().withRowCacheSize(0), c.checkpoint());
    writeAndCommit(w, c, 1, List.of(insert(1, row(1, "a", "x", null))));
    writeAndCommit(w, c, 2, List.of(deleteByKey(2, 1)));
    assertThat(w.counters().globalDeletes()).isEqualTo(1);
    assertThat(byId(t)).isEmpty();
    int unpartitioned = t.specs().values().stream().filter(PartitionSpec::isUnpartitioned).findFirst().orElseThrow().specId();
    List<Integer> deleteSpecs = new ArrayList<>();
    t.refresh();
    for (var m : t.currentSnapshot().deleteManifests(t.io())) {
      try (var files = org.apache.iceberg.ManifestFiles.readDeleteManifest(m, t.io(), t.specs())) {
        for (DeleteFile d : files) {
          deleteSpecs.add(d.specId());
        }
      }
    }
    assertThat(deleteSpecs).contains(unpartitioned);
  }

  @Test
  void aPartitionOutsideTheKeyWithoutAnUnpartitionedSpecFailsAtSetup() {
    Fixture f = new Fixture(dir);
    Table t = f.catalog.createTable(TableIdentifier.of("db", "bare"), SCHEMA, PartitionSpec.builderFor(SCHEMA).identity("cat").build(),
        Map.of("format-version", "2"));
    assertThatThrownBy(() -> ChangeWriter.upsert(t, WriterOptions.defaults(), Checkpoint.EMPTY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no unpartitioned spec")
        .hasMessageContaining("TableSetup.ensureGlobalDeleteSpec");
    TableSetup.ensureGlobalDeleteSpec(t);
    t.refresh();
    assertThat(t.spec().isPartitioned()).isTrue();
    ChangeCommitter c = ChangeCommitter.create(t, "job");
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults(), c.checkpoint());
    writeAndCommit(w, c, 1, List.of(insert(1, row(1, "a", "x", null))));
    writeAndCommit(w, c, 2, List.of(update(2, null, row(1, "a", "y", null))));
    assertThat(byId(t)).containsOnlyKeys(1L);
  }

  @Test
  void aColumnAddedInTheMiddleOfABatchSplitsItIntoTwoCommitsInOrder() {
    Table t = new Fixture(dir).keyed("t");
    ChangeCommitter c = ChangeCommitter.create(t, "job");
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults(), c.checkpoint());
    // the batch: two rows, then ALTER TABLE ADD COLUMN, then a row with the column and an update of an old row
    writeAndCommit(w, c, 1, List.of(insert(1, row(1, "a", "x", null)), insert(2, row(2, "b", "x", null))));
    t.updateSchema().addColumn("extra", Types.IntegerType.get()).commit();
    ChangeWriter w2 = ChangeWriter.upsert(t, WriterOptions.defaults(), c.checkpoint());
    writeAndCommit(w2, c, 2, List.of(
        insert(4, Row.of("id", 3L, "name", "c", "cat", "x", "note", null, "extra", 7)),
        update(5, null, Row.of("id", 1L, "name", "a2", "cat", "x", "note", null, "extra", 8))));
    assertThat(byId(t).get(2L).get("extra")).isNull();
    assertThat(byId(t).get(3L).get("extra")).isEqualTo(7);
    assertThat(byId(t).get(1L)).isEqualTo(map("id", 1L, "name", "a2", "cat", "x", "note", null, "extra", 8));
  }

  @Test
  void aBatchOverTheMemoryLimitCommitsAsSeveralRowDeltasInOneTransaction() {
    Table t = new Fixture(dir).keyed("t");
    ChangeCommitter c = ChangeCommitter.create(t, "job");
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults().withMaxBufferedEvents(2).withRowCacheSize(0), c.checkpoint());
    List<ChangeEvent> batch = List.of(insert(1, row(1, "a", "x", "keep")), insert(2, row(2, "b", "x", null)),
        update(3, null, unchanged(1, "a2", "x")), deleteByKey(4, 2), update(5, null, unchanged(1, "a3", "y")));
    CommitOutcome o = writeAndCommit(w, c, 1, batch);
    assertThat(o.snapshotIds()).hasSize(3);
    List<Long> seqs = o.snapshotIds().stream().map(id -> t.snapshot(id).sequenceNumber()).toList();
    assertThat(seqs).isSorted().doesNotHaveDuplicates();
    assertThat(byId(t)).isEqualTo(new TreeMap<>(Map.of(1L, map("id", 1L, "name", "a3", "cat", "y", "note", "keep"))));
  }

  @Test
  void precombineColumnDecidesAmongChangesOfOneKey() {
    Table t = new Fixture(dir).create("t", new org.apache.iceberg.Schema(List.of(
        Types.NestedField.required(1, "id", Types.LongType.get()), Types.NestedField.optional(2, "v", Types.StringType.get()),
        Types.NestedField.optional(3, "ts", Types.LongType.get())), java.util.Set.of(1)), io.cdclake.schema.TableConfig.DEFAULT);
    ChangeCommitter c = ChangeCommitter.create(t, "job");
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults().withPrecombineColumn("ts"), c.checkpoint());
    writeAndCommit(w, c, 1, List.of(upsertTs(1, "late", 20), upsertTs(1, "early", 10)));
    writeAndCommit(w, c, 2, List.of(upsertTs(1, "older still", 5)));
    assertThat(rows(t)).containsExactly(map("id", 1L, "v", "late", "ts", 20L));
  }

  private static ChangeEvent upsertTs(long id, String v, long ts) {
    return ChangeEvent.builder(Op.UPDATE).table(SOURCE).after(Row.of("id", id, "v", v, "ts", ts)).build();
  }
}
