package io.cdclake.iceberg.internal;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.TransportPosition;
import java.io.Serializable;

/**
 * One ordered transport partition (Kafka topic partition, Kinesis shard, file). Events that came
 * without a transport position share {@link #NONE}.
 */
public record Lane(String stream, String partition) implements Serializable, Comparable<Lane> {
  public static final Lane NONE = new Lane("", "");

  public Lane {
    requireNonNull(stream, "stream is null");
    requireNonNull(partition, "partition is null");
  }

  public static Lane of(TransportPosition p) {
    return p == null ? NONE : new Lane(p.stream(), p.partition());
  }

  @Override
  public int compareTo(Lane o) {
    int c = stream.compareTo(o.stream);
    return c != 0 ? c : partition.compareTo(o.partition);
  }
}
