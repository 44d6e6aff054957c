package io.cdclake.iceberg.internal;

import io.cdclake.iceberg.ChangeWriter;
import io.cdclake.iceberg.Checkpoint;
import io.cdclake.iceberg.WriteResult;
import io.cdclake.iceberg.WriterCounters;
import io.cdclake.iceberg.WriterOptions;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.ColumnState;
import io.cdclake.model.Row;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.Table;

/** Buffering, ordering, batch bookkeeping and counters shared by the writers. */
abstract class BaseWriter implements ChangeWriter {
  final Table table;
  final TableShape shape;
  final WriterOptions options;
  final FileSink sink;
  final int precombinePos;

  final List<Pending> buffer = new ArrayList<>();
  final List<WriteResult.Delta> deltas = new ArrayList<>();
  Checkpoint.Builder covers = Checkpoint.builder();
  boolean truncateInBatch;
  private long arrival;
  private Object lastOrder;

  long events;
  long stale;
  long staleByWatermark;
  long rowsWritten;
  long keysDeleted;
  long globalDeletes;
  long deltaCount;
  long lookups;
  long unresolvedUnchanged;
  long skippedKeylessDeletes;

  BaseWriter(Table table, WriterOptions options) {
    this.table = table;
    this.shape = new TableShape(table);
    this.options = options;
    this.sink = new FileSink(shape, options.partitionId(), options.taskId(), options.targetFileSizeBytes());
    if (options.precombineColumn() != null) {
      int p = -1;
      for (int i = 0; i < shape.names.length; i++) {
        if (shape.names[i].equals(options.precombineColumn())) {
          p = i;
        }
      }
      if (p < 0) {
        throw new IllegalArgumentException("Cannot write table: the precombine column is not a column of the table (column="
            + options.precombineColumn() + ", table=" + table.name() + ", see precombine_key)");
      }
      this.precombinePos = p;
    } else {
      this.precombinePos = -1;
    }
  }

  /** One buffered event: its arrival number, its own order value (or null) and the order it sorts by. */
  static final class Pending {
    final ChangeEvent event;
    final long arrival;
    final Object order;
    final Object sortOrder;

    Pending(ChangeEvent event, long arrival, Object order, Object sortOrder) {
      this.event = event;
      this.arrival = arrival;
      this.order = order;
      this.sortOrder = sortOrder;
    }
  }

  @Override
  public void write(ChangeEvent event) {
    if (!event.op().isRowChange()) {
      throw new IllegalArgumentException("Cannot write event: only row events reach a writer (op=" + event.op() + ", table="
          + table.name() + ")");
    }
    events++;
    covers.addSource(event.transport(), event.position());
    if (event.transport() != null) {
      covers.add(event.transport());
    }
    Object order = orderOf(event);
    Object sortOrder = order != null ? order : lastOrder;
    if (order != null) {
      lastOrder = order;
    }
    buffer.add(new Pending(event, arrival++, order, sortOrder));
    if (buffer.size() >= options.maxBufferedEvents()) {
      flushDelta();
    }
  }

  /** The event's order value: the precombine column's value, or the comparable source position; null when it has none. */
  Object orderOf(ChangeEvent e) {
    if (precombinePos >= 0) {
      String col = shape.names[precombinePos];
      Row img = e.after() != null ? e.after() : e.before();
      if (img != null && img.state(col) == ColumnState.VALUE) {
        return Values.toIceberg(img.get(col), shape.type(precombinePos), col);
      }
      return null;
    }
    return PositionMark.of(e.position());
  }

  /** Negative, zero or positive as a is older, equal or newer than b; null when they do not compare. */
  static Integer compareOrders(Object a, Object b) {
    if (a == null || b == null) {
      return null;
    }
    if (a instanceof PositionMark x && b instanceof PositionMark y) {
      return x.comparableTo(y) ? x.compare(y) : null;
    }
    if (a.getClass() == b.getClass() && a instanceof Comparable<?>) {
      @SuppressWarnings("unchecked")
      Comparable<Object> c = (Comparable<Object>) a;
      return c.compareTo(b);
    }
    return null;
  }

  /** The buffered events in the order to apply them: by order value when all compare, else by arrival. */
  List<Pending> drainSorted() {
    List<Pending> out = new ArrayList<>(buffer);
    buffer.clear();
    if (options.staleGuard() == WriterOptions.StaleGuard.OFF && precombinePos < 0) {
      return out;
    }
    if (inOrder(out)) {
      return out; // already sorted: what the sort below would leave as it is
    }
    Object first = out.isEmpty() ? null : out.get(0).sortOrder;
    for (Pending p : out) {
      if (compareOrders(first, p.sortOrder) == null) {
        return out;
      }
    }
    out.sort(Comparator.comparing((Pending p) -> p.sortOrder, (a, b) -> compareOrders(a, b)).thenComparingLong(p -> p.arrival));
    return out;
  }

  /**
   * True when every order value compares with the next and none is newer than the next: then all
   * compare with each other (comparability is by kind or class) and the list, in arrival order, is in
   * the order the sort in {@link #drainSorted} gives.
   */
  private static boolean inOrder(List<Pending> out) {
    for (int i = 1; i < out.size(); i++) {
      Integer c = compareOrders(out.get(i - 1).sortOrder, out.get(i).sortOrder);
      if (c == null || c > 0) {
        return false;
      }
    }
    return true;
  }

  abstract void flushDelta();

  /** Drops this batch's written deltas (a truncate made them pointless; they were never committed). */
  void dropDeltas() {
    for (WriteResult.Delta d : deltas) {
      List<ContentFile<?>> files = new ArrayList<>(d.dataFiles());
      files.addAll(d.deleteFiles());
      FileSink.deleteQuietly(table.io(), files);
    }
    deltas.clear();
  }

  void addDelta(WriteResult.Delta d) {
    if (!d.dataFiles().isEmpty() || !d.deleteFiles().isEmpty()) {
      deltas.add(d);
      deltaCount++;
    }
  }

  @Override
  public WriteResult complete(long batch) {
    if (!buffer.isEmpty()) {
      flushDelta();
    }
    Checkpoint done = covers.build();
    WriteResult r = new WriteResult(table.name(), shape.schema.schemaId(), batch, truncateInBatch, deltas, done, rowsInBatch,
        deletesInBatch);
    deltas.clear();
    truncateInBatch = false;
    covers = Checkpoint.builder();
    rowsInBatch = 0;
    deletesInBatch = 0;
    onBatchDone(done);
    return r;
  }

  long rowsInBatch;
  long deletesInBatch;

  /** The batch is complete; covers is what it holds (transport offsets and source high-water marks). */
  void onBatchDone(Checkpoint covers) {
  }

  @Override
  public void abort() {
    buffer.clear();
    dropDeltas();
    truncateInBatch = false;
    covers = Checkpoint.builder();
    rowsInBatch = 0;
    deletesInBatch = 0;
    onAbort();
  }

  void onAbort() {
  }

  @Override
  public void committed(Checkpoint checkpoint) {
  }

  @Override
  public WriterCounters counters() {
    return new WriterCounters(events, stale, staleByWatermark, rowsWritten, keysDeleted, globalDeletes, deltaCount, lookups,
        unresolvedUnchanged, skippedKeylessDeletes);
  }

  @Override
  public Table table() {
    return table;
  }

  @Override
  public void close() {
    abort();
  }
}
