package io.cdclake.cli;

import io.cdclake.model.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A table's current rows read back through Iceberg's reader (equality and position deletes
 * applied), as canonical values: the classes {@code decode} prints ({@link EventJson}), so
 * {@code show} prints a value exactly as {@code decode} printed it. Binary becomes {@code byte[]},
 * structs become {@link Row}s, lists and maps keep their elements converted the same way.
 */
final class TableRows {
  private TableRows() {}

  /** The top-level column names, in schema order. */
  static List<String> columns(Table table) {
    return table.schema().columns().stream().map(Types.NestedField::name).toList();
  }

  /**
   * The key columns rows are sorted by: the table's identifier fields in schema order; every column
   * for tables without them.
   */
  static List<String> sortColumns(Table table) {
    Schema s = table.schema();
    Set<Integer> ids = s.identifierFieldIds();
    List<String> out = new ArrayList<>();
    for (Types.NestedField f : s.columns()) {
      if (ids.isEmpty() || ids.contains(f.fieldId())) {
        out.add(f.name());
      }
    }
    return out;
  }

  /** Every current row (each column present, NULL as null), sorted by {@link #sortColumns}. */
  static List<Row> read(Table table) {
    Schema schema = table.schema();
    List<Row> out = new ArrayList<>();
    if (table.currentSnapshot() != null) {
      try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
        for (Record r : records) {
          out.add(row(r, schema.asStruct()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read table: " + e.getMessage() + " (table=" + table.name() + ")", e);
      }
    }
    List<String> keys = sortColumns(table);
    out.sort((a, b) -> {
      for (String k : keys) {
        int c = compareValues(a.get(k), b.get(k));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    });
    return out;
  }

  /** The number of current rows (deletes applied). */
  static long count(Table table) {
    if (table.currentSnapshot() == null) {
      return 0;
    }
    long n = 0;
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).select(sortColumns(table).get(0)).build()) {
      for (Record ignored : records) {
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read table: " + e.getMessage() + " (table=" + table.name() + ")", e);
    }
    return n;
  }

  private static Row row(Record r, Types.StructType struct) {
    List<Types.NestedField> fields = struct.fields();
    Row.Builder b = Row.builder(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      Types.NestedField f = fields.get(i);
      b.put(f.name(), canonical(r.get(i), f.type()));
    }
    return b.build();
  }

  /** An Iceberg generic value as the canonical value of its type. */
  static Object canonical(Object v, Type type) {
    if (v == null) {
      return null;
    }
    switch (type.typeId()) {
      case BINARY, FIXED -> {
        if (v instanceof ByteBuffer bb) {
          ByteBuffer d = bb.duplicate();
          byte[] out = new byte[d.remaining()];
          d.get(out);
          return out;
        }
        return v;
      }
      case STRUCT -> {
        return row((Record) v, type.asStructType());
      }
      case LIST -> {
        Type element = type.asListType().elementType();
        List<Object> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
          out.add(canonical(o, element));
        }
        return java.util.Collections.unmodifiableList(out);
      }
      case MAP -> {
        Types.MapType m = type.asMapType();
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          out.put(canonical(e.getKey(), m.keyType()), canonical(e.getValue(), m.valueType()));
        }
        return out;
      }
      default -> {
        return v;
      }
    }
  }

  /** Orders values of one column: nulls first, then by value (decimals numerically, bytes unsigned, others by text). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compareValues(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y);
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.compareUnsigned(x, y);
    }
    if (a instanceof Comparable && a.getClass() == b.getClass()) {
      return ((Comparable) a).compareTo(b);
    }
    return Comparator.<String>naturalOrder().compare(EventJson.valueToJson(a), EventJson.valueToJson(b));
  }
}
