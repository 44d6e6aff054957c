package io.cdclake.flink;

import io.cdclake.model.ChangeEvent;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;

/** Wires change events into a {@link CdcSink}: {@code source → decode → route by table + key → writers → committer}. */
public final class CdcFlink {
  private CdcFlink() {
  }

  /**
   * Sends the events to the sink with its writer parallelism, name and uid.
   *
   * @throws IllegalStateException when checkpointing is off or unaligned (a truncate must end the same checkpoint in every writer)
   */
  public static DataStreamSink<ChangeEvent> write(DataStream<ChangeEvent> events, CdcSink sink) {
    var checkpoints = events.getExecutionEnvironment().getCheckpointConfig();
    if (!checkpoints.isCheckpointingEnabled()) {
      throw new IllegalStateException("Cannot attach cdc-lake sink: checkpointing is off, and the sink commits on checkpoints "
          + "(see StreamExecutionEnvironment.enableCheckpointing)");
    }
    if (checkpoints.isUnalignedCheckpointsEnabled()) {
      throw new IllegalStateException("Cannot attach cdc-lake sink: unaligned checkpoints are on; a truncate or schema change "
          + "must end the same checkpoint in every writer (see execution.checkpointing.unaligned.enabled)");
    }
    return events.sinkTo(sink).setParallelism(sink.parallelism()).name(sink.name()).uid(sink.name());
  }
}
