package io.cdclake.schema;

import static io.cdclake.schema.Flow.m;
import static io.cdclake.schema.Flow.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.schema.ReconcileOptions.TypeConflictPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kept and redirected columns live in table properties: every writer and every restart follows them. */
class TableStateTest {
  @TempDir Path dir;

  private static final Schema S = new Schema(List.of(Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "price", Types.IntegerType.get()), Types.NestedField.optional(3, "price__v2", Types.StringType.get())),
      Set.of(1));

  @Test
  void propertiesRoundTripAndIdsTheSchemaLacksAreLeftOut() {
    TableState s = new TableState(S, 3, Set.of(2), Map.of("price", 3));
    Map<String, String> props = s.properties();
    assertThat(props).containsEntry(EvolutionProperties.RETIRED_COLUMNS, "[2]").containsEntry(EvolutionProperties.COLUMN_REDIRECTS,
        "{\"price\":3}");
    assertThat(TableState.of(S, 3, props)).isEqualTo(s);
    assertThat(TableState.of(S, 2, Map.of(EvolutionProperties.RETIRED_COLUMNS, "[2,99]", EvolutionProperties.COLUMN_REDIRECTS,
        "{\"a\":98}")).retired()).containsExactly(2);
    assertThat(TableState.of(S).properties()).containsEntry(EvolutionProperties.RETIRED_COLUMNS, null);
  }

  @Test
  void malformedPropertiesNameTheProperty() {
    assertThatThrownBy(() -> TableState.of(S, 2, Map.of(EvolutionProperties.RETIRED_COLUMNS, "{\"a\":1}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(EvolutionProperties.RETIRED_COLUMNS);
    assertThatThrownBy(() -> TableState.of(S, 2, Map.of(EvolutionProperties.COLUMN_REDIRECTS, "{\"a\":\"x\"")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(EvolutionProperties.COLUMN_REDIRECTS);
    assertThatThrownBy(() -> new TableState(null, 2, Set.of(1), Map.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void afterARestartEventsStillGoToTheNewColumnAndKeptColumnsAreNotNulledOut() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      TableConfig cfg = TableConfig.DEFAULT.withEvolution(EvolutionPolicy.DEFAULTS.withTypeChanges(TypeConflictPolicy.NEW_COLUMN));
      Flow f = new Flow(w, "orders", cfg, ReconcileOptions.forDebezium(), 2);
      f.accept(f.insert(Row.of("id", 1L, "price", 10, "note", "n1"), schema("id long!", "price int", "note string")));
      f.accept(f.ddl(SchemaChange.Kind.ALTER_TABLE, schema("id long!", "price string"), null, List.of()));

      // a new process: a fresh reconciler that has seen nothing; data events without schema (the DMS way)
      f.restart(cfg, ReconcileOptions.forDms(false));
      f.accept(f.update(Row.of("id", 1L, "price", "ten"), null));
      f.accept(f.insert(Row.of("id", 2L, "price", "12"), null));
      assertThat(f.rows()).containsExactly(m("id", 1L, "price", 10, "note", "n1", "price__v2", "ten"),
          m("id", 2L, "price", null, "note", null, "price__v2", "12"));
      assertThat(Schemas.shape(f.table.schema())).isEqualTo("{id:long!, price:int, price__v2:string, note:string}");
    }
  }

  @Test
  void aRenameOfARedirectedColumnRenamesTheNewColumnAndEndsTheRedirect() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      TableConfig cfg = TableConfig.DEFAULT.withEvolution(EvolutionPolicy.DEFAULTS.withTypeChanges(TypeConflictPolicy.NEW_COLUMN));
      Flow f = new Flow(w, "orders", cfg, ReconcileOptions.forDebezium(), 2);
      f.accept(f.insert(Row.of("id", 1L, "price", 10), schema("id long!", "price int")));
      f.accept(f.ddl(SchemaChange.Kind.ALTER_TABLE, schema("id long!", "price string"), null, List.of()));
      f.accept(f.insert(Row.of("id", 2L, "price", "12"), schema("id long!", "price string")));
      int moved = f.table.schema().findField("price__v2").fieldId();
      f.accept(f.ddl(SchemaChange.Kind.ALTER_TABLE, schema("id long!", "cost string"), "ALTER TABLE orders RENAME COLUMN price TO cost",
          List.of()));
      f.accept(f.insert(Row.of("id", 3L, "cost", "13"), schema("id long!", "cost string")));

      assertThat(f.table.schema().findField("cost").fieldId()).isEqualTo(moved);
      assertThat(f.state().redirects()).isEmpty();
      assertThat(f.state().retired()).containsExactly(f.table.schema().findField("price").fieldId());
      assertThat(f.rows()).containsExactly(m("id", 1L, "price", 10, "cost", null), m("id", 2L, "price", null, "cost", "12"),
          m("id", 3L, "price", null, "cost", "13"));
      assertThat(f.history()).containsExactly("add column price__v2 string", "keep column price (no longer written)",
          "write price into price__v2", "rename column price__v2 to cost");
    }
  }

  @Test
  void aSecondIncompatibleChangeMovesTheValuesOnToPriceV3() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      TableConfig cfg = TableConfig.DEFAULT.withEvolution(EvolutionPolicy.DEFAULTS.withTypeChanges(TypeConflictPolicy.NEW_COLUMN));
      Flow f = new Flow(w, "orders", cfg, ReconcileOptions.forDebezium(), 2);
      f.accept(f.insert(Row.of("id", 1L, "price", 10), schema("id long!", "price int")));
      f.accept(f.insert(Row.of("id", 2L, "price", new java.math.BigDecimal("12.50")), schema("id long!", "price decimal(10,2)")));
      f.accept(f.insert(Row.of("id", 3L, "price", new java.math.BigDecimal("1.2345")), schema("id long!", "price decimal(10,4)")));
      assertThat(Schemas.shape(f.table.schema())).isEqualTo("{id:long!, price:int, price__v2:decimal(10,2), price__v3:decimal(10,4)}");
      assertThat(f.state().redirects()).containsOnlyKeys("price");
      assertThat(f.state().retired()).hasSize(2);
      assertThat(f.rows()).containsExactly(m("id", 1L, "price", 10, "price__v2", null, "price__v3", null),
          m("id", 2L, "price", null, "price__v2", new java.math.BigDecimal("12.50"), "price__v3", null),
          m("id", 3L, "price", null, "price__v2", null, "price__v3", new java.math.BigDecimal("1.2345")));
    }
  }
}
