package io.cdclake.model;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * Where an event stands in its source's own order: a binlog file/position/row, a PostgreSQL LSN
 * pair, a SQL Server commit/change LSN and serial number, an Oracle commit SCN/SCN, a DMS commit
 * time and record id.
 *
 * <p>A position is a named tuple of longs compared lexicographically, tagged with the source kind
 * it came from ({@code "postgresql"}, {@code "mysql"}, ...). Positions of different kinds do not
 * compare. A position may carry the source's own text ({@link #text()}, for example a GTID or a DMS
 * {@code stream-position}) for display; the text never takes part in ordering. A position with no
 * parts is opaque: it orders nothing ({@link #isComparable()} is false).
 *
 * <p>Two events with equal positions are the same point in the source (for example MySQL snapshot
 * rows): their order is the order of arrival.
 */
public final class SourcePosition implements Comparable<SourcePosition> {
  private final String kind;
  private final String[] names;
  private final long[] parts;
  private final String text;

  private SourcePosition(String kind, String[] names, long[] parts, String text) {
    this.kind = kind;
    this.names = names;
    this.parts = parts;
    this.text = text;
  }

  /**
   * A comparable position.
   *
   * @param kind the source kind; only positions of one kind compare
   * @param names a name for each part, for display (pass a shared constant array; it is not copied)
   * @param parts the ordering tuple, most significant first (not copied: do not change it afterwards)
   */
  public static SourcePosition of(String kind, String[] names, long... parts) {
    return of(kind, names, parts, null);
  }

  /** A comparable position that also keeps the source's own text. */
  public static SourcePosition of(String kind, String[] names, long[] parts, String text) {
    requireNonNull(kind, "kind is null");
    requireNonNull(names, "names is null");
    requireNonNull(parts, "parts is null");
    if (names.length != parts.length) {
      throw new IllegalArgumentException("Cannot make position: one name per part (names=" + names.length + ", parts=" + parts.length + ")");
    }
    return new SourcePosition(kind, names, parts, text);
  }

  /** A position that only carries text and orders nothing. */
  public static SourcePosition opaque(String kind, String text) {
    requireNonNull(kind, "kind is null");
    requireNonNull(text, "text is null");
    return new SourcePosition(kind, new String[0], new long[0], text);
  }

  public String kind() {
    return kind;
  }

  public int partCount() {
    return parts.length;
  }

  public String partName(int i) {
    return names[i];
  }

  public long part(int i) {
    return parts[i];
  }

  /** The source's own text for this position, or null. */
  public String text() {
    return text;
  }

  public boolean isComparable() {
    return parts.length > 0;
  }

  /** True when both are comparable positions of the same kind. */
  public boolean isComparableTo(SourcePosition other) {
    return other != null && isComparable() && other.isComparable() && kind.equals(other.kind);
  }

  /**
   * Compares positions of one kind lexicographically; a shorter tuple that is a prefix of a longer
   * one sorts first.
   *
   * @throws IllegalArgumentException when the positions are of different kinds or opaque
   */
  @Override
  public int compareTo(SourcePosition other) {
    if (!isComparableTo(other)) {
      throw new IllegalArgumentException(
          "Cannot compare source positions: different kinds or opaque (kind=" + kind + ", other=" + (other == null ? null : other.kind) + ")");
    }
    return Arrays.compare(parts, other.parts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourcePosition p && p.kind.equals(kind) && Arrays.equals(p.parts, parts)
        && Arrays.equals(p.names, names) && java.util.Objects.equals(p.text, text);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(parts);
  }

  /** {@code kind{name=part,...}} followed by the text in brackets when there is one. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(kind).append('{');
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(names[i]).append('=').append(parts[i]);
    }
    sb.append('}');
    if (text != null) {
      sb.append('[').append(text).append(']');
    }
    return sb.toString();
  }
}
