package io.cdclake.schema;

import static io.cdclake.schema.Flow.m;
import static io.cdclake.schema.Flow.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.Column;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.SchemaChange.ColumnChange;
import io.cdclake.model.TableSchema;
import io.cdclake.schema.EvolutionPolicy.DropPolicy;
import io.cdclake.schema.EvolutionPolicy.PositionPolicy;
import io.cdclake.schema.EvolutionPolicy.RenamePolicy;
import io.cdclake.schema.ReconcileOptions.TypeConflictPolicy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule and policy, table-driven: rows written before and after each schema change into a real
 * Iceberg table on disk (JDBC catalog on SQLite, Parquet files), read back through Iceberg, with the
 * change history the table records. Each case is a script of steps run through {@link Flow}: reconcile,
 * apply the schema update, write the row.
 */
class EvolutionRulesTest {
  @TempDir Path dir;

  /** One step of a script. */
  interface Step extends Function<Flow, io.cdclake.model.ChangeEvent> {}

  record Case(String name, EvolutionPolicy policy, int formatVersion, Function<Warehouse, org.apache.iceberg.Table> existing,
      List<Step> steps, List<String> changes, String shape, List<Map<String, Object>> rows) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final TableSchema S0 = schema("id long!", "name string", "qty int");

  static Step insert(TableSchema s, Object... kv) {
    return f -> f.insert(Row.of(kv), s);
  }

  static Step update(TableSchema s, Object... kv) {
    return f -> f.update(Row.of(kv), s);
  }

  static Step alter(TableSchema after, String ddl) {
    return f -> f.ddl(SchemaChange.Kind.ALTER_TABLE, after, ddl, List.of());
  }

  static Step alter(TableSchema after, String ddl, ColumnChange... changes) {
    return f -> f.ddl(SchemaChange.Kind.ALTER_TABLE, after, ddl, List.of(changes));
  }

  static Case c(String name, EvolutionPolicy policy, int v, List<Step> steps, List<String> changes, String shape,
      List<Map<String, Object>> rows) {
    return new Case(name, policy, v, null, steps, changes, shape, rows);
  }

  static Stream<Case> cases() {
    EvolutionPolicy p = EvolutionPolicy.DEFAULTS;
    TableSchema withNote = schema("id long!", "name string", "note string", "qty int");
    TableSchema renamed = schema("id long!", "title string", "qty int");
    TableSchema noQty = schema("id long!", "name string");
    List<Case> out = new ArrayList<>();

    out.add(c("a new field in a message schema is added after its source predecessor", p, 2,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5), insert(withNote, "id", 2L, "name", "b", "note", "n", "qty", 6)),
        List.of("add column note string after name"), "{id:long!, name:string, note:string, qty:int}",
        List.of(m("id", 1L, "name", "a", "note", null, "qty", 5), m("id", 2L, "name", "b", "note", "n", "qty", 6))));

    out.add(c("a column added first goes first", p, 2,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5),
            insert(Flow.keyed(List.of("id"), "tenant string", "id long!", "name string", "qty int"), "tenant", "t", "id", 2L, "name", "b",
                "qty", 6)),
        List.of("add column tenant string first"), "{tenant:string, id:long!, name:string, qty:int}",
        List.of(m("tenant", null, "id", 1L, "name", "a", "qty", 5), m("tenant", "t", "id", 2L, "name", "b", "qty", 6))));

    out.add(c("column-positions=last puts a new column last", p.withPositions(PositionPolicy.LAST), 2,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5), insert(withNote, "id", 2L, "name", "b", "note", "n", "qty", 6)),
        List.of("add column note string"), "{id:long!, name:string, qty:int, note:string}",
        List.of(m("id", 1L, "name", "a", "qty", 5, "note", null), m("id", 2L, "name", "b", "qty", 6, "note", "n"))));

    TableSchema noteDefault = Flow.withDefault(withNote, "note", "none");
    out.add(c("a DEFAULT on a format-v3 table is what rows written before read", p, 3,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5), insert(noteDefault, "id", 2L, "name", "b", "note", "n", "qty", 6)),
        List.of("add column note string after name default 'none'"), "{id:long!, name:string, note:string, qty:int}",
        List.of(m("id", 1L, "name", "a", "note", "none", "qty", 5), m("id", 2L, "name", "b", "note", "n", "qty", 6))));

    out.add(c("a DEFAULT on a format-v2 table is not set: rows written before read NULL", p, 2,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5), insert(noteDefault, "id", 2L, "name", "b", "note", "n", "qty", 6)),
        List.of("add column note string after name"), "{id:long!, name:string, note:string, qty:int}",
        List.of(m("id", 1L, "name", "a", "note", null, "qty", 5), m("id", 2L, "name", "b", "note", "n", "qty", 6))));

    out.add(c("column-defaults=ignore sets no default even on v3", p.withDefaults(EvolutionPolicy.DefaultsPolicy.IGNORE), 3,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5), insert(noteDefault, "id", 2L, "name", "b", "note", "n", "qty", 6)),
        List.of("add column note string after name"), "{id:long!, name:string, note:string, qty:int}",
        List.of(m("id", 1L, "name", "a", "note", null, "qty", 5), m("id", 2L, "name", "b", "note", "n", "qty", 6))));

    TableSchema wide = schema("id long!", "name string", "qty long");
    out.add(c("int widens to long in place by DDL; old rows read as long", p, 2,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5), alter(wide, "ALTER TABLE orders ALTER COLUMN qty TYPE bigint"),
            insert(wide, "id", 2L, "name", "b", "qty", 5_000_000_000L)),
        List.of("widen qty int -> long"), "{id:long!, name:string, qty:long}",
        List.of(m("id", 1L, "name", "a", "qty", 5L), m("id", 2L, "name", "b", "qty", 5_000_000_000L))));

    out.add(c("narrowing=keep-wider: a narrowing at the source keeps the wider column, every value still fits exactly",
        p.withNarrowing(EvolutionPolicy.NarrowingPolicy.KEEP_WIDER), 2,
        List.of(insert(wide, "id", 1L, "name", "a", "qty", 5_000_000_000L), alter(S0, "ALTER TABLE orders ALTER COLUMN qty TYPE int"),
            insert(S0, "id", 2L, "name", "b", "qty", 6)),
        List.of(), "{id:long!, name:string, qty:long}",
        List.of(m("id", 1L, "name", "a", "qty", 5_000_000_000L), m("id", 2L, "name", "b", "qty", 6L))));

    TableSchema fd0 = schema("id long!", "f float", "d decimal(10,2)");
    TableSchema fd1 = schema("id long!", "f double", "d decimal(12,2)");
    out.add(c("float widens to double and decimal precision grows at the same scale", p, 2,
        List.of(insert(fd0, "id", 1L, "f", 1.5f, "d", new BigDecimal("12345678.90")), alter(fd1, null),
            insert(fd1, "id", 2L, "f", 0.1d, "d", new BigDecimal("1234567890.12"))),
        List.of("widen f float -> double", "widen d decimal(10,2) -> decimal(12,2)"), "{id:long!, f:double, d:decimal(12,2)}",
        List.of(m("id", 1L, "f", 1.5d, "d", new BigDecimal("12345678.90")), m("id", 2L, "f", 0.1d, "d", new BigDecimal("1234567890.12")))));

    List<Map<String, Object>> renamedRows = List.of(m("id", 1L, "title", "a", "qty", 5), m("id", 2L, "title", "b", "qty", 6));
    out.add(c("RENAME COLUMN in the DDL text renames in Iceberg: same field, old rows keep their value", p, 2,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5), alter(renamed, "ALTER TABLE public.orders RENAME COLUMN name TO title"),
            insert(renamed, "id", 2L, "title", "b", "qty", 6)),
        List.of("rename column name to title"), "{id:long!, title:string, qty:int}", renamedRows));

    out.add(c("MySQL CHANGE old new type renames", p, 2,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5), alter(renamed, "ALTER TABLE `orders` CHANGE `name` `title` varchar(20)"),
            insert(renamed, "id", 2L, "title", "b", "qty", 6)),
        List.of("rename column name to title"), "{id:long!, title:string, qty:int}", renamedRows));

    out.add(c("a DMS rename-column control record with its table-def renames", p, 2,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5), alter(renamed, "rename-column"), insert(renamed, "id", 2L, "title", "b", "qty", 6)),
        List.of("rename column name to title"), "{id:long!, title:string, qty:int}", renamedRows));

    out.add(c("an explicit RENAME column change renames", p, 2,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5),
            alter(null, null, new ColumnChange(ColumnChange.Kind.RENAME, "name", "title", null)),
            insert(renamed, "id", 2L, "title", "b", "qty", 6)),
        List.of("rename column name to title"), "{id:long!, title:string, qty:int}", renamedRows));

    List<Map<String, Object>> dropAdd = List.of(m("id", 1L, "name", "a", "title", null, "qty", 5),
        m("id", 2L, "name", null, "title", "b", "qty", 6));
    out.add(c("a column list that only differs by a name is a drop (kept) plus an add: nothing says rename", p, 2,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5), alter(renamed, null), insert(renamed, "id", 2L, "title", "b", "qty", 6)),
        List.of("add column title string after id", "keep column name (no longer written)"), "{id:long!, title:string, name:string, qty:int}",
        dropAdd));

    out.add(c("rename-columns=drop-and-add ignores the DDL's rename", p.withRenames(RenamePolicy.DROP_AND_ADD), 2,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5), alter(renamed, "ALTER TABLE orders RENAME COLUMN name TO title"),
            insert(renamed, "id", 2L, "title", "b", "qty", 6)),
        List.of("add column title string after id", "keep column name (no longer written)"), "{id:long!, title:string, name:string, qty:int}",
        dropAdd));

    out.add(c("a dropped column is kept: updated rows keep their value, new rows read NULL", p, 2,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5), insert(S0, "id", 2L, "name", "b", "qty", 6),
            alter(noQty, "ALTER TABLE orders DROP COLUMN qty"), update(noQty, "id", 1L, "name", "a2"), insert(noQty, "id", 3L, "name", "c")),
        List.of("keep column qty (no longer written)"), "{id:long!, name:string, qty:int}",
        List.of(m("id", 1L, "name", "a2", "qty", 5), m("id", 2L, "name", "b", "qty", 6), m("id", 3L, "name", "c", "qty", null))));

    out.add(c("drop-columns=drop deletes the column", p.withDrops(DropPolicy.DROP), 2,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5), alter(noQty, "ALTER TABLE orders DROP COLUMN qty"),
            insert(noQty, "id", 2L, "name", "b")),
        List.of("drop column qty"), "{id:long!, name:string}", List.of(m("id", 1L, "name", "a"), m("id", 2L, "name", "b"))));

    out.add(c("an explicit DROP column change keeps the column", p, 2,
        List.of(insert(S0, "id", 1L, "name", "a", "qty", 5), alter(null, "drop-column", new ColumnChange(ColumnChange.Kind.DROP, "qty", null,
            null)), update(noQty, "id", 1L, "name", "a2")),
        List.of("keep column qty (no longer written)"), "{id:long!, name:string, qty:int}", List.of(m("id", 1L, "name", "a2", "qty", 5))));

    TableSchema noteBack = schema("id long!", "name string", "note int");
    out.add(c("a column the source adds again after a kept drop is new; the kept one moves to <name>__dropped", p, 2,
        List.of(insert(withNote, "id", 1L, "name", "a", "note", "old", "qty", 5), alter(S0, "ALTER TABLE orders DROP COLUMN note"),
            alter(schema("id long!", "name string", "qty int", "note int"), "ALTER TABLE orders ADD COLUMN note int"),
            insert(schema("id long!", "name string", "qty int", "note int"), "id", 2L, "name", "b", "qty", 6, "note", 7)),
        List.of("keep column note (no longer written)", "rename column note to note__dropped", "add column note int"),
        "{id:long!, name:string, note__dropped:string, qty:int, note:int}",
        List.of(m("id", 1L, "name", "a", "note__dropped", "old", "qty", 5, "note", null),
            m("id", 2L, "name", "b", "note__dropped", null, "qty", 6, "note", 7))));

    TableSchema price0 = schema("id long!", "price decimal(10,2)", "qty int");
    TableSchema price1 = schema("id long!", "price string", "qty int");
    out.add(c("type-changes=new-column puts the values of the new type in price__v2 after price", p.withTypeChanges(TypeConflictPolicy.NEW_COLUMN), 2,
        List.of(insert(price0, "id", 1L, "price", new BigDecimal("1.50"), "qty", 1),
            alter(price1, "ALTER TABLE orders ALTER COLUMN price TYPE text"),
            insert(price1, "id", 2L, "price", "n/a", "qty", 2), update(price1, "id", 1L, "price", "2.00", "qty", 3)),
        List.of("add column price__v2 string after price", "keep column price (no longer written)", "write price into price__v2"),
        "{id:long!, price:decimal(10,2), price__v2:string, qty:int}",
        List.of(m("id", 1L, "price", new BigDecimal("1.50"), "price__v2", "2.00", "qty", 3),
            m("id", 2L, "price", null, "price__v2", "n/a", "qty", 2))));

    TableSchema a0 = schema("id long!", "addr struct<city:string,zip:int>");
    TableSchema a1 = schema("id long!", "addr struct<city:string,street:string,zip:long>");
    out.add(c("a nested struct evolves field by field: a new field in place, a widened field", p, 2,
        List.of(insert(a0, "id", 1L, "addr", Row.of("city", "Oslo", "zip", 150)),
            insert(a1, "id", 2L, "addr", Row.of("city", "Bergen", "street", "Bryggen", "zip", 5_003_000_000L))),
        List.of("add column addr.street string after city", "widen addr.zip int -> long"),
        "{id:long!, addr:{city:string, street:string, zip:long}}",
        List.of(m("id", 1L, "addr", "{city=Oslo, street=null, zip=150}"), m("id", 2L, "addr", "{city=Bergen, street=Bryggen, zip=5003000000}"))));

    TableSchema keyed2 = Flow.keyed(List.of("id", "region"), "id long!", "region string!", "name string");
    out.add(c("a key change sets the identifier fields; an optional column proven free of NULLs becomes required", p, 2,
        List.of(insert(schema("id long!", "region string!", "name string"), "id", 1L, "region", "eu", "name", "a"),
            alter(keyed2, "ALTER TABLE orders DROP CONSTRAINT orders_pkey, ADD PRIMARY KEY (id, region)"),
            insert(keyed2, "id", 1L, "region", "us", "name", "b")),
        List.of("set key id,region"), "{id:long!, region:string!, name:string}",
        List.of(m("id", 1L, "region", "eu", "name", "a"), m("id", 1L, "region", "us", "name", "b"))));

    out.add(new Case("a required column the source now allows NULL in becomes optional", p, 2,
        w -> w.create("orders", new Schema(List.of(Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.required(2, "name", Types.StringType.get())), java.util.Set.of(1)), 2),
        List.of(insert(schema("id long!", "name string!"), "id", 1L, "name", "a"), alter(schema("id long!", "name string"), null),
            insert(schema("id long!", "name string"), "id", 2L, "name", null)),
        List.of("make column name optional"), "{id:long!, name:string}", List.of(m("id", 1L, "name", "a"), m("id", 2L, "name", null))));
    return out.stream();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void ruleAppliesAndRowsReadBack(Case k) throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      TableConfig cfg = TableConfig.DEFAULT.withEvolution(k.policy());
      Flow f = new Flow(w, "orders", cfg, ReconcileOptions.forDebezium(), k.formatVersion());
      if (k.existing() != null) {
        f.with(k.existing().apply(w));
      }
      for (Step s : k.steps()) {
        f.accept(s.apply(f));
      }
      assertThat(Schemas.shape(f.table.schema())).isEqualTo(k.shape());
      assertThat(f.history()).containsExactlyElementsOf(k.changes());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Map<String, Object> r : f.rows()) {
        Map<String, Object> x = new java.util.LinkedHashMap<>();
        r.forEach((n, v) -> x.put(n, v instanceof org.apache.iceberg.data.Record rec ? structText(rec) : v));
        rows.add(x);
      }
      rows.sort(java.util.Comparator.comparing((Map<String, Object> r) -> (Long) r.get("id")).thenComparing(r -> String.valueOf(r.get("region"))));
      assertThat(rows).isEqualTo(k.rows());
    }
  }

  private static int count(Flow f) {
    f.table.refresh();
    int n = 0;
    for (org.apache.iceberg.Snapshot s : f.table.snapshots()) {
      n++;
    }
    return n;
  }

  private static String structText(org.apache.iceberg.data.Record r) {
    StringBuilder sb = new StringBuilder("{");
    for (Types.NestedField fld : r.struct().fields()) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(fld.name()).append('=').append(r.getField(fld.name()));
    }
    return sb.append('}').toString();
  }

  static Column col(String name, String type) {
    return Column.optional(name, Flow.type(type));
  }
}
