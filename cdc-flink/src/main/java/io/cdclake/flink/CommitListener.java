package io.cdclake.flink;

import io.cdclake.iceberg.TablesCommitter;
import java.io.Serializable;
import java.util.List;

/**
 * Told by the sink's committer after each checkpoint's commit (also when every table skipped it
 * as already committed, after a restore). For metrics and alerts; an exception thrown here fails
 * the job like a failed commit, and the restored job hands the checkpoint to the committer again.
 */
@FunctionalInterface
public interface CommitListener extends Serializable {
  /**
   * @param checkpointId the Flink checkpoint whose results were committed
   * @param outcomes one per table the checkpoint wrote
   */
  void committed(long checkpointId, List<TablesCommitter.TableOutcome> outcomes) throws Exception;
}
