package io.cdclake.bench.write;

import io.cdclake.bench.Corpus;
import io.cdclake.bench.Format;
import io.cdclake.bench.decode.Suites;
import io.cdclake.codec.debezium.DebeziumDecoder;
import io.cdclake.iceberg.CdcPipeline;
import io.cdclake.iceberg.Catalogs;
import io.cdclake.model.RawMessage;
import io.cdclake.model.TransportPosition;
import io.cdclake.schema.ReconcileOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
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
 * End to end in a warm JVM, one thread: Debezium JSON messages (without schema) through
 * {@link CdcPipeline} (decode, reconcile, write, commit) into a local Iceberg table; one operation
 * is one message, an invocation is one commit of the write batch. The command-line figure
 * ({@code bin/cdc-lake ingest}, {@link io.cdclake.bench.EndToEnd}) adds the JVM start and warm-up.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class EndToEndPipeline {
  @Param({"cdc-lake"})
  public String impl;

  private byte[][] messages;
  private Path dir;
  private CdcPipeline pipeline;
  private long offset;

  @Setup(Level.Trial)
  public void corpus() throws IOException {
    Corpus c = Corpus.generate(Suites.WRITE_EVENTS);
    messages = c.messages(Format.DEBEZIUM_JSON);
    dir = Files.createTempDirectory("cdc-lake-e2e-");
    // before measuring: one pass must leave the corpus's live keys in the table
    freshPipeline();
    pass();
    long rows = WriteFixture.countRows(catalog().loadTable(TableIdentifier.of(Corpus.TABLE.database(), Corpus.TABLE.table())));
    long live = io.cdclake.bench.EndToEnd.liveKeys(c.events());
    if (rows != live) {
      throw new IllegalStateException("the pipeline left " + rows + " rows, the corpus leaves " + live + " live keys");
    }
  }

  private Catalog catalog;

  private Catalog catalog() {
    return catalog;
  }

  @Setup(Level.Iteration)
  public void freshPipeline() throws IOException {
    if (pipeline != null) {
      pipeline.close();
    }
    Path wh = Files.createTempDirectory(dir, "wh");
    catalog = Catalogs.embedded(wh);
    DebeziumDecoder decoder = DebeziumDecoder.builder().schemaless(Map.of(Corpus.TABLE, Corpus.SCHEMA)).build();
    // the same corpus is replayed every invocation: no stale-event guard (it would skip the replays)
    pipeline = CdcPipeline.builder(catalog, "bench").decoder(decoder).reconcileOptions(ReconcileOptions.forDebezium())
        .writerOptions(WriteFixture.writerOptions(Suites.WRITE_EVENTS)).commitEvery(Suites.WRITE_EVENTS, Duration.ofHours(1)).build();
  }

  @TearDown(Level.Trial)
  public void close() {
    if (pipeline != null) {
      pipeline.close();
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Benchmark
  @OperationsPerInvocation(Suites.WRITE_EVENTS)
  public void ingest() {
    pass();
  }

  private void pass() {
    for (byte[] m : messages) {
      pipeline.accept(new RawMessage(null, m, null, null, TransportPosition.file("bench", ++offset)));
    }
    pipeline.flush();
  }
}
