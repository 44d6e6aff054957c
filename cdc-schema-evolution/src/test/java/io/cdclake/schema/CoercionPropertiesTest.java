package io.cdclake.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.testing.ModelArbitraries;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Value → text or number form → coerced back to the declared column type equals the value, for every canonical type. */
class CoercionPropertiesTest {

  record Sample(ColumnType type, Object value) {}

  @Provide
  Arbitrary<Sample> samples() {
    return ModelArbitraries.primitiveTypes().flatMap(t -> ModelArbitraries.valueOf(t).map(v -> new Sample(t, v)));
  }

  private static Object reconcile(ColumnType declared, Object form, ReconcileOptions options) {
    TableConfig config = new TableConfig(null, "orders", List.of("id"), null, List.of(), 2, null, null, null, null, null,
        Map.of("v", declared.toString()), null);
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, config, options);
    Reconciliation rec = r.reconcile(Events.dms(Op.INSERT, 1, Row.of("id", 1L, "v", form), null), null);
    Object v = rec.event().after().get("v");
    TableModel.checkValue(v, rec.update().newSchema(null).findType("v"), "v");
    return v;
  }

  @Property(tries = 600)
  void textFormsCoerceBackToTheValue(@ForAll("samples") Sample s, @ForAll @IntRange(min = 0, max = 5) int variant) {
    boolean base64 = variant % 2 == 1;
    ReconcileOptions o = ReconcileOptions.defaults().toBuilder()
        .binaryStrings(base64 ? ReconcileOptions.BinaryEncoding.BASE64 : ReconcileOptions.BinaryEncoding.HEX).build();
    Object back = reconcile(s.type(), WireForms.text(s.type(), s.value(), variant, base64), o);
    assertThat(WireForms.deepEquals(back, expected(s))).as("%s %s came back as %s", s.type(), s.value(), back).isTrue();
  }

  @Property(tries = 600)
  void numberFormsCoerceBackToTheValue(@ForAll("samples") Sample s, @ForAll @IntRange(min = 0, max = 1) int variant) {
    ReconcileOptions o = ReconcileOptions.defaults().toBuilder().epochUnit(ReconcileOptions.EpochUnit.MICROS).build();
    Object back = reconcile(s.type(), WireForms.number(s.type(), s.value(), variant), o);
    assertThat(WireForms.deepEquals(back, expected(s))).as("%s %s came back as %s", s.type(), s.value(), back).isTrue();
  }

  /** JSON columns are Iceberg strings holding the text; everything else comes back as itself. */
  private static Object expected(Sample s) {
    return s.value();
  }

  @Property(tries = 200)
  void epochNumbersInEveryUnitGiveTheSameTimestamp(@ForAll("timestamps") LocalDateTime t) {
    long micros = t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
    for (ReconcileOptions.EpochUnit unit : ReconcileOptions.EpochUnit.values()) {
      Object number = switch (unit) {
        case SECONDS -> BigDecimal.valueOf(micros, 6);
        case MILLIS -> BigDecimal.valueOf(micros, 3);
        case MICROS -> micros;
        case NANOS -> BigDecimal.valueOf(micros).multiply(BigDecimal.valueOf(1000)).toBigIntegerExact();
      };
      ReconcileOptions o = ReconcileOptions.defaults().toBuilder().epochUnit(unit).build();
      assertThat(reconcile(ColumnType.TIMESTAMP, number, o)).as("unit %s", unit).isEqualTo(t);
      assertThat(reconcile(ColumnType.TIMESTAMP_TZ, number, o)).as("unit %s", unit).isEqualTo(t.atOffset(ZoneOffset.UTC));
    }
  }

  @Provide
  Arbitrary<LocalDateTime> timestamps() {
    return ModelArbitraries.valueOf(ColumnType.TIMESTAMP).map(LocalDateTime.class::cast);
  }

  @Test
  void timestampTextFormsFromTheSourcesAllRead() {
    ReconcileOptions o = ReconcileOptions.defaults();
    LocalDateTime want = LocalDateTime.of(2024, 7, 29, 0, 58, 17, 983_670_000);
    for (String text : List.of("2024-07-29T00:58:17.983670Z", "2024-07-29 00:58:17.98367", "2024-07-29T00:58:17.983670000Z",
        "2024-07-29T02:58:17.98367+02:00", "2024-07-29T02:58:17.98367+0200")) {
      assertThat(reconcile(ColumnType.TIMESTAMP, text, o)).as(text).isEqualTo(want);
      assertThat(reconcile(ColumnType.TIMESTAMP_TZ, text, o)).as(text).isEqualTo(want.atOffset(ZoneOffset.UTC));
    }
    assertThat(reconcile(ColumnType.TIMESTAMP, "1722214697983", o)).isEqualTo(LocalDateTime.of(2024, 7, 29, 0, 58, 17, 983_000_000));
    assertThat(reconcile(ColumnType.TIMESTAMP, 1722214697983L, o)).isEqualTo(LocalDateTime.of(2024, 7, 29, 0, 58, 17, 983_000_000));
    assertThat(reconcile(ColumnType.DATE, "2017-09-15Z", o)).isEqualTo(LocalDate.of(2017, 9, 15));
    assertThat(reconcile(ColumnType.DATE, 17424L, o)).isEqualTo(LocalDate.of(2017, 9, 15));
    assertThat(reconcile(ColumnType.TIMESTAMP_TZ, OffsetDateTime.of(want, ZoneOffset.ofHours(3)), o))
        .isEqualTo(OffsetDateTime.of(want, ZoneOffset.ofHours(3)).withOffsetSameInstant(ZoneOffset.UTC));
  }

  @Test
  void nestedValuesBecomeJsonTextInStringAndJsonColumns() {
    Row doc = Row.of("a", 1L, "b", List.of("x", "y"), "c", null);
    assertThat(reconcile(ColumnType.JSON, doc, ReconcileOptions.defaults())).isEqualTo("{\"a\":1,\"b\":[\"x\",\"y\"],\"c\":null}");
    assertThat(reconcile(ColumnType.STRING, Map.of("k", true), ReconcileOptions.defaults())).isEqualTo("{\"k\":true}");
    assertThat(reconcile(ColumnType.JSON, "{\"foo\": \"bar\"}", ReconcileOptions.defaults())).isEqualTo("{\"foo\": \"bar\"}");
  }

  @Test
  void numbersBeyondTwoToTheFiftyThreeAndScientificNotationStayExact() {
    ReconcileOptions o = ReconcileOptions.defaults();
    assertThat(reconcile(ColumnType.LONG, new BigDecimal("9007199254740993"), o)).isEqualTo(9007199254740993L);
    assertThat(reconcile(ColumnType.LONG, "1.2345678901234567E+16", o)).isEqualTo(12345678901234567L);
    assertThat(reconcile(ColumnType.decimal(38, 0), "1E+37", o)).isEqualTo(new BigDecimal("10000000000000000000000000000000000000"));
    assertThat(reconcile(ColumnType.DOUBLE, "2.20000005", o)).isEqualTo(2.20000005);
  }
}
