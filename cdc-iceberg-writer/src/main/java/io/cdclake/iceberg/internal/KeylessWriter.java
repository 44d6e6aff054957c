package io.cdclake.iceberg.internal;

import io.cdclake.iceberg.CdcLakeProperties;
import io.cdclake.iceberg.WriteResult;
import io.cdclake.iceberg.WriterOptions;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.ColumnState;
import io.cdclake.model.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * Tables without identifier fields. With {@link WriterOptions.KeylessPolicy#FULL_ROW_MATCH} an update
 * or delete removes rows equal to its full before-image in every primitive column (an equality
 * delete over all of them; identical duplicate rows all go, a documented limit), and a delete that
 * matches a row inserted earlier in the same delta cancels that insert instead. With
 * {@link WriterOptions.KeylessPolicy#APPEND_ONLY} rows are only appended. Events are applied in
 * source order within a delta; no stale-event guard across batches (there is no key to keep
 * positions for).
 */
public final class KeylessWriter extends BaseWriter {
  private final WriterOptions.KeylessPolicy policy;
  private final boolean multiSpec;

  public KeylessWriter(Table table, WriterOptions options) {
    super(table, options);
    String prop = table.properties().get(CdcLakeProperties.KEYLESS_MODE);
    this.policy = "append-only".equals(prop) ? WriterOptions.KeylessPolicy.APPEND_ONLY : options.keyless();
    int partitioned = 0;
    for (var s : table.specs().values()) {
      if (!s.isUnpartitioned()) {
        partitioned++;
      }
    }
    this.multiSpec = partitioned > 1;
    if (multiSpec && shape.globalSpec == null && policy == WriterOptions.KeylessPolicy.FULL_ROW_MATCH) {
      throw new IllegalArgumentException("Cannot write table: it has several partition specs and no unpartitioned spec for global "
          + "deletes (table=" + table.name() + ", see TableSetup.ensureGlobalDeleteSpec)");
    }
  }

  @Override
  void flushDelta() {
    List<Pending> sorted = drainSorted();
    List<Record> inserts = new ArrayList<>();
    Map<RowKey, List<Integer>> pendingByRow = new HashMap<>();
    Map<FileSink.Target, List<Record>> deletes = new LinkedHashMap<>();
    long deleteCount = 0;
    for (Pending p : sorted) {
      ChangeEvent e = p.event;
      switch (e.op()) {
        case TRUNCATE -> {
          inserts.clear();
          pendingByRow.clear();
          deletes.clear();
          deleteCount = 0;
          dropDeltas();
          rowsInBatch = 0;
          deletesInBatch = 0;
          truncateInBatch = true;
        }
        case INSERT, SNAPSHOT_READ -> add(inserts, pendingByRow, rowOf(e.after(), e.before()));
        case UPDATE -> {
          if (policy == WriterOptions.KeylessPolicy.FULL_ROW_MATCH) {
            deleteCount += remove(inserts, pendingByRow, deletes, fullBefore(e));
          }
          add(inserts, pendingByRow, rowOf(e.after(), e.before()));
        }
        case DELETE -> {
          if (policy == WriterOptions.KeylessPolicy.FULL_ROW_MATCH) {
            deleteCount += remove(inserts, pendingByRow, deletes, fullBefore(e));
          } else {
            skippedKeylessDeletes++;
          }
        }
        default -> throw new IllegalStateException("not a row event: " + e.op());
      }
    }
    Map<FileSink.PartitionKeyOrNull, List<Record>> rows = new LinkedHashMap<>();
    long rowCount = 0;
    for (Record r : inserts) {
      if (r != null) {
        rows.computeIfAbsent(new FileSink.PartitionKeyOrNull(shape.partitionOf(r)), x -> new ArrayList<>()).add(r);
        rowCount++;
      }
    }
    if (rows.isEmpty() && deletes.isEmpty()) {
      return;
    }
    WriteResult.Delta d = sink.write(rows, deletes);
    addDelta(d);
    rowsWritten += rowCount;
    rowsInBatch += rowCount;
    keysDeleted += deleteCount;
    deletesInBatch += deleteCount;
  }

  private Row fullBefore(ChangeEvent e) {
    if (!shape.isFull(e.before())) {
      throw new IllegalArgumentException("Cannot apply " + e.op() + " to a table without key: it needs a full before-image to find "
          + "the row (table=" + table.name() + ", see REPLICA IDENTITY FULL / binlog_row_image=FULL, or keyless-mode append-only)");
    }
    return e.before();
  }

  private GenericRecord rowOf(Row after, Row before) {
    GenericRecord r = GenericRecord.create(shape.schema);
    for (int i = 0; i < shape.names.length; i++) {
      String n = shape.names[i];
      ColumnState s = after.state(n);
      if (s == ColumnState.VALUE) {
        r.set(i, Values.toIceberg(after.get(n), shape.type(i), n));
      } else if (s.isAbsent()) {
        if (before != null && before.state(n) == ColumnState.VALUE) {
          r.set(i, Values.toIceberg(before.get(n), shape.type(i), n));
        } else if (before == null || before.state(n) != ColumnState.NULL) {
          unresolvedUnchanged++;
        }
      }
    }
    return r;
  }

  private void add(List<Record> inserts, Map<RowKey, List<Integer>> pendingByRow, GenericRecord r) {
    pendingByRow.computeIfAbsent(shape.keyOf(r), k -> new ArrayList<>()).add(inserts.size());
    inserts.add(r);
  }

  private int remove(List<Record> inserts, Map<RowKey, List<Integer>> pendingByRow, Map<FileSink.Target, List<Record>> deletes,
      Row before) {
    GenericRecord old = shape.recordOf(before);
    RowKey k = shape.keyOf(old);
    List<Integer> idx = pendingByRow.get(k);
    if (idx != null && !idx.isEmpty()) {
      int i = idx.remove(idx.size() - 1);
      inserts.set(i, null);
      return 0;
    }
    FileSink.Target t = multiSpec ? new FileSink.Target(shape.globalSpec.specId(), null)
        : new FileSink.Target(shape.spec.specId(), shape.partitionOf(old));
    deletes.computeIfAbsent(t, x -> new ArrayList<>()).add(shape.deleteRecord(k));
    return 1;
  }
}
