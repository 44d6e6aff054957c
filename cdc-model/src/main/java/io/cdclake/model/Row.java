package io.cdclake.model;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One row image: an ordered list of named columns, each with a value, an explicit NULL, or the
 * {@link ColumnState#UNCHANGED} marker. A column the image does not mention is
 * {@link ColumnState#OMITTED}: {@link #state(String)} says so, and it is not among {@link #size()}.
 *
 * <p>Values use the Java classes of {@link ColumnType.Kind}. Rows are immutable once built;
 * equality ignores column order and compares {@code byte[]} values by content.
 *
 * <p>Built on the hot path: a row holds two arrays and looks columns up by a linear scan, which is
 * faster than hashing for the column counts of real tables. Names must be distinct; decoders
 * guarantee it, and {@link Builder#build()} does not check it again.
 */
public final class Row {
  private static final Object UNCHANGED_MARK = new Object() {
    @Override
    public String toString() {
      return "<unchanged>";
    }
  };
  private static final String[] NO_NAMES = new String[0];
  private static final Object[] NO_VALUES = new Object[0];
  private static final Row EMPTY = new Row(NO_NAMES, NO_VALUES);

  private final String[] names;
  private final Object[] values;

  private Row(String[] names, Object[] values) {
    this.names = names;
    this.values = values;
  }

  /** The row without columns (for example a DMS {@code before-image} of {@code {}}). */
  public static Row empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder(8);
  }

  public static Builder builder(int expectedColumns) {
    return new Builder(expectedColumns);
  }

  /** A row of the given name/value pairs in order; a null value is an explicit NULL. */
  public static Row of(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("Cannot build row: expected name/value pairs (arguments=" + namesAndValues.length + ")");
    }
    Builder b = new Builder(namesAndValues.length / 2);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  /**
   * A row over the given arrays, which are <em>not copied</em> (the hot path: a decoder shares one
   * names array among the rows of a table). {@code names[i]} names the column of {@code values[i]};
   * names are distinct (not checked again) and non-null; a null value is an explicit NULL and
   * {@link #unchangedMarker()} an UNCHANGED column. Neither array may be changed afterwards.
   *
   * @throws IllegalArgumentException when the arrays differ in length or a name is null
   */
  public static Row wrap(String[] names, Object[] values) {
    requireNonNull(names, "names is null");
    requireNonNull(values, "values is null");
    if (names.length != values.length) {
      throw new IllegalArgumentException("Cannot wrap row: one value per name (names=" + names.length + ", values=" + values.length + ")");
    }
    for (String n : names) {
      if (n == null) {
        throw new IllegalArgumentException("Cannot wrap row: a name is null");
      }
    }
    return names.length == 0 ? EMPTY : new Row(names, values);
  }

  /** A row of the map's entries in iteration order; null values are explicit NULLs. */
  public static Row ofMap(Map<String, ?> columns) {
    Builder b = new Builder(columns.size());
    columns.forEach(b::put);
    return b.build();
  }

  /** The marker a row uses for an {@link ColumnState#UNCHANGED} column in {@link #toMap()}. */
  public static Object unchangedMarker() {
    return UNCHANGED_MARK;
  }

  /** Number of columns the image mentions (VALUE, NULL or UNCHANGED). */
  public int size() {
    return names.length;
  }

  public boolean isEmpty() {
    return names.length == 0;
  }

  public String name(int index) {
    return names[index];
  }

  /** The value at {@code index}, or null when the column is NULL or UNCHANGED. */
  public Object value(int index) {
    Object v = values[index];
    return v == UNCHANGED_MARK ? null : v;
  }

  public ColumnState state(int index) {
    Object v = values[index];
    if (v == null) {
      return ColumnState.NULL;
    }
    return v == UNCHANGED_MARK ? ColumnState.UNCHANGED : ColumnState.VALUE;
  }

  /** Index of the column, or -1 when the image does not mention it. */
  public int indexOf(String name) {
    String[] n = names;
    for (int i = 0; i < n.length; i++) {
      if (n[i] == name) {
        return i;
      }
    }
    for (int i = 0; i < n.length; i++) {
      if (n[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  public boolean contains(String name) {
    return indexOf(name) >= 0;
  }

  /** The column's state; {@link ColumnState#OMITTED} when the image does not mention it. */
  public ColumnState state(String name) {
    int i = indexOf(name);
    return i < 0 ? ColumnState.OMITTED : state(i);
  }

  /** The column's value, or null when it is NULL, UNCHANGED or OMITTED (ask {@link #state(String)}). */
  public Object get(String name) {
    int i = indexOf(name);
    return i < 0 ? null : value(i);
  }

  /** Column names in image order. */
  public List<String> names() {
    return Collections.unmodifiableList(Arrays.asList(names));
  }

  /** Calls {@code action} with each mentioned column's name and value (null for NULL and UNCHANGED). */
  public void forEach(BiConsumer<String, Object> action) {
    for (int i = 0; i < names.length; i++) {
      action.accept(names[i], value(i));
    }
  }

  /**
   * The columns as an insertion-ordered map; NULL columns map to null and UNCHANGED columns to
   * {@link #unchangedMarker()}.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], values[i]);
    }
    return m;
  }

  /** A copy holding only the named columns that this image mentions, in the order given. */
  public Row project(List<String> columns) {
    Builder b = new Builder(columns.size());
    for (String c : columns) {
      int i = indexOf(c);
      if (i >= 0) {
        b.putRaw(names[i], values[i]);
      }
    }
    return b.build();
  }

  /** A builder starting with this row's columns. */
  public Builder toBuilder() {
    Builder b = new Builder(names.length + 4);
    for (int i = 0; i < names.length; i++) {
      b.putRaw(names[i], values[i]);
    }
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Row other) || other.names.length != names.length) {
      return false;
    }
    for (int i = 0; i < names.length; i++) {
      int j = other.indexOf(names[i]);
      if (j < 0 || !valueEquals(values[i], other.values[j])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < names.length; i++) {
      h += names[i].hashCode() ^ valueHash(values[i]);
    }
    return h;
  }

  /**
   * Shows names and values, for tests and debugging only. Production code never puts rows into
   * logs or exception messages (row values are user data).
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(names[i]).append('=');
      Object v = values[i];
      sb.append(v instanceof byte[] b ? "0x" + hex(b) : String.valueOf(v));
    }
    return sb.append('}').toString();
  }

  /** Value equality as rows use it: {@code byte[]} by content, {@link java.math.BigDecimal} by equals (scale matters). */
  public static boolean valueEquals(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    return a.equals(b);
  }

  private static int valueHash(Object v) {
    if (v == null) {
      return 0;
    }
    return v instanceof byte[] b ? Arrays.hashCode(b) : v.hashCode();
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 2);
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return sb.toString();
  }

  /** Builds a row. Not thread-safe; one builder per row. */
  public static final class Builder {
    private String[] names;
    private Object[] values;
    private int size;

    private Builder(int capacity) {
      int c = Math.max(capacity, 1);
      names = new String[c];
      values = new Object[c];
    }

    /** Adds a column; a null value is an explicit NULL. */
    public Builder put(String name, Object value) {
      requireNonNull(name, "name is null");
      return putRaw(name, value);
    }

    public Builder putNull(String name) {
      requireNonNull(name, "name is null");
      return putRaw(name, null);
    }

    /** Adds a column whose value the source did not send because it did not change. */
    public Builder putUnchanged(String name) {
      requireNonNull(name, "name is null");
      return putRaw(name, UNCHANGED_MARK);
    }

    /** Replaces the value of a column already added, or adds it. */
    public Builder set(String name, Object value) {
      for (int i = 0; i < size; i++) {
        if (names[i].equals(name)) {
          values[i] = value;
          return this;
        }
      }
      return put(name, value);
    }

    /** Removes a column if present. */
    public Builder remove(String name) {
      for (int i = 0; i < size; i++) {
        if (names[i].equals(name)) {
          System.arraycopy(names, i + 1, names, i, size - i - 1);
          System.arraycopy(values, i + 1, values, i, size - i - 1);
          size--;
          names[size] = null;
          values[size] = null;
          return this;
        }
      }
      return this;
    }

    public int size() {
      return size;
    }

    private Builder putRaw(String name, Object value) {
      if (size == names.length) {
        int c = Math.max(8, size * 2);
        names = Arrays.copyOf(names, c);
        values = Arrays.copyOf(values, c);
      }
      names[size] = name;
      values[size] = value;
      size++;
      return this;
    }

    public Row build() {
      if (size == 0) {
        return EMPTY;
      }
      String[] n = size == names.length ? names : Arrays.copyOf(names, size);
      Object[] v = size == values.length ? values : Arrays.copyOf(values, size);
      // the builder must not touch the arrays the row now owns
      names = NO_NAMES;
      values = NO_VALUES;
      size = 0;
      return new Row(n, v);
    }
  }
}
