package io.cdclake.spark;

import io.cdclake.iceberg.Catalogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;

/** A local Spark session on the embedded catalog, and reading tables back through Iceberg. */
final class SparkTables {
  private SparkTables() {
  }

  static SparkSession session(Map<String, String> props) {
    return SparkSession.builder().master("local[2]").appName("cdc-lake-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .config("spark.sql.catalog." + Catalogs.EMBEDDED_NAME, "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog." + Catalogs.EMBEDDED_NAME + ".type", "jdbc")
        .config("spark.sql.catalog." + Catalogs.EMBEDDED_NAME + ".uri", props.get("uri"))
        .config("spark.sql.catalog." + Catalogs.EMBEDDED_NAME + ".warehouse", props.get("warehouse"))
        .config("spark.sql.catalog." + Catalogs.EMBEDDED_NAME + ".jdbc.schema-version", "V1")
        .getOrCreate();
  }

  static TreeMap<Long, Map<String, Object>> byId(Table table) {
    table.refresh();
    TreeMap<Long, Map<String, Object>> out = new TreeMap<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      for (Record r : it) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Types.NestedField f : table.schema().columns()) {
          m.put(f.name(), r.getField(f.name()));
        }
        if (out.put((Long) m.get("id"), m) != null) {
          throw new AssertionError("duplicate key " + m.get("id"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static List<Map<String, String>> summaries(Table table) {
    table.refresh();
    List<Map<String, String>> out = new ArrayList<>();
    for (Snapshot s : table.snapshots()) {
      out.add(s.summary());
    }
    return out;
  }
}
