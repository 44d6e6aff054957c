package io.cdclake.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.TableId;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableConfigsTest {

  private static TableConfigs parse(String json) {
    return TableConfigs.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void seedStyleEntryParsesEveryKey() {
    TableConfigs c = parse("""
        [{"db": "public", "table": "orders", "primary_key": "id, region", "precombine_key": "updated_at",
          "timestamp.fields": ["created_at"], "format-version": 3, "write.merge.mode": "merge-on-read",
          "iceberg.table": "lake.orders", "partition-by": ["days(created_at)", "bucket(16, id)"], "sort-by": ["id"],
          "mode": "upsert+changelog", "column-types": {"amount": "decimal(12,2)"}, "properties": {"write.target-file-size-bytes": "1000"}}]
        """);
    TableConfig t = c.forTable(TableId.of("public", "orders"));
    assertThat(t.primaryKey()).containsExactly("id", "region");
    assertThat(t.precombineKey()).isEqualTo("updated_at");
    assertThat(t.timestampFields()).containsExactly("created_at");
    assertThat(t.formatVersion()).isEqualTo(3);
    assertThat(t.target()).isEqualTo("lake.orders");
    assertThat(t.partitionBy()).containsExactly("days(created_at)", "bucket(16, id)");
    assertThat(t.mode()).isEqualTo(TableConfig.Mode.UPSERT_AND_CHANGELOG);
    assertThat(t.columnTypes()).isEqualTo(Map.of("amount", "decimal(12,2)"));
    assertThat(t.properties()).containsEntry("write.target-file-size-bytes", "1000");
  }

  @Test
  void mostSpecificEntryWinsAndUnmatchedTablesGetTheDefault() {
    TableConfigs c = parse("""
        [{"table": "*", "format-version": "3"},
         {"db": "sales", "table": "ord*", "precombine_key": "v"},
         {"db": "sales", "table": "orders", "primary_key": ["id"]}]
        """);
    assertThat(c.forTable(TableId.of("sales", "orders")).primaryKey()).containsExactly("id");
    assertThat(c.forTable(TableId.of("sales", "order_lines")).precombineKey()).isEqualTo("v");
    assertThat(c.forTable(TableId.of("hr", "people")).formatVersion()).isEqualTo(3);
    assertThat(TableConfigs.defaults().forTable(TableId.of("hr", "people"))).isEqualTo(TableConfig.DEFAULT);
  }

  @Test
  void dbMatchesTheSourceDatabaseOrSchema() {
    TableConfigs c = parse("[{\"db\": \"inventory\", \"table\": \"customers\", \"primary_key\": \"id\"}]");
    assertThat(c.forTable(TableId.of("inventory", null, "customers")).primaryKey()).containsExactly("id");
    assertThat(c.forTable(TableId.of("pg", "inventory", "customers")).primaryKey()).containsExactly("id");
    assertThat(c.forTable(TableId.of("pg", "other", "customers")).primaryKey()).isEmpty();
  }

  @Test
  void unknownKeyIsAnErrorNamingTheKeyAndEntry() {
    assertThatThrownBy(() -> parse("[{\"table\": \"t\"}, {\"table\": \"u\", \"primary_keys\": \"id\"}]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key=primary_keys").hasMessageContaining("entry=1");
  }

  @Test
  void copyOnWriteAndUnsupportedFormatVersionsAreRefused() {
    assertThatThrownBy(() -> parse("[{\"table\": \"t\", \"write.merge.mode\": \"copy-on-write\"}]"))
        .hasMessageContaining("merge-on-read");
    assertThatThrownBy(() -> parse("[{\"table\": \"t\", \"format-version\": 1}]")).hasMessageContaining("format-version");
  }

  @Test
  void malformedJsonIsAClearError() {
    assertThatThrownBy(() -> parse("[{\"table\": ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> parse("[{\"db\": \"x\"}]")).hasMessageContaining("table is required");
    assertThat(parse("[]").entries()).isEqualTo(List.of());
  }

  @Test
  void columnNamesAndImageModesParseAndDeclaredTypesCombineTimestampFields() {
    TableConfig t = parse("""
        [{"table": "orders", "column-names": {"ID": "id"}, "insert-images": "full", "update-images": "partial",
          "timestamp.fields": ["created", "updated"], "column-types": {"updated": "timestamp_tz", "amount": "decimal(12,2)"}}]
        """).forTable(TableId.of("s", "orders"));
    assertThat(t.icebergName("ID")).isEqualTo("id");
    assertThat(t.icebergName("other")).isEqualTo("other");
    assertThat(t.insertImages()).isEqualTo(ImageMode.FULL);
    assertThat(t.updateImages()).isEqualTo(ImageMode.PARTIAL);
    assertThat(t.declaredTypes()).isEqualTo(Map.of("created", io.cdclake.model.ColumnType.TIMESTAMP,
        "updated", io.cdclake.model.ColumnType.TIMESTAMP_TZ, "amount", io.cdclake.model.ColumnType.decimal(12, 2)));
    assertThatThrownBy(() -> parse("[{\"table\": \"t\", \"update-images\": \"sometimes\"}]"))
        .hasMessageContaining("update-images").hasMessageContaining("entry=0");
    assertThatThrownBy(() -> parse("[{\"table\": \"t\", \"column-types\": {\"x\": \"varchar2\"}}]"))
        .hasMessageContaining("column=x");
  }

  @Test
  void evolutionKeysSetThePolicyAndUnsetKeysKeepTheDefaults() {
    TableConfig t = parse("""
        [{"table": "orders", "drop-columns": "drop", "rename-columns": "drop-and-add", "type-changes": "new-column",
          "key-changes": "keep", "column-defaults": "ignore", "column-positions": "last", "narrowing": "keep_wider"},
         {"table": "lines", "type-changes": "dead_letter"}]
        """).forTable(TableId.of("s", "orders"));
    assertThat(t.evolution()).isEqualTo(new EvolutionPolicy(EvolutionPolicy.DropPolicy.DROP, EvolutionPolicy.RenamePolicy.DROP_AND_ADD,
        ReconcileOptions.TypeConflictPolicy.NEW_COLUMN, EvolutionPolicy.KeyPolicy.KEEP, EvolutionPolicy.DefaultsPolicy.IGNORE,
        EvolutionPolicy.PositionPolicy.LAST, EvolutionPolicy.NarrowingPolicy.KEEP_WIDER));
    TableConfig lines = parse("[{\"table\": \"lines\", \"type-changes\": \"dead_letter\"}]").forTable(TableId.of("s", "lines"));
    assertThat(lines.evolution()).isEqualTo(EvolutionPolicy.DEFAULTS.withTypeChanges(ReconcileOptions.TypeConflictPolicy.DEAD_LETTER));
    assertThat(TableConfig.DEFAULT.evolution()).isEqualTo(EvolutionPolicy.DEFAULTS);
    assertThat(EvolutionPolicy.DEFAULTS.typeChanges(ReconcileOptions.defaults())).isEqualTo(ReconcileOptions.TypeConflictPolicy.FAIL);
    assertThat(EvolutionPolicy.DEFAULTS.typeChanges(ReconcileOptions.defaults().toBuilder()
        .typeConflicts(ReconcileOptions.TypeConflictPolicy.DEAD_LETTER).build())).isEqualTo(ReconcileOptions.TypeConflictPolicy.DEAD_LETTER);
  }

  @Test
  void anUnknownEvolutionValueNamesTheKeyTheValueAndTheChoices() {
    assertThatThrownBy(() -> parse("[{\"table\": \"t\", \"drop-columns\": \"delete\"}]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("drop-columns=delete").hasMessageContaining("keep or drop").hasMessageContaining("entry=0");
    assertThatThrownBy(() -> parse("[{\"table\": \"t\", \"type-changes\": \"coerce\"}]"))
        .hasMessageContaining("type-changes=coerce").hasMessageContaining("fail, new-column or dead-letter");
    assertThatThrownBy(() -> parse("[{\"table\": \"t\", \"key-changes\": null}]")).hasMessageContaining("key-changes");
  }
}
