package io.cdclake.model;

import java.util.Map;

/**
 * One transport message as a host received it: Kafka-style key, value and headers, or a Kinesis
 * record's data. Byte arrays are not copied (the hot path); callers must not change them after
 * handing them over.
 *
 * @param key the key bytes, or null
 * @param value the value bytes; null for a tombstone
 * @param headers header name to value bytes (a null value is a header without value); never null
 * @param topic the topic or stream name, or null (some codecs use it to name the table of a tombstone)
 * @param transport where the message sits in its transport, or null; copied onto every event decoded from it
 */
public record RawMessage(byte[] key, byte[] value, Map<String, byte[]> headers, String topic, TransportPosition transport) {

  public RawMessage {
    headers = headers == null ? Map.of() : headers;
  }

  public static RawMessage ofValue(byte[] value) {
    return new RawMessage(null, value, Map.of(), null, null);
  }

  public static RawMessage of(byte[] key, byte[] value) {
    return new RawMessage(key, value, Map.of(), null, null);
  }

  public boolean isTombstone() {
    return value == null;
  }

  /** A short name for error messages: {@code topic/partition@offset}, or the topic, or null. Never the bytes. */
  public String describe() {
    if (transport != null) {
      return transport.toString();
    }
    return topic;
  }
}
