package io.cdclake.flink.internal;

import io.cdclake.flink.ChangeEventKeySelector;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.schema.TableConfigs;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/**
 * Gives each event the writer that takes it (0 to writers - 1):
 * <ul>
 *   <li>row events and tombstones: by the hash of {@link ChangeEventKeySelector}'s key;</li>
 *   <li>an update that changes the key: to the new key's writer, and a delete of the old key (with
 *       the before-image) to the old key's writer, so each writer collapses the changes of its keys;</li>
 *   <li>truncates and schema changes: one copy to every writer, in input order, so every writer
 *       splits its batch at the same point;</li>
 *   <li>heartbeats, transaction markers and logical messages: dropped (they change no table).</li>
 * </ul>
 */
public final class Router extends RichFlatMapFunction<ChangeEvent, Tuple2<Integer, ChangeEvent>> {
  private static final long serialVersionUID = 1L;
  private final int writers;
  private final io.cdclake.iceberg.HostSettings.Factory<TableConfigs> tables;
  private transient ChangeEventKeySelector keys;

  public Router(int writers, io.cdclake.iceberg.HostSettings.Factory<TableConfigs> tables) {
    if (writers < 1) {
      throw new IllegalArgumentException("Cannot route events: writers must be at least 1 (writers=" + writers + ")");
    }
    this.writers = writers;
    this.tables = tables;
  }

  private ChangeEventKeySelector keys() {
    if (keys == null) {
      keys = new ChangeEventKeySelector(tables == null ? null : tables.get());
    }
    return keys;
  }

  @Override
  public void flatMap(ChangeEvent e, Collector<Tuple2<Integer, ChangeEvent>> out) {
    switch (e.op()) {
      case HEARTBEAT, TX_BEGIN, TX_END, MESSAGE -> {
      }
      case TRUNCATE, SCHEMA_CHANGE -> {
        for (int i = 0; i < writers; i++) {
          out.collect(Tuple2.of(i, e));
        }
      }
      case UPDATE -> {
        String newKey = keys().getKey(e);
        if (e.before() != null && e.key() != null) {
          String oldKey = keys().oldKey(e);
          Row oldKeyRow = keys().keyOfBefore(e);
          if (oldKeyRow != null && !oldKey.equals(newKey) && oldKeyRow.size() == e.key().size()) {
            ChangeEvent delete = ChangeEvent.builder(Op.DELETE).table(e.table()).key(oldKeyRow).before(e.before()).position(e.position())
                .transport(e.transport()).commitTime(e.commitTime()).processedTime(e.processedTime()).transaction(e.transaction())
                .build();
            out.collect(Tuple2.of(target(oldKey), delete));
          }
        }
        out.collect(Tuple2.of(target(newKey), e));
      }
      default -> out.collect(Tuple2.of(target(keys().getKey(e)), e));
    }
  }

  /** The writer of a key: a mixed hash, non-negative modulo the writer count. */
  public int target(String key) {
    int h = key.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Math.floorMod(h, writers);
  }
}
