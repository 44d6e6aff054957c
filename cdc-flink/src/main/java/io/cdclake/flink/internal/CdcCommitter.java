package io.cdclake.flink.internal;

import io.cdclake.flink.CdcCommittable;
import io.cdclake.flink.CommitListener;
import io.cdclake.iceberg.CommitOutcome;
import io.cdclake.iceberg.HostCommit;
import io.cdclake.iceberg.HostSettings;
import io.cdclake.iceberg.TablesCommitter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's one committer: commits each checkpoint's {@link CdcCommittable} on checkpoint
 * completion through {@link TablesCommitter}, one commit per table, checkpoints in order, never
 * merged. The host commit is {@code (flink:<job>:<operator>, checkpoint id)}: the committables
 * Flink hands again after a restore are found in the tables' history and skipped.
 */
public final class CdcCommitter implements Committer<CdcCommittable> {
  private static final Logger LOG = LoggerFactory.getLogger(CdcCommitter.class);

  /** Summary keys of the Flink host. */
  public static final String JOB_ID = "cdc-lake.flink.job-id";
  public static final String OPERATOR_ID = "cdc-lake.flink.operator-id";
  public static final String CHECKPOINT_ID = "cdc-lake.flink.checkpoint-id";

  private final HostSettings settings;
  private final CommitListener listener;
  private TablesCommitter committer;

  public CdcCommitter(HostSettings settings, CommitListener listener) {
    this.settings = settings;
    this.listener = listener;
  }

  @Override
  public void commit(Collection<CommitRequest<CdcCommittable>> requests) throws InterruptedException {
    List<CommitRequest<CdcCommittable>> sorted = new ArrayList<>(requests);
    sorted.sort(Comparator.comparingLong(r -> r.getCommittable().checkpointId()));
    for (CommitRequest<CdcCommittable> r : sorted) {
      CdcCommittable c = r.getCommittable();
      Map<String, String> summary = new LinkedHashMap<>();
      summary.put(JOB_ID, c.jobId());
      summary.put(OPERATOR_ID, c.operatorId());
      summary.put(CHECKPOINT_ID, Long.toString(c.checkpointId()));
      List<TablesCommitter.TableOutcome> outcomes;
      try {
        if (committer == null) {
          committer = settings.newCommitter();
        }
        outcomes = committer.commit(new HostCommit(c.scope(), c.checkpointId()), c.results(), summary);
      } catch (RuntimeException e) {
        closeCommitter();
        throw e; // the job fails over; the restored job hands this checkpoint again
      }
      boolean allSkipped = !outcomes.isEmpty()
          && outcomes.stream().allMatch(o -> o.outcome().status() == CommitOutcome.Status.ALREADY_COMMITTED);
      LOG.info("Checkpoint {} of {}: {}", c.checkpointId(), c.scope(), allSkipped ? "already committed" : outcomes.size() + " table commits");
      if (allSkipped) {
        r.signalAlreadyCommitted();
      }
      if (listener != null) {
        try {
          listener.committed(c.checkpointId(), outcomes);
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException("Commit listener failed after checkpoint " + c.checkpointId() + " (scope=" + c.scope() + ")", e);
        }
      }
    }
  }

  private void closeCommitter() {
    if (committer != null) {
      try {
        committer.close();
      } catch (RuntimeException e) {
        LOG.warn("Cannot close committer: {}", e.getMessage());
      }
      committer = null;
    }
  }

  @Override
  public void close() {
    closeCommitter();
  }
}
