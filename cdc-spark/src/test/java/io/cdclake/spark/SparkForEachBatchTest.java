package io.cdclake.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.iceberg.CdcLakeProperties;
import io.cdclake.iceberg.Catalogs;
import io.cdclake.iceberg.CommitOutcome;
import io.cdclake.iceberg.HostCommit;
import io.cdclake.iceberg.HostSettings;
import io.cdclake.iceberg.TablesCommitter;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.EventBinary;
import io.cdclake.schema.TableConfigs;
import io.cdclake.testsupport.GeneratedChanges;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark host in local[2]: generated changes over 24 keys (inserts, updates, partition moves, key
 * changes, deletes, a truncate, a column appearing half-way) arrive as 10 files, one micro-batch
 * each, through {@code foreachBatch}. The query fails right after batch 3 was committed; the query
 * restarted from its checkpoint runs batch 3 again, which the committer skips. Then one batch is
 * handed again by hand. The table equals the model, every batch is committed once, and Spark SQL
 * reads one row per key (deletes applied).
 */
class SparkForEachBatchTest {
  static final int EVENTS = 2000;
  static final int FILES = 10;
  static final GeneratedChanges CHANGES = GeneratedChanges.generate(11, EVENTS, 24);
  static final AtomicBoolean FAILED = new AtomicBoolean();
  static final List<String> OUTCOMES = new CopyOnWriteArrayList<>();

  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTables.session(Catalogs.embeddedProperties(dir.resolve("warehouse")));
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static HostSettings settings() {
    return HostSettings.embedded("orders-sync", dir.resolve("warehouse"))
        .tables(() -> TableConfigs.parse(new ByteArrayInputStream(GeneratedChanges.TABLE_CONFIG_JSON.getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  @Test
  void aFailedBatchRunAgainAndABatchHandedTwiceLeaveTheTableEqualToTheModel() throws Exception {
    Path input = Files.createDirectories(dir.resolve("input"));
    List<ChangeEvent> events = CHANGES.events();
    int per = EVENTS / FILES;
    for (int f = 0; f < FILES; f++) {
      StringBuilder sb = new StringBuilder();
      for (ChangeEvent e : events.subList(f * per, (f + 1) * per)) {
        sb.append(Base64.getEncoder().encodeToString(EventBinary.toBytes(e))).append('\n');
      }
      Path file = Files.writeString(input.resolve(String.format("part-%03d.txt", f)), sb.toString());
      // the file source takes files in modification-time order: the order of the transport offsets inside
      Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L + f * 1000L));
    }
    CdcSpark cdc = CdcSpark.builder(settings(), BinaryEventDecoder::new).writers(2).build();
    VoidFunction2<Dataset<Row>, Long> write = cdc.forEachBatch();
    VoidFunction2<Dataset<Row>, Long> failingOnce = (batch, id) -> {
      write.call(batch, id);
      if (id == 3 && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure after the commit of batch " + id);
      }
    };
    String checkpoint = dir.resolve("checkpoint").toString();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> run(input, checkpoint, failingOnce)).hasStackTraceContaining("injected failure after the commit of batch 3");
    run(input, checkpoint, failingOnce); // restarted from the checkpoint: batch 3 again, then the rest
    long ms = (System.nanoTime() - t0) / 1_000_000;

    Table table = settings().loadCatalog().loadTable(TableIdentifier.of("shop", "orders"));
    assertThat(SparkTables.byId(table)).isEqualTo(CHANGES.finalRows());
    int snapshots = SparkTables.summaries(table).size();

    // every batch in exactly one commit; batch 3 among them once
    Map<String, Set<String>> commitsPerBatch = new HashMap<>();
    for (Map<String, String> s : SparkTables.summaries(table)) {
      if ("orders-sync".equals(s.get(CdcLakeProperties.WRITER_ID))) {
        assertThat(s.get(CdcSpark.BATCH_ID)).isEqualTo(s.get(CdcLakeProperties.HOST_SEQUENCE));
        commitsPerBatch.computeIfAbsent(s.get(CdcLakeProperties.HOST_SCOPE) + "#" + s.get(CdcLakeProperties.HOST_SEQUENCE),
            k -> new HashSet<>()).add(s.get(CdcLakeProperties.COMMIT_ID));
      }
    }
    assertThat(commitsPerBatch).as("commits %s", SparkTables.summaries(table).stream()
        .map(m -> m.get(CdcLakeProperties.HOST_SEQUENCE) + "/" + m.get("cdc-lake.batches") + "/" + m.get("added-records") + "/"
            + m.get("added-equality-deletes")).toList()).hasSize(FILES);
    assertThat(commitsPerBatch.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    String scope = commitsPerBatch.keySet().iterator().next().split("#")[0];
    assertThat(scope).startsWith("spark:");

    // one batch handed again by hand (what Spark does after a failure between commit and its commit log)
    Dataset<Row> batch5 = spark.read().format("text").load(input.resolve("part-005.txt").toString())
        .selectExpr("unbase64(value) AS value");
    List<TablesCommitter.TableOutcome> again = cdc.write(batch5, new HostCommit(scope, 5));
    assertThat(again).singleElement().satisfies(o -> assertThat(o.outcome().status()).isEqualTo(CommitOutcome.Status.ALREADY_COMMITTED));
    assertThat(SparkTables.summaries(table)).hasSize(snapshots);
    assertThat(SparkTables.byId(table)).isEqualTo(CHANGES.finalRows());

    // Spark SQL reads the table with deletes applied: one row per key, the model's keys and values
    List<Row> counts = spark.sql("SELECT id, count(*) AS n FROM cdc_lake.shop.orders GROUP BY id ORDER BY id").collectAsList();
    assertThat(counts).allSatisfy(r -> assertThat(r.getLong(1)).isEqualTo(1L));
    assertThat(counts.stream().map(r -> r.getLong(0)).toList()).containsExactlyElementsOf(CHANGES.finalRows().keySet());
    TreeMap<Long, String> seen = new TreeMap<>();
    for (Row r : spark.sql("SELECT id, name, cat, amount, note FROM cdc_lake.shop.orders").collectAsList()) {
      seen.put(r.getLong(0), r.getString(1) + "|" + r.getString(2) + "|" + r.get(3) + "|" + r.getString(4));
    }
    TreeMap<Long, String> expected = new TreeMap<>();
    CHANGES.finalRows().forEach((id, m) -> expected.put(id, m.get("name") + "|" + m.get("cat") + "|" + m.get("amount") + "|" + m.get("note")));
    assertThat(seen).isEqualTo(expected);
    System.out.printf("SparkForEachBatchTest: %s; %d batches; 1 failure after a commit; %d ms; %d snapshots%n", CHANGES.describe(), FILES,
        ms, snapshots);
  }

  @Test
  void decodedCanonicalRowsFromSeveralInputPartitionsAreWrittenInSourceOrder() throws Exception {
    Path input = Files.createDirectories(dir.resolve("input-all"));
    List<ChangeEvent> events = CHANGES.events();
    int per = EVENTS / 4;
    for (int f = 0; f < 4; f++) {
      StringBuilder sb = new StringBuilder();
      for (ChangeEvent e : events.subList(f * per, (f + 1) * per)) {
        sb.append(Base64.getEncoder().encodeToString(EventBinary.toBytes(e))).append('\n');
      }
      Files.writeString(input.resolve("part-" + f + ".txt"), sb.toString());
    }
    Path warehouse = dir.resolve("warehouse-batch");
    HostSettings settings = HostSettings.embedded("orders-batch", warehouse)
        .tables(() -> TableConfigs.parse(new ByteArrayInputStream(GeneratedChanges.TABLE_CONFIG_JSON.getBytes(StandardCharsets.UTF_8))))
        .build();
    CdcSpark cdc = CdcSpark.builder(settings, BinaryEventDecoder::new).writers(3).build();
    Dataset<Row> records = spark.read().format("text").load(input.toString()).selectExpr("unbase64(value) AS value");
    assertThat(records.javaRDD().getNumPartitions()).isGreaterThan(1);

    Dataset<Row> canonical = cdc.decode(records);
    assertThat(canonical.schema()).isEqualTo(CdcSpark.canonicalSchema());
    Map<String, Long> ops = new HashMap<>();
    for (Row r : canonical.groupBy("op").count().collectAsList()) {
      ops.put(r.getString(0), r.getLong(1));
    }
    Map<String, Long> expectedOps = new HashMap<>();
    CHANGES.counts().forEach((op, n) -> expectedOps.put(op.name(), (long) n));
    assertThat(ops).isEqualTo(expectedOps);
    assertThat(canonical.where("table = 'orders' AND schema = 'public' AND database = 'shop' AND stream = 'orders' AND key['id'] IS NOT NULL"
        + " OR op = 'TRUNCATE'").count()).isEqualTo(EVENTS);

    // the job's own plan between decoding and writing (here: drop nothing, reorder everything)
    Dataset<Row> planned = canonical.orderBy(org.apache.spark.sql.functions.rand(3));
    List<TablesCommitter.TableOutcome> outcomes = cdc.writeEvents(planned, new HostCommit("nightly-backfill", 1));
    assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.outcome().status()).isEqualTo(CommitOutcome.Status.COMMITTED));
    Table table = settings.loadCatalog().loadTable(TableIdentifier.of("shop", "orders"));
    TreeMap<Long, Map<String, Object>> got = SparkTables.byId(table);
    Set<Long> ids = new java.util.TreeSet<>(got.keySet());
    ids.addAll(CHANGES.finalRows().keySet());
    List<String> diff = new ArrayList<>();
    for (Long id : ids) {
      if (!java.util.Objects.equals(got.get(id), CHANGES.finalRows().get(id))) {
        diff.add(id + ": expected " + CHANGES.finalRows().get(id) + " got " + got.get(id));
      }
    }
    assertThat(diff).isEmpty();
    assertThat(cdc.writeEvents(planned, new HostCommit("nightly-backfill", 1)))
        .allSatisfy(o -> assertThat(o.outcome().status()).isEqualTo(CommitOutcome.Status.ALREADY_COMMITTED));
  }

  private static void run(Path input, String checkpoint, VoidFunction2<Dataset<Row>, Long> fn) throws Exception {
    StreamingQuery q = spark.readStream().format("text").option("maxFilesPerTrigger", 1).load(input.toString())
        .selectExpr("unbase64(value) AS value")
        .writeStream().option("checkpointLocation", checkpoint).trigger(Trigger.AvailableNow()).foreachBatch(fn).start();
    q.awaitTermination();
  }
}
