package io.cdclake.iceberg.internal;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.SourcePosition;
import java.io.Serializable;
import java.util.Arrays;

/** A comparable {@link SourcePosition} in a serializable form (the model class is not serializable). */
public record PositionMark(String kind, String[] names, long[] parts) implements Serializable {
  public PositionMark {
    requireNonNull(kind, "kind is null");
    requireNonNull(names, "names is null");
    requireNonNull(parts, "parts is null");
  }

  /** The mark of a comparable position, or null for null and opaque positions. */
  public static PositionMark of(SourcePosition p) {
    if (p == null || !p.isComparable()) {
      return null;
    }
    String[] n = new String[p.partCount()];
    long[] v = new long[p.partCount()];
    for (int i = 0; i < n.length; i++) {
      n[i] = p.partName(i);
      v[i] = p.part(i);
    }
    return new PositionMark(p.kind(), n, v);
  }

  public SourcePosition toPosition() {
    return SourcePosition.of(kind, names.clone(), parts.clone());
  }

  public boolean comparableTo(PositionMark o) {
    return o != null && kind.equals(o.kind);
  }

  /** Compares marks of one kind; callers check {@link #comparableTo} first. */
  public int compare(PositionMark o) {
    return Arrays.compare(parts, o.parts);
  }

  public int compare(SourcePosition p) {
    long[] v = new long[p.partCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = p.part(i);
    }
    return Arrays.compare(parts, v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PositionMark m && m.kind.equals(kind) && Arrays.equals(m.parts, parts);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(parts);
  }

  @Override
  public String toString() {
    return kind + Arrays.toString(parts);
  }
}
