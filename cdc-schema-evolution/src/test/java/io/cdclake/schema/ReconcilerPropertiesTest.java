package io.cdclake.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableSchema;
import io.cdclake.model.testing.ModelArbitraries;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random tables, rows with random VALUE/NULL/OMITTED/UNCHANGED patterns, random interleavings of the
 * keys' event sequences: the reconciled rows, applied the way the writer applies them, equal a plain
 * model of the source table.
 */
class ReconcilerPropertiesTest {

  record Scenario(boolean withSchema, TableSchema schema, List<Row> rows, long seed, ImageMode updates) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Arbitraries.of(true, false).flatMap(withSchema -> ModelArbitraries.schemas(4)
        .filter(s -> withSchema || s.columns().stream().noneMatch(c -> hasDecimal(c.type())))
        .flatMap(schema -> Combinators.combine(
            ModelArbitraries.rows(schema, EnumSet.allOf(ColumnState.class)).list().ofMinSize(1).ofMaxSize(14),
            Arbitraries.longs(), Arbitraries.of(ImageMode.values()))
            .as((rows, seed, mode) -> new Scenario(withSchema, schema, rows, seed, mode))));
  }

  /** Decimals from a schemaless source are typed by their first value (long or double), so only typed sources carry them here. */
  private static boolean hasDecimal(ColumnType t) {
    return switch (t.kind()) {
      case DECIMAL -> true;
      case LIST -> hasDecimal(((ColumnType.ListType) t).element());
      case MAP -> hasDecimal(((ColumnType.MapType) t).key()) || hasDecimal(((ColumnType.MapType) t).value());
      case STRUCT -> ((ColumnType.StructType) t).fields().stream().anyMatch(c -> hasDecimal(c.type()));
      default -> false;
    };
  }

  @Property(tries = 400)
  void reconciledRowsEqualTheModelForAnyNullPatternAndInterleaving(@ForAll("scenarios") Scenario s) {
    Random random = new Random(s.seed());
    int keys = 1 + random.nextInt(4);
    // the source: per key, events in source order; and the model table they leave behind
    Map<Long, List<ChangeEvent>> perKey = new LinkedHashMap<>();
    Map<Long, Map<String, Object>> model = new HashMap<>();
    long seq = 0;
    for (Row generated : s.rows()) {
      long id = 1 + random.nextInt(keys);
      Map<String, Object> old = model.get(id);
      Op op = old == null ? (random.nextBoolean() ? Op.INSERT : Op.SNAPSHOT_READ) : random.nextInt(5) == 0 ? Op.DELETE : Op.UPDATE;
      seq++;
      if (op == Op.DELETE) {
        model.remove(id);
        perKey.computeIfAbsent(id, k -> new ArrayList<>()).add(event(s, op, seq, id, null, random));
        continue;
      }
      Row.Builder after = Row.builder();
      Map<String, Object> row = new LinkedHashMap<>();
      for (Column c : s.schema().columns()) {
        String n = c.name();
        ColumnState st = n.equals("id") ? ColumnState.VALUE : generated.state(n);
        if (op != Op.UPDATE && st == ColumnState.UNCHANGED) {
          st = ColumnState.OMITTED;
        }
        Object kept = old == null ? null : old.get(n);
        switch (st) {
          case VALUE -> {
            Object v = n.equals("id") ? (Object) id : generated.get(n);
            after.put(n, s.withSchema() ? WireForms.anyForm(c.type(), v, random) : v);
            row.put(n, v);
          }
          case NULL -> {
            after.putNull(n);
            row.put(n, null);
          }
          case UNCHANGED -> {
            after.putUnchanged(n);
            row.put(n, kept);
          }
          case OMITTED -> row.put(n, op == Op.UPDATE && s.updates() == ImageMode.PARTIAL ? kept : null);
        }
      }
      model.put(id, row);
      perKey.computeIfAbsent(id, k -> new ArrayList<>()).add(event(s, op, seq, id, after.build(), random));
    }

    // the host delivers the keys' events in any interleaving
    List<Long> schedule = new ArrayList<>();
    perKey.forEach((k, es) -> es.forEach(e -> schedule.add(k)));
    java.util.Collections.shuffle(schedule, random);
    Map<Long, Integer> next = new HashMap<>();
    TableConfig config = s.withSchema() ? TableConfig.DEFAULT
        : new TableConfig(null, "orders", List.of("id"), null, List.of(), 2, null, null, null, null, null, null, null);
    ReconcileOptions options = ReconcileOptions.defaults().toBuilder().updateImages(s.updates()).build();
    TableModel table = TableModel.inMemory(SchemaReconciler.create(Events.TABLE, config, options));
    for (Long k : schedule) {
      int i = next.merge(k, 1, Integer::sum) - 1;
      table.apply(perKey.get(k).get(i));
    }

    Map<List<Object>, Map<String, Object>> rows = table.rows();
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(model.keySet().stream().map(k -> List.<Object>of(k)).toList());
    if (s.withSchema()) {
      assertThat(table.schema().columns()).hasSize(s.schema().columns().size());
    }
    model.forEach((id, expected) -> {
      Map<String, Object> actual = rows.get(List.of(id));
      expected.forEach((column, value) -> {
        Object got = actual.get(column);
        boolean ok = WireForms.deepEquals(value, got) || (!s.withSchema() && got == null && untypable(value));
        assertThat(ok).as("row %s column %s: expected %s, got %s", id, column, value, got).isTrue();
      });
    });
  }

  private static ChangeEvent event(Scenario s, Op op, long seq, long id, Row after, Random random) {
    Row key = Row.of("id", id);
    if (s.withSchema()) {
      return Events.debezium(op, seq, key, op == Op.DELETE ? key : null, after, s.schema());
    }
    return Events.dms(op, seq, op == Op.DELETE ? key : after, null);
  }

  /** A value a schemaless source cannot type: NULL, or lists/structs holding only such values. */
  private static boolean untypable(Object v) {
    if (v == null) {
      return true;
    }
    if (v instanceof List<?> l) {
      return l.stream().allMatch(ReconcilerPropertiesTest::untypable);
    }
    if (v instanceof Row r) {
      return r.names().stream().allMatch(n -> untypable(r.get(n)));
    }
    return false;
  }

  // ---- widening

  @Property(tries = 100)
  void integerWideningNeverLosesAValue(@ForAll("integers") List<Object> values) {
    TableModel t = TableModel.inMemory(keyed());
    write(t, values);
    Map<List<Object>, Map<String, Object>> rows = t.rows();
    for (int i = 0; i < values.size(); i++) {
      Object got = rows.get(List.of((long) i)).get("v");
      assertThat(((Number) got).longValue()).isEqualTo(((Number) values.get(i)).longValue());
    }
    boolean needsLong = values.get(0) instanceof Long || values.stream().anyMatch(v -> ((Number) v).longValue() != ((Number) v).intValue());
    assertThat(IcebergTypes.describe(t.schema().findType("v"))).isEqualTo(needsLong ? "long" : "int");
  }

  @Provide
  Arbitrary<List<Object>> integers() {
    return Arbitraries.oneOf(Arbitraries.integers().map(i -> (Object) i), Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.longs().between(Integer.MIN_VALUE, Integer.MAX_VALUE).map(l -> (Object) l)).list().ofMinSize(1).ofMaxSize(20);
  }

  @Property(tries = 100)
  void floatWideningNeverLosesAValue(@ForAll("floats") List<Object> values) {
    TableModel t = TableModel.inMemory(keyed());
    write(t, values);
    Map<List<Object>, Map<String, Object>> rows = t.rows();
    boolean isDouble = t.schema().findType("v").typeId() == org.apache.iceberg.types.Type.TypeID.DOUBLE;
    for (int i = 0; i < values.size(); i++) {
      Object got = rows.get(List.of((long) i)).get("v");
      Object want = values.get(i);
      // a float column keeps doubles that a float holds exactly; a double column holds every float exactly
      assertThat(got).isInstanceOf(isDouble ? Double.class : Float.class);
      assertThat(Double.compare(((Number) got).doubleValue(), ((Number) want).doubleValue())).isZero();
    }
  }

  @Provide
  Arbitrary<List<Object>> floats() {
    return Arbitraries.oneOf(Arbitraries.floats().map(f -> (Object) f), Arbitraries.doubles().map(d -> (Object) d))
        .list().ofMinSize(1).ofMaxSize(20);
  }

  @Property(tries = 100)
  void decimalPrecisionWideningNeverLosesAValue(@ForAll("decimals") List<BigDecimal> values) {
    org.apache.iceberg.Schema start = new org.apache.iceberg.Schema(List.of(
        org.apache.iceberg.types.Types.NestedField.required(1, "id", org.apache.iceberg.types.Types.LongType.get()),
        org.apache.iceberg.types.Types.NestedField.optional(2, "v", org.apache.iceberg.types.Types.DecimalType.of(3, 2))), java.util.Set.of(1));
    TableModel t = TableModel.inMemory(keyed(), start);
    write(t, new ArrayList<>(values));
    Map<List<Object>, Map<String, Object>> rows = t.rows();
    int digits = 3;
    for (int i = 0; i < values.size(); i++) {
      BigDecimal got = (BigDecimal) rows.get(List.of((long) i)).get("v");
      assertThat(got.compareTo(values.get(i))).isZero();
      digits = Math.max(digits, values.get(i).setScale(2).precision());
    }
    assertThat(t.schema().findType("v")).isEqualTo(org.apache.iceberg.types.Types.DecimalType.of(digits, 2));
  }

  @Provide
  Arbitrary<List<BigDecimal>> decimals() {
    return Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(30).negate(), java.math.BigInteger.TEN.pow(30))
        .map(u -> new BigDecimal(u, 2)).list().ofMinSize(1).ofMaxSize(20);
  }

  private static SchemaReconciler keyed() {
    return SchemaReconciler.create(Events.TABLE, new TableConfig(null, "orders", List.of("id"), null, List.of(), 2, null, null, null, null,
        null, null, null), ReconcileOptions.forDms(false));
  }

  private static void write(TableModel t, List<Object> values) {
    for (int i = 0; i < values.size(); i++) {
      t.apply(Events.dms(Op.INSERT, i, Row.of("id", (long) i, "v", values.get(i)), null));
    }
  }
}
