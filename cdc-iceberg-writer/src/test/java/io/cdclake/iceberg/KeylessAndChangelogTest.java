package io.cdclake.iceberg;

import static io.cdclake.iceberg.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.Transaction;
import io.cdclake.schema.TableConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeylessAndChangelogTest {
  @TempDir
  Path dir;

  static ChangeEvent ins(long p, long a, String b) {
    return ChangeEvent.builder(Op.INSERT).table(SOURCE).after(Row.of("a", a, "b", b)).position(pos(p)).transport(tp(p)).build();
  }

  static ChangeEvent upd(long p, Row before, Row after) {
    return ChangeEvent.builder(Op.UPDATE).table(SOURCE).before(before).after(after).position(pos(p)).transport(tp(p)).build();
  }

  static ChangeEvent del(long p, Row before) {
    return ChangeEvent.builder(Op.DELETE).table(SOURCE).before(before).position(pos(p)).transport(tp(p)).build();
  }

  private static List<Map<String, Object>> sorted(Table t) {
    return rows(t).stream().sorted(Comparator.comparing((Map<String, Object> m) -> (Long) m.get("a"))
        .thenComparing(m -> String.valueOf(m.get("b")))).toList();
  }

  @Test
  void tablesWithoutKeyMatchFullBeforeImagesOnEveryColumn() {
    Table t = new Fixture(dir).create("nokey", KEYLESS, TableConfig.DEFAULT);
    assertThat(t.properties()).containsEntry(CdcLakeProperties.KEYLESS_MODE, "full-row-match");
    ChangeCommitter c = ChangeCommitter.create(t, "job");
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults(), c.checkpoint());
    writeAndCommit(w, c, 1, List.of(ins(1, 1, "x"), ins(2, 2, "y"), ins(3, 3, "z"),
        // inserted and deleted in the same batch: the delete cancels the insert
        del(4, Row.of("a", 3L, "b", "z"))));
    assertThat(sorted(t)).containsExactly(map("a", 1L, "b", "x"), map("a", 2L, "b", "y"));
    writeAndCommit(w, c, 2, List.of(upd(5, Row.of("a", 1L, "b", "x"), Row.of("a", 1L, "b", "x2")), del(6, Row.of("a", 2L, "b", "y")),
        ins(7, 2, "y")));
    assertThat(sorted(t)).containsExactly(map("a", 1L, "b", "x2"), map("a", 2L, "b", "y"));
  }

  @Test
  void identicalDuplicateRowsAreAllRemovedByOneDeleteADocumentedLimit() {
    Table t = new Fixture(dir).create("dups", KEYLESS, TableConfig.DEFAULT);
    ChangeCommitter c = ChangeCommitter.create(t, "job");
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults(), c.checkpoint());
    writeAndCommit(w, c, 1, List.of(ins(1, 1, "x"), ins(2, 1, "x")));
    writeAndCommit(w, c, 2, List.of(del(3, Row.of("a", 1L, "b", "x"))));
    assertThat(rows(t)).isEmpty(); // the database still has one copy
  }

  @Test
  void withoutFullBeforeImagesAKeylessUpdateFailsClearly() {
    Table t = new Fixture(dir).create("partial", KEYLESS, TableConfig.DEFAULT);
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults(), Checkpoint.EMPTY);
    w.write(upd(1, Row.of("a", 1L), Row.of("a", 1L, "b", "x")));
    assertThatThrownBy(() -> w.complete(1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("full before-image")
        .hasMessageNotContaining("x");
  }

  @Test
  void appendOnlyKeylessTablesSayWhatTheyAreAndSkipDeletes() {
    Fixture f = new Fixture(dir);
    Table t = TableSetup.createOrLoad(f.catalog, TableIdentifier.of("db", "log"), KEYLESS, TableConfig.DEFAULT,
        WriterOptions.KeylessPolicy.APPEND_ONLY);
    assertThat(t.properties()).containsEntry(CdcLakeProperties.KEYLESS_MODE, "append-only");
    ChangeCommitter c = ChangeCommitter.create(t, "job");
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults(), c.checkpoint());
    writeAndCommit(w, c, 1, List.of(ins(1, 1, "x"), upd(2, null, Row.of("a", 1L, "b", "x2")), del(3, Row.of("a", 1L))));
    assertThat(sorted(t)).containsExactly(map("a", 1L, "b", "x"), map("a", 1L, "b", "x2"));
    assertThat(w.counters().skippedKeylessDeletes()).isEqualTo(1);
  }

  @Test
  void changelogTablesAppendEveryEventWithItsMetadata() {
    Fixture f = new Fixture(dir);
    Table t = TableSetup.createOrLoad(f.catalog, TableIdentifier.of("db", "orders_changelog"), TableSetup.changelogSchema(SCHEMA),
        TableConfig.DEFAULT, null);
    assertThat(t.schema().identifierFieldIds()).isEmpty();
    assertThat(t.properties()).containsEntry(CdcLakeProperties.TABLE_KIND, "changelog");
    ChangeCommitter c = ChangeCommitter.create(t, "job");
    ChangeWriter w = ChangeWriter.changelog(t, WriterOptions.defaults());
    Instant at = Instant.parse("2024-05-01T10:00:00Z");
    writeAndCommit(w, c, 1, List.of(
        insert(1, row(1, "a", "x", null)).toBuilder().commitTime(at).transaction(Transaction.of("tx1")).build(),
        update(2, row(1, "a", "x", "keep"), unchanged(1, "b", "x")),
        deleteByKey(3, 1),
        truncate(4)));
    List<Map<String, Object>> rows = rows(t).stream().sorted(Comparator.comparing(m -> (String) m.get("_cdc_position"))).toList();
    assertThat(rows).extracting(m -> m.get("_cdc_op")).containsExactly("insert", "update", "delete", "truncate");
    assertThat(rows.get(0)).containsEntry("_cdc_tx", "tx1").containsEntry("_cdc_commit_ts", OffsetDateTime.of(2024, 5, 1, 10, 0, 0, 0,
        ZoneOffset.UTC)).containsEntry("_cdc_position", "postgresql:00000000000000000001/00000000000000000001");
    assertThat(rows.get(1)).containsEntry("name", "b").containsEntry("note", "keep");
    assertThat(rows.get(2)).containsEntry("id", 1L).containsEntry("name", null);
  }
}
