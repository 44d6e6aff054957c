package io.cdclake.iceberg;

/**
 * The keys cdc-lake writes into Iceberg: snapshot summary keys of its commits and table properties
 * of the tables it creates. One place for every key, kebab-case, prefixed {@code cdc-lake.}.
 */
public final class CdcLakeProperties {
  private CdcLakeProperties() {
  }

  /** Summary: the id of the writer (pipeline) that made the commit. Checkpoints are kept per writer id. */
  public static final String WRITER_ID = "cdc-lake.writer-id";
  /** Summary: a random id per commit; after an unknown commit state the committer looks for it in the history. */
  public static final String COMMIT_ID = "cdc-lake.commit-id";
  /**
   * Summary: JSON array of the highest transport offset committed per stream and partition, merged
   * with the previous checkpoint so it never goes backwards: {@code [{"stream":..,"partition":..,"offset":..}]}.
   */
  public static final String OFFSETS = "cdc-lake.offsets";
  /**
   * Summary: JSON array of the highest source position committed per transport lane (stream and
   * partition), the stale-event guard's fallback after a restart:
   * {@code [{"stream":..,"partition":..,"kind":..,"names":[..],"parts":[..]}]}.
   */
  public static final String SOURCE_HIGH_WATER = "cdc-lake.source-high-water";
  /** Summary: JSON array of transport offsets up to which every table of the writing pipeline was committed. */
  public static final String PIPELINE_OFFSETS = "cdc-lake.pipeline-offsets";
  /** Summary: number of batches and row operations in the commit, for people reading the history. */
  public static final String BATCHES = "cdc-lake.batches";
  /** Summary: the scope of an engine host's commit ({@link HostCommit#scope()}), e.g. a Flink job and operator or a Spark query. */
  public static final String HOST_SCOPE = "cdc-lake.host-scope";
  /** Summary: the host's sequence number of the commit within its scope ({@link HostCommit#sequence()}): a checkpoint or batch id. */
  public static final String HOST_SEQUENCE = "cdc-lake.host-sequence";
  /** Summary: {@code true} on the snapshot that truncated the table. */
  public static final String TRUNCATE = "cdc-lake.truncate";

  /** Table property: how a table without identifier fields takes updates and deletes ({@code full-row-match} or {@code append-only}). */
  public static final String KEYLESS_MODE = "cdc-lake.keyless-mode";
  /** Table property: {@code changelog} on changelog tables cdc-lake created. */
  public static final String TABLE_KIND = "cdc-lake.table-kind";
  /** Table property: the id of the spec cdc-lake writes global (unpartitioned) equality deletes with. */
  public static final String GLOBAL_DELETE_SPEC = "cdc-lake.global-delete-spec-id";

  /** Changelog column: the operation ({@code insert}, {@code update}, {@code delete}, {@code read}, {@code truncate}). */
  public static final String CDC_OP = "_cdc_op";
  /** Changelog column: the source position as sortable text (see {@code ChangelogWriter}). */
  public static final String CDC_POSITION = "_cdc_position";
  /** Changelog column: the source commit time. */
  public static final String CDC_COMMIT_TS = "_cdc_commit_ts";
  /** Changelog column: the source transaction id. */
  public static final String CDC_TX = "_cdc_tx";
}
