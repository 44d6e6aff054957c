package io.cdclake.schema;

import static io.cdclake.schema.Flow.m;
import static io.cdclake.schema.Flow.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.TableSchema;
import io.cdclake.schema.ReconcileOptions.TypeConflictPolicy;
import io.cdclake.schema.SchemaUpdate.AddColumn;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Changes that cannot be applied: they throw a message that names table, column, old and new type and
 * says what to do, and leave the table exactly as it was (the same metadata file, the same rows).
 */
class EvolutionFailureTest {
  @TempDir Path dir;

  static Stream<Arguments> unrepresentable() {
    return Stream.of(
        Arguments.of("int to string", "qty int", "qty string", 5, "int", "string"),
        Arguments.of("decimal scale change", "qty decimal(10,2)", "qty decimal(12,3)", new BigDecimal("1.50"), "decimal(10,2)",
            "decimal(12,3)"),
        Arguments.of("long to double (not every long is a double)", "qty long", "qty double", 5L, "long", "double"),
        Arguments.of("boolean to int", "qty boolean", "qty int", true, "boolean", "int"),
        Arguments.of("timestamp to date", "qty timestamp", "qty date", java.time.LocalDateTime.of(2024, 1, 2, 3, 4), "timestamp", "date"));
  }

  @ParameterizedTest(name = "{0} fails by default and leaves the table as it was")
  @MethodSource("unrepresentable")
  void aTypeChangeIcebergCannotMakeFailsAndLeavesTheTableAsItWas(String name, String before, String after, Object value, String oldType,
      String newType) throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = new Flow(w, "orders", TableConfig.DEFAULT, ReconcileOptions.forDebezium(), 2);
      TableSchema s0 = schema("id long!", before);
      f.accept(f.insert(Row.of("id", 1L, "qty", value), s0));
      String metadata = Warehouse.metadataLocation(f.table);
      var rows = f.rows();

      TableSchema s1 = schema("id long!", after);
      assertThatThrownBy(() -> f.accept(f.ddl(SchemaChange.Kind.ALTER_TABLE, s1, "ALTER TABLE orders MODIFY qty ...", List.of())))
          .isInstanceOfSatisfying(TypeConflictException.class, e -> {
            assertThat(e).isNotInstanceOf(RejectedTypeChangeException.class);
            assertThat(e.getMessage()).contains("public.orders", "column qty", "old type=" + oldType, "new type=" + newType,
                "set type-changes to new-column", "dead-letter", "position postgresql{lsn=2}");
            assertThat(e.tableType()).isEqualTo(oldType);
            assertThat(e.sourceType()).isEqualTo(newType);
          });
      f.table.refresh();
      assertThat(Warehouse.metadataLocation(f.table)).isEqualTo(metadata);
      assertThat(f.rows()).isEqualTo(rows);
    }
  }

  @Test
  void aMessageSchemaWithAnUnrepresentableTypeFailsBeforeTheRowIsWritten() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = new Flow(w, "orders", TableConfig.DEFAULT, ReconcileOptions.forDebezium(), 2);
      f.accept(f.insert(Row.of("id", 1L, "qty", 5), schema("id long!", "qty int")));
      String metadata = Warehouse.metadataLocation(f.table);
      assertThatThrownBy(() -> f.accept(f.insert(Row.of("id", 2L, "qty", "five"), schema("id long!", "qty string"))))
          .isInstanceOf(TypeConflictException.class).hasMessageContaining("old type=int").hasMessageContaining("new type=string")
          .hasMessageNotContaining("five");
      f.table.refresh();
      assertThat(Warehouse.metadataLocation(f.table)).isEqualTo(metadata);
      assertThat(f.rows()).containsExactly(m("id", 1L, "qty", 5));
    }
  }

  @Test
  void deadLetterPolicyKeepsTheTypeAndSignalsOnlyEventsWithAValueOfTheNewType() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      TableConfig cfg = TableConfig.DEFAULT.withEvolution(EvolutionPolicy.DEFAULTS.withTypeChanges(TypeConflictPolicy.DEAD_LETTER));
      Flow f = new Flow(w, "orders", cfg, ReconcileOptions.forDebezium(), 2);
      TableSchema s0 = schema("id long!", "price decimal(10,2)", "note string");
      TableSchema s1 = schema("id long!", "price string", "note string");
      f.accept(f.insert(Row.of("id", 1L, "price", new BigDecimal("1.50"), "note", "a"), s0));
      String metadata = Warehouse.metadataLocation(f.table);

      assertThat(f.accept(f.ddl(SchemaChange.Kind.ALTER_TABLE, s1, "ALTER TABLE orders ALTER COLUMN price TYPE text", List.of()))).isNull();
      f.table.refresh();
      assertThat(Warehouse.metadataLocation(f.table)).as("nothing to apply").isEqualTo(metadata);

      assertThatThrownBy(() -> f.accept(f.insert(Row.of("id", 2L, "price", "12.5 EUR", "note", "b"), s1)))
          .isInstanceOfSatisfying(RejectedTypeChangeException.class, e -> {
            assertThat(e.column()).isEqualTo("price");
            assertThat(e.tableType()).isEqualTo("decimal(10,2)");
            assertThat(e.sourceType()).isEqualTo("string");
            assertThat(e.getMessage()).contains("dead letters").doesNotContain("12.5");
          });
      // a value of the new type that happens to parse is still not written: that would be a silent coercion
      assertThatThrownBy(() -> f.accept(f.insert(Row.of("id", 3L, "price", "3.00", "note", "c"), s1)))
          .isInstanceOf(RejectedTypeChangeException.class);
      f.accept(f.insert(Row.of("id", 4L, "price", null, "note", "d"), s1));
      f.accept(f.update(Row.of("id", 1L, "price", null, "note", "a2"), s1));
      assertThat(f.rows()).containsExactly(m("id", 1L, "price", null, "note", "a2"), m("id", 4L, "price", null, "note", "d"));
      assertThat(Schemas.shape(f.table.schema())).isEqualTo("{id:long!, price:decimal(10,2), note:string}");
    }
  }

  @Test
  void deadLetterPolicySignalsValueKindChangesOfSchemalessSources() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      TableConfig cfg = new TableConfig(null, "orders", List.of("id"), null, List.of(), 2, null, null, null, null, null, null, null)
          .withEvolution(EvolutionPolicy.DEFAULTS.withTypeChanges(TypeConflictPolicy.DEAD_LETTER));
      Flow f = new Flow(w, "orders", cfg, ReconcileOptions.forDms(false), 2);
      f.accept(f.insert(Row.of("id", 1L, "tags", List.of("a")), null));
      assertThatThrownBy(() -> f.accept(f.insert(Row.of("id", 2L, "tags", Row.of("x", 1L)), null)))
          .isInstanceOf(RejectedTypeChangeException.class).hasMessageContaining("column tags");
    }
  }

  @Test
  void newColumnPolicyRefusesToMoveAKeyColumn() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      TableConfig cfg = TableConfig.DEFAULT.withEvolution(EvolutionPolicy.DEFAULTS.withTypeChanges(TypeConflictPolicy.NEW_COLUMN));
      Flow f = new Flow(w, "orders", cfg, ReconcileOptions.forDebezium(), 2);
      f.accept(f.insert(Row.of("id", 1L, "n", "a"), schema("id long!", "n string")));
      String metadata = Warehouse.metadataLocation(f.table);
      assertThatThrownBy(() -> f.accept(f.ddl(SchemaChange.Kind.ALTER_TABLE, schema("id string!", "n string"), null, List.of())))
          .isInstanceOf(TypeConflictException.class).hasMessageContaining("a key column cannot move to a new column")
          .hasMessageContaining("column id");
      f.table.refresh();
      assertThat(Warehouse.metadataLocation(f.table)).isEqualTo(metadata);
    }
  }

  @Test
  void aKeyChangeToAColumnHoldingNullFailsAndLeavesTheTableAsItWas() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = new Flow(w, "orders", TableConfig.DEFAULT, ReconcileOptions.forDebezium(), 2);
      f.accept(f.insert(Row.of("id", 1L, "region", "eu"), schema("id long!", "region string")));
      f.accept(f.insert(Row.of("id", 2L, "region", null), schema("id long!", "region string")));
      String metadata = Warehouse.metadataLocation(f.table);
      TableSchema keyed = Flow.keyed(List.of("id", "region"), "id long!", "region string!");
      assertThatThrownBy(() -> f.accept(f.ddl(SchemaChange.Kind.ALTER_TABLE, keyed, null, List.of())))
          .isInstanceOf(TypeConflictException.class).hasMessageContaining("Cannot change key")
          .hasMessageContaining("column region").hasMessageContaining("key-changes=keep");
      f.table.refresh();
      assertThat(Warehouse.metadataLocation(f.table)).isEqualTo(metadata);
      assertThat(f.table.schema().identifierFieldNames()).containsExactly("id");
    }
  }

  @Test
  void keyChangesKeepPolicyLeavesTheIdentifierFields() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      TableConfig cfg = TableConfig.DEFAULT.withEvolution(EvolutionPolicy.DEFAULTS.withKeyChanges(EvolutionPolicy.KeyPolicy.KEEP));
      Flow f = new Flow(w, "orders", cfg, ReconcileOptions.forDebezium(), 2);
      f.accept(f.insert(Row.of("id", 1L, "region", "eu"), schema("id long!", "region string!")));
      f.accept(f.ddl(SchemaChange.Kind.ALTER_TABLE, Flow.keyed(List.of("id", "region"), "id long!", "region string!"), null, List.of()));
      assertThat(f.table.schema().identifierFieldNames()).containsExactly("id");
    }
  }

  @Test
  void droppingAKeyColumnWithoutANewKeyFails() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = new Flow(w, "orders", TableConfig.DEFAULT, ReconcileOptions.forDebezium(), 2);
      f.accept(f.insert(Row.of("id", 1L, "n", "a"), schema("id long!", "n string")));
      String metadata = Warehouse.metadataLocation(f.table);
      assertThatThrownBy(() -> f.accept(f.ddl(SchemaChange.Kind.ALTER_TABLE, TableSchema.of(List.of(io.cdclake.model.Column.optional("n",
          Flow.type("string"))), List.of()), "ALTER TABLE orders DROP COLUMN id", List.of())))
          .isInstanceOf(TypeConflictException.class).hasMessageContaining("key").hasMessageContaining("primary_key");
      f.table.refresh();
      assertThat(Warehouse.metadataLocation(f.table)).isEqualTo(metadata);
    }
  }

  @Test
  void anUpdateWhoseSecondChangeNoLongerFitsCommitsNothingOfTheFirst() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = new Flow(w, "orders", TableConfig.DEFAULT, ReconcileOptions.forDebezium(), 2);
      f.accept(f.insert(Row.of("id", 1L, "qty", 5L), schema("id long!", "qty long")));
      Table t = f.table;
      String metadata = Warehouse.metadataLocation(t);
      // made against an older table without qty: by now qty is a long, and a string column cannot be added under that name
      SchemaUpdate stale = SchemaUpdate.of(Events.TABLE, List.of(new AddColumn(null, -1, "note", Types.StringType.get(), false),
          new AddColumn(null, -1, "qty", Types.StringType.get(), false)));
      assertThatThrownBy(() -> SchemaApplier.create().apply(t, 2, stale)).isInstanceOf(TypeConflictException.class)
          .hasMessageContaining("column qty").hasMessageContaining("old type=long");
      t.refresh();
      assertThat(Warehouse.metadataLocation(t)).isEqualTo(metadata);
      assertThat(t.schema().findField("note")).isNull();
    }
  }

  @Test
  void aDefaultOnATableThatIsReallyV2IsRefusedByIcebergAndNothingIsCommitted() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = new Flow(w, "orders", TableConfig.DEFAULT, ReconcileOptions.forDebezium(), 2);
      f.accept(f.insert(Row.of("id", 1L), schema("id long!")));
      Table t = f.table;
      String metadata = Warehouse.metadataLocation(t);
      SchemaUpdate withDefault = SchemaUpdate.of(Events.TABLE, List.of(new AddColumn(null, -1, "n", Types.IntegerType.get(), false, 7, null,
          false)));
      assertThatThrownBy(() -> SchemaApplier.create().apply(t, 3, withDefault)).isInstanceOf(TypeConflictException.class)
          .hasMessageContaining("Iceberg refuses it").hasMessageContaining("the table is unchanged");
      t.refresh();
      assertThat(Warehouse.metadataLocation(t)).isEqualTo(metadata);
    }
  }
}
