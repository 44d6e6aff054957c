package io.cdclake.spark.internal;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.SourcePosition;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Where a routed event goes ({@link #task()}) and where it sorts within its writer partition: by
 * source position (kind, then parts), so a batch is applied in source order whatever input
 * partitions its events came from; events without a comparable position keep their input
 * partition's order (and come first). Ties keep input order.
 */
public record SortKey(int task, String kind, long[] parts, int inputPartition, long seq) implements Serializable {

  public static SortKey of(int task, ChangeEvent e, int inputPartition, long seq) {
    SourcePosition p = e.position();
    if (p == null || !p.isComparable()) {
      return new SortKey(task, null, null, inputPartition, seq);
    }
    long[] parts = new long[p.partCount()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = p.part(i);
    }
    return new SortKey(task, p.kind(), parts, inputPartition, seq);
  }

  /** The order within a writer partition. */
  public static final class Order implements Comparator<SortKey>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(SortKey a, SortKey b) {
      int c = Integer.compare(a.task, b.task);
      if (c != 0) {
        return c;
      }
      if ((a.kind == null) != (b.kind == null)) {
        return a.kind == null ? -1 : 1;
      }
      if (a.kind != null) {
        c = a.kind.compareTo(b.kind);
        if (c == 0) {
          c = Arrays.compare(a.parts, b.parts);
        }
        if (c != 0) {
          return c;
        }
      }
      c = Integer.compare(a.inputPartition, b.inputPartition);
      return c != 0 ? c : Long.compare(a.seq, b.seq);
    }
  }
}
