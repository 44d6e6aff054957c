package io.cdclake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.iceberg.CdcPipeline;
import io.cdclake.iceberg.Catalogs;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import io.cdclake.schema.EvolutionPolicy;
import io.cdclake.schema.TableConfig;
import io.cdclake.schema.TableConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark reads tables our pipeline evolved: a column renamed by DDL shows its old rows under the new
 * name, a dropped column is kept with its values (or gone, by policy), and the change history is in
 * the snapshots table.
 */
class SparkReadsEvolvedTablesTest {
  static final String[] PG = {"lsn_commit", "lsn"};

  @TempDir Path dir;

  private long offset;

  private static TableSchema schema(String... names) {
    List<Column> cols = new ArrayList<>();
    for (String n : names) {
      cols.add(n.equals("id") ? Column.required(n, ColumnType.LONG) : n.equals("qty") ? Column.optional(n, ColumnType.INT)
          : Column.optional(n, ColumnType.STRING));
    }
    return TableSchema.of(cols, List.of("id"));
  }

  private ChangeEvent row(TableId t, Op op, TableSchema s, Object... kv) {
    long o = ++offset;
    Row after = Row.of(kv);
    return ChangeEvent.builder(op).table(t).schema(s).key(after.project(List.of("id"))).after(after)
        .position(SourcePosition.of("postgresql", PG, o, o)).transport(TransportPosition.kafka("pg", 0, o)).build();
  }

  private ChangeEvent ddl(TableId t, TableSchema after, String text) {
    long o = ++offset;
    return ChangeEvent.builder(Op.SCHEMA_CHANGE).table(t).ddl(text)
        .schemaChanges(List.of(new SchemaChange(SchemaChange.Kind.ALTER_TABLE, t, null, after, List.of())))
        .position(SourcePosition.of("postgresql", PG, o, o)).transport(TransportPosition.kafka("pg", 0, o)).build();
  }

  private void stream(CdcPipeline p, TableId t) {
    TableSchema v1 = schema("id", "name", "qty");
    TableSchema v2 = schema("id", "title", "qty");
    TableSchema v3 = schema("id", "title");
    p.accept(row(t, Op.INSERT, v1, "id", 1L, "name", "a", "qty", 5));
    p.accept(row(t, Op.INSERT, v1, "id", 2L, "name", "b", "qty", 6));
    p.accept(ddl(t, v2, "ALTER TABLE " + t.table() + " RENAME COLUMN name TO title"));
    p.accept(row(t, Op.INSERT, v2, "id", 3L, "title", "c", "qty", 7));
    p.accept(ddl(t, v3, "ALTER TABLE " + t.table() + " DROP COLUMN qty"));
    p.accept(row(t, Op.UPDATE, v3, "id", 1L, "title", "a2"));
    p.accept(row(t, Op.INSERT, v3, "id", 4L, "title", "d"));
  }

  @Test
  void sparkReadsRenamedAndDroppedColumnsAndTheHistory() {
    Catalog catalog = Catalogs.embedded(dir);
    TableId kept = TableId.of("shop", "public", "orders");
    TableId dropped = TableId.of("shop", "public", "lines");
    TableConfig dropping = new TableConfig("shop", "lines", List.of(), null, List.of(), 2, null, null, List.of(), List.of(), null, Map.of(),
        Map.of()).withEvolution(EvolutionPolicy.DEFAULTS.withDrops(EvolutionPolicy.DropPolicy.DROP));
    CdcPipeline p = CdcPipeline.builder(catalog, "spark-evolution").tables(TableConfigs.of(List.of(dropping)))
        .commitEvery(1000, Duration.ofHours(1)).build();
    stream(p, kept);
    stream(p, dropped);
    p.flush();

    Map<String, String> props = Catalogs.embeddedProperties(dir);
    SparkSession spark = SparkSession.builder().master("local[2]").appName("cdc-lake-evolution")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.catalog." + Catalogs.EMBEDDED_NAME, "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog." + Catalogs.EMBEDDED_NAME + ".type", "jdbc")
        .config("spark.sql.catalog." + Catalogs.EMBEDDED_NAME + ".uri", props.get("uri"))
        .config("spark.sql.catalog." + Catalogs.EMBEDDED_NAME + ".warehouse", props.get("warehouse"))
        .config("spark.sql.catalog." + Catalogs.EMBEDDED_NAME + ".jdbc.schema-version", "V1")
        .getOrCreate();
    try {
      List<String> orders = new ArrayList<>();
      for (org.apache.spark.sql.Row r : spark.sql("SELECT id, title, qty FROM cdc_lake.shop.orders ORDER BY id").collectAsList()) {
        orders.add(r.getLong(0) + "|" + r.getString(1) + "|" + (r.isNullAt(2) ? "null" : r.getInt(2)));
      }
      assertThat(orders).containsExactly("1|a2|5", "2|b|6", "3|c|7", "4|d|null");

      List<String> lineColumns = List.of(spark.table("cdc_lake.shop.lines").columns());
      assertThat(lineColumns).containsExactly("id", "title");
      List<String> lines = new ArrayList<>();
      for (org.apache.spark.sql.Row r : spark.sql("SELECT id, title FROM cdc_lake.shop.lines ORDER BY id").collectAsList()) {
        lines.add(r.getLong(0) + "|" + r.getString(1));
      }
      assertThat(lines).containsExactly("1|a2", "2|b", "3|c", "4|d");

      List<String> history = new ArrayList<>();
      for (org.apache.spark.sql.Row r : spark.sql("SELECT summary['cdc-lake.schema-change'] FROM cdc_lake.shop.orders.snapshots "
          + "WHERE summary['cdc-lake.schema-change'] IS NOT NULL ORDER BY committed_at").collectAsList()) {
        history.add(r.getString(0));
      }
      assertThat(history).hasSize(2);
      assertThat(history.get(0)).contains("\"op\":\"rename-column\"", "\"from\":\"name\"", "RENAME COLUMN name TO title");
      assertThat(history.get(1)).contains("\"op\":\"keep-column\"", "\"column\":\"qty\"");
    } finally {
      spark.stop();
    }
  }
}
