package io.cdclake.iceberg;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TransportPosition;
import io.cdclake.schema.TableConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/** Real tables in a temp warehouse, events in the reconciled shape, and reading rows back through Iceberg. */
final class Fixture {
  static final TableId SOURCE = TableId.of("shop", "public", "orders");
  static final String[] PG = {"lsn_commit", "lsn"};

  /** id long key, name string, cat string (partition source in partitioned tables), note string. */
  static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "name", Types.StringType.get()),
      Types.NestedField.optional(3, "cat", Types.StringType.get()),
      Types.NestedField.optional(4, "note", Types.StringType.get())), java.util.Set.of(1));

  static final Schema KEYLESS = new Schema(List.of(
      Types.NestedField.optional(1, "a", Types.LongType.get()),
      Types.NestedField.optional(2, "b", Types.StringType.get())));

  final Catalog catalog;
  final Path warehouse;

  Fixture(Path dir) {
    this.warehouse = dir;
    this.catalog = Catalogs.embedded(dir);
  }

  Table create(String name, Schema schema, TableConfig config) {
    return TableSetup.createOrLoad(catalog, TableIdentifier.of("db", name), schema, config, null);
  }

  Table keyed(String name) {
    return create(name, SCHEMA, TableConfig.DEFAULT);
  }

  Table partitioned(String name) {
    return create(name, SCHEMA, config(List.of("cat")));
  }

  static TableConfig config(List<String> partitionBy) {
    TableConfig d = TableConfig.DEFAULT;
    return new TableConfig(d.db(), d.table(), d.primaryKey(), d.precombineKey(), d.timestampFields(), d.formatVersion(), d.mergeMode(),
        d.target(), partitionBy, d.sortBy(), d.mode(), d.columnTypes(), d.properties());
  }

  Table reload(Table t) {
    return catalog.loadTable(TableIdentifier.parse(t.name().substring(t.name().indexOf('.') + 1)));
  }

  // ------------------------------------------------------------------ events

  static SourcePosition pos(long n) {
    return SourcePosition.of("postgresql", PG, n, n);
  }

  static TransportPosition tp(long offset) {
    return TransportPosition.kafka("orders", 0, offset);
  }

  static Row row(long id, String name, String cat, String note) {
    return Row.of("id", id, "name", name, "cat", cat, "note", note);
  }

  static ChangeEvent insert(long p, Row after) {
    return ChangeEvent.builder(Op.INSERT).table(SOURCE).after(after).key(Row.of("id", after.get("id"))).position(pos(p))
        .transport(tp(p)).build();
  }

  static ChangeEvent read(long p, Row after) {
    return ChangeEvent.builder(Op.SNAPSHOT_READ).table(SOURCE).after(after).key(Row.of("id", after.get("id"))).position(pos(p))
        .transport(tp(p)).snapshot(true).build();
  }

  static ChangeEvent update(long p, Row before, Row after) {
    return ChangeEvent.builder(Op.UPDATE).table(SOURCE).before(before).after(after).key(Row.of("id", after.get("id")))
        .position(pos(p)).transport(tp(p)).build();
  }

  static ChangeEvent delete(long p, Row before) {
    return ChangeEvent.builder(Op.DELETE).table(SOURCE).before(before).key(Row.of("id", before.get("id"))).position(pos(p))
        .transport(tp(p)).build();
  }

  static ChangeEvent deleteByKey(long p, long id) {
    return ChangeEvent.builder(Op.DELETE).table(SOURCE).key(Row.of("id", id)).before(Row.of("id", id)).position(pos(p))
        .transport(tp(p)).build();
  }

  static ChangeEvent truncate(long p) {
    return ChangeEvent.builder(Op.TRUNCATE).table(SOURCE).position(pos(p)).transport(tp(p)).build();
  }

  static Row unchanged(long id, String name, String cat) {
    return Row.builder().put("id", id).put("name", name).put("cat", cat).put("note", Row.unchangedMarker()).build();
  }

  // ------------------------------------------------------------------ reading back

  /** Every row of the table with deletes applied, as column maps. */
  static List<Map<String, Object>> rows(Table table) {
    table.refresh();
    List<Map<String, Object>> out = new ArrayList<>();
    if (table.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      for (Record r : it) {
        Map<String, Object> m = new HashMap<>();
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
      Long id = (Long) r.get("id");
      if (out.put(id, r) != null) {
        throw new AssertionError("duplicate key " + id + " in " + table.name());
      }
    }
    return out;
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Writes the events as one batch with a fresh writer state and commits it. */
  static CommitOutcome writeAndCommit(ChangeWriter w, ChangeCommitter c, long batch, List<ChangeEvent> events) {
    for (ChangeEvent e : events) {
      w.write(e);
    }
    CommitOutcome o = c.commit(List.of(w.complete(batch)));
    w.committed(o.checkpoint());
    return o;
  }
}
