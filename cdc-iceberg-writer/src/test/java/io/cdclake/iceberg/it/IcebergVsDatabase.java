package io.cdclake.iceberg.it;

import io.cdclake.iceberg.TableRouter;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.schema.TableConfigs;
import io.cdclake.testsupport.ChangeModel;
import io.cdclake.testsupport.DatabaseState;
import io.cdclake.testsupport.ModelComparison;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg tables of a database's tables, read back through Iceberg (deletes applied, every column of
 * the current schema, defaults of format v3 included) into a {@link ChangeModel} that is compared with the
 * database value by value. Columns the table keeps but the database no longer has are reported by the
 * comparison as dropped, not compared.
 */
final class IcebergVsDatabase {
  private IcebergVsDatabase() {
  }

  static Table table(Catalog catalog, TableConfigs configs, TableId id) {
    TableIdentifier ident = TableRouter.defaults().route(id, configs.forTable(id));
    return catalog.loadTable(ident);
  }

  static ModelComparison compare(Catalog catalog, TableConfigs configs, DatabaseState db) {
    ChangeModel model = new ChangeModel();
    TableRouter router = TableRouter.defaults();
    for (TableId id : db.tables()) {
      TableIdentifier ident = router.route(id, configs.forTable(id));
      if (!catalog.tableExists(ident)) {
        continue; // the comparison reports the database's rows as missing
      }
      Table t = catalog.loadTable(ident);
      TableSchema schema = db.schema(id);
      if (t.currentSnapshot() == null) {
        continue;
      }
      try (CloseableIterable<Record> rows = IcebergGenerics.read(t).build()) {
        for (Record r : rows) {
          Row.Builder b = Row.builder();
          for (Types.NestedField f : t.schema().columns()) {
            b.put(f.name(), value(r.getField(f.name())));
          }
          Row row = b.build();
          ChangeEvent.Builder e = ChangeEvent.builder(Op.INSERT).table(id).after(row);
          if (schema.hasPrimaryKey()) {
            e.key(row.project(schema.primaryKey()));
          }
          model.apply(e.build());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return model.compareWith(db);
  }

  /** The table's rows (deletes applied) by the value of a key column, each as column name to value. */
  static java.util.Map<Object, java.util.Map<String, Object>> rowsBy(Table t, String keyColumn) {
    java.util.Map<Object, java.util.Map<String, Object>> out = new java.util.TreeMap<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).build()) {
      for (Record r : rows) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (Types.NestedField f : t.schema().columns()) {
          m.put(f.name(), value(r.getField(f.name())));
        }
        out.put(m.get(keyColumn), m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The table's top-level columns as {@code <field id> <name> <type> optional|required}, in schema order. */
  static List<String> columns(Table t) {
    return t.schema().columns().stream()
        .map(f -> f.fieldId() + " " + f.name() + " " + f.type() + (f.isOptional() ? " optional" : " required")).toList();
  }

  private static Object value(Object v) {
    if (v instanceof ByteBuffer b) {
      byte[] out = new byte[b.remaining()];
      b.duplicate().get(out);
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(IcebergVsDatabase::value).toList();
    }
    return v;
  }
}
