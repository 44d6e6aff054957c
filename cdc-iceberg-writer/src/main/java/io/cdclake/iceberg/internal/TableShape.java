package io.cdclake.iceberg.internal;

import io.cdclake.model.ColumnState;
import io.cdclake.model.Row;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PropertyUtil;

/**
 * What a writer needs to know about its table, computed once: schema, identifier (or all-column)
 * equality fields, the current partition spec and the unpartitioned spec for global deletes.
 */
public final class TableShape {
  public final Table table;
  public final Schema schema;
  public final List<Types.NestedField> fields;
  public final String[] names;
  /** Equality (key) columns: identifier fields, or every primitive column for tables without them. */
  public final int[] keyPositions;
  public final int[] keyFieldIds;
  public final Schema deleteSchema;
  public final boolean keyless;
  public final PartitionSpec spec;
  /** An unpartitioned spec of the table for global deletes, or null when the table has none. */
  public final PartitionSpec globalSpec;
  /** True when the partition of a row follows from its key alone (unpartitioned, or only key columns are partition sources). */
  public final boolean partitionFromKey;
  /** Positions (in {@link #fields}) of partition source columns. */
  public final int[] partitionSourcePositions;
  public final long targetFileSize;
  private final InternalRecordWrapper wrapper;

  public TableShape(Table table) {
    this.table = table;
    this.schema = table.schema();
    this.fields = schema.columns();
    this.names = fields.stream().map(Types.NestedField::name).toArray(String[]::new);
    Set<Integer> ids = schema.identifierFieldIds();
    List<Integer> keyPos = new ArrayList<>();
    if (ids.isEmpty()) {
      this.keyless = true;
      for (int i = 0; i < fields.size(); i++) {
        if (fields.get(i).type().isPrimitiveType()) {
          keyPos.add(i);
        }
      }
    } else {
      this.keyless = false;
      for (int i = 0; i < fields.size(); i++) {
        if (ids.contains(fields.get(i).fieldId())) {
          keyPos.add(i);
        }
      }
      if (keyPos.size() != ids.size()) {
        throw new IllegalArgumentException("Cannot write table: identifier fields must be top-level columns (table=" + table.name() + ")");
      }
    }
    this.keyPositions = keyPos.stream().mapToInt(Integer::intValue).toArray();
    this.keyFieldIds = keyPos.stream().mapToInt(i -> fields.get(i).fieldId()).toArray();
    Set<Integer> keyIdSet = new HashSet<>();
    for (int id : keyFieldIds) {
      keyIdSet.add(id);
    }
    this.deleteSchema = TypeUtil.select(schema, keyIdSet);
    this.spec = table.spec();
    PartitionSpec global = null;
    if (spec.isUnpartitioned()) {
      global = spec;
    } else {
      for (PartitionSpec s : table.specs().values()) {
        if (s.isUnpartitioned()) {
          global = s;
        }
      }
    }
    this.globalSpec = global;
    Set<Integer> sources = new HashSet<>();
    boolean fromKey = !keyless;
    for (PartitionField f : spec.fields()) {
      sources.add(f.sourceId());
      fromKey &= keyIdSet.contains(f.sourceId());
    }
    this.partitionFromKey = spec.isUnpartitioned() || fromKey;
    List<Integer> srcPos = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      if (sources.contains(fields.get(i).fieldId())) {
        srcPos.add(i);
      }
    }
    if (srcPos.size() != sources.size()) {
      throw new IllegalArgumentException("Cannot write table: partition source columns must be top-level columns (table=" + table.name() + ")");
    }
    this.partitionSourcePositions = srcPos.stream().mapToInt(Integer::intValue).toArray();
    this.targetFileSize = PropertyUtil.propertyAsLong(table.properties(), TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
        TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    this.wrapper = new InternalRecordWrapper(schema.asStruct());
  }

  public int width() {
    return fields.size();
  }

  public Type type(int pos) {
    return fields.get(pos).type();
  }

  /**
   * The index of the column in the image, trying {@code hint} first (images of reconciled events list
   * the table's columns in table order); -1 when the image does not mention it.
   */
  public static int indexIn(Row image, String name, int hint) {
    if (hint < image.size()) {
      String n = image.name(hint);
      if (n == name || n.equals(name)) {
        return hint;
      }
    }
    return image.indexOf(name);
  }

  /** True when the image gives a value or NULL for every key column. */
  public boolean hasKey(Row image) {
    if (image == null) {
      return false;
    }
    for (int p : keyPositions) {
      ColumnState s = image.state(names[p]);
      if (s != ColumnState.VALUE && s != ColumnState.NULL) {
        return false;
      }
    }
    return true;
  }

  /** True when the image gives a value or NULL for every partition source column. */
  public boolean hasPartitionSources(Row image) {
    if (image == null) {
      return false;
    }
    for (int p : partitionSourcePositions) {
      ColumnState s = image.state(names[p]);
      if (s != ColumnState.VALUE && s != ColumnState.NULL) {
        return false;
      }
    }
    return true;
  }

  /** True when the image gives a value or NULL for every column. */
  public boolean isFull(Row image) {
    if (image == null) {
      return false;
    }
    for (String n : names) {
      ColumnState s = image.state(n);
      if (s != ColumnState.VALUE && s != ColumnState.NULL) {
        return false;
      }
    }
    return true;
  }

  public RowKey keyOf(Row image) {
    Object[] v = new Object[keyPositions.length];
    for (int i = 0; i < keyPositions.length; i++) {
      int p = keyPositions[i];
      v[i] = Values.toIceberg(image.get(names[p]), fields.get(p).type(), names[p]);
    }
    return new RowKey(v);
  }

  public RowKey keyOf(Record row) {
    Object[] v = new Object[keyPositions.length];
    for (int i = 0; i < keyPositions.length; i++) {
      v[i] = row.get(keyPositions[i]);
    }
    return new RowKey(v);
  }

  /** A record of the table schema with the image's given columns set (others null). */
  public GenericRecord recordOf(Row image) {
    GenericRecord r = GenericRecord.create(schema);
    for (int i = 0; i < names.length; i++) {
      ColumnState s = image.state(names[i]);
      if (s == ColumnState.VALUE) {
        r.set(i, Values.toIceberg(image.get(names[i]), fields.get(i).type(), names[i]));
      }
    }
    return r;
  }

  /** A record holding only the key columns set (for partitions that follow from the key). */
  public GenericRecord recordOfKey(RowKey key) {
    GenericRecord r = GenericRecord.create(schema);
    for (int i = 0; i < keyPositions.length; i++) {
      r.set(keyPositions[i], key.get(i));
    }
    return r;
  }

  public GenericRecord deleteRecord(RowKey key) {
    GenericRecord r = GenericRecord.create(deleteSchema);
    for (int i = 0; i < keyPositions.length; i++) {
      r.setField(names[keyPositions[i]], key.get(i));
    }
    return r;
  }

  /** The partition of a full-schema record in the current spec, or null when unpartitioned. */
  public PartitionKey partitionOf(Record row) {
    if (spec.isUnpartitioned()) {
      return null;
    }
    PartitionKey pk = new PartitionKey(spec, schema);
    pk.partition(wrapper.copyFor(row));
    return pk;
  }
}
