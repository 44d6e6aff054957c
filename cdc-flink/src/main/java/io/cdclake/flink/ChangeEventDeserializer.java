package io.cdclake.flink;

import static java.util.Objects.requireNonNull;

import io.cdclake.iceberg.HostSettings;
import io.cdclake.model.ChangeDecoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.RawMessage;
import io.cdclake.model.TransportPosition;
import java.io.Serializable;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * Turns transport records into canonical events with a cdc-lake codec, inside a Flink source or a
 * flat-map: {@code source → decode → cdc-lake sink}. Every event carries its record's transport
 * position (topic, partition, offset), which the sink stores as the checkpoint in the table.
 *
 * <p>For Flink's Kafka connector, wrap it in a {@code KafkaRecordDeserializationSchema}:
 * <pre>{@code
 * (record, out) -> decode.deserialize(record.key(), record.value(), headers(record), record.topic(), record.partition(),
 *     record.offset(), out)   // getProducedType(): ChangeEventTypeInfo.INSTANCE
 * }</pre>
 * {@link #valueOnly(String)} is a {@link DeserializationSchema} for sources that hand over value bytes only.
 * A record that cannot be decoded fails the job with the codec's {@link io.cdclake.model.DecodeException},
 * which names the record's position and never its values.
 */
public final class ChangeEventDeserializer implements Serializable {
  private static final long serialVersionUID = 1L;
  private final HostSettings.Factory<ChangeDecoder> factory;
  private transient ChangeDecoder decoder;

  private ChangeEventDeserializer(HostSettings.Factory<ChangeDecoder> factory) {
    this.factory = requireNonNull(factory, "factory is null");
  }

  /** @param decoder makes the codec on each task, e.g. {@code () -> DebeziumDecoder.builder().build()} */
  public static ChangeEventDeserializer of(HostSettings.Factory<ChangeDecoder> decoder) {
    return new ChangeEventDeserializer(decoder);
  }

  private ChangeDecoder decoder() {
    if (decoder == null) {
      decoder = factory.get();
    }
    return decoder;
  }

  /** Decodes one Kafka-like record; its position is copied onto every event. */
  public void deserialize(byte[] key, byte[] value, Map<String, byte[]> headers, String topic, int partition, long offset,
      Collector<ChangeEvent> out) {
    deserialize(new RawMessage(key, value, headers, topic, topic == null ? null : TransportPosition.kafka(topic, partition, offset)), out);
  }

  /** Decodes one transport message. */
  public void deserialize(RawMessage message, Collector<ChangeEvent> out) {
    for (ChangeEvent e : decoder().decode(message)) {
      out.collect(e.transport() == null && message.transport() != null ? e.withTransport(message.transport()) : e);
    }
  }

  /** A {@link DeserializationSchema} over value bytes (no key, headers or offsets: events carry no transport position). */
  public DeserializationSchema<ChangeEvent> valueOnly(String topic) {
    ChangeEventDeserializer self = this;
    return new DeserializationSchema<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public ChangeEvent deserialize(byte[] message) {
        throw new UnsupportedOperationException("one message may hold several events: use deserialize(byte[], Collector)");
      }

      @Override
      public void deserialize(byte[] message, Collector<ChangeEvent> out) {
        self.deserialize(new RawMessage(null, message, Map.of(), topic, null), out);
      }

      @Override
      public boolean isEndOfStream(ChangeEvent next) {
        return false;
      }

      @Override
      public TypeInformation<ChangeEvent> getProducedType() {
        return ChangeEventTypeInfo.INSTANCE;
      }
    };
  }
}
