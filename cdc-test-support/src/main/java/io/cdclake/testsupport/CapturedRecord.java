package io.cdclake.testsupport;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.RawMessage;
import io.cdclake.model.TransportPosition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record as a Kafka topic would hold it after the connector and a JSON converter: key and value
 * bytes (the value null for a tombstone), headers, and a topic/partition/offset assigned by the
 * capture (every record is in partition 0; offsets count from 0 per topic, in capture order).
 */
public record CapturedRecord(String topic, int partition, long offset, byte[] key, byte[] value, Map<String, byte[]> headers) {

  public CapturedRecord {
    requireNonNull(topic, "topic is null");
    headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  public boolean isTombstone() {
    return value == null;
  }

  /** The record as a codec receives it, with its Kafka position. */
  public RawMessage toRawMessage() {
    return new RawMessage(key, value, headers, topic, TransportPosition.kafka(topic, partition, offset));
  }

  @Override
  public String toString() {
    return "CapturedRecord[" + topic + "/" + partition + "@" + offset + (value == null ? " tombstone" : "") + "]";
  }
}
