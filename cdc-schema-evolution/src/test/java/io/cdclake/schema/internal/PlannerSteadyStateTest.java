package io.cdclake.schema.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.testing.ModelArbitraries;
import io.cdclake.schema.ImageMode;
import io.cdclake.schema.ReconcileOptions;
import io.cdclake.schema.SchemaReconciler;
import io.cdclake.schema.TableConfig;
import io.cdclake.schema.TableState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.iceberg.Schema;
import org.junit.jupiter.api.Test;

/**
 * The planner's steady-state shortcut (an event that changes nothing, fitted without planning) gives
 * exactly what the full plan gives: the same images in the same column order, the same changes, the
 * same exception. Events come from the table's schema or from a schema whose types differ, with every
 * column state, a NULL key now and then, and extra columns.
 */
class PlannerSteadyStateTest {
  private static final TableId TABLE = TableId.of("db", "t");

  record Scenario(TableSchema table, TableSchema events, List<Row> rows, int options, boolean configKey, int sourceMode, long seed) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    return ModelArbitraries.schemas(5).flatMap(table -> Combinators.combine(
        Arbitraries.of(true, false).flatMap(same -> same ? Arbitraries.just(table) : retyped(table)),
        Arbitraries.integers().between(0, 3), Arbitraries.of(true, false), Arbitraries.integers().between(0, 2),
        Arbitraries.longs()).flatAs((events, options, configKey, sourceMode, seed) ->
        ModelArbitraries.rows(events, EnumSet.allOf(ColumnState.class)).list().ofMinSize(1).ofMaxSize(6)
            .map(rows -> new Scenario(table, events, rows, options, configKey, sourceMode, seed))));
  }

  /** The table's columns, some with another type: values that may not fit the table's columns. */
  private static Arbitrary<TableSchema> retyped(TableSchema table) {
    return ModelArbitraries.types().list().ofSize(table.columns().size()).flatMap(types -> Arbitraries.integers().between(0, 3)
        .map(every -> {
          List<Column> cols = new ArrayList<>();
          for (int i = 0; i < table.columns().size(); i++) {
            Column c = table.columns().get(i);
            boolean change = i > 0 && every > 0 && i % every == 0;
            cols.add(change ? Column.optional(c.name(), types.get(i)) : c);
          }
          return TableSchema.of(cols, table.primaryKey());
        }));
  }

  @Property(tries = 600)
  void steadyPlanEqualsTheFullPlan(@ForAll("scenarios") Scenario s) {
    ReconcileOptions options = switch (s.options()) {
      case 0 -> ReconcileOptions.defaults();
      case 1 -> ReconcileOptions.forDebezium();
      case 2 -> ReconcileOptions.forDms(false);
      default -> ReconcileOptions.forDmsOracle();
    };
    Schema schema = SchemaReconciler.create(TABLE, TableConfig.DEFAULT, options)
        .reconcile(ChangeEvent.builder(Op.INSERT).table(TABLE).schema(s.table()).after(onlyId()).build(), null).update().newSchema(null);
    TableState state = TableState.of(schema);
    Planner planner = new Planner(TABLE, options, Map.of(), s.configKey() ? List.of("id") : List.of());
    java.util.Random random = new java.util.Random(s.seed());
    for (Row generated : s.rows()) {
      Op op = List.of(Op.INSERT, Op.SNAPSHOT_READ, Op.UPDATE, Op.DELETE).get(random.nextInt(4));
      Row row = generated;
      int twist = random.nextInt(8);
      if (twist == 0) {
        row = row.toBuilder().set("id", null).build(); // NULL in a required column
      } else if (twist == 1) {
        row = row.toBuilder().put("extra", random.nextBoolean() ? null : (Object) 7L).build();
      } else if (twist == 2) {
        row = row.toBuilder().remove("id").build();
      }
      Row key = row.project(List.of("id"));
      Planner.Images images = op == Op.DELETE ? new Planner.Images(key, row, null)
          : new Planner.Images(key, op == Op.UPDATE && random.nextBoolean() ? row : null, row);
      TableSchema source = switch (s.sourceMode()) {
        case 0 -> null;
        case 1 -> s.table();
        default -> s.events();
      };
      ImageMode mode = op.hasAfter() ? (random.nextBoolean() ? ImageMode.FULL : ImageMode.PARTIAL) : null;
      Planner.Source src = new Planner.Source(source, random.nextBoolean(), null);
      ChangeEvent event = null;
      Object steady = outcome(() -> planner.plan(images, op, mode, state, src, event));
      Object full = outcome(() -> planner.planFully(images, op, mode, state, src, event));
      assertThat(steady).isEqualTo(full);
    }
  }

  @Test
  void eventsThatFitTakeTheShortcutWithSharedColumnNames() {
    TableSchema source = TableSchema.of(List.of(Column.required("id", ColumnType.LONG), Column.optional("name", ColumnType.STRING)),
        List.of("id"));
    ReconcileOptions options = ReconcileOptions.forDebezium();
    Schema schema = SchemaReconciler.create(TABLE, TableConfig.DEFAULT, options)
        .reconcile(ChangeEvent.builder(Op.INSERT).table(TABLE).schema(source).after(onlyId()).build(), null).update().newSchema(null);
    TableState state = TableState.of(schema);
    Planner planner = new Planner(TABLE, options, Map.of(), List.of());
    Planner.Source src = new Planner.Source(source, true, null);
    Planner.Plan a = planner.plan(new Planner.Images(null, null, Row.of("id", 1, "name", "a")), Op.INSERT, ImageMode.FULL, state, src, null);
    Planner.Plan b = planner.plan(new Planner.Images(null, null, Row.of("id", 2)), Op.INSERT, ImageMode.FULL, state, src, null);
    assertThat(a.changes()).isEmpty();
    assertThat(a.after()).isEqualTo(Row.of("id", 1L, "name", "a"));
    assertThat(b.after()).isEqualTo(Row.of("id", 2L, "name", null));
    assertThat(a.typed()).containsExactly("id", "name");
  }

  private static Row onlyId() {
    return Row.of("id", 1L);
  }

  /** A plan's observable outcome, or the exception's class and message. */
  private static Object outcome(java.util.function.Supplier<Planner.Plan> p) {
    try {
      Planner.Plan plan = p.get();
      return List.of(String.valueOf(plan.key()), String.valueOf(plan.before()), String.valueOf(plan.after()), plan.changes(),
          plan.createsTable(), plan.identifierFields(), Set.copyOf(plan.typed()));
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }
}
