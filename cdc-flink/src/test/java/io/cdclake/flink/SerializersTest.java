package io.cdclake.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.flink.internal.ChangeEventSerializer;
import io.cdclake.flink.internal.JavaSerializer;
import io.cdclake.flink.internal.WriterResults;
import io.cdclake.iceberg.HostSettings;
import io.cdclake.iceberg.TaskWriter;
import io.cdclake.iceberg.WriteResult;
import io.cdclake.model.ChangeEvent;
import io.cdclake.testsupport.GeneratedChanges;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerializersTest {
  @TempDir Path dir;

  @Test
  void changeEventsCrossTheNetworkAndTheSerializerSnapshotRestoresTheSameSerializer() throws IOException {
    List<ChangeEvent> events = GeneratedChanges.generate(3, 300, 10).events();
    DataOutputSerializer out = new DataOutputSerializer(1024);
    for (ChangeEvent e : events) {
      ChangeEventSerializer.INSTANCE.serialize(e, out);
    }
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    for (ChangeEvent e : events) {
      assertThat(ChangeEventSerializer.INSTANCE.deserialize(in)).isEqualTo(e);
    }
    // copy(DataInputView, DataOutputView) moves the bytes unchanged
    DataOutputSerializer copied = new DataOutputSerializer(1024);
    DataInputDeserializer again = new DataInputDeserializer(out.getCopyOfBuffer());
    for (int i = 0; i < events.size(); i++) {
      ChangeEventSerializer.INSTANCE.copy(again, copied);
    }
    assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());

    TypeSerializerSnapshot<ChangeEvent> snapshot = ChangeEventSerializer.INSTANCE.snapshotConfiguration();
    DataOutputSerializer snap = new DataOutputSerializer(64);
    snapshot.writeSnapshot(snap);
    TypeSerializerSnapshot<ChangeEvent> read = new ChangeEventSerializer.Snapshot();
    read.readSnapshot(snapshot.getCurrentVersion(), new DataInputDeserializer(snap.getCopyOfBuffer()), getClass().getClassLoader());
    assertThat(read.restoreSerializer()).isSameAs(ChangeEventSerializer.INSTANCE);
    TypeSerializerSchemaCompatibility<ChangeEvent> compat = ChangeEventSerializer.INSTANCE.snapshotConfiguration()
        .resolveSchemaCompatibility(read);
    assertThat(compat.isCompatibleAsIs()).isTrue();
  }

  @Test
  void committablesAndWriterResultsSurviveTheirSerializers() throws IOException {
    HostSettings settings = HostSettings.embedded("ser", dir).build();
    List<WriteResult> results;
    try (TaskWriter w = settings.newTaskWriter(0, 0)) {
      GeneratedChanges.generate(5, 200, 10).events().forEach(w::write);
      results = w.complete();
    }
    assertThat(results).isNotEmpty();
    JavaSerializer<CdcCommittable> committables = new JavaSerializer<>(CdcCommittable.class);
    CdcCommittable c = new CdcCommittable("job", "op", 7, results);
    CdcCommittable back = committables.deserialize(committables.getVersion(), committables.serialize(c));
    assertThat(back.scope()).isEqualTo("flink:job:op");
    assertThat(back.checkpointId()).isEqualTo(7);
    assertThat(back.results()).hasSameSizeAs(results);
    for (int i = 0; i < results.size(); i++) {
      assertThat(back.results().get(i).files()).extracting(f -> f.location())
          .containsExactlyElementsOf(results.get(i).files().stream().map(f -> f.location()).toList());
      assertThat(back.results().get(i).batch()).isEqualTo(results.get(i).batch());
      assertThat(back.results().get(i).covers()).isEqualTo(results.get(i).covers());
    }
    JavaSerializer<WriterResults> writerResults = new JavaSerializer<>(WriterResults.class);
    assertThat(writerResults.deserialize(1, writerResults.serialize(new WriterResults(1, results))).results()).hasSameSizeAs(results);
    assertThatThrownBy(() -> committables.deserialize(2, new byte[0])).hasMessageContaining("version=2");
  }
}
