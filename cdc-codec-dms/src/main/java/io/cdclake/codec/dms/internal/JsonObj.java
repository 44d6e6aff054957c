package io.cdclake.codec.dms.internal;

import java.util.Arrays;

/**
 * A parsed JSON object: names and values in input order, with the input offset of each value.
 * Values are {@link String}, {@link JsonNum}, {@link Boolean}, {@link JsonNull}, {@link JsonObj}
 * or {@link JsonArr}. Lookups scan linearly: DMS objects are small.
 */
public final class JsonObj {
  private String[] names;
  private Object[] values;
  private long[] offsets;
  private int size;
  private final long offset;

  JsonObj(long offset, int capacity) {
    this.offset = offset;
    names = new String[capacity];
    values = new Object[capacity];
    offsets = new long[capacity];
  }

  /** An empty object (used when a message has none). */
  public static JsonObj empty() {
    return new JsonObj(-1, 1);
  }

  void add(String name, Object value, long valueOffset) {
    if (size == names.length) {
      int c = size * 2;
      names = Arrays.copyOf(names, c);
      values = Arrays.copyOf(values, c);
      offsets = Arrays.copyOf(offsets, c);
    }
    names[size] = name;
    values[size] = value;
    offsets[size] = valueOffset;
    size++;
  }

  /** Input offset of the object's opening brace, or -1. */
  public long offset() {
    return offset;
  }

  public int size() {
    return size;
  }

  public String name(int i) {
    return names[i];
  }

  public Object value(int i) {
    return values[i];
  }

  public long valueOffset(int i) {
    return offsets[i];
  }

  /** Index of the last member of that name (JSON parsers keep the last duplicate), or -1. */
  public int indexOf(String name) {
    for (int i = size - 1; i >= 0; i--) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The member's value, or null when there is no such member. */
  public Object get(String name) {
    int i = indexOf(name);
    return i < 0 ? null : values[i];
  }

  /** The member's offset, or the object's own offset when there is no such member. */
  public long offsetOf(String name) {
    int i = indexOf(name);
    return i < 0 ? offset : offsets[i];
  }

  public boolean has(String name) {
    return indexOf(name) >= 0;
  }
}
