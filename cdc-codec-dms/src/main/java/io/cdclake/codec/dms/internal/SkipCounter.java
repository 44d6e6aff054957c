package io.cdclake.codec.dms.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts messages a decoder skipped on purpose (DMS's own {@code awsdms_*} tables), in total and
 * per table name. Thread-safe; the per-table map holds at most {@value #MAX_NAMES} names, the rest
 * are counted under {@value #OTHER}.
 */
public final class SkipCounter {
  static final int MAX_NAMES = 64;
  static final String OTHER = "(other)";

  private final LongAdder total = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> byName = new ConcurrentHashMap<>();

  public void count(String name) {
    total.increment();
    LongAdder a = byName.get(name);
    if (a == null) {
      a = byName.size() < MAX_NAMES ? byName.computeIfAbsent(name, k -> new LongAdder()) : byName.computeIfAbsent(OTHER, k -> new LongAdder());
    }
    a.increment();
  }

  public long total() {
    return total.sum();
  }

  /** A sorted snapshot of the counts per name. */
  public Map<String, Long> byName() {
    Map<String, Long> m = new TreeMap<>();
    byName.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }
}
