package io.cdclake.iceberg;

import static io.cdclake.iceberg.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
  @TempDir
  Path dir;

  @Test
  void upsertsAndDeletesReadBack() {
    Fixture f = new Fixture(dir);
    Table t = f.partitioned("orders");
    ChangeCommitter c = ChangeCommitter.create(t, "w1");
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults(), c.checkpoint());
    writeAndCommit(w, c, 1, List.of(insert(1, row(1, "a", "x", "n1")), insert(2, row(2, "b", "x", "n2")), insert(3, row(3, "c", "y", null))));
    assertThat(byId(t)).hasSize(3);
    writeAndCommit(w, c, 2, List.of(update(4, row(1, "a", "x", "n1"), row(1, "a2", "y", "n1")), deleteByKey(5, 2),
        update(6, null, unchanged(3, "c2", "z"))));
    assertThat(byId(t)).containsOnlyKeys(1L, 3L);
    assertThat(byId(t).get(1L)).isEqualTo(map("id", 1L, "name", "a2", "cat", "y", "note", "n1"));
    assertThat(byId(t).get(3L)).isEqualTo(map("id", 3L, "name", "c2", "cat", "z", "note", null));
    assertThat(ChangeCommitter.readCheckpoint(t, "w1").offset("orders", "0")).isEqualTo("6");
  }
}
