package io.cdclake.iceberg.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.DateTimeUtil;

/** Reads current rows by key: from the table through Iceberg's reader (deletes applied), or from uncommitted data files. */
public final class TableLookup {
  private final TableShape shape;
  private final int batchSize;

  public TableLookup(TableShape shape, int batchSize) {
    this.shape = shape;
    this.batchSize = batchSize;
  }

  /** The table's current rows for the keys (a key may map to several rows if the table was written wrongly before). */
  public Map<RowKey, List<Record>> readTable(Table table, Collection<RowKey> keys) {
    Map<RowKey, List<Record>> out = new HashMap<>();
    if (keys.isEmpty() || table.currentSnapshot() == null) {
      return out;
    }
    List<RowKey> all = new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += batchSize) {
      List<RowKey> part = all.subList(from, Math.min(all.size(), from + batchSize));
      Expression filter = filterFor(part);
      try (CloseableIterable<Record> rows = IcebergGenerics.read(table).project(shape.schema).where(filter).build()) {
        for (Record r : rows) {
          RowKey k = shape.keyOf(r);
          out.computeIfAbsent(k, x -> new ArrayList<>(1)).add(r.copy());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read rows back from table: " + e.getMessage() + " (table=" + table.name() + ")", e);
      }
    }
    out.keySet().retainAll(new java.util.HashSet<>(keys));
    return out;
  }

  /** Rows of the keys in data files this writer wrote and has not committed yet. */
  public Map<RowKey, Record> readFiles(Table table, List<DataFile> files, Collection<RowKey> keys) {
    Map<RowKey, Record> out = new HashMap<>();
    java.util.Set<RowKey> wanted = new java.util.HashSet<>(keys);
    Schema schema = shape.schema;
    for (DataFile f : files) {
      org.apache.iceberg.formats.ReadBuilder<Record, Object> rb =
          org.apache.iceberg.formats.FormatModelRegistry.readBuilder(f.format(), Record.class, table.io().newInputFile(f.location()));
      try (CloseableIterable<Record> rows = rb.project(schema).build()) {
        for (Record r : rows) {
          RowKey k = shape.keyOf(r);
          if (wanted.contains(k)) {
            out.put(k, r.copy());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read uncommitted data file: " + e.getMessage() + " (file=" + f.location() + ")", e);
      }
    }
    return out;
  }

  private Expression filterFor(List<RowKey> keys) {
    int[] pos = shape.keyPositions;
    if (pos.length == 1) {
      String name = shape.names[pos[0]];
      List<Object> values = new ArrayList<>(keys.size());
      boolean hasNull = false;
      for (RowKey k : keys) {
        Object v = literal(k.get(0));
        if (v == null) {
          hasNull = true;
        } else {
          values.add(v);
        }
      }
      Expression e = values.isEmpty() ? Expressions.alwaysFalse() : Expressions.in(name, values);
      return hasNull ? Expressions.or(e, Expressions.isNull(name)) : e;
    }
    Expression any = Expressions.alwaysFalse();
    for (RowKey k : keys) {
      Expression all = Expressions.alwaysTrue();
      for (int i = 0; i < pos.length; i++) {
        String name = shape.names[pos[i]];
        Object v = literal(k.get(i));
        all = Expressions.and(all, v == null ? Expressions.isNull(name) : Expressions.equal(name, v));
      }
      any = Expressions.or(any, all);
    }
    return any;
  }

  /** Iceberg expression literals take the internal form of date and time values. */
  private static Object literal(Object v) {
    if (v instanceof LocalDate d) {
      return DateTimeUtil.daysFromDate(d);
    }
    if (v instanceof LocalTime t) {
      return DateTimeUtil.microsFromTime(t);
    }
    if (v instanceof LocalDateTime t) {
      return DateTimeUtil.microsFromTimestamp(t);
    }
    if (v instanceof OffsetDateTime t) {
      return DateTimeUtil.microsFromTimestamptz(t);
    }
    if (v instanceof byte[] b) {
      return ByteBuffer.wrap(b);
    }
    return v;
  }

}
