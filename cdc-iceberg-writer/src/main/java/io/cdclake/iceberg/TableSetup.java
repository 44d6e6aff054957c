package io.cdclake.iceberg;

import io.cdclake.schema.TableConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdatePartitionSpec;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.Term;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the tables cdc-lake writes: identifier fields from the key, format version 2 (or 3),
 * partition spec and sort order from the table config, and properties from the config on top of
 * these defaults: merge-on-read, {@code write.metadata.delete-after-commit.enabled=true},
 * {@code commit.retry.num-retries=10}.
 *
 * <p>A partitioned table is created with an unpartitioned spec first (id 0) and the configured
 * spec as the default, in one transaction: global equality deletes (for changes whose old
 * partition cannot be known) are written under the unpartitioned spec.
 */
public final class TableSetup {
  private static final Logger LOG = LoggerFactory.getLogger(TableSetup.class);
  private static final Pattern TRANSFORM = Pattern.compile("\\s*(\\w+)\\s*\\(\\s*(?:(\\d+)\\s*,\\s*)?([^)\\s]+)\\s*\\)\\s*");

  /** Defaults for new tables; the table config's properties win. */
  public static final Map<String, String> DEFAULT_PROPERTIES = Map.of(
      TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
      TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "20",
      TableProperties.COMMIT_NUM_RETRIES, "10",
      TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "50",
      TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "5000",
      TableProperties.DELETE_MODE, "merge-on-read",
      TableProperties.UPDATE_MODE, "merge-on-read",
      TableProperties.MERGE_MODE, "merge-on-read");

  private TableSetup() {
  }

  /**
   * Loads the table, or creates it with the schema (identifier fields set for keyed tables).
   *
   * @param keyless for tables without identifier fields: how updates and deletes will be applied (stored as
   *     {@link CdcLakeProperties#KEYLESS_MODE}; append-only is logged as a warning)
   */
  public static Table createOrLoad(Catalog catalog, TableIdentifier id, Schema schema, TableConfig config,
      WriterOptions.KeylessPolicy keyless) {
    if (catalog.tableExists(id)) {
      return catalog.loadTable(id);
    }
    Map<String, String> props = new LinkedHashMap<>(DEFAULT_PROPERTIES);
    props.put(TableProperties.FORMAT_VERSION, Integer.toString(config.formatVersion()));
    return create(catalog, id, schema, config, props, keyless);
  }

  private static Table create(Catalog catalog, TableIdentifier id, Schema schema, TableConfig config, Map<String, String> props,
      WriterOptions.KeylessPolicy keyless) {
    boolean changelog = schema.findField(CdcLakeProperties.CDC_OP) != null;
    if (changelog) {
      props.put(CdcLakeProperties.TABLE_KIND, "changelog");
    } else if (schema.identifierFieldIds().isEmpty()) {
      WriterOptions.KeylessPolicy k = keyless == null ? WriterOptions.KeylessPolicy.FULL_ROW_MATCH : keyless;
      props.put(CdcLakeProperties.KEYLESS_MODE, k == WriterOptions.KeylessPolicy.APPEND_ONLY ? "append-only" : "full-row-match");
      if (k == WriterOptions.KeylessPolicy.APPEND_ONLY) {
        LOG.warn("Table {} has no primary key and no full before-images: it is append-only (updates append their after-image, deletes "
            + "are skipped and counted); set a primary_key in the table config or use changelog mode for the full history", id);
      } else {
        LOG.info("Table {} has no primary key: updates and deletes remove rows equal to the full before-image in every column", id);
      }
    }
    props.putAll(config.properties());
    ensureNamespace(catalog, id.namespace());
    SortOrder order = sortOrder(schema, config.sortBy());
    try {
      Transaction txn = catalog.buildTable(id, schema)
          .withPartitionSpec(PartitionSpec.unpartitioned())
          .withSortOrder(order)
          .withProperties(props)
          .createTransaction();
      if (!config.partitionBy().isEmpty()) {
        UpdatePartitionSpec spec = txn.updateSpec();
        for (String t : config.partitionBy()) {
          spec.addField(term(t));
        }
        spec.commit();
      }
      txn.commitTransaction();
    } catch (AlreadyExistsException e) {
      LOG.info("Table {} was created concurrently; loading it", id);
    }
    return catalog.loadTable(id);
  }

  /** The changelog table's schema: every column optional, no identifier fields, and the four {@code _cdc_} columns. */
  public static Schema changelogSchema(Schema upsertSchema) {
    List<Types.NestedField> cols = new ArrayList<>();
    int max = upsertSchema.highestFieldId();
    for (Types.NestedField f : upsertSchema.columns()) {
      cols.add(f.asOptional());
    }
    cols.add(Types.NestedField.optional(max + 1, CdcLakeProperties.CDC_OP, Types.StringType.get()));
    cols.add(Types.NestedField.optional(max + 2, CdcLakeProperties.CDC_POSITION, Types.StringType.get()));
    cols.add(Types.NestedField.optional(max + 3, CdcLakeProperties.CDC_COMMIT_TS, Types.TimestampType.withZone()));
    cols.add(Types.NestedField.optional(max + 4, CdcLakeProperties.CDC_TX, Types.StringType.get()));
    return new Schema(cols);
  }

  /**
   * Gives a partitioned table an unpartitioned spec for global deletes, keeping its current spec as
   * the default (two spec updates in one transaction; Iceberg reuses the existing spec's id).
   */
  public static void ensureGlobalDeleteSpec(Table table) {
    if (table.specs().values().stream().anyMatch(PartitionSpec::isUnpartitioned)) {
      return;
    }
    PartitionSpec current = table.spec();
    Transaction txn = table.newTransaction();
    UpdatePartitionSpec clear = txn.updateSpec();
    current.fields().forEach(f -> clear.removeField(f.name()));
    clear.commit();
    UpdatePartitionSpec back = txn.updateSpec();
    for (org.apache.iceberg.PartitionField f : current.fields()) {
      String source = table.schema().findColumnName(f.sourceId());
      back.addField(f.name(), termFor(f.transform().toString(), source));
    }
    back.commit();
    txn.commitTransaction();
  }

  private static Term termFor(String transform, String source) {
    if (transform.equals("identity")) {
      return Expressions.ref(source);
    }
    Matcher m = Pattern.compile("(bucket|truncate)\\[(\\d+)]").matcher(transform);
    if (m.matches()) {
      int n = Integer.parseInt(m.group(2));
      return m.group(1).equals("bucket") ? Expressions.bucket(source, n) : Expressions.truncate(source, n);
    }
    return term(transform + "(" + source + ")");
  }

  /** Parses {@code col}, {@code years(col)}, {@code months(col)}, {@code days(col)}, {@code hours(col)}, {@code bucket(N, col)}, {@code truncate(W, col)}. */
  public static Term term(String text) {
    String t = text.trim();
    if (t.matches("[^()\\s]+")) {
      return Expressions.ref(t);
    }
    Matcher m = TRANSFORM.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException("Cannot parse partition transform (transform=" + text
          + ", expected col, years(col), months(col), days(col), hours(col), bucket(N, col) or truncate(W, col))");
    }
    String fn = m.group(1).toLowerCase(java.util.Locale.ROOT);
    String col = m.group(3);
    String n = m.group(2);
    return switch (fn) {
      case "identity" -> Expressions.ref(col);
      case "year", "years" -> Expressions.year(col);
      case "month", "months" -> Expressions.month(col);
      case "day", "days" -> Expressions.day(col);
      case "hour", "hours" -> Expressions.hour(col);
      case "bucket" -> Expressions.bucket(col, need(n, text));
      case "truncate" -> Expressions.truncate(col, need(n, text));
      default -> throw new IllegalArgumentException("Cannot parse partition transform: unknown function (transform=" + text + ")");
    };
  }

  private static int need(String n, String text) {
    if (n == null) {
      throw new IllegalArgumentException("Cannot parse partition transform: missing width (transform=" + text + ")");
    }
    return Integer.parseInt(n);
  }

  static SortOrder sortOrder(Schema schema, List<String> sortBy) {
    if (sortBy.isEmpty()) {
      return SortOrder.unsorted();
    }
    SortOrder.Builder b = SortOrder.builderFor(schema);
    for (String s : sortBy) {
      String[] parts = s.trim().split("\\s+");
      boolean desc = parts.length > 1 && parts[1].equalsIgnoreCase("desc");
      if (schema.findField(parts[0]) == null) {
        throw new IllegalArgumentException("Cannot sort table: not a column (column=" + parts[0] + ", see sort-by)");
      }
      if (desc) {
        b.desc(parts[0]);
      } else {
        b.asc(parts[0]);
      }
    }
    return b.build();
  }

  private static void ensureNamespace(Catalog catalog, Namespace ns) {
    if (catalog instanceof SupportsNamespaces s && !ns.isEmpty() && !s.namespaceExists(ns)) {
      try {
        s.createNamespace(ns);
      } catch (AlreadyExistsException e) {
        // made concurrently
      }
    }
  }
}
