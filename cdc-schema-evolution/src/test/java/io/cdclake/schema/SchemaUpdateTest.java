package io.cdclake.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.Op;
import io.cdclake.model.Row;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SchemaUpdate} against real Iceberg tables: what applyTo commits equals what newSchema computes. */
class SchemaUpdateTest {
  private static final Schema NESTED = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "n", Types.IntegerType.get()),
      Types.NestedField.optional(3, "addr", Types.StructType.of(Types.NestedField.optional(4, "city", Types.StringType.get()))),
      Types.NestedField.optional(5, "tags", Types.ListType.ofOptional(6, Types.IntegerType.get())),
      Types.NestedField.optional(7, "items", Types.ListType.ofOptional(8,
          Types.StructType.of(Types.NestedField.optional(9, "sku", Types.StringType.get())))),
      Types.NestedField.optional(10, "attrs", Types.MapType.ofOptional(11, 12, Types.StringType.get(), Types.FloatType.get())),
      Types.NestedField.optional(13, "price", Types.DecimalType.of(6, 2))), Set.of(1));

  private InMemoryCatalog catalog;

  @BeforeEach
  void catalog() {
    catalog = new InMemoryCatalog();
    catalog.initialize("mem", Map.of());
    catalog.createNamespace(Namespace.of("db"));
  }

  private Table table(Schema s) {
    return catalog.createTable(TableIdentifier.of("db", "t"), s);
  }

  @Test
  void nestedAdditionsAndWideningsCommitAsNewSchemaComputes() {
    Table table = table(NESTED);
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, TableConfig.DEFAULT, ReconcileOptions.defaults());
    Row after = Row.builder().put("id", 1L).put("n", 5_000_000_000L)
        .put("addr", Row.of("city", "Oslo", "zip", "0150"))
        .put("tags", List.of(1, 7_000_000_000L))
        .put("items", List.of(Row.of("sku", "a", "qty", 2)))
        .put("attrs", Map.of("w", 0.1))
        .put("price", new java.math.BigDecimal("12345.6"))
        .put("fresh", List.of(Row.of("a", true))).build();
    Reconciliation rec = r.reconcile(Events.dms(Op.INSERT, 1, after, null), table.schema());

    assertThat(rec.update().changes()).extracting(Object::toString).containsExactly(
        "widen n int -> long",
        "add column addr.zip string",
        "widen tags.element int -> long",
        "add column items.element.qty int",
        "widen attrs.value float -> double",
        "widen price decimal(6,2) -> decimal(7,2)",
        "add column fresh list<struct<a:boolean>>");
    Schema expected = rec.update().newSchema(table.schema());
    UpdateSchema pending = table.updateSchema();
    rec.update().applyTo(pending);
    pending.commit();
    assertThat(Schemas.shape(table.schema())).isEqualTo(Schemas.shape(expected));
    assertThat(table.schema().identifierFieldNames()).containsExactly("id");

    Row fitted = rec.event().after();
    TableModel.checkValue(fitted.get("items"), table.schema().findType("items"), "items");
    assertThat(fitted.get("tags")).isEqualTo(List.of(1L, 7_000_000_000L));
    assertThat(((Row) fitted.get("addr")).get("zip")).isEqualTo("0150");
    assertThat(fitted.get("price")).isEqualTo(new java.math.BigDecimal("12345.60"));
    // the same event against the committed schema needs nothing
    assertThat(r.reconcile(Events.dms(Op.INSERT, 1, after, null), table.schema()).update()).isNull();
  }

  @Test
  void reapplyingAnUpdateChangesNothing() {
    Table table = table(NESTED);
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, TableConfig.DEFAULT, ReconcileOptions.defaults());
    SchemaUpdate u = r.reconcile(Events.dms(Op.INSERT, 1, Row.of("id", 1L, "n", 5_000_000_000L, "x", "s"), null), table.schema()).update();
    Schema once = u.newSchema(table.schema());
    assertThat(u.newSchema(once).sameSchema(once)).isTrue();
    UpdateSchema first = table.updateSchema();
    u.applyTo(first);
    first.commit();
    Schema committed = table.schema();
    UpdateSchema second = table.updateSchema();
    u.applyTo(second);
    assertThat(second.apply().sameSchema(committed)).isTrue();
  }

  @Test
  void aChangeThatNoLongerFitsTheRefreshedTableIsATypeConflict() {
    Table table = table(new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, TableConfig.DEFAULT, ReconcileOptions.defaults());
    SchemaUpdate u = r.reconcile(Events.dms(Op.INSERT, 1, Row.of("id", 1L, "x", 5L), null), table.schema()).update();
    // another writer added x as boolean first
    table.updateSchema().addColumn("x", Types.BooleanType.get()).commit();
    UpdateSchema pending = table.updateSchema();
    assertThatThrownBy(() -> u.applyTo(pending)).isInstanceOfSatisfying(TypeConflictException.class, e -> {
      assertThat(e.column()).isEqualTo("x");
      assertThat(e.tableType()).isEqualTo("boolean");
      assertThat(e.sourceType()).isEqualTo("long");
    });
    assertThatThrownBy(() -> u.newSchema(table.schema())).isInstanceOf(TypeConflictException.class);
  }

  @Test
  void createTableSchemaHasRequiredIdentifierColumnsAndTheSourceOrder() {
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, new TableConfig(null, "orders", List.of("region", "id"), null, List.of(), 2,
        null, null, null, null, null, null, null), ReconcileOptions.defaults());
    SchemaUpdate u = r.reconcile(Events.dms(Op.INSERT, 1, Row.of("id", 1L, "name", "a", "region", "eu"), null), null).update();
    assertThat(u.createsTable()).isTrue();
    assertThat(u.identifierFields()).containsExactly("region", "id");
    Schema s = u.newSchema(null);
    assertThat(Schemas.shape(s)).isEqualTo("{id:long!, name:string, region:string!}");
    assertThat(s.identifierFieldNames()).containsExactlyInAnyOrder("region", "id");
    Table created = table(s);
    assertThat(created.schema().identifierFieldNames()).containsExactlyInAnyOrder("region", "id");
  }

  @Test
  void changesReadAsText() {
    SchemaUpdate u = SchemaUpdate.of(Events.TABLE, List.of(
        new SchemaUpdate.AddColumn(null, -1, "x", Types.LongType.get(), false),
        new SchemaUpdate.WidenColumn("y", 4, Types.IntegerType.get(), Types.LongType.get())));
    assertThat(u.toString()).isEqualTo("alter table public.orders: add column x long, widen y int -> long");
    assertThatThrownBy(() -> new SchemaUpdate.WidenColumn("y", 4, Types.LongType.get(), Types.IntegerType.get()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
