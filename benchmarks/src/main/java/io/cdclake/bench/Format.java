package io.cdclake.bench;

import io.cdclake.codec.debezium.testing.DebeziumJsonEncoder;
import io.cdclake.codec.dms.testing.DmsJsonEncoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Transaction;
import java.util.List;

/** The wire formats the corpus is written in. */
public enum Format {
  /** Debezium JsonConverter with {@code schemas.enable=true}: a schema block in every message. */
  DEBEZIUM_JSON_SCHEMA("debezium-json-schema"),
  /** Debezium JsonConverter with {@code schemas.enable=false}: the payload alone. */
  DEBEZIUM_JSON("debezium-json"),
  /** Debezium with the Confluent AvroConverter: magic byte, schema id, Avro binary datum. */
  DEBEZIUM_AVRO("debezium-avro"),
  /** AWS DMS to Kinesis/Kafka, {@code json-unformatted}, IncludeNullAndEmpty=false, before image on updates. */
  DMS_JSON("dms-json");

  private final String id;

  Format(String id) {
    this.id = id;
  }

  /** The name used in reports. */
  public String id() {
    return id;
  }

  byte[][] encode(Corpus c) {
    List<ChangeEvent> events = c.events();
    byte[][] out = new byte[events.size()][];
    switch (this) {
      case DEBEZIUM_JSON_SCHEMA, DEBEZIUM_JSON -> {
        DebeziumJsonEncoder enc = DebeziumJsonEncoder.builder().withSchema(this == DEBEZIUM_JSON_SCHEMA).serverName("srv").build();
        for (int i = 0; i < out.length; i++) {
          out[i] = enc.value(events.get(i), Corpus.SCHEMA);
        }
      }
      case DEBEZIUM_AVRO -> {
        DebeziumAvro avro = DebeziumAvro.forSchema(Corpus.SCHEMA);
        for (int i = 0; i < out.length; i++) {
          out[i] = avro.value(events.get(i));
        }
      }
      case DMS_JSON -> {
        DmsJsonEncoder enc = DmsJsonEncoder.builder().includeNullAndEmpty(false).beforeImage(DmsJsonEncoder.BeforeImage.OBJECT).build();
        for (int i = 0; i < out.length; i++) {
          ChangeEvent e = events.get(i);
          // DMS names the source transaction on CDC records; the Debezium forms here carry none (provide.transaction.metadata=false)
          Transaction tx = Transaction.of(Long.toString(e.position().part(0) >>> 4), -1, -1);
          out[i] = enc.encode(e.toBuilder().table(Corpus.DMS_TABLE).transaction(tx).build());
        }
      }
      default -> throw new IllegalStateException();
    }
    return out;
  }
}
