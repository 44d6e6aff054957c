package io.cdclake.schema;

import static io.cdclake.schema.Flow.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.TableSchema;
import io.cdclake.schema.EvolutionPolicy.NarrowingPolicy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code narrowing} policy, table-driven: a DDL event that narrows a column (bigint to int, double to
 * float, decimal precision down at the same scale, a nested field) fails by default, naming table, column,
 * old and new type, and leaves the table as it was; with {@code keep-wider} the column keeps its type and
 * rows written before and after read back through Iceberg. A row event whose message schema is narrower
 * than the table (an older message) keeps the wider column under either policy.
 */
class NarrowingPolicyTest {
  @TempDir Path dir;

  static Stream<Arguments> narrowings() {
    return Stream.of(
        Arguments.of("bigint to int", "qty long", "qty int", 5_000_000_000L, 6, "long", "int", 6L),
        Arguments.of("double to float", "qty double", "qty float", 0.1d, 0.5f, "double", "float", 0.5d),
        Arguments.of("decimal precision down at the same scale", "qty decimal(12,2)", "qty decimal(10,2)", new BigDecimal("1234567890.12"),
            new BigDecimal("1.50"), "decimal(12,2)", "decimal(10,2)", new BigDecimal("1.50")),
        Arguments.of("a nested field bigint to int", "qty struct<n:long>", "qty struct<n:int>", Map.of("n", 5_000_000_000L), Map.of("n", 6),
            "long", "int", "{n=6}"));
  }

  private static Flow flow(Warehouse w, NarrowingPolicy policy) {
    TableConfig cfg = policy == null ? TableConfig.DEFAULT : TableConfig.DEFAULT.withEvolution(EvolutionPolicy.DEFAULTS.withNarrowing(policy));
    return new Flow(w, "orders", cfg, ReconcileOptions.forDebezium(), 2);
  }

  private static Object text(Object v) {
    return v instanceof org.apache.iceberg.data.Record r ? "{n=" + r.getField("n") + "}" : v;
  }

  @ParameterizedTest(name = "{0}: fails by default, the table as it was")
  @MethodSource("narrowings")
  void aNarrowingDdlFailsByDefaultNamingTableColumnAndTypes(String name, String wide, String narrow, Object before, Object after,
      String oldType, String newType, Object readBack) throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = flow(w, null);
      f.accept(f.insert(Row.of("id", 1L, "qty", before), schema("id long!", wide)));
      String metadata = Warehouse.metadataLocation(f.table);
      var rows = f.rows();
      TableSchema s1 = schema("id long!", narrow);
      assertThatThrownBy(() -> f.accept(f.ddl(SchemaChange.Kind.ALTER_TABLE, s1, "ALTER TABLE orders MODIFY qty ...", List.of())))
          .isInstanceOfSatisfying(TypeConflictException.class, e -> {
            assertThat(e.getMessage()).contains("public.orders", "column qty", "old type=" + oldType, "new type=" + newType,
                "set narrowing to keep-wider", "position postgresql{lsn=2}");
            assertThat(e.getMessage()).doesNotContain(String.valueOf(before));
            assertThat(e.tableType()).isEqualTo(oldType);
            assertThat(e.sourceType()).isEqualTo(newType);
          });
      f.table.refresh();
      assertThat(Warehouse.metadataLocation(f.table)).isEqualTo(metadata);
      assertThat(f.rows()).isEqualTo(rows);
    }
  }

  @ParameterizedTest(name = "{0}: keep-wider keeps the column, old and new rows read back")
  @MethodSource("narrowings")
  void keepWiderKeepsTheWiderColumnAndEveryValueFitsExactly(String name, String wide, String narrow, Object before, Object after,
      String oldType, String newType, Object readBack) throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = flow(w, NarrowingPolicy.KEEP_WIDER);
      TableSchema s0 = schema("id long!", wide);
      f.accept(f.insert(Row.of("id", 1L, "qty", before), s0));
      String shape = Schemas.shape(f.table.schema());
      TableSchema s1 = schema("id long!", narrow);
      f.accept(f.ddl(SchemaChange.Kind.ALTER_TABLE, s1, "ALTER TABLE orders MODIFY qty ...", List.of()));
      f.accept(f.insert(Row.of("id", 2L, "qty", after), s1));
      assertThat(Schemas.shape(f.table.schema())).isEqualTo(shape);
      assertThat(f.history()).isEmpty();
      Object first = before instanceof Map<?, ?> mm ? "{n=" + mm.get("n") + "}" : before;
      assertThat(f.rows()).extracting(r -> r.get("id") + ":" + text(r.get("qty"))).containsExactly("1:" + first, "2:" + readBack);
    }
  }

  @ParameterizedTest(name = "{0}: an older message schema keeps the wider column under the default")
  @MethodSource("narrowings")
  void aRowEventWithANarrowerMessageSchemaKeepsTheWiderColumnUnderTheDefault(String name, String wide, String narrow, Object before,
      Object after, String oldType, String newType, Object readBack) throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = flow(w, null);
      f.accept(f.insert(Row.of("id", 1L, "qty", before), schema("id long!", wide)));
      String shape = Schemas.shape(f.table.schema());
      // a message written before the column was widened, delivered after (another partition, a replay)
      f.accept(f.insert(Row.of("id", 2L, "qty", after), schema("id long!", narrow)));
      assertThat(Schemas.shape(f.table.schema())).isEqualTo(shape);
      assertThat(f.rows()).extracting(r -> r.get("id") + ":" + text(r.get("qty"))).endsWith("2:" + readBack);
    }
  }

  @org.junit.jupiter.api.Test
  void theTableConfigKeyParses() {
    String json = "[{\"table\": \"a\", \"narrowing\": \"keep-wider\"}, {\"table\": \"b\", \"narrowing\": \"fail\"}, {\"table\": \"c\"}]";
    TableConfigs c = TableConfigs.parse(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(c.forTable(io.cdclake.model.TableId.of(null, "a")).evolution().narrowing()).isEqualTo(NarrowingPolicy.KEEP_WIDER);
    assertThat(c.forTable(io.cdclake.model.TableId.of(null, "b")).evolution().narrowing()).isEqualTo(NarrowingPolicy.FAIL);
    assertThat(c.forTable(io.cdclake.model.TableId.of(null, "c")).evolution().narrowing()).isEqualTo(NarrowingPolicy.FAIL);
    assertThatThrownBy(() -> TableConfigs.parse(new java.io.ByteArrayInputStream(
        "[{\"table\": \"a\", \"narrowing\": \"truncate\"}]".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .hasMessageContaining("narrowing=truncate").hasMessageContaining("fail or keep-wider");
  }
}
