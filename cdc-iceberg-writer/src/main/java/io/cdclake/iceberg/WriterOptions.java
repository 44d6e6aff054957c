package io.cdclake.iceberg;

/**
 * Settings of a {@link ChangeWriter}. Immutable; start from {@link #defaults()} and change with the
 * {@code withXxx} methods.
 *
 * <h2>Memory</h2>
 * A writer holds at most {@link #maxBufferedEvents()} events before it writes them out as one
 * delta (several deltas of one batch commit in one Iceberg transaction, in order). Besides, it
 * keeps two bounded caches: up to {@link #rowCacheSize()} rows it wrote (to fill UNCHANGED columns
 * and to know a row's partition without reading the table) and up to {@link #positionCacheSize()}
 * key → last-position entries for the stale-event guard; and, for the open batch only, the keys it
 * wrote in earlier deltas of that batch.
 *
 * @param maxBufferedEvents events held before a delta is written (≥ 1)
 * @param rowCacheSize rows of this writer kept to fill UNCHANGED columns (0 disables; then the table is read)
 * @param positionCacheSize keys whose last applied position is kept for the stale-event guard
 * @param staleGuard how events older than what was already applied are found
 * @param keyless how updates and deletes are applied to tables without identifier fields
 * @param precombineColumn a column whose larger value wins among changes of one key, or null for source positions
 * @param targetFileSizeBytes target size of data and delete files, or 0 for the table's {@code write.target-file-size-bytes}
 * @param lookupBatchSize keys per table scan when UNCHANGED columns must be read from the table
 * @param partitionId the task's partition id, used in file names (engines pass theirs)
 * @param taskId the task's attempt id, used in file names
 */
public record WriterOptions(
    int maxBufferedEvents,
    int rowCacheSize,
    int positionCacheSize,
    StaleGuard staleGuard,
    KeylessPolicy keyless,
    String precombineColumn,
    long targetFileSizeBytes,
    int lookupBatchSize,
    int partitionId,
    long taskId) implements java.io.Serializable {

  /** How the writer finds stale events (older than what was already applied to the key). */
  public enum StaleGuard {
    /** Apply every event in arrival order within its batch; no positions are compared across batches. */
    OFF,
    /**
     * Skip an event whose position is below the last position applied to its key, as long as the
     * key is in the bounded position cache. Exact inside the cache, nothing outside it.
     */
    KEY_CACHE,
    /**
     * {@link #KEY_CACHE}, and for keys not in the cache (evicted, or after a restart) skip events
     * below the highest source position committed for the transport lane (stream partition) the
     * event came through. This assumes what Kafka and Kinesis give per partition and Debezium and
     * DMS give per key: a lane delivers its events in source order, apart from re-deliveries. The default.
     */
    KEY_CACHE_AND_WATERMARK
  }

  /** Updates and deletes on tables without identifier fields. */
  public enum KeylessPolicy {
    /**
     * Remove the row that equals the full before-image in every column (needs full before-images:
     * PostgreSQL REPLICA IDENTITY FULL, MySQL binlog_row_image=FULL). Identical duplicate rows are
     * all removed by one delete: a documented limit. An update or delete without a full before-image fails.
     */
    FULL_ROW_MATCH,
    /** Inserts and reads are appended, updates append their after-image, deletes are skipped and counted. */
    APPEND_ONLY
  }

  public WriterOptions {
    if (maxBufferedEvents < 1) {
      throw new IllegalArgumentException("Cannot use writer options: max-buffered-events must be at least 1 (max-buffered-events="
          + maxBufferedEvents + ")");
    }
    if (rowCacheSize < 0 || positionCacheSize < 0) {
      throw new IllegalArgumentException("Cannot use writer options: cache sizes must not be negative (row-cache-size=" + rowCacheSize
          + ", position-cache-size=" + positionCacheSize + ")");
    }
    if (lookupBatchSize < 1) {
      throw new IllegalArgumentException("Cannot use writer options: lookup-batch-size must be at least 1 (lookup-batch-size="
          + lookupBatchSize + ")");
    }
    staleGuard = staleGuard == null ? StaleGuard.KEY_CACHE_AND_WATERMARK : staleGuard;
    keyless = keyless == null ? KeylessPolicy.FULL_ROW_MATCH : keyless;
  }

  public static WriterOptions defaults() {
    return new WriterOptions(100_000, 100_000, 1_000_000, StaleGuard.KEY_CACHE_AND_WATERMARK, KeylessPolicy.FULL_ROW_MATCH, null, 0L,
        1_000, 0, 0L);
  }

  public WriterOptions withMaxBufferedEvents(int v) {
    return new WriterOptions(v, rowCacheSize, positionCacheSize, staleGuard, keyless, precombineColumn, targetFileSizeBytes,
        lookupBatchSize, partitionId, taskId);
  }

  public WriterOptions withRowCacheSize(int v) {
    return new WriterOptions(maxBufferedEvents, v, positionCacheSize, staleGuard, keyless, precombineColumn, targetFileSizeBytes,
        lookupBatchSize, partitionId, taskId);
  }

  public WriterOptions withPositionCacheSize(int v) {
    return new WriterOptions(maxBufferedEvents, rowCacheSize, v, staleGuard, keyless, precombineColumn, targetFileSizeBytes,
        lookupBatchSize, partitionId, taskId);
  }

  public WriterOptions withStaleGuard(StaleGuard v) {
    return new WriterOptions(maxBufferedEvents, rowCacheSize, positionCacheSize, v, keyless, precombineColumn, targetFileSizeBytes,
        lookupBatchSize, partitionId, taskId);
  }

  public WriterOptions withKeyless(KeylessPolicy v) {
    return new WriterOptions(maxBufferedEvents, rowCacheSize, positionCacheSize, staleGuard, v, precombineColumn, targetFileSizeBytes,
        lookupBatchSize, partitionId, taskId);
  }

  public WriterOptions withPrecombineColumn(String v) {
    return new WriterOptions(maxBufferedEvents, rowCacheSize, positionCacheSize, staleGuard, keyless, v, targetFileSizeBytes,
        lookupBatchSize, partitionId, taskId);
  }

  public WriterOptions withTargetFileSizeBytes(long v) {
    return new WriterOptions(maxBufferedEvents, rowCacheSize, positionCacheSize, staleGuard, keyless, precombineColumn, v,
        lookupBatchSize, partitionId, taskId);
  }

  public WriterOptions withLookupBatchSize(int v) {
    return new WriterOptions(maxBufferedEvents, rowCacheSize, positionCacheSize, staleGuard, keyless, precombineColumn,
        targetFileSizeBytes, v, partitionId, taskId);
  }

  public WriterOptions withTask(int newPartitionId, long newTaskId) {
    return new WriterOptions(maxBufferedEvents, rowCacheSize, positionCacheSize, staleGuard, keyless, precombineColumn,
        targetFileSizeBytes, lookupBatchSize, newPartitionId, newTaskId);
  }
}
