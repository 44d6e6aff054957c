package io.cdclake.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/** Reads a table back through Iceberg (deletes applied) and its snapshot summaries. */
final class TableRows {
  private TableRows() {
  }

  static List<Map<String, Object>> rows(Table table) {
    table.refresh();
    List<Map<String, Object>> out = new ArrayList<>();
    if (table.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      for (Record r : it) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Types.NestedField f : table.schema().columns()) {
          m.put(f.name(), r.getField(f.name()));
        }
        out.add(m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Rows by id; fails on a duplicate key. */
  static TreeMap<Long, Map<String, Object>> byId(Table table) {
    TreeMap<Long, Map<String, Object>> out = new TreeMap<>();
    for (Map<String, Object> r : rows(table)) {
      if (out.put((Long) r.get("id"), r) != null) {
        throw new AssertionError("duplicate key " + r.get("id") + " in " + table.name());
      }
    }
    return out;
  }

  static List<Map<String, String>> summaries(Table table) {
    table.refresh();
    List<Map<String, String>> out = new ArrayList<>();
    for (Snapshot s : table.snapshots()) {
      out.add(s.summary());
    }
    return out;
  }
}
