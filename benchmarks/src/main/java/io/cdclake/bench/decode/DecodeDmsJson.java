package io.cdclake.bench.decode;

import io.cdclake.bench.Format;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/** Decode suite for {@link Format#DMS_JSON}: one event per operation, single thread; ops/s is events/s. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class DecodeDmsJson {
  @Param({"floor", "cdc-lake", "kafka-connect-iceberg", "jackson-tree"})
  public String impl;

  private DecodeState state;

  @Setup
  public void setup() throws Exception {
    state = new DecodeState(Format.DMS_JSON, impl);
  }

  @Benchmark
  public Object decode() throws Exception {
    return state.decodeNext();
  }
}
