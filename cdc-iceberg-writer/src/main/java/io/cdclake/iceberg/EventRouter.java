package io.cdclake.iceberg;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.schema.TableConfig;
import io.cdclake.schema.TableConfigs;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.ObjIntConsumer;

/**
 * Decides which of an engine host's writer tasks takes each event, so that {@link TaskWriter}s
 * running in parallel stay correct (engines call it before their shuffle):
 * <ul>
 *   <li>row events and tombstones go to the task of their table and primary key ({@link #keyOf}):
 *       every change of a key reaches one task, which collapses them and moves partitions;</li>
 *   <li>an update that changes the key goes to the new key's task, and a delete of the old key (with
 *       the before-image) to the old key's task after it (so a task that owns both keys takes the update's UNCHANGED columns from the old key's row
 *       before deleting it), and both tasks collapse the changes of their keys;</li>
 *   <li>truncates and schema changes go to every task, in input order, so every task ends its epoch
 *       or split at the same point;</li>
 *   <li>heartbeats, transaction markers and logical messages go nowhere (they change no table).</li>
 * </ul>
 * Events of a table without a key share one key: a keyless table is written by one task. Not
 * thread-safe (keeps no state, but table configs may be looked up lazily); one per task.
 */
public final class EventRouter {
  private final int tasks;
  private final TableConfigs tables;

  /**
   * @param tasks the number of writer tasks
   * @param tables the table configs ({@code primary_key} overrides the source key), or null
   */
  public EventRouter(int tasks, TableConfigs tables) {
    if (tasks < 1) {
      throw new IllegalArgumentException("Cannot route events: the task count must be at least 1 (tasks=" + tasks + ")");
    }
    this.tasks = tasks;
    this.tables = tables;
  }

  public int tasks() {
    return tasks;
  }

  /** Hands each event (or copy, or split part) with its task to {@code out}. */
  public void route(ChangeEvent e, ObjIntConsumer<ChangeEvent> out) {
    switch (e.op()) {
      case HEARTBEAT, TX_BEGIN, TX_END, MESSAGE -> {
      }
      case TRUNCATE, SCHEMA_CHANGE -> {
        for (int i = 0; i < tasks; i++) {
          out.accept(e, i);
        }
      }
      case UPDATE -> {
        String newKey = keyOf(e);
        // the update first: when both keys fall to one task, its UNCHANGED columns still find the old key's row
        out.accept(e, task(newKey));
        Row oldKeyRow = oldKeyRow(e);
        if (oldKeyRow != null) {
          String oldKey = keyText(e, oldKeyRow);
          if (!oldKey.equals(newKey)) {
            ChangeEvent delete = ChangeEvent.builder(Op.DELETE).table(e.table()).key(oldKeyRow).before(e.before()).position(e.position())
                .transport(e.transport()).commitTime(e.commitTime()).processedTime(e.processedTime()).transaction(e.transaction())
                .build();
            out.accept(delete, task(oldKey));
          }
        }
      }
      default -> out.accept(e, task(keyOf(e)));
    }
  }

  /**
   * The routing key of an event: table and primary key as text (the configured {@code primary_key}
   * over the image, else the event's key; for a delete the before-image's key columns). The empty
   * string for events without table and key. Holds key values: never log it.
   */
  public String keyOf(ChangeEvent e) {
    if (e.table() == null && e.key() == null) {
      return "";
    }
    List<String> pk = configuredKey(e);
    Row image = e.op() == Op.DELETE ? e.before() : e.after();
    Row key;
    if (!pk.isEmpty() && image != null && image.names().containsAll(pk)) {
      key = image.project(pk);
    } else if (e.op() == Op.DELETE && e.before() != null && e.key() != null && e.before().names().containsAll(e.key().names())) {
      key = e.before().project(e.key().names());
    } else {
      key = e.key();
    }
    return keyText(e, key);
  }

  /** The task of a routing key: a mixed hash, non-negative, modulo the task count. */
  public int task(String key) {
    int h = key.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Math.floorMod(h, tasks);
  }

  /** The old key of an update (key columns from the before-image), or null when the before-image lacks one. */
  private Row oldKeyRow(ChangeEvent e) {
    if (e.before() == null) {
      return null;
    }
    List<String> pk = configuredKey(e);
    List<String> cols = !pk.isEmpty() ? pk : e.key() == null ? List.of() : e.key().names();
    if (cols.isEmpty() || !e.before().names().containsAll(cols)) {
      return null;
    }
    return e.before().project(cols);
  }

  private List<String> configuredKey(ChangeEvent e) {
    if (tables == null || e.table() == null) {
      return List.of();
    }
    TableConfig c = tables.forTable(e.table());
    return c.primaryKey() == null ? List.of() : c.primaryKey();
  }

  private static String keyText(ChangeEvent e, Row key) {
    String table = e.table() == null ? "" : e.table().toString();
    if (key == null) {
      return table;
    }
    List<String> names = new ArrayList<>(key.names());
    names.sort(null);
    StringBuilder sb = new StringBuilder(table).append('\u0001');
    for (String n : names) {
      Object v = key.get(n);
      sb.append(n).append('=').append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v)).append('\u0002');
    }
    return sb.toString();
  }

  /** A routing function for engines that ship it: makes the router on the task from serializable settings. */
  public static EventRouter of(HostSettings settings, int tasks) {
    requireNonNull(settings, "settings is null");
    return new EventRouter(tasks, settings.tableConfigs());
  }
}
