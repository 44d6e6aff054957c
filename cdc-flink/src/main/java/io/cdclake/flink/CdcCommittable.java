package io.cdclake.flink;

import static java.util.Objects.requireNonNull;

import io.cdclake.iceberg.WriteResult;
import java.io.Serializable;
import java.util.List;

/**
 * What the sink commits for one checkpoint: every writer's {@link WriteResult}s, and the job,
 * sink operator and checkpoint that name the commit ({@link io.cdclake.iceberg.HostCommit}).
 */
public final class CdcCommittable implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String jobId;
  private final String operatorId;
  private final long checkpointId;
  private final List<WriteResult> results;

  public CdcCommittable(String jobId, String operatorId, long checkpointId, List<WriteResult> results) {
    this.jobId = requireNonNull(jobId, "jobId is null");
    this.operatorId = requireNonNull(operatorId, "operatorId is null");
    this.checkpointId = checkpointId;
    this.results = List.copyOf(requireNonNull(results, "results is null"));
  }

  public String jobId() {
    return jobId;
  }

  public String operatorId() {
    return operatorId;
  }

  public long checkpointId() {
    return checkpointId;
  }

  public List<WriteResult> results() {
    return results;
  }

  /** The host commit scope: {@code flink:<job id>:<operator id>}. */
  public String scope() {
    return "flink:" + jobId + ":" + operatorId;
  }

  @Override
  public String toString() {
    return "CdcCommittable[job=" + jobId + ", operator=" + operatorId + ", checkpoint=" + checkpointId + ", results=" + results.size() + "]";
  }
}
