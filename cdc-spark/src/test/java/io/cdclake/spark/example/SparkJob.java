package io.cdclake.spark.example;

import io.cdclake.codec.debezium.DebeziumDecoder;
import io.cdclake.iceberg.HostSettings;
import io.cdclake.schema.ReconcileOptions;
import io.cdclake.spark.CdcSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/** The Spark job of the README (quoted verbatim between the markers; ReadmeExampleTest checks it). */
public final class SparkJob {
  private SparkJob() {
  }

  // README:begin
  public static StreamingQuery start(SparkSession spark, String brokers, Path warehouse, String checkpoint) throws Exception {
    HostSettings settings = HostSettings.embedded("orders-sync", warehouse) // or builder(id, catalog name, Iceberg props)
        .reconcileOptions(ReconcileOptions::forDebezium)
        .build();
    CdcSpark cdc = CdcSpark.builder(settings, () -> DebeziumDecoder.builder().build()).writers(4).build();
    return spark.readStream().format("kafka")
        .option("kafka.bootstrap.servers", brokers)
        .option("subscribePattern", "cdc\\..*")
        .option("includeHeaders", "true")
        .load()
        .writeStream()
        .option("checkpointLocation", checkpoint)
        .foreachBatch(cdc.forEachBatch()) // each micro-batch: one commit per table, batch id in the summary
        .start();
  }
  // README:end
}
