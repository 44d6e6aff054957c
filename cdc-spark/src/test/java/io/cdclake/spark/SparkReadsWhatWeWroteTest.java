package io.cdclake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.iceberg.Catalogs;
import io.cdclake.iceberg.ChangeCommitter;
import io.cdclake.iceberg.ChangeWriter;
import io.cdclake.iceberg.CommitOutcome;
import io.cdclake.iceberg.TableSetup;
import io.cdclake.iceberg.WriterOptions;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TransportPosition;
import io.cdclake.schema.TableConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark in local mode reads, through Iceberg's SparkCatalog on the same JDBC/SQLite catalog, the
 * rows our writer wrote: upserts, partition moves, key-only (global) deletes and a truncate, with
 * every equality delete applied. The same rows as Iceberg's own generic reader and as the model.
 */
class SparkReadsWhatWeWroteTest {
  static final TableId SRC = TableId.of("shop", "public", "orders");
  static final String[] PG = {"lsn_commit", "lsn"};
  static final Schema SCHEMA = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "name", Types.StringType.get()),
      Types.NestedField.optional(3, "cat", Types.StringType.get())), java.util.Set.of(1));

  @TempDir
  Path dir;

  static ChangeEvent ev(Op op, long p, Row before, Row after) {
    ChangeEvent.Builder b = ChangeEvent.builder(op).table(SRC).position(SourcePosition.of("postgresql", PG, p, p))
        .transport(TransportPosition.kafka("orders", 0, p)).before(before).after(after);
    Row key = after != null ? after : before;
    return b.key(Row.of("id", key.get("id"))).build();
  }

  static Row r(long id, String name, String cat) {
    return Row.of("id", id, "name", name, "cat", cat);
  }

  @Test
  void sparkSqlSeesTheSameRowsWithDeletesApplied() throws Exception {
    Catalog catalog = Catalogs.embedded(dir);
    TableConfig cfg = new TableConfig("*", "*", List.of(), null, List.of(), 2, null, null, List.of("cat"), List.of(), null, Map.of(),
        Map.of());
    Table t = TableSetup.createOrLoad(catalog, TableIdentifier.of("db", "orders"), SCHEMA, cfg, null);
    ChangeCommitter c = ChangeCommitter.create(t, "spark-test");
    ChangeWriter w = ChangeWriter.upsert(t, WriterOptions.defaults(), c.checkpoint());
    List<List<ChangeEvent>> batches = List.of(
        List.of(ev(Op.INSERT, 1, null, r(1, "a", "x")), ev(Op.INSERT, 2, null, r(2, "b", "x")), ev(Op.INSERT, 3, null, r(3, "c", "y")),
            ev(Op.INSERT, 4, null, r(4, "d", "y"))),
        List.of(ev(Op.UPDATE, 5, r(1, "a", "x"), r(1, "a2", "y")), ev(Op.UPDATE, 6, null, r(2, "b2", "z")),
            ev(Op.DELETE, 7, Row.of("id", 3L), null)),
        List.of(ev(Op.INSERT, 8, null, r(5, "e", "x")), ev(Op.UPDATE, 9, null, r(1, "a3", "x")), ev(Op.DELETE, 10, r(4, "d", "y"), null)));
    long batch = 0;
    for (List<ChangeEvent> events : batches) {
      events.forEach(w::write);
      CommitOutcome o = c.commit(List.of(w.complete(++batch)));
      w.committed(o.checkpoint());
    }
    TreeMap<Long, String> expected = new TreeMap<>(Map.of(1L, "a3|x", 2L, "b2|z", 5L, "e|x"));

    TreeMap<Long, String> generic = new TreeMap<>();
    t.refresh();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).build()) {
      for (Record rec : rows) {
        generic.put((Long) rec.getField("id"), rec.getField("name") + "|" + rec.getField("cat"));
      }
    }
    assertThat(generic).isEqualTo(expected);

    Map<String, String> props = Catalogs.embeddedProperties(dir);
    SparkSession spark = SparkSession.builder().master("local[2]").appName("cdc-lake-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .config("spark.sql.catalog." + Catalogs.EMBEDDED_NAME, "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog." + Catalogs.EMBEDDED_NAME + ".type", "jdbc")
        .config("spark.sql.catalog." + Catalogs.EMBEDDED_NAME + ".uri", props.get("uri"))
        .config("spark.sql.catalog." + Catalogs.EMBEDDED_NAME + ".warehouse", props.get("warehouse"))
        .config("spark.sql.catalog." + Catalogs.EMBEDDED_NAME + ".jdbc.schema-version", "V1")
        .getOrCreate();
    try {
      // the JDBC catalog keys its rows by catalog name: Spark's catalog must be named like ours (cdc_lake)
      List<org.apache.spark.sql.Row> rows = spark.sql("SELECT id, name, cat FROM cdc_lake.db.orders ORDER BY id").collectAsList();
      TreeMap<Long, String> seen = new TreeMap<>();
      List<Long> ids = new ArrayList<>();
      for (org.apache.spark.sql.Row row : rows) {
        seen.put(row.getLong(0), row.getString(1) + "|" + row.getString(2));
        ids.add(row.getLong(0));
      }
      assertThat(ids).doesNotHaveDuplicates();
      assertThat(seen).isEqualTo(expected);
      long count = spark.sql("SELECT count(*) FROM cdc_lake.db.orders").first().getLong(0);
      assertThat(count).isEqualTo(3);
    } finally {
      spark.stop();
    }
  }
}
