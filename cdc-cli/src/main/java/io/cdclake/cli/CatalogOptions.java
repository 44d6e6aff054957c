package io.cdclake.cli;

import io.cdclake.iceberg.Catalogs;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine.Option;

/**
 * Where the tables live, for {@code ingest} and {@code show}: the embedded catalog of a warehouse
 * folder ({@code --warehouse}, default {@code ./warehouse}), or any Iceberg catalog by its own
 * properties ({@code --catalog}).
 */
final class CatalogOptions {
  static final String DEFAULT_WAREHOUSE = "warehouse";

  @Option(names = "--warehouse", paramLabel = "DIR",
      description = "The embedded catalog's warehouse folder: Iceberg's JDBC catalog on DIR/" + Catalogs.CATALOG_FILE
          + " (SQLite), data under DIR. Default: ./" + DEFAULT_WAREHOUSE + ".")
  Path warehouse;

  @Option(names = "--catalog", paramLabel = "PROPS",
      description = "Use an Iceberg catalog instead of the embedded one: a properties file, or key=value (repeatable; later ones win),"
          + " with Iceberg's catalog properties (type=rest|glue|nessie|hive|jdbc|hadoop or catalog-impl, uri, warehouse, io-impl, ...).")
  List<String> catalog = new ArrayList<>();

  @Option(names = "--catalog-name", paramLabel = "NAME", defaultValue = Catalogs.EMBEDDED_NAME,
      description = "The catalog's name, for --catalog (the embedded catalog is always ${DEFAULT-VALUE}). Default: ${DEFAULT-VALUE}.")
  String catalogName;

  /** Thrown for options that cannot be used; the message says which. */
  static final class BadCatalogOptions extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadCatalogOptions(String message) {
      super(message);
    }
  }

  Path warehouseDir() {
    return (warehouse != null ? warehouse : Path.of(DEFAULT_WAREHOUSE)).toAbsolutePath().normalize();
  }

  boolean embedded() {
    return catalog.isEmpty();
  }

  /** A short description for messages: the warehouse folder, or the catalog's name and type. */
  String describe() {
    if (embedded()) {
      return "warehouse " + warehouseDir();
    }
    Map<String, String> p = properties();
    return "catalog " + catalogName + " (" + p.getOrDefault("type", p.getOrDefault("catalog-impl", "?")) + ")";
  }

  /** The Iceberg catalog properties given with --catalog, in order. */
  Map<String, String> properties() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String c : catalog) {
      int eq = c.indexOf('=');
      Path file = Path.of(c.isBlank() ? "." : c);
      if (eq > 0 && !Files.isRegularFile(file)) {
        out.put(c.substring(0, eq).trim(), c.substring(eq + 1).trim());
      } else if (Files.isRegularFile(file)) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          props.load(r);
        } catch (IOException e) {
          throw new BadCatalogOptions("Cannot read catalog properties: " + e.getClass().getSimpleName() + " (file=" + c + ", see --catalog)");
        }
        for (String name : props.stringPropertyNames()) {
          out.put(name, props.getProperty(name));
        }
      } else {
        throw new BadCatalogOptions("Cannot read catalog properties: neither a file nor key=value (catalog=" + c + ", see --catalog)");
      }
    }
    return out;
  }

  /**
   * Opens the catalog.
   *
   * @param create whether the embedded warehouse may be created (ingest) or must exist (show)
   */
  Catalog open(boolean create) {
    if (!embedded()) {
      if (warehouse != null) {
        throw new BadCatalogOptions("Cannot open catalog: --warehouse and --catalog exclude each other (give the catalog's warehouse"
            + " property instead, see --catalog)");
      }
      try {
        return Catalogs.load(catalogName, properties());
      } catch (IllegalArgumentException e) {
        throw new BadCatalogOptions(e.getMessage() + " (see --catalog)");
      }
    }
    Path dir = warehouseDir();
    if (!create && !Files.isRegularFile(dir.resolve(Catalogs.CATALOG_FILE))) {
      throw new BadCatalogOptions("Cannot open warehouse: no catalog in it yet, ingest something first (path=" + dir + ", see --warehouse)");
    }
    return embedded(dir);
  }

  /** {@link Catalogs#embedded}, with local files through {@link LocalFileIO} instead of Hadoop's local file system. */
  static Catalog embedded(Path dir) {
    Map<String, String> props = new LinkedHashMap<>(Catalogs.embeddedProperties(dir));
    props.put(org.apache.iceberg.CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    return Catalogs.load(Catalogs.EMBEDDED_NAME, props);
  }
}
