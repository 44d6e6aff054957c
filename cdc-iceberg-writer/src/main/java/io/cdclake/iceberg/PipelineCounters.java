package io.cdclake.iceberg;

import io.cdclake.model.Op;
import java.util.Map;

/**
 * What a {@link CdcPipeline} did since it was made. A snapshot.
 *
 * @param eventsByOp events accepted, by operation (including those skipped below)
 * @param heartbeats heartbeats, transaction markers and logical messages passed over
 * @param tombstonesIgnored tombstones ignored (the default policy)
 * @param tombstonesAsDeletes tombstones applied as deletes by key
 * @param replayed row events skipped because the table's checkpoint shows them committed
 * @param stale row events the writers skipped as stale
 * @param deadLetters messages or events sent to the dead-letter sink
 * @param commits commits made (one per table per flush with data)
 * @param schemaUpdates schema changes applied to tables (creation included)
 * @param compactions compactions run by the delete-file policy
 */
public record PipelineCounters(Map<Op, Long> eventsByOp, long heartbeats, long tombstonesIgnored, long tombstonesAsDeletes,
    long replayed, long stale, long deadLetters, long commits, long schemaUpdates, long compactions) {
  public PipelineCounters {
    eventsByOp = Map.copyOf(eventsByOp);
  }

  public long events() {
    return eventsByOp.values().stream().mapToLong(Long::longValue).sum();
  }
}
