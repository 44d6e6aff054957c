package io.cdclake.schema;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.ColumnState;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A small upsert writer for tests, with Iceberg's generic writers: one commit per event (an equality
 * delete of the key plus the new row), UNCHANGED columns filled from the row's current version read
 * back through Iceberg, the way the project's writer does it. Unpartitioned tables with identifier
 * fields only.
 */
final class TestWriter {
  private TestWriter() {}

  /** Writes reconciled events, each in its own snapshot. */
  static void write(Table table, List<ChangeEvent> events) {
    for (ChangeEvent e : events) {
      write(table, e);
    }
  }

  static void write(Table table, ChangeEvent e) {
    table.refresh();
    Schema schema = table.schema();
    List<String> keyNames = new ArrayList<>(schema.identifierFieldNames());
    if (keyNames.isEmpty()) {
      throw new IllegalStateException("test writer needs identifier fields");
    }
    Row image = e.op() == Op.DELETE ? (e.before() != null ? e.before() : e.key()) : e.after();
    Map<String, Object> key = new LinkedHashMap<>();
    for (String k : keyNames) {
      Row from = e.key() != null && e.key().indexOf(k) >= 0 ? e.key() : image;
      key.put(k, toIceberg(from.get(k), schema.findType(k)));
    }
    Map<String, Object> current = find(table, key);
    Record row = null;
    if (e.op() != Op.DELETE) {
      row = GenericRecord.create(schema);
      for (Types.NestedField f : schema.columns()) {
        int i = image.indexOf(f.name());
        ColumnState st = i < 0 ? ColumnState.OMITTED : image.state(i);
        Object v;
        if (st == ColumnState.UNCHANGED) {
          v = current == null ? null : current.get(f.name());
        } else if (st == ColumnState.VALUE) {
          v = toIceberg(image.value(i), f.type());
        } else {
          v = null;
        }
        row.setField(f.name(), v);
      }
    }
    commit(table, schema, key, current != null, row);
  }

  private static Map<String, Object> find(Table table, Map<String, Object> key) {
    String first = key.keySet().iterator().next();
    for (Map<String, Object> r : Warehouse.read(table, first)) {
      boolean match = true;
      for (Map.Entry<String, Object> k : key.entrySet()) {
        match &= java.util.Objects.equals(r.get(k.getKey()), k.getValue());
      }
      if (match) {
        return r;
      }
    }
    return null;
  }

  private static void commit(Table table, Schema schema, Map<String, Object> key, boolean delete, Record row) {
    int[] keyIds = key.keySet().stream().mapToInt(n -> schema.findField(n).fieldId()).toArray();
    Schema deleteSchema = schema.select(new ArrayList<>(key.keySet()));
    GenericFileWriterFactory f = new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).dataSchema(schema)
        .deleteFileFormat(FileFormat.PARQUET).equalityFieldIds(keyIds).equalityDeleteRowSchema(deleteSchema).build();
    OutputFileFactory files = OutputFileFactory.builderFor(table, 1, System.nanoTime()).format(FileFormat.PARQUET)
        .operationId(UUID.randomUUID().toString()).build();
    RowDelta delta = table.newRowDelta();
    try {
      if (delete) {
        EqualityDeleteWriter<Record> w = f.newEqualityDeleteWriter(files.newOutputFile(), table.spec(), null);
        try (w) {
          GenericRecord d = GenericRecord.create(deleteSchema);
          key.forEach(d::setField);
          w.write(d);
        }
        DeleteFile df = w.toDeleteFile();
        delta.addDeletes(df);
        if (row != null) {
          delta.commit(); // the delete must be older than the row it must not remove
          delta = table.newRowDelta();
        }
      }
      if (row != null) {
        DataWriter<Record> w = f.newDataWriter(files.newOutputFile(), table.spec(), null);
        try (w) {
          w.write(row);
        }
        DataFile file = w.toDataFile();
        delta.addRows(file);
      }
      delta.commit();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** A reconciled value (canonical class) as Iceberg's generic data class. */
  static Object toIceberg(Object v, Type type) {
    if (v == null || v == Row.unchangedMarker()) {
      return null;
    }
    switch (type.typeId()) {
      case BINARY:
        return ByteBuffer.wrap((byte[]) v);
      case STRUCT: {
        Row r = (Row) v;
        GenericRecord rec = GenericRecord.create(type.asStructType());
        for (Types.NestedField f : type.asStructType().fields()) {
          int i = r.indexOf(f.name());
          rec.setField(f.name(), i < 0 || r.state(i) != ColumnState.VALUE ? null : toIceberg(r.value(i), f.type()));
        }
        return rec;
      }
      case LIST: {
        List<Object> out = new ArrayList<>();
        for (Object x : (List<?>) v) {
          out.add(toIceberg(x, type.asListType().elementType()));
        }
        return out;
      }
      case MAP: {
        Map<Object, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) v).forEach((k, x) -> out.put(toIceberg(k, type.asMapType().keyType()), toIceberg(x, type.asMapType().valueType())));
        return out;
      }
      default:
        return v;
    }
  }
}
