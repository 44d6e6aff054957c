package io.cdclake.spark.internal;

import io.cdclake.model.RawMessage;
import io.cdclake.model.TransportPosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Reads transport records from rows shaped like Spark's Kafka source: {@code value} (binary,
 * required), and when present {@code key} (binary), {@code topic} (string), {@code partition}
 * (int), {@code offset} (long), {@code headers} (array of struct key string, value binary).
 */
public final class Records implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final int key;
  private final int value;
  private final int topic;
  private final int partition;
  private final int offset;
  private final int headers;

  public Records(StructType schema) {
    this.value = index(schema, "value");
    if (value < 0) {
      throw new IllegalArgumentException("Cannot read change records: no binary column 'value' (columns=" + List.of(schema.fieldNames()) + ")");
    }
    this.key = index(schema, "key");
    this.topic = index(schema, "topic");
    this.partition = index(schema, "partition");
    this.offset = index(schema, "offset");
    this.headers = index(schema, "headers");
  }

  private static int index(StructType schema, String name) {
    for (int i = 0; i < schema.fields().length; i++) {
      if (schema.fields()[i].name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  public RawMessage message(Row r) {
    byte[] k = key < 0 || r.isNullAt(key) ? null : (byte[]) r.get(key);
    byte[] v = r.isNullAt(value) ? null : (byte[]) r.get(value);
    String t = topic < 0 || r.isNullAt(topic) ? null : r.getString(topic);
    TransportPosition at = null;
    if (t != null && partition >= 0 && offset >= 0 && !r.isNullAt(partition) && !r.isNullAt(offset)) {
      at = TransportPosition.kafka(t, ((Number) r.get(partition)).intValue(), ((Number) r.get(offset)).longValue());
    }
    Map<String, byte[]> h = Map.of();
    if (headers >= 0 && !r.isNullAt(headers)) {
      h = new LinkedHashMap<>();
      for (Object o : r.getList(headers)) {
        Row hr = (Row) o;
        h.put(hr.getString(0), hr.isNullAt(1) ? null : (byte[]) hr.get(1));
      }
    }
    return new RawMessage(k, v, h, t, at);
  }
}
