package io.cdclake.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.TableId;
import io.cdclake.schema.TableConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetupRoutingCatalogTest {
  @TempDir
  Path dir;

  @Test
  void defaultPatternUsesDatabaseOrSchemaThenTable() {
    TableRouter r = TableRouter.defaults();
    assertThat(r.route(TableId.of("inventory", null, "orders"), TableConfig.DEFAULT)).isEqualTo(TableIdentifier.of("inventory", "orders"));
    assertThat(r.route(TableId.of("public", "orders"), TableConfig.DEFAULT)).isEqualTo(TableIdentifier.of("public", "orders"));
    assertThat(r.route(TableId.of("shop", "public", "orders"), TableConfig.DEFAULT)).isEqualTo(TableIdentifier.of("shop", "orders"));
    assertThat(r.route(TableId.of(null, null, "orders"), TableConfig.DEFAULT)).isEqualTo(TableIdentifier.of("default", "orders"));
    assertThat(r.changelog(TableId.of("shop", "public", "orders"), TableConfig.DEFAULT))
        .isEqualTo(TableIdentifier.of("shop", "orders_changelog"));
  }

  @Test
  void patternPlaceholdersAndPerTableOverride() {
    TableRouter r = TableRouter.of("lake.{db}_{schema}.{table}");
    assertThat(r.route(TableId.of("shop", "public", "orders"), TableConfig.DEFAULT))
        .isEqualTo(TableIdentifier.of(org.apache.iceberg.catalog.Namespace.of("lake", "shop_public"), "orders"));
    TableConfig d = TableConfig.DEFAULT;
    TableConfig target = new TableConfig("shop", "orders", List.of(), null, List.of(), 2, null, "sales.{table}_v2", List.of(), List.of(),
        null, Map.of(), Map.of());
    assertThat(r.route(TableId.of("shop", "public", "orders"), target)).isEqualTo(TableIdentifier.of("sales", "orders_v2"));
    assertThatThrownBy(() -> TableRouter.of("fixed")).hasMessageContaining("{table}");
    assertThat(d.target()).isNull();
  }

  @Test
  void embeddedCatalogLivesInTheWarehouseAndReloadsThroughIcebergProperties() {
    Path wh = dir.resolve("warehouse");
    Catalog c = Catalogs.embedded(wh);
    Table t = TableSetup.createOrLoad(c, TableIdentifier.of("db", "t"), Fixture.SCHEMA, TableConfig.DEFAULT, null);
    assertThat(Files.exists(wh.resolve("catalog.db"))).isTrue();
    Catalog again = Catalogs.load(Catalogs.EMBEDDED_NAME, Catalogs.embeddedProperties(wh));
    assertThat(again.tableExists(TableIdentifier.of("db", "t"))).isTrue();
    assertThat(again.loadTable(TableIdentifier.of("db", "t")).schema().identifierFieldNames()).containsExactly("id");
    assertThat(t.location()).startsWith(wh.toUri().toString().replaceAll("/$", ""));
    assertThatThrownBy(() -> Catalogs.load("x", Map.of())).hasMessageContaining("type");
  }

  @Test
  void createdTablesCarryKeySpecSortOrderVersionAndProperties() {
    Catalog c = Catalogs.embedded(dir);
    TableConfig cfg = new TableConfig("*", "*", List.of(), null, List.of(), 3, null, null, List.of("bucket(4, id)", "cat"),
        List.of("name desc"), null, Map.of(), Map.of("write.target-file-size-bytes", "1048576"));
    Table t = TableSetup.createOrLoad(c, TableIdentifier.of("db", "v3"), Fixture.SCHEMA, cfg, null);
    assertThat(((org.apache.iceberg.HasTableOperations) t).operations().current().formatVersion()).isEqualTo(3);
    assertThat(t.schema().identifierFieldNames()).containsExactly("id");
    assertThat(t.spec().fields()).hasSize(2);
    assertThat(t.specs().values()).anyMatch(PartitionSpec::isUnpartitioned);
    assertThat(t.sortOrder().fields()).hasSize(1);
    assertThat(t.properties()).containsEntry(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true")
        .containsEntry(TableProperties.COMMIT_NUM_RETRIES, "10").containsEntry("write.target-file-size-bytes", "1048576");
    // a v3 table takes upserts too
    ChangeCommitter cm = ChangeCommitter.create(t, "job");
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults(), cm.checkpoint());
    Fixture.writeAndCommit(w, cm, 1, List.of(Fixture.insert(1, Fixture.row(1, "a", "x", null)), Fixture.insert(2, Fixture.row(2, "b", "y", null))));
    Fixture.writeAndCommit(w, cm, 2, List.of(Fixture.update(3, null, Fixture.row(1, "a2", "y", null))));
    assertThat(Fixture.byId(t)).containsOnlyKeys(1L, 2L);
    assertThatThrownBy(() -> TableSetup.term("bucket(id)")).hasMessageContaining("missing width");
  }
}
