package io.cdclake.spark;

import static java.util.Objects.requireNonNull;

import io.cdclake.iceberg.EventRouter;
import io.cdclake.iceberg.HostCommit;
import io.cdclake.iceberg.HostSettings;
import io.cdclake.iceberg.TablesCommitter;
import io.cdclake.iceberg.TaskWriter;
import io.cdclake.iceberg.WriteResult;
import io.cdclake.model.ChangeDecoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.EventBinary;
import io.cdclake.model.RawMessage;
import io.cdclake.spark.internal.CanonicalRows;
import io.cdclake.spark.internal.Records;
import io.cdclake.spark.internal.SortKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The Spark host of the cdc-lake writer (Spark 4.x, Java API): executors decode and write, the
 * driver commits once per batch.
 *
 * <ul>
 *   <li>{@link #forEachBatch()}: for Structured Streaming's {@code foreachBatch}; each micro-batch is one host
 *       commit {@code (scope, batch id)}, so a batch Spark runs again after a failure is recognised in the tables'
 *       history and skipped.</li>
 *   <li>{@link #write(Dataset, HostCommit)}: the batch entry point, for records shaped like Spark's Kafka source
 *       ({@code value} binary; {@code key}, {@code topic}, {@code partition}, {@code offset}, {@code headers} when present).</li>
 *   <li>{@link #decode(Dataset)}: the codec as a function over binary columns: one canonical row per event
 *       ({@link #canonicalSchema()}), with the whole event in its {@code event} column; {@link #writeEvents} writes
 *       such rows, so a job can put its own plan between decoding and writing.</li>
 * </ul>
 * How a batch is written: decode (and route: {@link EventRouter}) inside the input partitions, shuffle to
 * {@code writers} partitions by table + key (truncates and schema changes to every one), sorted within each
 * partition by source position (events without one keep their input partition's order), write each partition
 * with a {@link TaskWriter}, collect the {@link WriteResult}s on the driver, commit them with one
 * {@link TablesCommitter} call: one atomic commit per table and batch, the batch id in the summary.
 */
public final class CdcSpark implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Summary keys of the Spark host. */
  public static final String BATCH_ID = "cdc-lake.spark.batch-id";
  public static final String SCOPE = "cdc-lake.spark.scope";
  /** Spark's local property naming the running streaming query. */
  static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  private final HostSettings settings;
  private final HostSettings.Factory<ChangeDecoder> decoder;
  private final int writers;
  private final String scope;

  private CdcSpark(Builder b) {
    this.settings = b.settings;
    this.decoder = b.decoder;
    this.writers = b.writers;
    this.scope = b.scope;
  }

  /**
   * @param settings the catalog, writer id and options
   * @param decoder makes the codec on each executor, e.g. {@code () -> DebeziumDecoder.builder().build()}
   */
  public static Builder builder(HostSettings settings, HostSettings.Factory<ChangeDecoder> decoder) {
    return new Builder(settings, decoder);
  }

  /** The schema of {@link #decode(Dataset)}'s rows. */
  public static StructType canonicalSchema() {
    return CanonicalRows.SCHEMA;
  }

  /**
   * The function for {@code writeStream().foreachBatch(...)}: writes and commits each micro-batch as the host commit
   * {@code (scope, batchId)}; the scope is the builder's, else {@code spark:<query id>} (stable across restarts of the
   * query from its checkpoint).
   */
  public VoidFunction2<Dataset<Row>, Long> forEachBatch() {
    CdcSpark self = this;
    return (batch, batchId) -> {
      String s = self.scope;
      if (s == null) {
        String query = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
        if (query == null) {
          throw new IllegalStateException("Cannot name the batch: no streaming query id and no scope (see CdcSpark.Builder.scope)");
        }
        s = "spark:" + query;
      }
      self.write(batch, new HostCommit(s, batchId));
    };
  }

  /** Decodes, writes and commits the records as one host commit; returns each table's outcome. */
  public List<TablesCommitter.TableOutcome> write(Dataset<Row> records, HostCommit host) {
    Records shape = new Records(records.schema());
    HostSettings.Factory<ChangeDecoder> factory = decoder;
    HostSettings s = settings;
    int n = writers;
    JavaPairRDD<SortKey, byte[]> routed = records.javaRDD().mapPartitionsToPair(rows -> {
      ChangeDecoder d = factory.get();
      EventRouter router = EventRouter.of(s, n);
      int input = TaskContext.getPartitionId();
      long[] seq = {0};
      List<Tuple2<SortKey, byte[]>> out = new ArrayList<>();
      while (rows.hasNext()) {
        RawMessage m = shape.message(rows.next());
        for (ChangeEvent e : d.decode(m)) {
          ChangeEvent withTransport = e.transport() == null && m.transport() != null ? e.withTransport(m.transport()) : e;
          router.route(withTransport, (ev, task) -> out.add(new Tuple2<>(SortKey.of(task, ev, input, seq[0]++), EventBinary.toBytes(ev))));
        }
      }
      return out.iterator();
    });
    return writeRouted(routed, host);
  }

  /** Decodes the records into canonical rows ({@link #canonicalSchema()}), one per event. */
  public Dataset<Row> decode(Dataset<Row> records) {
    Records shape = new Records(records.schema());
    HostSettings.Factory<ChangeDecoder> factory = decoder;
    return records.mapPartitions((org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>) rows -> {
      ChangeDecoder d = factory.get();
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        RawMessage m = shape.message(rows.next());
        for (ChangeEvent e : d.decode(m)) {
          out.add(CanonicalRows.of(e.transport() == null && m.transport() != null ? e.withTransport(m.transport()) : e));
        }
      }
      return out.iterator();
    }, Encoders.row(CanonicalRows.SCHEMA));
  }

  /** Writes and commits canonical rows (their {@code event} column) as one host commit. */
  public List<TablesCommitter.TableOutcome> writeEvents(Dataset<Row> canonical, HostCommit host) {
    HostSettings s = settings;
    int n = writers;
    JavaPairRDD<SortKey, byte[]> routed = canonical.select("event").javaRDD().mapPartitionsToPair(rows -> {
      EventRouter router = EventRouter.of(s, n);
      int input = TaskContext.getPartitionId();
      long[] seq = {0};
      List<Tuple2<SortKey, byte[]>> out = new ArrayList<>();
      while (rows.hasNext()) {
        router.route(EventBinary.fromBytes((byte[]) rows.next().get(0)),
            (ev, task) -> out.add(new Tuple2<>(SortKey.of(task, ev, input, seq[0]++), EventBinary.toBytes(ev))));
      }
      return out.iterator();
    });
    return writeRouted(routed, host);
  }

  private List<TablesCommitter.TableOutcome> writeRouted(JavaPairRDD<SortKey, byte[]> routed, HostCommit host) {
    HostSettings s = settings;
    JavaRDD<byte[]> results = routed.repartitionAndSortWithinPartitions(new ByTask(writers), new SortKey.Order())
        .mapPartitions(WriteTask.of(s));
    List<WriteResult> all = new ArrayList<>();
    for (byte[] b : results.collect()) {
      all.addAll(fromBytes(b));
    }
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(SCOPE, host.scope());
    summary.put(BATCH_ID, Long.toString(host.sequence()));
    try (TablesCommitter committer = settings.newCommitter()) {
      return committer.commit(host, all, summary);
    }
  }

  /** One writer partition: a task writer over the partition's events; returns its results, Java-serialized. */
  private static final class WriteTask implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<Tuple2<SortKey, byte[]>>,
      byte[]> {
    private static final long serialVersionUID = 1L;
    private final HostSettings settings;

    private WriteTask(HostSettings settings) {
      this.settings = settings;
    }

    static WriteTask of(HostSettings settings) {
      return new WriteTask(settings);
    }

    @Override
    public Iterator<byte[]> call(Iterator<Tuple2<SortKey, byte[]>> events) {
      TaskContext ctx = TaskContext.get();
      try (TaskWriter w = settings.newTaskWriter(ctx.partitionId(), ctx.attemptNumber())) {
        while (events.hasNext()) {
          w.write(EventBinary.fromBytes(events.next()._2()));
        }
        List<WriteResult> results = w.complete();
        return results.isEmpty() ? java.util.Collections.emptyIterator() : List.of(toBytes(results)).iterator();
      }
    }
  }

  /** Partition i takes the events the router gave task i. */
  private static final class ByTask extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int n;

    ByTask(int n) {
      this.n = n;
    }

    @Override
    public int numPartitions() {
      return n;
    }

    @Override
    public int getPartition(Object key) {
      return ((SortKey) key).task();
    }
  }

  static byte[] toBytes(List<WriteResult> results) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new ArrayList<>(results));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @SuppressWarnings("unchecked")
  static List<WriteResult> fromBytes(byte[] b) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
      return (List<WriteResult>) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("Cannot read the write results of a task (bytes=" + b.length + ")", e);
    }
  }

  /** Configures {@link CdcSpark}. */
  public static final class Builder {
    private final HostSettings settings;
    private final HostSettings.Factory<ChangeDecoder> decoder;
    private int writers = 2;
    private String scope;

    private Builder(HostSettings settings, HostSettings.Factory<ChangeDecoder> decoder) {
      this.settings = requireNonNull(settings, "settings is null");
      this.decoder = requireNonNull(decoder, "decoder is null");
    }

    /** The number of writer partitions (default 2). */
    public Builder writers(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("Cannot configure Spark host: writers must be at least 1 (writers=" + value + ")");
      }
      this.writers = value;
      return this;
    }

    /**
     * The scope of {@link #forEachBatch()}'s host commits (like Delta's {@code txnAppId}); default {@code spark:<query id>}.
     * Keep it stable for one stream: its batch ids count within it.
     */
    public Builder scope(String value) {
      this.scope = requireNonNull(value, "scope is null");
      return this;
    }

    public CdcSpark build() {
      return new CdcSpark(this);
    }
  }
}
