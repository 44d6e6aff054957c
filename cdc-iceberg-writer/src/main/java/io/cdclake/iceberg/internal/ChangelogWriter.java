package io.cdclake.iceberg.internal;

import io.cdclake.iceberg.CdcLakeProperties;
import io.cdclake.iceberg.WriteResult;
import io.cdclake.iceberg.WriterOptions;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.ColumnState;
import io.cdclake.model.Row;
import io.cdclake.model.SourcePosition;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * Appends every row event to a changelog table, in arrival order, with {@code _cdc_op}
 * ({@code insert}, {@code update}, {@code delete}, {@code read}, {@code truncate}),
 * {@code _cdc_position} (the source position as sortable text: the kind, then each part as a
 * 20-digit zero-padded number, {@code postgresql:00000000000000012345/00000000000000012399}),
 * {@code _cdc_commit_ts} and {@code _cdc_tx}. Deletes carry their before-image (or key);
 * UNCHANGED columns take the before-image's value when it has one, else null (the changelog records
 * what the source said; the upsert table resolves them).
 */
public final class ChangelogWriter extends BaseWriter {
  private final int opPos;
  private final int positionPos;
  private final int commitPos;
  private final int txPos;

  public ChangelogWriter(Table table, WriterOptions options) {
    super(table, options.withStaleGuard(WriterOptions.StaleGuard.OFF).withPrecombineColumn(null));
    this.opPos = index(CdcLakeProperties.CDC_OP);
    this.positionPos = index(CdcLakeProperties.CDC_POSITION);
    this.commitPos = index(CdcLakeProperties.CDC_COMMIT_TS);
    this.txPos = index(CdcLakeProperties.CDC_TX);
  }

  private int index(String name) {
    for (int i = 0; i < shape.names.length; i++) {
      if (shape.names[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("Cannot write changelog: the table lacks a changelog column (column=" + name + ", table="
        + table.name() + ", see TableSetup.changelogSchema)");
  }

  @Override
  void flushDelta() {
    List<Pending> events = drainSorted();
    Map<FileSink.PartitionKeyOrNull, List<Record>> rows = new LinkedHashMap<>();
    long count = 0;
    for (Pending p : events) {
      Record r = rowOf(p.event);
      rows.computeIfAbsent(new FileSink.PartitionKeyOrNull(shape.partitionOf(r)), x -> new ArrayList<>()).add(r);
      count++;
    }
    if (count == 0) {
      return;
    }
    WriteResult.Delta d = sink.write(rows, Map.of());
    addDelta(d);
    rowsWritten += count;
    rowsInBatch += count;
  }

  private Record rowOf(ChangeEvent e) {
    GenericRecord r = GenericRecord.create(shape.schema);
    Row image = e.after() != null ? e.after() : e.before() != null ? e.before() : e.key();
    Row before = e.before();
    if (image != null) {
      for (int i = 0; i < shape.names.length; i++) {
        if (i == opPos || i == positionPos || i == commitPos || i == txPos) {
          continue;
        }
        String n = shape.names[i];
        ColumnState s = image.state(n);
        if (s == ColumnState.VALUE) {
          r.set(i, Values.toIceberg(image.get(n), shape.type(i), n));
        } else if (s.isAbsent() && before != null && before != image && before.state(n) == ColumnState.VALUE) {
          r.set(i, Values.toIceberg(before.get(n), shape.type(i), n));
        }
      }
    }
    r.set(opPos, switch (e.op()) {
      case SNAPSHOT_READ -> "read";
      default -> e.op().name().toLowerCase(Locale.ROOT);
    });
    r.set(positionPos, positionText(e.position()));
    r.set(commitPos, e.commitTime() == null ? null : e.commitTime().atOffset(ZoneOffset.UTC));
    r.set(txPos, e.transaction() == null ? null : e.transaction().id());
    return r;
  }

  /** Sortable text of a position (opaque positions give their own text). */
  public static String positionText(SourcePosition p) {
    if (p == null) {
      return null;
    }
    if (!p.isComparable()) {
      return p.kind() + ":" + p.text();
    }
    StringBuilder sb = new StringBuilder(p.kind()).append(':');
    for (int i = 0; i < p.partCount(); i++) {
      if (i > 0) {
        sb.append('/');
      }
      String s = Long.toString(p.part(i));
      sb.append("0".repeat(Math.max(0, 20 - s.length()))).append(s);
    }
    return sb.toString();
  }
}
