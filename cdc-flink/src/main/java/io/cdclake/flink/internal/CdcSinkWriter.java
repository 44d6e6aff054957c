package io.cdclake.flink.internal;

import io.cdclake.iceberg.HostSettings;
import io.cdclake.iceberg.TaskWriter;
import io.cdclake.iceberg.WriteResult;
import io.cdclake.model.ChangeEvent;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * One writer subtask: a {@link TaskWriter} whose batch ends at each checkpoint barrier
 * ({@link #prepareCommit()}). Nothing stays open across a checkpoint, so the writer keeps no Flink state:
 * after a restore the source replays what came after the checkpoint.
 */
public final class CdcSinkWriter implements CommittingSinkWriter<ChangeEvent, WriterResults> {
  private final TaskWriter writer;
  private final int subtask;

  public CdcSinkWriter(HostSettings settings, int writers, WriterInitContext context) {
    int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
    if (parallelism != writers) {
      throw new IllegalStateException("Cannot start sink writer: it runs with parallelism " + parallelism + " but events are routed for "
          + writers + " writers (writers=" + writers + ", see CdcSink.Builder.parallelism; use CdcFlink.write or set the same parallelism)");
    }
    this.subtask = context.getTaskInfo().getIndexOfThisSubtask();
    this.writer = settings.newTaskWriter(subtask, context.getTaskInfo().getAttemptNumber());
  }

  @Override
  public void write(ChangeEvent element, Context context) {
    writer.write(element);
  }

  @Override
  public void flush(boolean endOfInput) {
    // the batch ends in prepareCommit, which Flink calls right after
  }

  @Override
  public Collection<WriterResults> prepareCommit() {
    List<WriteResult> results = writer.complete();
    return results.isEmpty() ? List.of() : List.of(new WriterResults(subtask, results));
  }

  @Override
  public void close() {
    writer.close();
  }
}
