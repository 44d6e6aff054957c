package io.cdclake.codec.debezium;

import org.apache.avro.Schema;

/**
 * Finds the Avro writer schema of a Confluent-framed message by its schema id. Implementations are
 * thread-safe and may cache (registry ids are immutable).
 */
@FunctionalInterface
public interface SchemaLookup {
  /**
   * @return the schema registered under {@code id}; never null
   * @throws io.cdclake.model.DecodeException or another unchecked exception when the schema cannot be found
   */
  Schema schema(int id);
}
