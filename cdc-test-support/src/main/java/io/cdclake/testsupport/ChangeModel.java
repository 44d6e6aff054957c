package io.cdclake.testsupport;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.ColumnState;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory table model built only from canonical {@link ChangeEvent}s: what a correct sink
 * would hold after applying them in order. Compare it with the source's final state through
 * {@link #compareWith(DatabaseState)}.
 *
 * <p>Rules:
 * <ul>
 *   <li>INSERT and SNAPSHOT_READ put the after image under the event's key.</li>
 *   <li>UPDATE puts the after image over the current row: VALUE and NULL columns replace, UNCHANGED
 *       columns keep the current value, columns the image omits keep theirs. When the before image
 *       names a different key (a key change sent as one update), the old row moves.</li>
 *   <li>DELETE removes by key, or, for tables without a key, removes one row equal to the before
 *       image (the table is a multiset).</li>
 *   <li>TRUNCATE empties the table; TOMBSTONE changes nothing (after an envelope delete it only
 *       lets Kafka compact); SCHEMA_CHANGE is noted; the rest is counted.</li>
 * </ul>
 * Whatever cannot be applied cleanly (an update or delete of an unknown row, an UNCHANGED column
 * without a current value, events with and without a key for one table) is kept as an anomaly and
 * reported by the comparison; it never throws, so one run shows every problem.
 *
 * <p>Not thread-safe.
 */
public final class ChangeModel {
  private final Map<TableId, ModelTable> tables = new LinkedHashMap<>();
  private final Map<Op, Integer> counts = new EnumMap<>(Op.class);
  private final List<String> anomalies = new ArrayList<>();
  private final List<String> ddl = new ArrayList<>();
  private long applied;

  /** Applies one event. */
  public ChangeModel apply(ChangeEvent e) {
    requireNonNull(e, "event is null");
    applied++;
    counts.merge(e.op(), 1, Integer::sum);
    switch (e.op()) {
      case INSERT, SNAPSHOT_READ -> insert(e);
      case UPDATE -> update(e);
      case DELETE -> delete(e);
      case TRUNCATE -> table(e.table()).clear();
      case SCHEMA_CHANGE -> ddl.add(e.ddl() == null ? String.valueOf(e.schemaChanges()) : e.ddl());
      default -> {
        // TOMBSTONE, TX_BEGIN, TX_END, HEARTBEAT, MESSAGE: no row changes
      }
    }
    return this;
  }

  public ChangeModel applyAll(Iterable<ChangeEvent> events) {
    for (ChangeEvent e : events) {
      apply(e);
    }
    return this;
  }

  /** Events applied per op. */
  public Map<Op, Integer> counts() {
    return Collections.unmodifiableMap(counts);
  }

  public long appliedCount() {
    return applied;
  }

  /** What could not be applied cleanly, in order, one line each. */
  public List<String> anomalies() {
    return Collections.unmodifiableList(anomalies);
  }

  /** DDL texts (or schema changes) seen, in order. */
  public List<String> ddl() {
    return Collections.unmodifiableList(ddl);
  }

  public List<TableId> tables() {
    return List.copyOf(tables.keySet());
  }

  /** The table's rows now (empty when the model never saw the table). */
  public List<Row> rows(TableId table) {
    ModelTable t = tables.get(table);
    return t == null ? List.of() : t.rows();
  }

  /** The row under the key, or null. */
  public Row row(TableId table, Row key) {
    ModelTable t = tables.get(table);
    return t == null ? null : t.byKey.get(key);
  }

  /** Whether the model holds the table's rows by key (it saw keyed events), false for a keyless multiset. */
  public boolean isKeyed(TableId table) {
    ModelTable t = tables.get(table);
    return t != null && Boolean.TRUE.equals(t.keyed);
  }

  /** Compares the model with the database, every row and every column of the database's schema. */
  public ModelComparison compareWith(DatabaseState db) {
    return ModelComparison.compare(this, db);
  }

  /**
   * Throws an {@link AssertionError} listing every difference when the model does not equal the
   * database.
   */
  public void assertMatches(DatabaseState db) {
    ModelComparison c = compareWith(db);
    if (!c.matches()) {
      throw new AssertionError(c.describe());
    }
  }

  Map<TableId, ModelTable> tableMap() {
    return tables;
  }

  // ---- applying ----

  private ModelTable table(TableId id) {
    return tables.computeIfAbsent(requireNonNull(id, "event without table"), k -> new ModelTable());
  }

  private void insert(ChangeEvent e) {
    ModelTable t = table(e.table());
    Row key = e.key();
    if (key != null) {
      if (!t.keyedOrAnomaly(true, e, this)) {
        return;
      }
      Row current = t.byKey.get(key);
      t.byKey.put(key, merge(current, e.after(), e, current == null));
    } else {
      if (!t.keyedOrAnomaly(false, e, this)) {
        return;
      }
      t.keyless.add(merge(null, e.after(), e, true));
    }
  }

  private void update(ChangeEvent e) {
    ModelTable t = table(e.table());
    Row key = e.key();
    if (key != null) {
      if (!t.keyedOrAnomaly(true, e, this)) {
        return;
      }
      Row current = t.byKey.get(key);
      Row before = e.before();
      if (before != null && hasAll(before, key.names())) {
        Row oldKey = before.project(key.names());
        if (!oldKey.equals(key) && t.byKey.containsKey(oldKey)) {
          current = t.byKey.remove(oldKey);
        }
      }
      if (current == null) {
        anomaly(e, "update of a key the model does not hold");
      }
      t.byKey.put(key, merge(current, e.after(), e, false));
      return;
    }
    if (!t.keyedOrAnomaly(false, e, this)) {
      return;
    }
    if (e.before() == null) {
      anomaly(e, "update without key and without before image: cannot find the row");
      t.keyless.add(merge(null, e.after(), e, false));
      return;
    }
    int i = t.findKeyless(e.before());
    if (i < 0) {
      anomaly(e, "update of a keyless row the model does not hold");
      t.keyless.add(merge(null, e.after(), e, false));
    } else {
      t.keyless.set(i, merge(t.keyless.get(i), e.after(), e, false));
    }
  }

  private void delete(ChangeEvent e) {
    ModelTable t = table(e.table());
    if (e.key() != null) {
      if (!t.keyedOrAnomaly(true, e, this)) {
        return;
      }
      if (t.byKey.remove(e.key()) == null) {
        anomaly(e, "delete of a key the model does not hold");
      }
      return;
    }
    if (!t.keyedOrAnomaly(false, e, this)) {
      return;
    }
    int i = t.findKeyless(e.before());
    if (i < 0) {
      anomaly(e, "delete of a keyless row the model does not hold");
    } else {
      t.keyless.remove(i);
    }
  }

  /** The image applied over the current row (null for a new row). */
  private Row merge(Row current, Row image, ChangeEvent e, boolean fresh) {
    Row.Builder b = fresh || current == null ? Row.builder(image.size()) : current.toBuilder();
    for (int i = 0; i < image.size(); i++) {
      String name = image.name(i);
      ColumnState s = image.state(i);
      if (s == ColumnState.UNCHANGED) {
        if (current != null && current.state(name) != ColumnState.OMITTED && current.state(name) != ColumnState.UNCHANGED) {
          if (fresh) {
            b.put(name, current.get(name));
          }
          // not fresh: the builder already holds the current value
        } else {
          anomaly(e, "UNCHANGED column without a current value (column=" + name + ")");
          if (fresh || current == null || !current.contains(name)) {
            b.putUnchanged(name);
          }
        }
      } else if (fresh || current == null) {
        b.put(name, image.value(i));
      } else {
        b.set(name, image.value(i));
      }
    }
    return b.build();
  }

  private static boolean hasAll(Row row, List<String> names) {
    for (String n : names) {
      if (!row.contains(n)) {
        return false;
      }
    }
    return true;
  }

  void anomaly(ChangeEvent e, String what) {
    anomalies.add(what + " [" + e.op() + " " + e.table() + (e.key() != null ? " key=" + e.key() : "")
        + (e.transport() != null ? " at " + e.transport() : "") + "]");
  }

  /** One table: rows by key, or a multiset of rows when events carry no key. */
  static final class ModelTable {
    Boolean keyed;
    final Map<Row, Row> byKey = new LinkedHashMap<>();
    final List<Row> keyless = new ArrayList<>();

    boolean keyedOrAnomaly(boolean withKey, ChangeEvent e, ChangeModel model) {
      if (keyed == null) {
        keyed = withKey;
        return true;
      }
      if (keyed != withKey) {
        model.anomaly(e, withKey ? "event with a key for a table whose earlier events had none" : "event without a key for a keyed table");
        return false;
      }
      return true;
    }

    void clear() {
      byKey.clear();
      keyless.clear();
    }

    List<Row> rows() {
      return Boolean.TRUE.equals(keyed) ? List.copyOf(byKey.values()) : List.copyOf(keyless);
    }

    int findKeyless(Row before) {
      if (before == null) {
        return -1;
      }
      Iterator<Row> it = keyless.iterator();
      for (int i = 0; it.hasNext(); i++) {
        if (matchesImage(it.next(), before)) {
          return i;
        }
      }
      return -1;
    }

    /** A row matches a before image when every VALUE/NULL column of the image equals it (a column the row lacks counts as NULL). */
    static boolean matchesImage(Row row, Row image) {
      for (int i = 0; i < image.size(); i++) {
        ColumnState s = image.state(i);
        if (s == ColumnState.UNCHANGED) {
          continue;
        }
        if (!ValueComparison.same(image.value(i), row.get(image.name(i)))) {
          return false;
        }
      }
      return true;
    }
  }
}
