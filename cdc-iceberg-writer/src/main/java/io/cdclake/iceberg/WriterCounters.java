package io.cdclake.iceberg;

/**
 * What a writer did since it was made. A snapshot; counters only grow.
 *
 * @param events row events accepted (insert, update, delete, read, truncate)
 * @param stale events skipped because a newer change of their key (or a later truncate) was already applied
 * @param staleByWatermark of {@link #stale()}, those found by the lane high-water mark rather than the key cache
 * @param rowsWritten data rows written
 * @param keysDeleted equality-delete rows written
 * @param globalDeletes of {@link #keysDeleted()}, those written as global (unpartitioned-spec) deletes
 * @param deltas deltas written (a batch over the memory limit writes several)
 * @param lookups keys read back from the table to fill UNCHANGED columns
 * @param unresolvedUnchanged UNCHANGED columns of rows that were in neither the cache nor the table; written as null
 * @param skippedKeylessDeletes deletes skipped on an append-only table without key
 */
public record WriterCounters(long events, long stale, long staleByWatermark, long rowsWritten, long keysDeleted, long globalDeletes,
    long deltas, long lookups, long unresolvedUnchanged, long skippedKeylessDeletes) {
}
