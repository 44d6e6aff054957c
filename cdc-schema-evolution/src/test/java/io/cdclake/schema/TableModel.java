package io.cdclake.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.ColumnState;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Plays the writer for tests: reconciles each event against the current schema, applies the update
 * (to a real in-memory Iceberg table, or with {@link SchemaUpdate#newSchema} only), checks the
 * reconciled event keeps the writer's rules, and applies the rows to a key → row map the way an
 * upsert table would (UNCHANGED keeps the stored value; new columns read NULL for older rows).
 */
final class TableModel {
  private final SchemaReconciler reconciler;
  private final InMemoryCatalog catalog;
  private Table table;
  private Schema schema;
  private final Map<List<Object>, Map<String, Object>> rows = new LinkedHashMap<>();
  private final List<SchemaUpdate> updates = new ArrayList<>();
  private final List<Integer> updateAt = new ArrayList<>();
  private int events;

  private TableModel(SchemaReconciler reconciler, boolean realTable, Schema initial) {
    this.reconciler = reconciler;
    this.schema = initial;
    if (realTable) {
      catalog = new InMemoryCatalog();
      catalog.initialize("mem", Map.of());
      catalog.createNamespace(Namespace.of("db"));
      if (initial != null) {
        table = catalog.createTable(TableIdentifier.of("db", "t"), initial);
        schema = table.schema();
      }
    } else {
      catalog = null;
    }
  }

  /** Schema changes through {@code newSchema} only (fast, for property tests). */
  static TableModel inMemory(SchemaReconciler r) {
    return new TableModel(r, false, null);
  }

  static TableModel inMemory(SchemaReconciler r, Schema initial) {
    return new TableModel(r, false, initial);
  }

  /** Schema changes committed to a real Iceberg table (in-memory catalog) through {@code applyTo}. */
  static TableModel icebergTable(SchemaReconciler r) {
    return new TableModel(r, true, null);
  }

  static TableModel icebergTable(SchemaReconciler r, Schema initial) {
    return new TableModel(r, true, initial);
  }

  Reconciliation apply(ChangeEvent e) {
    Reconciliation r = reconciler.reconcile(e, schema);
    if (r.update() != null) {
      updates.add(r.update());
      updateAt.add(events);
      Schema expected = r.update().newSchema(schema);
      if (catalog != null) {
        if (table == null) {
          table = catalog.createTable(TableIdentifier.of("db", "t"), expected);
        } else {
          UpdateSchema pending = table.updateSchema();
          r.update().applyTo(pending);
          pending.commit();
        }
        schema = table.schema();
        assertThat(Schemas.shape(schema)).isEqualTo(Schemas.shape(expected));
        assertThat(schema.identifierFieldNames()).isEqualTo(expected.identifierFieldNames());
      } else {
        schema = expected;
      }
      // a second reconcile against the new schema asks for nothing more
      assertThat(reconciler.reconcile(e, schema).update()).isNull();
    }
    checkShape(r.event());
    write(r.event());
    events++;
    return r;
  }

  void applyAll(List<ChangeEvent> es) {
    es.forEach(this::apply);
  }

  Schema schema() {
    return schema;
  }

  List<SchemaUpdate> updates() {
    return updates;
  }

  /** Index (0-based, in apply order) of the event that produced each update. */
  List<Integer> updateAt() {
    return updateAt;
  }

  /** The table's rows: every column of the current schema, values as Iceberg would read them after widening. */
  Map<List<Object>, Map<String, Object>> rows() {
    Map<List<Object>, Map<String, Object>> out = new LinkedHashMap<>();
    rows.forEach((k, row) -> {
      Map<String, Object> r = new LinkedHashMap<>();
      for (Types.NestedField f : schema.columns()) {
        r.put(f.name(), promoted(row.get(f.name()), f.type()));
      }
      out.put(k, r);
    });
    return out;
  }

  private void checkShape(ChangeEvent e) {
    if (e.op().hasAfter()) {
      Row after = e.after();
      assertThat(after.size()).as("after image holds every table column").isEqualTo(schema.columns().size());
      for (Types.NestedField f : schema.columns()) {
        assertThat(after.state(f.name())).as("column %s", f.name()).isNotEqualTo(ColumnState.OMITTED);
      }
    }
    for (Row r : new Row[] {e.key(), e.before(), e.after()}) {
      if (r == null) {
        continue;
      }
      for (int i = 0; i < r.size(); i++) {
        Types.NestedField f = schema.findField(r.name(i));
        assertThat(f).as("column %s is in the table", r.name(i)).isNotNull();
        if (r.state(i) == ColumnState.VALUE) {
          checkValue(r.value(i), f.type(), r.name(i));
        }
      }
    }
  }

  static void checkValue(Object v, Type t, String column) {
    assertThat(v).as("value class of %s", column).isInstanceOf(IcebergTypes.valueClass(t));
    if (t instanceof Types.DecimalType d) {
      assertThat(((BigDecimal) v).scale()).as("scale of %s", column).isEqualTo(d.scale());
      assertThat(((BigDecimal) v).precision()).as("precision of %s", column).isLessThanOrEqualTo(d.precision());
    } else if (t.isListType()) {
      for (Object e : (List<?>) v) {
        if (e != null) {
          checkValue(e, t.asListType().elementType(), column + ".element");
        }
      }
    } else if (t.isMapType()) {
      ((Map<?, ?>) v).forEach((k, x) -> {
        checkValue(k, t.asMapType().keyType(), column + ".key");
        if (x != null) {
          checkValue(x, t.asMapType().valueType(), column + ".value");
        }
      });
    } else if (t.isStructType()) {
      Row r = (Row) v;
      assertThat(r.size()).as("struct %s has every field", column).isEqualTo(t.asStructType().fields().size());
      for (Types.NestedField f : t.asStructType().fields()) {
        if (r.state(f.name()) == ColumnState.VALUE) {
          checkValue(r.get(f.name()), f.type(), column + "." + f.name());
        }
      }
    }
  }

  private void write(ChangeEvent e) {
    List<String> keyColumns = new ArrayList<>(schema.identifierFieldNames());
    keyColumns.sort(null);
    if (e.op().hasAfter()) {
      List<Object> key = keyOf(e.after(), keyColumns);
      Map<String, Object> old = rows.get(key);
      Map<String, Object> row = new LinkedHashMap<>();
      Row a = e.after();
      for (int i = 0; i < a.size(); i++) {
        switch (a.state(i)) {
          case VALUE -> row.put(a.name(i), a.value(i));
          case NULL -> row.put(a.name(i), null);
          case UNCHANGED -> row.put(a.name(i), old == null ? null : old.get(a.name(i)));
          default -> throw new AssertionError("omitted column in a reconciled after image");
        }
      }
      rows.put(key, row);
    } else if (e.op() == Op.DELETE) {
      rows.remove(keyOf(e.key() != null ? e.key() : e.before(), keyColumns));
    }
  }

  private static List<Object> keyOf(Row r, List<String> keyColumns) {
    List<Object> k = new ArrayList<>();
    for (String c : keyColumns) {
      assertThat(r.state(c)).as("key column %s", c).isEqualTo(ColumnState.VALUE);
      k.add(normalKey(r.get(c)));
    }
    return k;
  }

  private static Object normalKey(Object v) {
    return v instanceof Integer i ? Long.valueOf(i) : v;
  }

  /** What Iceberg returns for a value written before its column was widened. */
  static Object promoted(Object v, Type t) {
    if (v instanceof Integer i && t.typeId() == Type.TypeID.LONG) {
      return i.longValue();
    }
    if (v instanceof Float f && t.typeId() == Type.TypeID.DOUBLE) {
      return f.doubleValue();
    }
    return v;
  }
}
