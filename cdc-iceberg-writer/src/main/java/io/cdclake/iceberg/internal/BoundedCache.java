package io.cdclake.iceberg.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** A least-recently-used map holding at most {@code capacity} entries (0 keeps nothing). Not thread-safe. */
public final class BoundedCache<K, V> {
  private final int capacity;
  private final LinkedHashMap<K, V> map;
  private long evictions;

  public BoundedCache(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("Cannot make cache: negative capacity (capacity=" + capacity + ")");
    }
    this.capacity = capacity;
    this.map = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        if (size() > BoundedCache.this.capacity) {
          evictions++;
          return true;
        }
        return false;
      }
    };
  }

  public V get(K key) {
    return map.get(key);
  }

  public void put(K key, V value) {
    if (capacity > 0) {
      map.put(key, value);
    }
  }

  public void remove(K key) {
    map.remove(key);
  }

  public void clear() {
    map.clear();
  }

  public int size() {
    return map.size();
  }

  public long evictions() {
    return evictions;
  }
}
