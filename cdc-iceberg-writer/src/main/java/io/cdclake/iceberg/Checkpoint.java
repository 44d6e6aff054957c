package io.cdclake.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdclake.iceberg.internal.Lane;
import io.cdclake.iceberg.internal.PositionMark;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TransportPosition;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.util.JsonUtil;

/**
 * What a writer has committed to a table: the highest transport offset per stream and partition,
 * and the highest source position seen per transport lane. Immutable and serializable; merging
 * never goes backwards. Stored in the snapshot summary under {@link CdcLakeProperties#OFFSETS}
 * and {@link CdcLakeProperties#SOURCE_HIGH_WATER}.
 */
public final class Checkpoint implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Checkpoint EMPTY = new Checkpoint(Map.of(), Map.of());

  private final TreeMap<Lane, String> offsets;
  private final TreeMap<Lane, PositionMark> sourceHighWater;

  private Checkpoint(Map<Lane, String> offsets, Map<Lane, PositionMark> sourceHighWater) {
    this.offsets = new TreeMap<>(offsets);
    this.sourceHighWater = new TreeMap<>(sourceHighWater);
  }

  /** A checkpoint of these transport positions (the highest per partition wins). */
  public static Checkpoint of(List<TransportPosition> positions) {
    Builder b = builder();
    positions.forEach(b::add);
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The highest committed position per stream and partition, sorted by stream and partition. */
  public List<TransportPosition> offsets() {
    List<TransportPosition> out = new ArrayList<>(offsets.size());
    offsets.forEach((l, o) -> out.add(new TransportPosition(l.stream(), l.partition(), o)));
    return Collections.unmodifiableList(out);
  }

  /** The committed offset of a stream partition, or null when nothing of it was committed. */
  public String offset(String stream, String partition) {
    return offsets.get(new Lane(stream, partition));
  }

  /** True when the position is at or below the committed offset of its partition (it was committed before). */
  public boolean covers(TransportPosition p) {
    String o = offsets.get(Lane.of(p));
    return o != null && TransportPosition.compareOffsets(p.offset(), o) <= 0;
  }

  /** The highest committed source position of events that came through the lane (null stream for events without transport). */
  public SourcePosition sourceHighWater(String stream, String partition) {
    PositionMark m = sourceHighWater.get(stream == null ? Lane.NONE : new Lane(stream, partition));
    return m == null ? null : m.toPosition();
  }

  /** For the writer's stale-event guard (internal use). */
  public PositionMark highWater(Lane lane) {
    return sourceHighWater.get(lane);
  }

  Map<Lane, PositionMark> highWaters() {
    return Collections.unmodifiableMap(sourceHighWater);
  }

  public boolean isEmpty() {
    return offsets.isEmpty() && sourceHighWater.isEmpty();
  }

  /** The per-partition maximum of both checkpoints. */
  public Checkpoint merge(Checkpoint other) {
    Builder b = toBuilder();
    other.offsets.forEach(b::offset);
    other.sourceHighWater.forEach(b::highWater);
    return b.build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.offsets.putAll(offsets);
    b.highWater.putAll(sourceHighWater);
    return b;
  }

  /** {@link CdcLakeProperties#OFFSETS} JSON. */
  public String offsetsJson() {
    return offsetsJson(offsets);
  }

  static String offsetsJson(Map<Lane, String> offsets) {
    return JsonUtil.generate(g -> {
      g.writeStartArray();
      for (Map.Entry<Lane, String> e : offsets.entrySet()) {
        g.writeStartObject();
        g.writeStringField("stream", e.getKey().stream());
        g.writeStringField("partition", e.getKey().partition());
        g.writeStringField("offset", e.getValue());
        g.writeEndObject();
      }
      g.writeEndArray();
    }, false);
  }

  /** {@link CdcLakeProperties#SOURCE_HIGH_WATER} JSON. */
  public String highWaterJson() {
    return JsonUtil.generate(g -> {
      g.writeStartArray();
      for (Map.Entry<Lane, PositionMark> e : sourceHighWater.entrySet()) {
        g.writeStartObject();
        g.writeStringField("stream", e.getKey().stream());
        g.writeStringField("partition", e.getKey().partition());
        g.writeStringField("kind", e.getValue().kind());
        g.writeArrayFieldStart("names");
        for (String n : e.getValue().names()) {
          g.writeString(n);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("parts");
        for (long p : e.getValue().parts()) {
          g.writeNumber(p);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    }, false);
  }

  /** Reads the two summary values back; either may be null. */
  public static Checkpoint fromJson(String offsetsJson, String highWaterJson) {
    Builder b = builder();
    if (offsetsJson != null) {
      JsonUtil.parse(offsetsJson, node -> {
        for (JsonNode n : node) {
          b.offset(new Lane(JsonUtil.getString("stream", n), JsonUtil.getString("partition", n)), JsonUtil.getString("offset", n));
        }
        return null;
      });
    }
    if (highWaterJson != null) {
      JsonUtil.parse(highWaterJson, node -> {
        for (JsonNode n : node) {
          JsonNode names = n.get("names");
          JsonNode parts = n.get("parts");
          String[] nm = new String[names.size()];
          long[] pt = new long[parts.size()];
          for (int i = 0; i < nm.length; i++) {
            nm[i] = names.get(i).asText();
            pt[i] = parts.get(i).asLong();
          }
          b.highWater(new Lane(JsonUtil.getString("stream", n), JsonUtil.getString("partition", n)),
              new PositionMark(JsonUtil.getString("kind", n), nm, pt));
        }
        return null;
      });
    }
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c && c.offsets.equals(offsets) && c.sourceHighWater.equals(sourceHighWater);
  }

  @Override
  public int hashCode() {
    return offsets.hashCode();
  }

  @Override
  public String toString() {
    return "Checkpoint" + offsets() + (sourceHighWater.isEmpty() ? "" : " high-water=" + sourceHighWater);
  }

  /** Collects positions; keeps the highest per partition. */
  public static final class Builder {
    private final TreeMap<Lane, String> offsets = new TreeMap<>();
    private final TreeMap<Lane, PositionMark> highWater = new TreeMap<>();

    public Builder add(TransportPosition p) {
      return offset(Lane.of(p), p.offset());
    }

    /** Records the source position of an event that came through {@code transport} (null: no transport). */
    public Builder addSource(TransportPosition transport, SourcePosition position) {
      PositionMark m = PositionMark.of(position);
      if (m != null) {
        highWater(Lane.of(transport), m);
      }
      return this;
    }

    Builder offset(Lane lane, String offset) {
      offsets.merge(lane, offset, (a, b) -> TransportPosition.compareOffsets(a, b) >= 0 ? a : b);
      return this;
    }

    Builder highWater(Lane lane, PositionMark m) {
      highWater.merge(lane, m, (a, b) -> !a.comparableTo(b) ? b : a.compare(b) >= 0 ? a : b);
      return this;
    }

    public Checkpoint build() {
      return new Checkpoint(offsets, highWater);
    }
  }
}
