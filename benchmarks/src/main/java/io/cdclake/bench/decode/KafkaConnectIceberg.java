package io.cdclake.bench.decode;

import io.cdclake.bench.Corpus;
import java.util.Map;
import org.apache.iceberg.connect.transforms.DebeziumTransform;
import org.apache.iceberg.connect.transforms.DmsTransform;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * The Iceberg Kafka Connect path: Kafka Connect's {@link JsonConverter} (as the sink's value
 * converter, {@code schemas.enable} as the messages are written) and then Apache Iceberg's
 * {@link DebeziumTransform} or {@link DmsTransform}, which the Iceberg sink is configured with to
 * take CDC streams. The result is the record the sink would write: one image per event plus a
 * {@code _cdc} struct.
 */
final class KafkaConnectIceberg implements Impl {
  private final JsonConverter converter = new JsonConverter();
  private final Transformation<SinkRecord> transform;
  private long offset;

  KafkaConnectIceberg(boolean schemasEnable, boolean dms) {
    converter.configure(Map.of("schemas.enable", Boolean.toString(schemasEnable)), false);
    if (dms) {
      transform = new DmsTransform<>();
    } else {
      transform = new DebeziumTransform<>();
    }
    transform.configure(Map.of());
  }

  @Override
  public String name() {
    return "kafka-connect-iceberg";
  }

  @Override
  public boolean mainImageOnly() {
    return true;
  }

  @Override
  public Object decode(byte[] message) {
    SchemaAndValue v = converter.toConnectData(Corpus.TOPIC, message);
    return transform.apply(new SinkRecord(Corpus.TOPIC, 0, null, null, v.schema(), v.value(), offset++));
  }

  @Override
  public void tally(Object result, Tally t) {
    if (result == null) {
      return;
    }
    Object value = ((SinkRecord) result).value();
    if (value instanceof Struct s) {
      t.op(s.getStruct("_cdc").getString("op").charAt(0));
      t.images++;
      for (Field f : s.schema().fields()) {
        if (!f.name().equals("_cdc") && s.get(f) != null) {
          t.values++;
        }
      }
    } else if (value instanceof Map<?, ?> m) {
      t.op(((Map<?, ?>) m.get("_cdc")).get("op").toString().charAt(0));
      t.images++;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!e.getKey().equals("_cdc") && e.getValue() != null) {
          t.values++;
        }
      }
    }
  }
}
