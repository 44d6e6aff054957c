package io.cdclake.iceberg;

import static java.util.Objects.requireNonNull;

import io.cdclake.schema.ReconcileOptions;
import io.cdclake.schema.TableConfigs;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.iceberg.catalog.Catalog;

/**
 * What an engine host ships to its tasks and its committer: the catalog (by Iceberg catalog
 * properties), the writer id and the options, as a serializable recipe. Tasks make their
 * {@link TaskWriter} from it, the driver or committer its {@link TablesCommitter}; the same
 * recipe gives the same tables, routing and options everywhere.
 *
 * <p>Options whose classes are not serializable ({@link TableConfigs}, {@link ReconcileOptions})
 * are given as {@link Factory factories}, for example {@code () -> TableConfigs.parse(Path.of("tables.json"))}.
 */
public final class HostSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A serializable supplier: tasks call it to make an option on their side. */
  @FunctionalInterface
  public interface Factory<T> extends Supplier<T>, Serializable {
  }

  private final String writerId;
  private final String catalogName;
  private final Map<String, String> catalogProperties;
  private final Factory<TableConfigs> tables;
  private final String tablePattern;
  private final Factory<ReconcileOptions> reconcileOptions;
  private final WriterOptions writerOptions;
  private final CommitterOptions committerOptions;
  private final CdcPipeline.TombstonePolicy tombstones;

  private HostSettings(Builder b) {
    this.writerId = b.writerId;
    this.catalogName = b.catalogName;
    this.catalogProperties = Map.copyOf(b.catalogProperties);
    this.tables = b.tables;
    this.tablePattern = b.tablePattern;
    this.reconcileOptions = b.reconcileOptions;
    this.writerOptions = b.writerOptions;
    this.committerOptions = b.committerOptions;
    this.tombstones = b.tombstones;
  }

  /**
   * @param writerId names the pipeline in the tables' snapshot summaries (see {@link CdcPipeline#builder})
   * @param catalogName the catalog's name
   * @param catalogProperties Iceberg catalog properties ({@link Catalogs#load})
   */
  public static Builder builder(String writerId, String catalogName, Map<String, String> catalogProperties) {
    return new Builder(writerId, catalogName, catalogProperties);
  }

  /** Settings for the embedded catalog of a local warehouse folder ({@link Catalogs#embedded}). */
  public static Builder embedded(String writerId, Path warehouse) {
    return new Builder(writerId, Catalogs.EMBEDDED_NAME, Catalogs.embeddedProperties(warehouse));
  }

  public String writerId() {
    return writerId;
  }

  public String catalogName() {
    return catalogName;
  }

  public Map<String, String> catalogProperties() {
    return catalogProperties;
  }

  public CdcPipeline.TombstonePolicy tombstones() {
    return tombstones;
  }

  /** The table configs (made by the factory on each call). */
  public TableConfigs tableConfigs() {
    return tables.get();
  }

  /**
   * A new catalog client from the properties. Tasks start at the same time: a catalog whose
   * initialization races with another's (the embedded SQLite catalog creating its tables) is tried again.
   */
  public Catalog loadCatalog() {
    for (int attempt = 1; ; attempt++) {
      try {
        return Catalogs.load(catalogName, catalogProperties);
      } catch (org.apache.iceberg.jdbc.UncheckedSQLException e) {
        if (attempt == 5) {
          throw e;
        }
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * A task writer for one task of the host.
   *
   * @param partitionId the task's index (used in file names)
   * @param attemptId the task's attempt (used in file names)
   */
  public TaskWriter newTaskWriter(int partitionId, long attemptId) {
    return new TaskWriter(loadCatalog(), writerId, tables.get(), TableRouter.of(tablePattern), reconcileOptions.get(),
        writerOptions.withTask(partitionId, attemptId), tombstones);
  }

  /** The committer of the host (one per job: a Flink committer, a Spark driver). */
  public TablesCommitter newCommitter() {
    return new TablesCommitter(loadCatalog(), writerId, committerOptions);
  }

  /** Configures {@link HostSettings}. */
  public static final class Builder {
    private final String writerId;
    private final String catalogName;
    private final Map<String, String> catalogProperties;
    private Factory<TableConfigs> tables = TableConfigs::defaults;
    private String tablePattern = TableRouter.DEFAULT_PATTERN;
    private Factory<ReconcileOptions> reconcileOptions = ReconcileOptions::defaults;
    private WriterOptions writerOptions = WriterOptions.defaults();
    private CommitterOptions committerOptions = CommitterOptions.defaults();
    private CdcPipeline.TombstonePolicy tombstones = CdcPipeline.TombstonePolicy.IGNORE;

    private Builder(String writerId, String catalogName, Map<String, String> catalogProperties) {
      this.writerId = requireNonNull(writerId, "writerId is null");
      this.catalogName = requireNonNull(catalogName, "catalogName is null");
      this.catalogProperties = new LinkedHashMap<>(requireNonNull(catalogProperties, "catalogProperties is null"));
      if (writerId.isEmpty()) {
        throw new IllegalArgumentException("Cannot configure host: empty writer id");
      }
    }

    public Builder tables(Factory<TableConfigs> value) {
      this.tables = requireNonNull(value, "tables is null");
      return this;
    }

    /** The table pattern of {@link TableRouter#of(String)}. */
    public Builder tablePattern(String value) {
      TableRouter.of(value); // validates
      this.tablePattern = value;
      return this;
    }

    public Builder reconcileOptions(Factory<ReconcileOptions> value) {
      this.reconcileOptions = requireNonNull(value, "reconcileOptions is null");
      return this;
    }

    public Builder writerOptions(WriterOptions value) {
      this.writerOptions = requireNonNull(value, "writerOptions is null");
      return this;
    }

    public Builder committerOptions(CommitterOptions value) {
      this.committerOptions = requireNonNull(value, "committerOptions is null");
      return this;
    }

    public Builder tombstones(CdcPipeline.TombstonePolicy value) {
      this.tombstones = requireNonNull(value, "tombstones is null");
      return this;
    }

    public HostSettings build() {
      return new HostSettings(this);
    }
  }
}
