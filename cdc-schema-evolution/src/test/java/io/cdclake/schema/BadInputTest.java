package io.cdclake.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableSchema;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Values that do not fit and types that cannot change: typed errors naming table, column and position, never the value. */
class BadInputTest {
  private static final Schema TABLE = new Schema(List.of(Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "amount", Types.DecimalType.of(10, 2)),
      Types.NestedField.optional(3, "qty", Types.LongType.get()),
      Types.NestedField.optional(4, "code", Types.FixedType.ofLength(4)),
      Types.NestedField.optional(5, "at", Types.TimestampType.withoutZone())), java.util.Set.of(1));

  private static SchemaReconciler reconciler(ReconcileOptions o) {
    return SchemaReconciler.create(Events.TABLE, TableConfig.DEFAULT, o);
  }

  private static ChangeEvent insert(String column, Object value) {
    return Events.dms(Op.INSERT, 4242, Row.builder().put("id", 1L).put(column, value).build(), null);
  }

  @ParameterizedTest(name = "{0} <- {1}")
  @CsvSource({
      "amount, 12.345, SCALE",
      "amount, 1234567890123456789012345678901234567.5, PRECISION",
      "amount, twelve-SECRET, UNPARSEABLE",
      "qty, 99999999999999999999, OUT_OF_RANGE",
      "qty, 12x-SECRET, UNPARSEABLE",
      "code, 0a0b0c, LENGTH",
      "at, 2024-13-45T99:00:00-SECRET, UNPARSEABLE",
      "at, 2024-01-01T00:00:00.123456789, SUB_MICROS"})
  void aValueThatDoesNotFitIsACoercionErrorWithoutTheValue(String column, String value, String why) {
    SchemaReconciler r = reconciler(ReconcileOptions.forDms(false));
    assertThatThrownBy(() -> r.reconcile(insert(column, value), TABLE))
        .isInstanceOfSatisfying(CoercionException.class, e -> {
          assertThat(e.table()).isEqualTo(Events.TABLE);
          assertThat(e.column()).isEqualTo(column);
          assertThat(e.position().text()).isEqualTo("stream-4242");
          assertThat(e.transport().offset()).isEqualTo("4243");
          assertThat(e.valueType()).isEqualTo("string");
          assertThat(e.columnType()).isEqualTo(IcebergTypes.describe(TABLE.findType(column)));
          assertThat(e.getMessage()).startsWith("Cannot coerce").contains("table public.orders", "column " + column,
              "stream-4242", "dms.json/0@4243").doesNotContain(value).doesNotContain("SECRET");
        });
  }

  @Test
  void aDecimalValueWithMoreDigitsWidensTheColumnsPrecisionKeepingItsScale() {
    Reconciliation rec = reconciler(ReconcileOptions.forDms(false)).reconcile(insert("amount", "123456789012.5"), TABLE);
    assertThat(rec.update().changes()).extracting(Object::toString).containsExactly("widen amount decimal(10,2) -> decimal(14,2)");
    assertThat(rec.event().after().get("amount")).isEqualTo(new java.math.BigDecimal("123456789012.50"));
  }

  @Test
  void subMicrosecondTimesAreCutOnlyWhenAskedTo() {
    SchemaReconciler r = reconciler(ReconcileOptions.forDms(false).toBuilder().truncateSubMicros(true).build());
    Reconciliation rec = r.reconcile(insert("at", "2024-01-01T00:00:00.123456789"), TABLE);
    assertThat(rec.event().after().get("at")).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 0, 0, 123_456_000));
  }

  @Test
  void aNumberWithAFractionForALongColumnIsATypeConflict() {
    SchemaReconciler r = reconciler(ReconcileOptions.forDms(false));
    assertThatThrownBy(() -> r.reconcile(insert("qty", 1.5), TABLE)).isInstanceOfSatisfying(TypeConflictException.class, e -> {
      assertThat(e.column()).isEqualTo("qty");
      assertThat(e.tableType()).isEqualTo("long");
      assertThat(e.sourceType()).isEqualTo("double");
      assertThat(e.getMessage()).contains("table public.orders", "column qty", "long", "double").doesNotContain("1.5");
    });
  }

  @ParameterizedTest(name = "table {1} <- source {2}")
  @CsvSource({"qty, long, string", "amount, 'decimal(10,2)', 'decimal(10,3)'", "qty, long, int_to_narrow", "at, timestamp, timestamp_tz"})
  void aSourceTypeTheTableCannotBecomeIsATypeConflictNamingBothTypes(String column, String tableType, String sourceType) {
    if (sourceType.equals("int_to_narrow")) {
      // a source that narrows long to int is fine: a long column holds every int
      TableSchema narrower = TableSchema.of(List.of(Column.required("id", ColumnType.LONG), Column.optional(column, ColumnType.INT)),
          List.of("id"));
      Reconciliation rec = reconciler(ReconcileOptions.defaults()).reconcile(
          Events.debezium(Op.INSERT, 1, null, null, Row.of("id", 1L, column, 7), narrower), TABLE);
      assertThat(rec.update()).isNull();
      assertThat(rec.event().after().get(column)).isEqualTo(7L);
      return;
    }
    ColumnType t = io.cdclake.schema.internal.TypeText.parse(sourceType);
    TableSchema source = TableSchema.of(List.of(Column.required("id", ColumnType.LONG), Column.optional(column, t)), List.of("id"));
    SchemaReconciler r = reconciler(ReconcileOptions.defaults());
    assertThatThrownBy(() -> r.reconcile(Events.debezium(Op.INSERT, 77, null, null, Row.of("id", 1L), source), TABLE))
        .isInstanceOfSatisfying(TypeConflictException.class, e -> {
          assertThat(e.column()).isEqualTo(column);
          assertThat(e.tableType()).isEqualTo(tableType);
          assertThat(e.sourceType()).isEqualTo(IcebergTypes.describe(IcebergTypes.toIceberg(t)));
          assertThat(e.getMessage()).contains("old type=" + tableType, "column " + column, "postgresql{lsn=77}");
        });
  }

  @Test
  void aDecimalWiderThanIcebergAllowsFailsOrBecomesAStringByPolicy() {
    TableSchema wide = TableSchema.of(List.of(Column.required("id", ColumnType.LONG), Column.optional("big", ColumnType.decimal(50, 4))),
        List.of("id"));
    ChangeEvent e = Events.debezium(Op.INSERT, 1, null, null, Row.of("id", 1L, "big", new java.math.BigDecimal("1.2345")), wide);
    assertThatThrownBy(() -> reconciler(ReconcileOptions.defaults()).reconcile(e, null)).isInstanceOf(TypeConflictException.class)
        .hasMessageContaining("precision above 38").hasMessageContaining("column big");
    Reconciliation rec = reconciler(ReconcileOptions.builder().wideDecimals(ReconcileOptions.WideDecimalPolicy.STRING).build())
        .reconcile(e, null);
    assertThat(rec.update().newSchema(null).findType("big")).isEqualTo(Types.StringType.get());
    assertThat(rec.event().after().get("big")).isEqualTo("1.2345");
  }

  @Test
  void valuesOfOneEventThatNoTypeHoldsTogetherAreATypeConflict() {
    SchemaReconciler r = reconciler(ReconcileOptions.forDms(false));
    ChangeEvent e = ChangeEvent.builder(Op.UPDATE).table(Events.TABLE).before(Row.of("id", 1L, "flag", true))
        .after(Row.of("id", 1L, "flag", 3L)).key(Row.of("id", 1L)).build();
    assertThatThrownBy(() -> r.reconcile(e, null)).isInstanceOfSatisfying(TypeConflictException.class,
        x -> assertThat(x.column()).isEqualTo("flag"));
  }

  @Test
  void aRequiredColumnThatIsNullIsAnError() {
    SchemaReconciler r = reconciler(ReconcileOptions.forDms(true));
    assertThatThrownBy(() -> r.reconcile(Events.dms(Op.INSERT, 1, Row.of("id", null, "qty", 1L), null), TABLE))
        .isInstanceOf(CoercionException.class)
        .hasMessageContaining("required column is NULL").hasMessageContaining("column id");
  }

  @Test
  void aTableCannotBeCreatedFromNothing() {
    SchemaReconciler r = reconciler(ReconcileOptions.forDms(true));
    assertThatThrownBy(() -> r.reconcile(Events.dms(Op.INSERT, 1, Row.of("a", null), null), null))
        .isInstanceOf(ReconcileException.class).hasMessageContaining("no column has a type yet");
    SchemaReconciler keyed = SchemaReconciler.create(Events.TABLE, new TableConfig(null, "orders", List.of("id"), null, List.of(), 2,
        null, null, null, null, null, null, null), ReconcileOptions.forDms(true));
    assertThatThrownBy(() -> keyed.reconcile(Events.dms(Op.INSERT, 1, Row.of("a", 1L), null), null))
        .isInstanceOf(ReconcileException.class).hasMessageContaining("key column has no type").hasMessageContaining("column id");
  }

  @Test
  void anEventOfAnotherTableIsRefused() {
    SchemaReconciler r = SchemaReconciler.create(io.cdclake.model.TableId.of("x", "y"), TableConfig.DEFAULT, ReconcileOptions.defaults());
    assertThatThrownBy(() -> r.reconcile(insert("qty", 1L), TABLE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another table");
  }

  @Test
  void aBadDeclaredTypeIsRefusedWhenTheConfigIsMade() {
    assertThatThrownBy(() -> new TableConfig(null, "orders", List.of(), null, List.of(), 2, null, null, null, null, null,
        Map.of("x", "decimal(12"), null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column=x")
        .hasMessageContaining("column-types");
  }
}
