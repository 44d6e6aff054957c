package io.cdclake.codec.debezium.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiled schema blocks keyed by their raw bytes (length, hash, then the bytes themselves), bounded
 * (oldest out first). Lookups read an immutable snapshot; inserts copy it. Thread-safe.
 *
 * <p>{@link #findAt} recognises a schema block already seen without parsing it: for each cached
 * length L it checks that the message has a {@code '}'} then {@code ','} where a block of that length
 * would end, then compares the bytes. A JSON object equal byte for byte to a cached block is that
 * block, so the payload can be parsed from the following offset.
 */
final class SchemaCache {
  private static final class Snapshot {
    final SchemaEntry[] entries;
    final int[] lengths;
    final SchemaEntry[][] byLength;

    Snapshot(SchemaEntry[] entries) {
      this.entries = entries;
      Map<Integer, List<SchemaEntry>> groups = new LinkedHashMap<>();
      // most recently inserted first
      for (int i = entries.length - 1; i >= 0; i--) {
        groups.computeIfAbsent(entries[i].raw.length, k -> new ArrayList<>()).add(entries[i]);
      }
      lengths = new int[groups.size()];
      byLength = new SchemaEntry[groups.size()][];
      int i = 0;
      for (Map.Entry<Integer, List<SchemaEntry>> e : groups.entrySet()) {
        lengths[i] = e.getKey();
        byLength[i] = e.getValue().toArray(new SchemaEntry[0]);
        i++;
      }
    }
  }

  private final int max;
  private final ArrayDeque<SchemaEntry> order = new ArrayDeque<>();
  private volatile Snapshot snapshot = new Snapshot(new SchemaEntry[0]);

  SchemaCache(int max) {
    this.max = Math.max(1, max);
  }

  static int hash(byte[] b, int from, int to) {
    int h = 1;
    for (int i = from; i < to; i++) {
      h = 31 * h + b[i];
    }
    return h;
  }

  /** The cached block that starts at {@code start} in {@code msg} and is followed by {@code ','}, or null. */
  SchemaEntry findAt(byte[] msg, int start, int end) {
    Snapshot s = snapshot;
    int[] lengths = s.lengths;
    for (int i = 0; i < lengths.length; i++) {
      int stop = start + lengths[i];
      if (stop >= end || msg[stop] != ',' || msg[stop - 1] != '}') {
        continue;
      }
      for (SchemaEntry e : s.byLength[i]) {
        if (Arrays.equals(msg, start, stop, e.raw, 0, e.raw.length)) {
          return e;
        }
      }
    }
    return null;
  }

  /** The cached block equal to {@code buf[from, to)}, or null. */
  SchemaEntry find(byte[] buf, int from, int to, int hash) {
    int len = to - from;
    for (SchemaEntry e : snapshot.entries) {
      if (e.raw.length == len && e.hash == hash && Arrays.equals(buf, from, to, e.raw, 0, len)) {
        return e;
      }
    }
    return null;
  }

  /** Adds the entry unless an equal one is there; returns the cached one. */
  synchronized SchemaEntry add(SchemaEntry entry) {
    SchemaEntry existing = find(entry.raw, 0, entry.raw.length, entry.hash);
    if (existing != null) {
      return existing;
    }
    while (order.size() >= max) {
      order.removeFirst();
    }
    order.addLast(entry);
    snapshot = new Snapshot(order.toArray(new SchemaEntry[0]));
    return entry;
  }

  int size() {
    return snapshot.entries.length;
  }
}
