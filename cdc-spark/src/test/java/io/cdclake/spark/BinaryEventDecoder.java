package io.cdclake.spark;

import io.cdclake.model.ChangeDecoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.EventBinary;
import io.cdclake.model.RawMessage;
import java.io.InputStream;
import java.util.function.Consumer;

/** A codec for tests: each message value is one event in cdc-model's binary form. */
final class BinaryEventDecoder implements ChangeDecoder {
  @Override
  public void decode(RawMessage message, Consumer<? super ChangeEvent> out) {
    out.accept(EventBinary.fromBytes(message.value()));
  }

  @Override
  public void decodeStream(InputStream in, String streamName, Consumer<? super ChangeEvent> out) {
    throw new UnsupportedOperationException("one event per message");
  }
}
