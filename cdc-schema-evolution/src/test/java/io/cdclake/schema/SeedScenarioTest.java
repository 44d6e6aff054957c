package io.cdclake.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableSchema;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * The seed pipeline's failure, as a test: a DMS stream for one table where column {@code x} is
 * omitted (NULL) in the first 1,000 records and present afterwards, and column {@code y} is never
 * present. A sampling job types the table from the first records and loses {@code x}; the
 * reconciler must not.
 */
class SeedScenarioTest {
  private static final TableConfig KEYED = new TableConfig(null, "orders", List.of("id"), null, List.of(), 2, null, null, null, null,
      null, null, null);

  /** Values as the DMS decoder gives JSON scalars: integers as Long, text as String; NULL columns left out. */
  private static Row record(long id, boolean withX, boolean explicitNulls) {
    Row.Builder b = Row.builder().put("id", id).put("name", "n" + id);
    if (withX) {
      b.put("x", id * 1_000_003L);
    } else if (explicitNulls) {
      b.putNull("x");
    }
    if (explicitNulls) {
      b.putNull("y");
    }
    return b.build();
  }

  @Test
  void columnOmittedInTheFirstThousandRecordsIsAddedWithItsFirstValueAndNoRowLosesIt() {
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, KEYED, ReconcileOptions.forDms(false));
    TableModel t = TableModel.icebergTable(r);
    for (long i = 0; i < 2000; i++) {
      t.apply(Events.dms(i < 1500 ? Op.SNAPSHOT_READ : Op.INSERT, i, record(i, i >= 1000, false), null));
    }

    assertThat(t.updates()).hasSize(2);
    assertThat(t.updateAt()).containsExactly(0, 1000);
    assertThat(t.updates().get(0).toString()).isEqualTo(
        "create table public.orders: add column id long required, add column name string; key id");
    assertThat(t.updates().get(1).changes()).extracting(Object::toString).containsExactly("add column x long");
    assertThat(t.schema().findField("x").type()).isEqualTo(Types.LongType.get());
    assertThat(t.schema().findField("y")).as("y was never sent, so nothing invents it").isNull();
    assertThat(t.schema().identifierFieldNames()).containsExactly("id");

    Map<List<Object>, Map<String, Object>> rows = t.rows();
    assertThat(rows).hasSize(2000);
    for (long i = 0; i < 2000; i++) {
      assertThat(rows.get(List.of(i)).get("x")).as("x of row %s", i).isEqualTo(i >= 1000 ? i * 1_000_003L : null);
    }
  }

  @Test
  void typesComeOnlyFromValuesReceivedSoAnIntegerColumnWidensWhenALargerValueArrives() {
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, KEYED, ReconcileOptions.forDms(false));
    TableModel t = TableModel.icebergTable(r);
    for (int i = 0; i < 1500; i++) {
      Row.Builder b = Row.builder().put("id", (long) i);
      if (i >= 1000) {
        // a decoder that keeps small JSON integers as Integer and large ones as Long
        b.put("x", i < 1200 ? (Object) i : (Object) (i * 10_000_000_000L));
      }
      t.apply(Events.dms(Op.INSERT, i, b.build(), null));
    }
    assertThat(t.updateAt()).containsExactly(0, 1000, 1200);
    assertThat(t.updates().get(1).changes()).extracting(Object::toString).containsExactly("add column x int");
    assertThat(t.updates().get(2).changes()).extracting(Object::toString).containsExactly("widen x int -> long");
    Map<List<Object>, Map<String, Object>> rows = t.rows();
    assertThat(rows.get(List.of(1100L)).get("x")).isEqualTo(1100L);
    assertThat(rows.get(List.of(1300L)).get("x")).isEqualTo(13_000_000_000_000L);
    assertThat(rows.get(List.of(999L)).get("x")).isNull();
  }

  @Test
  void laterUpdatesThatOmitXSetItToNullBecauseDmsLeavesOutNulls() {
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, KEYED, ReconcileOptions.forDms(false));
    TableModel t = TableModel.icebergTable(r);
    t.apply(Events.dms(Op.INSERT, 1, record(1, true, false), null));
    t.apply(Events.dms(Op.UPDATE, 2, record(1, false, false), null));
    assertThat(t.rows().get(List.of(1L)).get("x")).isNull();
  }

  @Test
  void withIncludeNullAndEmptyTheExplicitNullsAreRememberedUntilTheFirstValueTypesTheColumn() {
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, KEYED, ReconcileOptions.forDms(true));
    TableModel t = TableModel.icebergTable(r);
    for (long i = 0; i < 1000; i++) {
      t.apply(Events.dms(Op.INSERT, i, record(i, false, true), null));
    }
    assertThat(r.untypedColumns()).containsExactlyInAnyOrder("x", "y");
    assertThat(t.schema().findField("x")).isNull();
    for (long i = 1000; i < 1100; i++) {
      t.apply(Events.dms(Op.INSERT, i, record(i, true, true), null));
    }
    assertThat(r.untypedColumns()).containsExactly("y");
    assertThat(r.seenColumns()).contains("x", "y");
    assertThat(t.updateAt()).containsExactly(0, 1000);
    assertThat(t.rows().get(List.of(5L)).get("x")).isNull();
    assertThat(t.rows().get(List.of(1005L)).get("x")).isEqualTo(1005L * 1_000_003L);
  }

  @Test
  void aDeclaredColumnIsInTheTableFromTheStartEvenIfNeverSent() {
    TableConfig declared = new TableConfig(null, "orders", List.of("id"), null, List.of("x_time"), 2, null, null, null, null, null,
        Map.of("y", "decimal(12,2)"), null);
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, declared, ReconcileOptions.forDms(false));
    TableModel t = TableModel.icebergTable(r);
    t.apply(Events.dms(Op.INSERT, 1, Row.of("id", 1L, "x_time", "2024-07-29T00:58:17.983670Z"), null));
    t.apply(Events.dms(Op.INSERT, 2, Row.of("id", 2L), null));
    assertThat(t.updates()).hasSize(1);
    assertThat(Schemas.shape(t.schema())).isEqualTo("{id:long!, x_time:timestamp, y:decimal(12,2)}");
    assertThat(t.rows().get(List.of(1L)).get("x_time")).isEqualTo(LocalDateTime.of(2024, 7, 29, 0, 58, 17, 983_670_000));
    assertThat(t.rows().get(List.of(2L)).get("y")).isNull();
  }

  private static final TableSchema TABLE_DEF = TableSchema.of(List.of(
      Column.required("id", ColumnType.LONG).withSourceType("INT64"),
      Column.optional("name", ColumnType.STRING).withSourceType("STRING"),
      Column.optional("x", ColumnType.LONG).withSourceType("INT64"),
      Column.optional("y", ColumnType.decimal(10, 2)).withSourceType("NUMERIC")), List.of("id"));

  @Test
  void withATableDefXAndYExistFromTheStartWithTheirDeclaredTypes() {
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, TableConfig.DEFAULT, ReconcileOptions.forDms(false));
    TableModel t = TableModel.icebergTable(r);
    for (long i = 0; i < 2000; i++) {
      t.apply(Events.dms(Op.INSERT, i, record(i, i >= 1000, false), TABLE_DEF));
    }
    assertThat(t.updates()).hasSize(1);
    assertThat(t.updateAt()).containsExactly(0);
    assertThat(Schemas.shape(t.schema())).isEqualTo("{id:long!, name:string, x:long, y:decimal(10,2)}");
    assertThat(t.schema().identifierFieldNames()).containsExactly("id");
    Map<List<Object>, Map<String, Object>> rows = t.rows();
    for (long i = 0; i < 2000; i++) {
      assertThat(rows.get(List.of(i)).get("x")).isEqualTo(i >= 1000 ? i * 1_000_003L : null);
      assertThat(rows.get(List.of(i)).get("y")).isNull();
    }
  }

  @Test
  void aTableDefFromACreateTableControlRecordTypesTheDataRecordsThatFollow() {
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, TableConfig.DEFAULT, ReconcileOptions.forDms(false));
    TableModel t = TableModel.icebergTable(r);
    t.apply(Events.createTable(TABLE_DEF));
    assertThat(t.updates()).hasSize(1);
    assertThat(Schemas.shape(t.schema())).isEqualTo("{id:long!, name:string, x:long, y:decimal(10,2)}");
    // data records carry no schema; y arrives as text (DMS NUMERIC may be a string) and is coerced to decimal(10,2)
    t.apply(Events.dms(Op.INSERT, 1, Row.of("id", 7L, "y", "12.5"), null));
    t.apply(Events.dms(Op.INSERT, 2, Row.of("id", 8L, "x", 3L), null));
    assertThat(t.updates()).hasSize(1);
    assertThat(t.rows().get(List.of(7L)).get("y")).isEqualTo(new java.math.BigDecimal("12.50"));
    assertThat(t.rows().get(List.of(8L)).get("x")).isEqualTo(3L);
  }
}
