package io.cdclake.iceberg;

import static io.cdclake.iceberg.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELIABILITY.md item 19: equality-delete files stay within the policy; compaction gives clean data files with the same rows. */
class CompactionPolicyTest {
  @TempDir
  Path dir;

  @Test
  void deleteFilesStayWithinThePolicyAndCompactionKeepsTheRows() {
    Table t = new Fixture(dir).partitioned("t");
    ChangeCommitter c = ChangeCommitter.create(t, "job");
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults(), c.checkpoint());
    int maxDeleteFiles = 4;
    int compactions = 0;
    for (int b = 0; b < 8; b++) {
      long p = b * 10L;
      writeAndCommit(w, c, b, List.of(insert(p + 1, row(b, "n" + b, b % 2 == 0 ? "x" : "y", null)),
          update(p + 2, null, row(0, "v" + b, b % 3 == 0 ? "x" : "z", "n"))));
      Map<Long, Map<String, Object>> before = byId(t);
      Compaction.Result r = Compaction.compactIfNeeded(t, maxDeleteFiles);
      if (r.compacted()) {
        compactions++;
        assertThat(Compaction.deleteFiles(t)).isZero();
        assertThat(r.rows()).isEqualTo(before.size());
      }
      assertThat(Compaction.deleteFiles(t)).isLessThanOrEqualTo(maxDeleteFiles);
      assertThat(byId(t)).isEqualTo(before);
    }
    assertThat(compactions).isPositive();
    assertThat(byId(t)).hasSize(8);
    assertThat(byId(t).get(0L).get("name")).isEqualTo("v7");
  }
}
