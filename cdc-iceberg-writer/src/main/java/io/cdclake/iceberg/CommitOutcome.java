package io.cdclake.iceberg;

import java.util.List;

/**
 * What {@link ChangeCommitter#commit} did.
 *
 * @param status what happened
 * @param commitId the id written into the snapshot summary, or null when nothing was committed
 * @param snapshotIds the snapshots the commit made, oldest first (one per RowDelta and truncate)
 * @param checkpoint the table's checkpoint for this writer after the call
 * @param attempts commit attempts made
 * @param batchesCommitted batches committed by this call
 * @param batchesSkipped batches skipped because the checkpoint showed them committed already
 */
public record CommitOutcome(Status status, String commitId, List<Long> snapshotIds, Checkpoint checkpoint, int attempts,
    int batchesCommitted, int batchesSkipped) {

  public enum Status {
    /** A new commit was made. */
    COMMITTED,
    /** Every batch was committed before (a replay); nothing was committed again. */
    ALREADY_COMMITTED,
    /** There was nothing to commit. */
    NOTHING_TO_COMMIT
  }

  public CommitOutcome {
    snapshotIds = List.copyOf(snapshotIds);
  }
}
