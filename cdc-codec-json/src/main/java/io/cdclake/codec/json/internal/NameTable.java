package io.cdclake.codec.json.internal;

/**
 * Finds a member name among a fixed set by its bytes: a small hash on the length and three bytes,
 * then one byte comparison per candidate. For the fast path, where a miss of the expected next
 * name would otherwise compare against every name. Immutable.
 */
public final class NameTable {
  private final byte[][] names;
  /** The names prepared for {@link FastJson#tryName(FastJson.Name)}, for {@link #next}'s first guess. */
  private final FastJson.Name[] prepared;
  private final int[][] slots;

  public NameTable(byte[][] names) {
    this.names = names;
    this.prepared = new FastJson.Name[names.length];
    for (int i = 0; i < names.length; i++) {
      prepared[i] = new FastJson.Name(names[i]);
    }
    int size = Integer.highestOneBit(Math.max(4, names.length * 4 - 1)) << 1;
    int[][] s = new int[size][];
    for (int i = 0; i < names.length; i++) {
      int h = hash(names[i], 0, names[i].length) & (size - 1);
      int[] old = s[h];
      int[] now;
      if (old == null) {
        now = new int[] {i};
      } else {
        now = java.util.Arrays.copyOf(old, old.length + 1);
        now[old.length] = i;
      }
      s[h] = now;
    }
    this.slots = s;
  }

  private static int hash(byte[] b, int from, int len) {
    if (len == 0) {
      return 0;
    }
    return len * 131 + b[from] * 31 + b[from + len - 1] * 7 + b[from + (len >> 1)];
  }

  /** The index of the name the reader read last, or -1. */
  public int find(FastJson r) {
    int len = r.strEnd - r.strStart;
    int[] c = slots[hash(r.b, r.strStart, len) & (slots.length - 1)];
    if (c != null) {
      for (int i : c) {
        if (r.nameIs(names[i])) {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * Reads the next member name and returns its index, or -1 for a name not in the table. It first tries the name that
   * followed name {@code prev} last time ({@code order[prev]}; slot {@code names.length} stands for "first member"), so
   * members in a stable order cost one byte comparison each, and learns the order from every name found otherwise.
   *
   * @param order one slot per name plus one, each a name index; may be shared by threads (a racy write leaves a valid
   *     index, only a worse guess)
   */
  public int next(FastJson r, int[] order, int prev) {
    int guess = order[prev];
    if (r.tryName(prepared[guess])) {
      return guess;
    }
    r.name();
    int i = find(r);
    if (i >= 0) {
      order[prev] = i;
    }
    return i;
  }
}
