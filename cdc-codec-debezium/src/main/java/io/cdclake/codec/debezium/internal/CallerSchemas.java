package io.cdclake.codec.debezium.internal;

import io.cdclake.model.TableSchema;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Compiled structs of caller-supplied table schemas, by identity; bounded (a slot per identity hash). Thread-safe. */
final class CallerSchemas {
  private record Slot(TableSchema schema, Struct struct) {}

  private final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(256);

  Struct struct(TableSchema schema, Options o) {
    int i = System.identityHashCode(schema) & 255;
    Slot s = slots.get(i);
    if (s != null && s.schema == schema) {
      return s.struct;
    }
    Struct compiled = SchemaCompiler.fromTable(schema, o);
    slots.set(i, new Slot(schema, compiled));
    return compiled;
  }
}
