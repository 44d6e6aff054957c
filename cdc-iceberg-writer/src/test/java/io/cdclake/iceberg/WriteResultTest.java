package io.cdclake.iceberg;

import static io.cdclake.iceberg.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteResultTest {
  @TempDir
  Path dir;

  private WriteResult sample(Table t) {
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults().withMaxBufferedEvents(2), Checkpoint.EMPTY);
    for (var e : List.of(insert(1, row(1, "a", "x", null)), insert(2, row(2, "b", "y", null)), update(3, null, row(1, "c", "y", null)))) {
      w.write(e);
    }
    return w.complete(7);
  }

  private static List<String> paths(WriteResult r) {
    return r.files().stream().map(ContentFile::location).toList();
  }

  @Test
  void survivesJavaSerializationAndCommits() throws Exception {
    Table t = new Fixture(dir).partitioned("t");
    WriteResult r = sample(t);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(r);
    }
    WriteResult back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (WriteResult) in.readObject();
    }
    assertThat(paths(back)).isEqualTo(paths(r));
    assertThat(back.covers()).isEqualTo(r.covers());
    assertThat(back.batch()).isEqualTo(7);
    assertThat(back.deltas()).hasSize(2);
    ChangeCommitter.create(t, "job").commit(List.of(back));
    assertThat(byId(t)).containsOnlyKeys(1L, 2L);
    assertThat(byId(t).get(1L).get("name")).isEqualTo("c");
  }

  @Test
  void survivesJsonAndCommits() {
    Table t = new Fixture(dir).partitioned("t");
    WriteResult r = sample(t);
    String json = r.toJson(t);
    WriteResult back = WriteResult.fromJson(json, t);
    assertThat(paths(back)).isEqualTo(paths(r));
    assertThat(back.covers()).isEqualTo(r.covers());
    assertThat(back.toJson(t)).isEqualTo(json);
    assertThat(back.deltas().get(0).deleteFiles().get(0).equalityFieldIds()).containsExactly(1);
    ChangeCommitter.create(t, "job").commit(List.of(back));
    assertThat(byId(t).get(1L).get("name")).isEqualTo("c");
  }
}
