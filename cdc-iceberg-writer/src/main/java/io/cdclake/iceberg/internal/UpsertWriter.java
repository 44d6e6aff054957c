package io.cdclake.iceberg.internal;

import io.cdclake.iceberg.Checkpoint;
import io.cdclake.iceberg.WriteResult;
import io.cdclake.iceberg.WriterOptions;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.ColumnState;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * Upserts and deletes by the table's identifier fields. See {@link io.cdclake.iceberg.ChangeWriter}
 * for the contract; the comments here say how.
 *
 * <p>Per delta: buffered events are sorted by order value, applied to a per-key state (the row
 * after the last change, or deleted, plus every partition an older version of the row may sit
 * in), UNCHANGED columns are filled from the before-image, the in-delta state, this writer's row
 * cache, its own uncommitted files or the table; then each key gets at most one data row and one
 * equality delete per place an older row may be.
 */
public final class UpsertWriter extends BaseWriter {
  /** Marks a column whose value must come from the row's current version (UNCHANGED). */
  private static final Object PENDING = new Object();
  private static final FileSink.Target GLOBAL = new FileSink.Target(-1, null);

  private final TableLookup lookup;
  private final BoundedCache<RowKey, Cached> rowCache;
  private final BoundedCache<RowKey, Object> positions;
  private final boolean multiSpec;
  private Checkpoint committed;
  /**
   * Source high-water marks per lane of the batches this writer completed (committed or not): an event of a key outside
   * the position cache below its lane's mark is a re-delivery, as for {@link #committed}. A host whose commit fails
   * restarts the writer (the position cache makes the same assumption).
   */
  private Checkpoint completed = Checkpoint.EMPTY;
  /**
   * The last order applied to every key of the open batch, whatever the position cache evicted (as {@link #openBatchKeys},
   * bounded by the batch): a re-delivery inside the batch is found exactly.
   */
  private final Map<RowKey, Object> batchPositions = new HashMap<>();
  private Object truncateMark;
  /** The newest order value applied by this writer (a truncate older than it is stale). */
  private Object maxApplied;
  /** Keys written in earlier deltas of the open batch → index of the delta that last wrote them. */
  private final Map<RowKey, Integer> openBatchKeys = new HashMap<>();

  /** A row this writer wrote (null when it deleted the key) and where it sits. */
  private record Cached(Record row, FileSink.Target place) {
  }

  private static final class KeyState {
    final RowKey key;
    RowKey lookupKey;
    /** For a key change: where UNCHANGED values come from when the old key has no row (a replayed key change). */
    RowKey fallbackKey;
    GenericRecord row;
    boolean deleted;
    boolean hasPending;
    boolean priorUnknown;
    final Set<FileSink.Target> places = new LinkedHashSet<>();

    KeyState(RowKey key) {
      this.key = key;
      this.lookupKey = key;
    }
  }

  private final boolean deleteOldKeys;

  /**
   * @param deleteOldKeys whether an update that changes the key deletes the old key's row (false for parallel
   *     tasks whose router sends that delete to the old key's task)
   */
  public UpsertWriter(Table table, WriterOptions options, Checkpoint committed, boolean deleteOldKeys) {
    super(table, options);
    this.deleteOldKeys = deleteOldKeys;
    this.lookup = new TableLookup(shape, options.lookupBatchSize());
    this.rowCache = new BoundedCache<>(options.rowCacheSize());
    this.positions = new BoundedCache<>(options.positionCacheSize());
    this.committed = committed == null ? Checkpoint.EMPTY : committed;
    int partitionedSpecs = 0;
    for (var s : table.specs().values()) {
      if (!s.isUnpartitioned()) {
        partitionedSpecs++;
      }
    }
    // deletes written under the current spec do not reach rows written under an older partitioned spec
    this.multiSpec = partitionedSpecs > 1;
    if (!shape.partitionFromKey && shape.globalSpec == null) {
      throw new IllegalArgumentException("Cannot write table: it is partitioned by a column outside its key and has no unpartitioned "
          + "spec for global deletes, so a change without a full before-image could leave the old row in its old partition (table="
          + table.name() + ", spec=" + shape.spec + ", see TableSetup.ensureGlobalDeleteSpec)");
    }
  }

  @Override
  public void committed(Checkpoint checkpoint) {
    committed = committed.merge(checkpoint);
  }

  // ---------------------------------------------------------------- apply

  @Override
  void flushDelta() {
    List<Pending> sorted = drainSorted();
    Map<RowKey, KeyState> states = new LinkedHashMap<>();
    for (Pending p : sorted) {
      ChangeEvent e = p.event;
      switch (e.op()) {
        case TRUNCATE -> truncate(p, states);
        case INSERT, SNAPSHOT_READ, UPDATE -> upsert(p, states);
        case DELETE -> delete(p, states);
        default -> throw new IllegalStateException("not a row event: " + e.op());
      }
    }
    if (states.isEmpty()) {
      return;
    }
    resolve(states);
    writeDelta(states);
  }

  private void truncate(Pending p, Map<RowKey, KeyState> states) {
    if (isStaleTruncate(p)) {
      stale++;
      return;
    }
    states.clear();
    dropDeltas();
    openBatchKeys.clear();
    rowCache.clear();
    positions.clear();
    batchPositions.clear();
    rowsInBatch = 0;
    deletesInBatch = 0;
    if (p.order != null) {
      truncateMark = p.order;
      maxApplied = p.order;
    }
    truncateInBatch = true;
  }

  /** A truncate is stale when a newer change was already applied (by this writer, or committed through its lane). */
  private boolean isStaleTruncate(Pending p) {
    if ((options.staleGuard() == WriterOptions.StaleGuard.OFF && precombinePos < 0) || p.order == null) {
      return false;
    }
    Integer c = compareOrders(p.order, maxApplied);
    if (c != null && c < 0) {
      return true;
    }
    if (isBeforeTruncate(p.order)) {
      return true;
    }
    if (options.staleGuard() == WriterOptions.StaleGuard.KEY_CACHE_AND_WATERMARK && p.order instanceof PositionMark m) {
      PositionMark hw = committed.highWater(Lane.of(p.event.transport()));
      if (hw != null && hw.comparableTo(m) && m.compare(hw) < 0) {
        staleByWatermark++;
        return true;
      }
    }
    return false;
  }

  private boolean isBeforeTruncate(Object order) {
    Integer c = compareOrders(order, truncateMark);
    return c != null && c < 0;
  }

  /**
   * True (and counted) when the event is older than what was applied to the key, or, for source
   * positions, at the same position: the same event delivered again. Applying it twice is not
   * idempotent when the key changed since (a replayed key change would take UNCHANGED columns from
   * the old key's newer row). Equal precombine values are not duplicates: ties keep arrival order.
   */
  private boolean isStale(RowKey key, Pending p) {
    if (options.staleGuard() == WriterOptions.StaleGuard.OFF && precombinePos < 0) {
      return false;
    }
    if (p.order == null) {
      return false;
    }
    if (isBeforeTruncate(p.order)) {
      return true;
    }
    Object last = lastApplied(key);
    if (last != null) {
      Integer c = compareOrders(p.order, last);
      return c != null && (c < 0 || (c == 0 && p.order instanceof PositionMark));
    }
    if (options.staleGuard() == WriterOptions.StaleGuard.KEY_CACHE_AND_WATERMARK && p.order instanceof PositionMark m) {
      Lane lane = Lane.of(p.event.transport());
      if (below(m, committed.highWater(lane)) || below(m, completed.highWater(lane))) {
        staleByWatermark++;
        return true;
      }
    }
    return false;
  }

  private static boolean below(PositionMark m, PositionMark hw) {
    return hw != null && hw.comparableTo(m) && m.compare(hw) < 0;
  }

  /** The last order applied to the key: from the position cache, else from the open batch; null when neither knows it. */
  private Object lastApplied(RowKey key) {
    Object last = positions.get(key);
    return last != null ? last : batchPositions.get(key);
  }

  private void remember(RowKey key, Pending p) {
    if (p.order != null) {
      positions.put(key, p.order);
      batchPositions.put(key, p.order);
      Integer c = compareOrders(p.order, maxApplied);
      if (maxApplied == null || (c != null && c > 0)) {
        maxApplied = p.order;
      }
    }
  }

  /**
   * True when a change newer than the event was applied to the key (position cache only; counts nothing): the key's
   * current row is not the event's prior version. False without ordering (events apply in arrival order).
   */
  private boolean appliedAfter(RowKey key, Pending p) {
    if ((options.staleGuard() == WriterOptions.StaleGuard.OFF && precombinePos < 0) || p.order == null) {
      return false;
    }
    Object last = lastApplied(key);
    Integer c = last == null ? null : compareOrders(p.order, last);
    return c != null && c < 0;
  }

  private RowKey keyForDelete(ChangeEvent e) {
    if (shape.hasKey(e.before())) {
      return shape.keyOf(e.before());
    }
    if (shape.hasKey(e.key())) {
      return shape.keyOf(e.key());
    }
    throw new IllegalArgumentException("Cannot apply delete: the event names no value for every key column (table=" + table.name()
        + ", key columns=" + keyNames() + ")");
  }

  private List<String> keyNames() {
    List<String> out = new ArrayList<>();
    for (int p : shape.keyPositions) {
      out.add(shape.names[p]);
    }
    return out;
  }

  private void upsert(Pending p, Map<RowKey, KeyState> states) {
    ChangeEvent e = p.event;
    Row after = e.after();
    if (!shape.hasKey(after)) {
      throw new IllegalArgumentException("Cannot apply " + e.op() + ": the after-image lacks a key column (table=" + table.name()
          + ", key columns=" + keyNames() + ")");
    }
    RowKey newKey = shape.keyOf(after);
    RowKey oldKey = e.op() == Op.UPDATE && shape.hasKey(e.before()) ? shape.keyOf(e.before()) : newKey;
    if (isStale(newKey, p)) {
      stale++;
      return;
    }
    boolean keyChanged = !oldKey.equals(newKey);
    // where UNCHANGED columns come from: a state of this delta (source), else a row looked up by key
    KeyState source = null;
    RowKey sourceLookup = newKey;
    RowKey lookupFallback = keyChanged ? newKey : null;
    boolean noSource = false;
    if (keyChanged) {
      KeyState old = states.get(oldKey);
      KeyState mine = states.get(newKey);
      if (appliedAfter(oldKey, p)) {
        // The old key changed after this change (it was re-used): its row is a later one, never this row's prior version.
        // Only the new key's row can be this change's earlier result (delivered again while the new key's own position
        // was evicted from the cache); the new key's row from an earlier change of this delta is not.
        noSource = mine != null;
        lookupFallback = null;
      } else if (old != null && old.row != null) {
        source = old;
      } else if (old == null) {
        sourceLookup = oldKey;
      } else {
        // the old key is already deleted in this delta: a replayed key change; the new key's row is the same row
        source = mine != null && mine.row != null ? mine : null;
      }
    }
    // copy what the source state holds before the old key is deleted below
    GenericRecord sourceRow = source == null ? null : source.row;
    RowKey sourceLookupKey = source == null ? null : source.lookupKey;
    RowKey sourceFallback = source == null ? null : source.fallbackKey;
    if (keyChanged && deleteOldKeys && !isStale(oldKey, p)) {
      deleteKey(oldKey, e.before(), p, states);
    }
    KeyState st = states.computeIfAbsent(newKey, KeyState::new);
    if (!keyChanged) {
      sourceRow = st.row;
      sourceLookupKey = st.lookupKey;
      sourceFallback = st.fallbackKey;
      sourceLookup = st.lookupKey;
      noSource = st.deleted;
    }
    Row before = e.before();
    GenericRecord row = GenericRecord.create(shape.schema);
    boolean pending = false;
    boolean usedLookup = false;
    boolean fromSource = false;
    for (int i = 0; i < shape.names.length; i++) {
      String name = shape.names[i];
      int ai = TableShape.indexIn(after, name, i);
      ColumnState cs = ai < 0 ? ColumnState.OMITTED : after.state(ai);
      int bi = cs == ColumnState.VALUE || cs == ColumnState.NULL || before == null ? -1 : TableShape.indexIn(before, name, i);
      if (cs == ColumnState.VALUE) {
        row.set(i, Values.toIceberg(after.value(ai), shape.type(i), name));
      } else if (cs == ColumnState.NULL) {
        row.set(i, null);
      } else if (bi >= 0 && (before.state(bi) == ColumnState.VALUE || before.state(bi) == ColumnState.NULL)) {
        row.set(i, Values.toIceberg(before.value(bi), shape.type(i), name));
      } else if (sourceRow != null) {
        Object v = sourceRow.get(i);
        row.set(i, v);
        if (v == PENDING) {
          pending = true;
          usedLookup = true;
          fromSource = true;
        }
      } else if (noSource) {
        unresolvedUnchanged++;
        row.set(i, null);
      } else {
        row.set(i, PENDING);
        pending = true;
        usedLookup = true;
      }
    }
    st.row = row;
    st.deleted = false;
    st.hasPending = pending;
    if (usedLookup) {
      st.lookupKey = fromSource ? sourceLookupKey : sourceLookup;
      st.fallbackKey = fromSource ? sourceFallback : lookupFallback;
    }
    if (e.op() == Op.UPDATE && !keyChanged) {
      notePriorPlace(st, before);
    }
    remember(newKey, p);
  }

  private void delete(Pending p, Map<RowKey, KeyState> states) {
    RowKey key = keyForDelete(p.event);
    if (isStale(key, p)) {
      stale++;
      return;
    }
    deleteKey(key, p.event.before(), p, states);
  }

  private void deleteKey(RowKey key, Row before, Pending p, Map<RowKey, KeyState> states) {
    KeyState st = states.computeIfAbsent(key, KeyState::new);
    st.row = null;
    st.deleted = true;
    st.hasPending = false;
    notePriorPlace(st, before);
    remember(key, p);
  }

  /** Records where the version before this change sits, from the before-image; unknown without one. */
  private void notePriorPlace(KeyState st, Row before) {
    if (shape.partitionFromKey) {
      return;
    }
    if (shape.hasPartitionSources(before)) {
      st.places.add(new FileSink.Target(shape.spec.specId(), shape.partitionOf(shape.recordOf(before))));
    } else {
      st.priorUnknown = true;
    }
  }

  // ---------------------------------------------------------------- resolve UNCHANGED and unknown places

  private record Found(Record row, List<FileSink.Target> places) {
  }

  private void resolve(Map<RowKey, KeyState> states) {
    Set<RowKey> wanted = new LinkedHashSet<>();
    for (KeyState st : states.values()) {
      if (st.hasPending) {
        wanted.add(st.lookupKey);
        if (st.fallbackKey != null) {
          wanted.add(st.fallbackKey);
        }
      }
    }
    Set<RowKey> placeWanted = new LinkedHashSet<>();
    for (KeyState st : states.values()) {
      if (st.priorUnknown) {
        placeWanted.add(st.key);
      }
    }
    Map<RowKey, Found> found = new HashMap<>();
    Set<RowKey> fromFiles = new LinkedHashSet<>();
    Set<RowKey> fromTable = new LinkedHashSet<>();
    Set<RowKey> all = new LinkedHashSet<>(wanted);
    all.addAll(placeWanted);
    for (RowKey k : all) {
      Cached c = rowCache.get(k);
      if (c != null) {
        found.put(k, new Found(c.row(), c.row() == null ? List.of() : List.of(c.place())));
      } else if (openBatchKeys.containsKey(k)) {
        fromFiles.add(k);
      } else if (truncateInBatch) {
        found.put(k, new Found(null, List.of()));
      } else if (wanted.contains(k)) {
        fromTable.add(k); // only UNCHANGED values make the writer read the table; unknown places alone go global
      }
    }
    if (!fromFiles.isEmpty()) {
      List<DataFile> files = new ArrayList<>();
      Set<Integer> idx = new HashSet<>();
      for (RowKey k : fromFiles) {
        idx.add(openBatchKeys.get(k));
      }
      for (int i : idx) {
        files.addAll(deltas.get(i).dataFiles());
      }
      Map<RowKey, Record> rows = lookup.readFiles(table, files, fromFiles);
      for (RowKey k : fromFiles) {
        Record r = rows.get(k);
        found.put(k, new Found(r, r == null ? List.of() : List.of(placeOf(r))));
      }
    }
    if (!fromTable.isEmpty()) {
      table.refresh();
      lookups += fromTable.size();
      Map<RowKey, List<Record>> rows = lookup.readTable(table, fromTable);
      for (RowKey k : fromTable) {
        List<Record> rs = rows.get(k);
        if (rs == null || rs.isEmpty()) {
          found.put(k, new Found(null, List.of()));
        } else {
          List<FileSink.Target> places = new ArrayList<>();
          for (Record r : rs) {
            places.add(placeOf(r));
          }
          found.put(k, new Found(rs.get(0), places));
        }
      }
    }
    for (KeyState st : states.values()) {
      if (st.hasPending && st.row != null) {
        Found f = found.get(st.lookupKey);
        Record src = f == null ? null : f.row();
        if (src == null && st.fallbackKey != null) {
          Found fb = found.get(st.fallbackKey);
          src = fb == null ? null : fb.row();
        }
        for (int i = 0; i < shape.names.length; i++) {
          if (st.row.get(i) == PENDING) {
            if (src == null) {
              unresolvedUnchanged++;
              st.row.set(i, null);
            } else {
              st.row.set(i, src.get(i));
            }
          }
        }
        st.hasPending = false;
      }
      if (st.priorUnknown) {
        Found f = found.get(st.key);
        if (f != null) {
          st.places.addAll(f.places());
          st.priorUnknown = false;
        }
      }
    }
  }

  private FileSink.Target placeOf(Record row) {
    return new FileSink.Target(shape.spec.specId(), shape.partitionOf(row));
  }

  // ---------------------------------------------------------------- write

  private void writeDelta(Map<RowKey, KeyState> states) {
    Map<FileSink.PartitionKeyOrNull, List<Record>> rows = new LinkedHashMap<>();
    Map<FileSink.Target, List<Record>> deletes = new LinkedHashMap<>();
    Map<RowKey, Cached> written = new LinkedHashMap<>();
    long rowCount = 0;
    long deleteCount = 0;
    long globalCount = 0;
    for (KeyState st : states.values()) {
      Set<FileSink.Target> targets = new LinkedHashSet<>();
      PartitionKey newPart = st.row == null ? null : shape.partitionOf(st.row);
      if (shape.partitionFromKey && !multiSpec) {
        targets.add(new FileSink.Target(shape.spec.specId(),
            st.row != null ? newPart : shape.partitionOf(shape.recordOfKey(st.key))));
      } else if (st.priorUnknown || multiSpec) {
        targets.add(GLOBAL);
      } else {
        targets.addAll(st.places);
        if (st.row != null) {
          targets.add(new FileSink.Target(shape.spec.specId(), newPart));
        }
        if (targets.isEmpty()) {
          targets.add(GLOBAL);
        }
      }
      for (FileSink.Target t : targets) {
        FileSink.Target real = t == GLOBAL ? new FileSink.Target(shape.globalSpec.specId(), null) : t;
        deletes.computeIfAbsent(real, x -> new ArrayList<>()).add(shape.deleteRecord(st.key));
        deleteCount++;
        if (t == GLOBAL) {
          globalCount++;
        }
      }
      if (st.row != null) {
        rows.computeIfAbsent(new FileSink.PartitionKeyOrNull(newPart), x -> new ArrayList<>()).add(st.row);
        rowCount++;
        written.put(st.key, new Cached(st.row, new FileSink.Target(shape.spec.specId(), newPart)));
      } else {
        written.put(st.key, new Cached(null, null));
      }
    }
    WriteResult.Delta d = sink.write(rows, deletes);
    addDelta(d);
    int index = deltas.size() - 1;
    for (Map.Entry<RowKey, Cached> e : written.entrySet()) {
      rowCache.put(e.getKey(), e.getValue());
      openBatchKeys.put(e.getKey(), index);
    }
    rowsWritten += rowCount;
    keysDeleted += deleteCount;
    globalDeletes += globalCount;
    rowsInBatch += rowCount;
    deletesInBatch += deleteCount;
  }

  @Override
  void onBatchDone(Checkpoint covers) {
    openBatchKeys.clear();
    batchPositions.clear();
    completed = completed.merge(covers);
  }

  @Override
  void onAbort() {
    openBatchKeys.clear();
    rowCache.clear();
    positions.clear();
    batchPositions.clear();
    truncateMark = null;
    maxApplied = null;
  }
}
