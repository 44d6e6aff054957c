package io.cdclake.flink.internal;

import org.apache.flink.api.common.functions.Partitioner;

/** Sends a routed event to the writer the router chose; refuses a writer count other than the router's. */
public final class TargetPartitioner implements Partitioner<Integer> {
  private static final long serialVersionUID = 1L;
  private final int writers;

  public TargetPartitioner(int writers) {
    this.writers = writers;
  }

  @Override
  public int partition(Integer target, int numPartitions) {
    if (numPartitions != writers) {
      throw new IllegalStateException("Cannot route event: the sink writers run with parallelism " + numPartitions + " but the router "
          + "routes for " + writers + " (writers=" + writers + ", see CdcSink.Builder.parallelism; set no other parallelism on the sink)");
    }
    return target;
  }
}
