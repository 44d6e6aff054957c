package io.cdclake.iceberg;

import static io.cdclake.iceberg.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.iceberg.UpsertSemanticsTest.Step;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Row;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Regressions: an UNCHANGED column takes the value of its own row's version before the change, never
 * another key's row nor a later version.
 *
 * <p>Bug 1, found by {@link UpsertModelPropertyTest} (jqwik seed -8191018414216438618, try 63, sample
 * seed -6344, partitioned table): a key change 1→2 with UNCHANGED {@code note} and a key-only
 * before-image is delivered again after key 1 was re-used by a later change; the replay took key 1's
 * current row as the source and gave key 2 key 1's new note. Main fixed the common path the same day
 * (35693cd: an event at the key's last applied position is a duplicate and skipped); the writer now also
 * never takes UNCHANGED columns from an old key the position cache shows changed after the event, which
 * covers a re-delivery whose new key's position was evicted ({@link #aKeyChangeDeliveredAgainAfterTheNewKeysPositionWasEvicted}).
 *
 * <p>Bug 2, found while checking {@link ChangeWriter#upsertForRoutedTask}: {@link EventRouter} sent the
 * old key's delete before the key-changing update, so a task owning both keys deleted the old row first
 * and the update's UNCHANGED columns came out NULL. The router now sends the update first.
 *
 * <p>Each case is the reduced event sequence, batch by batch, with the table expected after each commit;
 * a re-delivered event carries a new transport offset, as a source re-sending it does.
 */
class UnchangedSourceRegressionTest {
  @TempDir
  Path dir;

  static Stream<Arguments> replayedKeyChanges() {
    ChangeEvent moveOneToTwo = update(2, Row.of("id", 1L), unchanged(2, "a", "x"));
    ChangeEvent moveOneToTwoAt3 = moveOneToTwo.toBuilder().position(pos(3)).transport(tp(3)).build();
    return Stream.of(
        Arguments.of("a replayed key change whose old key was re-inserted keeps the moved row's value", List.of(
            UpsertSemanticsTest.step(List.of(insert(1, row(1, "a", "x", "mine")), moveOneToTwo, insert(3, row(1, "b", "y", "other"))),
                r(1, "b", "y", "other"), r(2, "a", "x", "mine")),
            UpsertSemanticsTest.step(List.of(moveOneToTwo.withTransport(tp(4))),
                r(1, "b", "y", "other"), r(2, "a", "x", "mine")))),
        Arguments.of("a replayed key change whose old key was re-used by another key change (the property's sample)", List.of(
            UpsertSemanticsTest.step(List.of(insert(1, row(4, "d", "y", "note3")), insert(2, row(1, "a", "z", null)), moveOneToTwoAt3),
                r(2, "a", "x", null), r(4, "d", "y", "note3")),
            UpsertSemanticsTest.step(List.of(update(4, row(4, "d", "y", "note3"), unchanged(1, "d", "y"))),
                r(1, "d", "y", "note3"), r(2, "a", "x", null)),
            UpsertSemanticsTest.step(List.of(moveOneToTwoAt3.withTransport(tp(5)), update(6, row(1, "d", "y", "note3"), row(1, "e", "z", "note3"))),
                r(1, "e", "z", "note3"), r(2, "a", "x", null)))));
  }

  static Stream<Arguments> keyChangesInOneTask() {
    return Stream.of(
        Arguments.of("a key change takes UNCHANGED columns from the old row written in the same batch", List.of(
            UpsertSemanticsTest.step(List.of(insert(1, row(1, "a", "x", "mine")), update(2, Row.of("id", 1L), unchanged(2, "a", "x"))),
                r(2, "a", "x", "mine")))),
        Arguments.of("a key change takes UNCHANGED columns from the committed old row", List.of(
            UpsertSemanticsTest.step(List.of(insert(1, row(1, "a", "x", "mine"))), r(1, "a", "x", "mine")),
            UpsertSemanticsTest.step(List.of(update(2, Row.of("id", 1L), unchanged(1, "b", "x")), update(3, Row.of("id", 1L),
                unchanged(2, "b", "y"))), r(2, "b", "y", "mine")))));
  }

  static Map<String, Object> r(long id, String name, String cat, String note) {
    return UpsertSemanticsTest.r(id, name, cat, note);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replayedKeyChanges")
  void partitionedTableWithRowCache(String name, List<Step> steps) {
    run(new Fixture(dir).partitioned("t"), steps, WriterOptions.defaults(), false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replayedKeyChanges")
  void unpartitionedTableWithoutRowCacheInSmallDeltas(String name, List<Step> steps) {
    run(new Fixture(dir).keyed("t"), steps, WriterOptions.defaults().withRowCacheSize(0).withMaxBufferedEvents(2), false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"replayedKeyChanges", "keyChangesInOneTask"})
  void routedTaskOwningBothKeys(String name, List<Step> steps) {
    run(new Fixture(dir).keyed("t"), steps, WriterOptions.defaults(), true);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"replayedKeyChanges", "keyChangesInOneTask"})
  void routedTaskOwningBothKeysOneEventPerDelta(String name, List<Step> steps) {
    run(new Fixture(dir).partitioned("t"), steps, WriterOptions.defaults().withRowCacheSize(0).withMaxBufferedEvents(1), true);
  }

  /**
   * Bug 1 past the duplicate check: one batch in deltas of two events, a position cache of two keys; when the key
   * change comes again key 2's position is evicted (so it is not a duplicate) while key 1's shows the re-insert.
   */
  @org.junit.jupiter.api.Test
  void aKeyChangeDeliveredAgainAfterTheNewKeysPositionWasEvicted() {
    ChangeEvent move = update(2, Row.of("id", 1L), unchanged(2, "a", "x"));
    List<ChangeEvent> batch = List.of(insert(1, row(1, "a", "x", "mine")), move, insert(3, row(1, "b", "y", "other")),
        insert(4, row(3, "c", "z", null)), move.withTransport(tp(5)));
    for (Table t : List.of(new Fixture(dir).keyed("k"), new Fixture(dir).partitioned("p"))) {
      ChangeCommitter c = ChangeCommitter.create(t, "job", new CommitterOptions(3, 1, true, true));
      ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults().withMaxBufferedEvents(2).withPositionCacheSize(2), c.checkpoint());
      writeAndCommit(w, c, 1, batch);
      assertThat(byId(t)).as(t.name()).isEqualTo(new java.util.TreeMap<>(Map.of(1L, r(1, "b", "y", "other"), 2L, r(2, "a", "x", "mine"),
          3L, r(3, "c", "z", null))));
    }
  }

  /** Routed: one task owns every key, so it takes each event and the old key's delete the router adds for a key change. */
  private static void run(Table t, List<Step> steps, WriterOptions opts, boolean routed) {
    ChangeCommitter c = ChangeCommitter.create(t, "job", new CommitterOptions(3, 1, true, true));
    ChangeWriter w = routed ? ChangeWriter.upsertForRoutedTask(t, opts, c.checkpoint()) : ChangeWriter.upsert(t, opts, c.checkpoint());
    EventRouter router = new EventRouter(1, null);
    long batch = 0;
    for (Step s : steps) {
      for (ChangeEvent e : s.batch()) {
        if (routed) {
          router.route(e, (ev, task) -> w.write(ev));
        } else {
          w.write(e);
        }
      }
      CommitOutcome o = c.commit(List.of(w.complete(++batch)));
      w.committed(o.checkpoint());
      assertThat(byId(t)).as("after batch %d", batch).isEqualTo(s.expected());
    }
  }
}
