package io.cdclake.codec.debezium.internal;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.RawMessage;

/** Placeholder until the Avro path lands. */
final class AvroMessageDecoder {
  AvroMessageDecoder(Options o, Placeholder p, CallerSchemas c) {}

  ChangeEvent decode(RawMessage m) {
    throw new UnsupportedOperationException("avro");
  }

  ChangeEvent tombstone(RawMessage m) {
    throw new UnsupportedOperationException("avro");
  }
}
