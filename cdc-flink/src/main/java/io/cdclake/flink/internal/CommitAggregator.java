package io.cdclake.flink.internal;

import io.cdclake.flink.CdcCommittable;
import io.cdclake.iceberg.WriteResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.CheckpointIDCounter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs with parallelism 1 between the writers and the committer: gathers every writer's results of
 * a checkpoint (with aligned checkpoints they all arrive before the barrier) into one
 * {@link CdcCommittable} stamped with the job, this operator and the checkpoint, so the committer
 * makes one commit per checkpoint and table.
 */
public final class CommitAggregator extends AbstractStreamOperator<CommittableMessage<CdcCommittable>>
    implements OneInputStreamOperator<CommittableMessage<WriterResults>, CommittableMessage<CdcCommittable>> {
  private static final long serialVersionUID = 1L;

  private final List<WriteResult> results = new ArrayList<>();
  private long lastCheckpointId = CheckpointIDCounter.INITIAL_CHECKPOINT_ID - 1;

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    context.getRestoredCheckpointId().ifPresent(id -> lastCheckpointId = id);
  }

  @Override
  public void processElement(StreamRecord<CommittableMessage<WriterResults>> element) {
    if (element.getValue() instanceof CommittableWithLineage<WriterResults> c) {
      results.addAll(c.getCommittable().results());
    }
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    emit(checkpointId);
  }

  @Override
  public void finish() throws Exception {
    // end of input: the writers' last results come before the final checkpoint, whose id is the next one
    emit(lastCheckpointId + 1);
    super.finish();
  }

  private void emit(long checkpointId) {
    if (checkpointId <= lastCheckpointId && results.isEmpty()) {
      return;
    }
    lastCheckpointId = Math.max(lastCheckpointId, checkpointId);
    if (results.isEmpty()) {
      return;
    }
    CdcCommittable committable = new CdcCommittable(getContainingTask().getEnvironment().getJobID().toString(),
        getRuntimeContext().getOperatorUniqueID(), checkpointId, results);
    output.collect(new StreamRecord<>(new CommittableSummary<>(0, 1, checkpointId, 1, 0)));
    output.collect(new StreamRecord<>(new CommittableWithLineage<>(committable, checkpointId, 0)));
    results.clear();
  }
}
