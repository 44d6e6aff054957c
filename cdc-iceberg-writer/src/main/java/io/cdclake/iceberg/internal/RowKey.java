package io.cdclake.iceberg.internal;

import java.util.Arrays;

/**
 * The identifier-field values of one row (or every column, for tables without a key), in
 * Iceberg's representation, usable as a hash key. Immutable; never printed (values are user data).
 */
public final class RowKey {
  private final Object[] values;
  private final int hash;

  public RowKey(Object[] values) {
    this.values = values;
    int h = 1;
    for (Object v : values) {
      h = 31 * h + Values.hash(v);
    }
    this.hash = h;
  }

  public int size() {
    return values.length;
  }

  public Object get(int i) {
    return values[i];
  }

  Object[] values() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RowKey k) || k.hash != hash || k.values.length != values.length) {
      return false;
    }
    for (int i = 0; i < values.length; i++) {
      if (!Values.same(values[i], k.values[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Never the values: keys are user data. */
  @Override
  public String toString() {
    return "RowKey[" + values.length + " columns, hash=" + hash + "]";
  }

  static RowKey of(Object... values) {
    return new RowKey(Arrays.copyOf(values, values.length));
  }
}
