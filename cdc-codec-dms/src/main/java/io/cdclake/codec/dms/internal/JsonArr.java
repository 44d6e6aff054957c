package io.cdclake.codec.dms.internal;

import java.util.Arrays;

/** A parsed JSON array with the input offset of each element. */
public final class JsonArr {
  private Object[] values;
  private long[] offsets;
  private int size;
  private final long offset;

  JsonArr(long offset) {
    this.offset = offset;
    values = new Object[4];
    offsets = new long[4];
  }

  void add(Object value, long valueOffset) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      offsets = Arrays.copyOf(offsets, size * 2);
    }
    values[size] = value;
    offsets[size] = valueOffset;
    size++;
  }

  public long offset() {
    return offset;
  }

  public int size() {
    return size;
  }

  public Object get(int i) {
    return values[i];
  }

  public long offsetOf(int i) {
    return offsets[i];
  }
}
