package io.cdclake.flink;

import io.cdclake.codec.debezium.DebeziumDecoder;
import io.cdclake.iceberg.HostSettings;
import io.cdclake.iceberg.testing.IcebergVsDatabase;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.TableId;
import io.cdclake.schema.ReconcileOptions;
import io.cdclake.testsupport.CapturedRecord;
import io.cdclake.testsupport.CapturedStream;
import io.cdclake.testsupport.DatabaseState;
import io.cdclake.testsupport.DebeziumCapture;
import io.cdclake.testsupport.DebeziumCapture.JsonForm;
import io.cdclake.testsupport.ModelComparison;
import io.cdclake.testsupport.PostgresServer;
import io.cdclake.testsupport.Workload;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real stream through the Flink host: PostgreSQL ({@link PostgresServer}) and Debezium capture
 * the standard workload ({@link Workload#standard()}: every mapped type, TOAST, keys and no keys,
 * key changes, deletes, a truncate, ADD/DROP COLUMN, transactions); a Flink job decodes the
 * captured Kafka-like records with the Debezium codec ({@link ChangeEventDeserializer}) and writes
 * them with the cdc-lake sink (2 writers, checkpoints every 100 ms). The Iceberg tables read back
 * through Iceberg equal the database's final state, apart from the differences the decode test
 * documents (a column DEFAULT the stream cannot carry, numeric trailing zeros) and the writer's
 * documented limit for identical rows of a table without a key, which shows only when a checkpoint
 * falls between the snapshot and the stream ({@link IcebergVsDatabase#assertEqualsDatabase}).
 */
class PostgresDebeziumFlinkIT {
  @RegisterExtension static final PostgresServer PG = PostgresServer.create();
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  static List<CapturedRecord> records;
  static DatabaseState database;
  static String dbName;

  @TempDir Path dir;

  @BeforeAll
  static void capture() throws Exception {
    CapturedStream stream = DebeziumCapture.of(PG).run(Workload.standard());
    records = stream.records(JsonForm.WITH_SCHEMA);
    try (Connection c = PG.connect()) {
      database = DatabaseState.read(c);
    }
    dbName = PG.database();
  }

  /** Data topics are {@code cdc.<schema>.<table>}. */
  static TableId tableOfTopic(String db, String topic) {
    String[] parts = topic.split("\\.");
    return parts.length == 3 && parts[0].equals(DebeziumCapture.TOPIC_PREFIX) ? TableId.of(db, parts[1], parts[2]) : null;
  }

  /** The captured record of an index, decoded like a Kafka source's deserializer would. */
  static final class Decode implements FlatMapFunction<Long, ChangeEvent> {
    private final ChangeEventDeserializer decode;

    Decode(String db) {
      this.decode = ChangeEventDeserializer.of(() -> DebeziumDecoder.builder().tableForTopic(t -> tableOfTopic(db, t)).build());
    }

    @Override
    public void flatMap(Long i, Collector<ChangeEvent> out) {
      CapturedRecord r = records.get(i.intValue());
      decode.deserialize(r.key(), r.value(), r.headers(), r.topic(), r.partition(), r.offset(), out);
    }
  }

  @Test
  void theDebeziumStreamThroughFlinkGivesTablesEqualToTheDatabase() throws Exception {
    HostSettings settings = HostSettings.embedded("pg-flink", dir).reconcileOptions(ReconcileOptions::forDebezium).build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(100);
    var events = env.fromSequence(0, records.size() - 1).setParallelism(1)
        .flatMap(new Decode(dbName)).returns(ChangeEventTypeInfo.INSTANCE).setParallelism(1);
    CdcFlink.write(events, CdcSink.builder(settings, 2).build());
    long t0 = System.nanoTime();
    env.execute("postgres-debezium");
    long ms = (System.nanoTime() - t0) / 1_000_000;

    ModelComparison c = IcebergVsDatabase.compare(settings.loadCatalog(), database);
    System.out.printf("PostgresDebeziumFlinkIT: %d records, %d ms; %s%n", records.size(), ms, c.describe().lines().findFirst().orElse(""));
    int duplicateLimit = IcebergVsDatabase.assertEqualsDatabase(c, database);
    System.out.printf("PostgresDebeziumFlinkIT: identical keyless rows removed by the documented full-row-match limit: %d%n",
        duplicateLimit);
  }
}
