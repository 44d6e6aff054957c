package io.cdclake.flink.example;

import io.cdclake.flink.CdcFlink;
import io.cdclake.flink.CdcSink;
import io.cdclake.iceberg.HostSettings;
import io.cdclake.model.ChangeEvent;
import io.cdclake.schema.ReconcileOptions;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The Flink job of the README (quoted verbatim between the markers; ReadmeExampleTest checks it). */
public final class FlinkJob {
  private FlinkJob() {
  }

  // README:begin
  /** {@code source}: e.g. a KafkaSource whose deserializer calls ChangeEventDeserializer with the Debezium codec. */
  public static void run(Source<ChangeEvent, ?, ?> source, Path warehouse) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(30_000); // the sink commits when a checkpoint completes
    HostSettings settings = HostSettings.embedded("orders-sync", warehouse) // or builder(id, catalog name, Iceberg props)
        .reconcileOptions(ReconcileOptions::forDebezium)
        .build();
    DataStream<ChangeEvent> events = env.fromSource(source, WatermarkStrategy.noWatermarks(), "cdc-events");
    CdcFlink.write(events, CdcSink.builder(settings, 4).build()); // 4 writers by table + key, one committer
    env.execute("orders to Iceberg");
  }
  // README:end
}
