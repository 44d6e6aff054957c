package io.cdclake.flink;

import static java.util.Objects.requireNonNull;

import io.cdclake.flink.internal.CdcCommitter;
import io.cdclake.flink.internal.CdcSinkWriter;
import io.cdclake.flink.internal.CommitAggregator;
import io.cdclake.flink.internal.JavaSerializer;
import io.cdclake.flink.internal.Router;
import io.cdclake.flink.internal.TargetPartitioner;
import io.cdclake.flink.internal.WriterResults;
import io.cdclake.iceberg.HostSettings;
import io.cdclake.model.ChangeEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The cdc-lake sink for Flink 2.x (Sink V2): change events in, correct Iceberg tables out, exactly
 * once across failures. Attach it with {@link CdcFlink#write(DataStream, CdcSink)}.
 *
 * <pre>
 *   events ─► router ─(by table + key; truncates and DDL to all)─► writers (parallelism N)
 *          ─► aggregator (1) ─► committer (1, on checkpoint completion)
 * </pre>
 * <ul>
 *   <li><b>Routing</b> (pre-write topology): each event goes to the writer of its table and primary key
 *       ({@link ChangeEventKeySelector}); a key-changing update also sends a delete of the old key to the old
 *       key's writer; truncates and schema changes go to every writer, in input order (one custom partitioning
 *       of one stream keeps the order per upstream subtask).</li>
 *   <li><b>Writers</b> are {@link io.cdclake.iceberg.TaskWriter}s; their batch ends at each checkpoint barrier
 *       ({@code prepareCommit}), so nothing stays open across a checkpoint and the writers keep no Flink state.</li>
 *   <li><b>Commit</b>: one aggregator gathers every writer's results of a checkpoint into one committable; the
 *       committer commits it when the checkpoint completes, one atomic commit per table and checkpoint, with the
 *       Flink job id, operator id and checkpoint id in the snapshot summary. Committables that Flink hands again
 *       after a restore are recognised by {@code (job, operator, checkpoint)} and skipped.</li>
 *   <li>Needs checkpointing, aligned (the default): with unaligned checkpoints a truncate could fall into different
 *       checkpoints in different writers. {@link CdcFlink#write} refuses unaligned checkpoints.</li>
 * </ul>
 */
public final class CdcSink implements Sink<ChangeEvent>, SupportsPreWriteTopology<ChangeEvent>, SupportsCommitter<CdcCommittable>,
    SupportsPreCommitTopology<WriterResults, CdcCommittable> {
  private static final long serialVersionUID = 1L;

  private final HostSettings settings;
  private final int parallelism;
  private final String name;
  private final CommitListener listener;

  private CdcSink(Builder b) {
    this.settings = b.settings;
    this.parallelism = b.parallelism;
    this.name = b.name;
    this.listener = b.listener;
  }

  /**
   * @param settings the catalog, writer id and options (see {@link HostSettings})
   * @param parallelism the number of writers
   */
  public static Builder builder(HostSettings settings, int parallelism) {
    return new Builder(settings, parallelism);
  }

  public HostSettings settings() {
    return settings;
  }

  public int parallelism() {
    return parallelism;
  }

  /** The name and uid prefix of the sink's operators (stable uids keep savepoints usable). */
  public String name() {
    return name;
  }

  @Override
  public SinkWriter<ChangeEvent> createWriter(WriterInitContext context) {
    return new CdcSinkWriter(settings, parallelism, context);
  }

  @Override
  public Committer<CdcCommittable> createCommitter(CommitterInitContext context) {
    return new CdcCommitter(settings, listener);
  }

  @Override
  public SimpleVersionedSerializer<CdcCommittable> getCommittableSerializer() {
    return new JavaSerializer<>(CdcCommittable.class);
  }

  @Override
  public SimpleVersionedSerializer<WriterResults> getWriteResultSerializer() {
    return new JavaSerializer<>(WriterResults.class);
  }

  @Override
  public DataStream<ChangeEvent> addPreWriteTopology(DataStream<ChangeEvent> input) {
    TupleTypeInfo<Tuple2<Integer, ChangeEvent>> routed = new TupleTypeInfo<>(Types.INT, ChangeEventTypeInfo.INSTANCE);
    return input
        .flatMap(new Router(settings, parallelism)).returns(routed).name(name + ": route").uid(name + "-route")
        .setParallelism(input.getParallelism())
        .partitionCustom(new TargetPartitioner(parallelism), t -> t.f0)
        .map(t -> t.f1).returns(ChangeEventTypeInfo.INSTANCE).name(name + ": routed").uid(name + "-routed")
        .setParallelism(parallelism);
  }

  @Override
  public DataStream<CommittableMessage<CdcCommittable>> addPreCommitTopology(DataStream<CommittableMessage<WriterResults>> results) {
    return results
        .global()
        .transform(name + ": gather", CommittableMessageTypeInfo.of(this::getCommittableSerializer), new CommitAggregator())
        .uid(name + "-gather")
        .setParallelism(1)
        .setMaxParallelism(1)
        .global(); // every committable to the committer's subtask 0: one committer commits
  }

  /** Configures a {@link CdcSink}. */
  public static final class Builder {
    private final HostSettings settings;
    private final int parallelism;
    private String name = "cdc-lake";
    private CommitListener listener;

    private Builder(HostSettings settings, int parallelism) {
      this.settings = requireNonNull(settings, "settings is null");
      if (parallelism < 1) {
        throw new IllegalArgumentException("Cannot configure sink: parallelism must be at least 1 (parallelism=" + parallelism + ")");
      }
      this.parallelism = parallelism;
    }

    /** Name and uid prefix of the sink's operators (default {@code cdc-lake}); keep it stable across job versions. */
    public Builder name(String value) {
      this.name = requireNonNull(value, "name is null");
      return this;
    }

    /** Called after each checkpoint's commit (metrics, alerts). */
    public Builder listener(CommitListener value) {
      this.listener = value;
      return this;
    }

    public CdcSink build() {
      return new CdcSink(this);
    }
  }
}
