package io.cdclake.bench.write;

import io.cdclake.bench.decode.Suites;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Write suite, upsert table: inserts, updates and deletes as data and equality-delete files:
 * one operation is one event; an invocation writes and commits the whole corpus as one batch.
 * {@code iceberg-append} writes the same number of rows with Iceberg's generic Parquet appender
 * (the floor). Fresh tables every iteration.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class WriteUpsert {
  @Param({"iceberg-append", "cdc-lake"})
  public String impl;

  private WriteState state;

  @Setup(Level.Trial)
  public void check() {
    state = new WriteState(impl, false);
    state.check();
  }

  @Setup(Level.Iteration)
  public void freshTables() {
    state.reset();
  }

  @TearDown(Level.Trial)
  public void close() {
    state.close();
  }

  @Benchmark
  @OperationsPerInvocation(Suites.WRITE_EVENTS)
  public void write() {
    state.batch();
  }
}
