package io.cdclake.flink.internal;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.EventBinary;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializes {@link ChangeEvent}s with {@link EventBinary}, length-prefixed. Events are immutable: copies are the same object. */
public final class ChangeEventSerializer extends TypeSerializerSingleton<ChangeEvent> {
  private static final long serialVersionUID = 1L;
  public static final ChangeEventSerializer INSTANCE = new ChangeEventSerializer();

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public ChangeEvent createInstance() {
    return null;
  }

  @Override
  public ChangeEvent copy(ChangeEvent from) {
    return from;
  }

  @Override
  public ChangeEvent copy(ChangeEvent from, ChangeEvent reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(ChangeEvent record, DataOutputView target) throws IOException {
    byte[] b = EventBinary.toBytes(record);
    target.writeInt(b.length);
    target.write(b);
  }

  @Override
  public ChangeEvent deserialize(DataInputView source) throws IOException {
    byte[] b = new byte[source.readInt()];
    source.readFully(b);
    return EventBinary.fromBytes(b);
  }

  @Override
  public ChangeEvent deserialize(ChangeEvent reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    byte[] b = new byte[source.readInt()];
    source.readFully(b);
    target.writeInt(b.length);
    target.write(b); // DataOutputView.write(DataInputView, n) does not grow every view's buffer
  }

  @Override
  public TypeSerializerSnapshot<ChangeEvent> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot (restores the singleton). */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<ChangeEvent> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
