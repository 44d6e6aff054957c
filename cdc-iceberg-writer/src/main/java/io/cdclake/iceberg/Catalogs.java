package io.cdclake.iceberg;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;

/**
 * Loads catalogs through Iceberg's own properties ({@link CatalogUtil#buildIcebergCatalog}):
 * {@code type} ({@code rest}, {@code glue}, {@code nessie}, {@code hive}, {@code jdbc},
 * {@code hadoop}) or {@code catalog-impl}, {@code uri}, {@code warehouse}, {@code io-impl}, …, so
 * every catalog Iceberg supports works unchanged.
 *
 * <p>The embedded default ({@link #embedded(Path)}) is Iceberg's JDBC catalog on a SQLite file
 * {@code <warehouse>/catalog.db} inside a local warehouse folder: zero set-up, persistent, real.
 * It always uses the catalog name {@value #EMBEDDED_NAME} (the name is part of the catalog's
 * table rows, so every process must use the same one), {@code jdbc.schema-version=V1}, SQLite's
 * busy timeout in seconds and WAL journaling.
 */
public final class Catalogs {
  public static final String EMBEDDED_NAME = "cdc_lake";
  public static final String CATALOG_FILE = "catalog.db";
  /** SQLite waits this long (milliseconds) for a lock before SQLITE_BUSY. */
  public static final String EMBEDDED_BUSY_TIMEOUT_MS = "30000";

  private Catalogs() {
  }

  /** A catalog from Iceberg catalog properties. */
  public static Catalog load(String name, Map<String, String> properties) {
    requireNonNull(name, "name is null");
    requireNonNull(properties, "properties is null");
    if (!properties.containsKey(CatalogUtil.ICEBERG_CATALOG_TYPE) && !properties.containsKey(CatalogProperties.CATALOG_IMPL)) {
      throw new IllegalArgumentException("Cannot load catalog: set type (rest, glue, nessie, hive, jdbc, hadoop) or catalog-impl (name="
          + name + ")");
    }
    return CatalogUtil.buildIcebergCatalog(name, properties, new Configuration());
  }

  /** The properties of the embedded catalog for a warehouse folder (made if missing). */
  public static Map<String, String> embeddedProperties(Path warehouse) {
    Path dir = warehouse.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create warehouse folder (path=" + dir + ")", e);
    }
    Map<String, String> p = new HashMap<>();
    p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_JDBC);
    p.put(CatalogProperties.URI, "jdbc:sqlite:" + dir.resolve(CATALOG_FILE));
    p.put(CatalogProperties.WAREHOUSE_LOCATION, dir.toUri().toString());
    p.put("jdbc.schema-version", "V1");
    p.put("jdbc.busy_timeout", EMBEDDED_BUSY_TIMEOUT_MS);
    p.put("jdbc.journal_mode", "WAL");
    return p;
  }

  /** Iceberg's JDBC catalog on {@code <warehouse>/catalog.db}. */
  public static Catalog embedded(Path warehouse) {
    return CatalogUtil.buildIcebergCatalog(EMBEDDED_NAME, embeddedProperties(warehouse), new Configuration());
  }

  /**
   * Every table of the catalog: namespaces walked recursively (where the catalog nests them), in listing
   * order; empty for a catalog that does not list namespaces.
   */
  public static java.util.List<org.apache.iceberg.catalog.TableIdentifier> listTables(Catalog catalog) {
    java.util.List<org.apache.iceberg.catalog.TableIdentifier> out = new java.util.ArrayList<>();
    if (catalog instanceof org.apache.iceberg.catalog.SupportsNamespaces ns) {
      java.util.List<org.apache.iceberg.catalog.Namespace> pending = new java.util.ArrayList<>(ns.listNamespaces());
      for (int i = 0; i < pending.size(); i++) {
        org.apache.iceberg.catalog.Namespace n = pending.get(i);
        try {
          pending.addAll(ns.listNamespaces(n));
        } catch (RuntimeException ignored) {
          // catalogs without nested namespaces
        }
        out.addAll(catalog.listTables(n));
      }
    }
    return out;
  }
}
