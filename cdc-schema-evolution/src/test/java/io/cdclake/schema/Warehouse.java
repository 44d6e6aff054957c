package io.cdclake.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;

/**
 * A real Iceberg warehouse on disk for tests: Iceberg's JDBC catalog on a SQLite file (the project's
 * embedded default), Parquet data files written with Iceberg's generic writer, rows read back with
 * {@link IcebergGenerics}.
 */
final class Warehouse implements AutoCloseable {
  private final JdbcCatalog catalog;
  private final Path dir;

  Warehouse(Path dir) {
    this.dir = dir;
    this.catalog = open(dir, "test");
  }

  /** A second catalog object on the same files: a second writer process's view of the tables. */
  JdbcCatalog otherCatalog() {
    return open(dir, "test");
  }

  private static JdbcCatalog open(Path dir, String name) {
    Map<String, String> p = new HashMap<>();
    p.put(CatalogProperties.URI, "jdbc:sqlite:" + dir.resolve("catalog.db"));
    p.put(CatalogProperties.WAREHOUSE_LOCATION, dir.resolve("wh").toUri().toString());
    p.put("jdbc.schema-version", "V1");
    p.put("jdbc.busy_timeout", "10000");
    JdbcCatalog c = new JdbcCatalog();
    c.setConf(new org.apache.hadoop.conf.Configuration());
    c.initialize(name, p);
    return c;
  }

  JdbcCatalog catalog() {
    return catalog;
  }

  Table create(String name, Schema schema, int formatVersion) {
    return create(name, schema, formatVersion, PartitionSpec.unpartitioned());
  }

  Table create(String name, Schema schema, int formatVersion, PartitionSpec spec) {
    TableIdentifier id = TableIdentifier.of(Namespace.of("db"), name);
    if (!catalog.namespaceExists(Namespace.of("db"))) {
      catalog.createNamespace(Namespace.of("db"));
    }
    Map<String, String> props = new LinkedHashMap<>();
    props.put(TableProperties.FORMAT_VERSION, Integer.toString(formatVersion));
    return catalog.createTable(id, schema, spec, props);
  }

  Table load(String name) {
    return catalog.loadTable(TableIdentifier.of(Namespace.of("db"), name));
  }

  static int formatVersion(Table t) {
    return TableUtil.formatVersion(t);
  }

  static String metadataLocation(Table t) {
    return TableUtil.metadataFileLocation(t);
  }

  /** Appends rows (column name to value, values in Iceberg's generic classes) in one Parquet file and one snapshot. */
  static void append(Table table, List<Map<String, Object>> rows) {
    table.refresh();
    Schema schema = table.schema();
    GenericFileWriterFactory f = new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).dataSchema(schema).build();
    OutputFileFactory files = OutputFileFactory.builderFor(table, 1, System.nanoTime()).format(FileFormat.PARQUET)
        .operationId(UUID.randomUUID().toString()).build();
    DataWriter<Record> w = f.newDataWriter(files.newOutputFile(), table.spec(), null);
    try (w) {
      for (Map<String, Object> r : rows) {
        GenericRecord rec = GenericRecord.create(schema);
        r.forEach(rec::setField);
        w.write(rec);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DataFile file = w.toDataFile();
    table.newAppend().appendFile(file).commit();
  }

  /** Every row as a map of column name to value, sorted by the given column. */
  static List<Map<String, Object>> read(Table table, String sortBy) {
    table.refresh();
    List<Map<String, Object>> out = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      for (Record r : rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Types.NestedField f : r.struct().fields()) {
          m.put(f.name(), r.getField(f.name()));
        }
        out.add(m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparing(m -> (Comparable) m.get(sortBy), Comparator.nullsFirst(Comparator.naturalOrder())));
    return out;
  }

  @Override
  public void close() throws IOException {
    catalog.close();
  }
}
