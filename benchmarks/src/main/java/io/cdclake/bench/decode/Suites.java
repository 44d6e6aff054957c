package io.cdclake.bench.decode;

import io.cdclake.bench.Corpus;
import io.cdclake.bench.DebeziumAvro;
import io.cdclake.bench.Format;
import io.cdclake.codec.debezium.DebeziumDecoder;
import io.cdclake.codec.dms.DmsJsonDecoder;
import java.util.List;
import java.util.Map;

/** Which implementations each decode suite measures, and how each is made. */
public final class Suites {
  /** Events in the corpus every decode suite cycles through. */
  public static final int CORPUS_EVENTS = 4096;
  /** Events in one write batch (one commit): enough that the commit does not dominate. */
  public static final int WRITE_EVENTS = 32_768;

  private Suites() {}

  /** The implementation names of a format's suite, floor first. */
  public static List<String> implementations(Format f) {
    return switch (f) {
      case DEBEZIUM_JSON_SCHEMA, DEBEZIUM_JSON -> List.of("floor", "cdc-lake", "flink", "kafka-connect-iceberg", "jackson-tree");
      case DEBEZIUM_AVRO -> List.of("floor", "cdc-lake");
      case DMS_JSON -> List.of("floor", "cdc-lake", "kafka-connect-iceberg", "jackson-tree");
    };
  }

  public static Impl create(Format f, String name) throws Exception {
    boolean withSchema = f == Format.DEBEZIUM_JSON_SCHEMA;
    return switch (f) {
      case DEBEZIUM_JSON_SCHEMA, DEBEZIUM_JSON -> switch (name) {
        case "floor" -> new JsonFloor();
        case "cdc-lake" -> new CdcLakeDebezium(withSchema ? DebeziumDecoder.create()
            : DebeziumDecoder.builder().schemaless(Map.of(Corpus.TABLE, Corpus.SCHEMA)).build());
        case "flink" -> new FlinkDebezium(Corpus.SCHEMA, withSchema);
        case "kafka-connect-iceberg" -> new KafkaConnectIceberg(withSchema, false);
        case "jackson-tree" -> new JacksonTree(Corpus.SCHEMA, false);
        default -> throw unknown(f, name);
      };
      case DEBEZIUM_AVRO -> {
        DebeziumAvro avro = DebeziumAvro.forSchema(Corpus.SCHEMA);
        yield switch (name) {
          case "floor" -> new AvroFloor(avro.envelope());
          case "cdc-lake" -> new CdcLakeDebezium(DebeziumDecoder.builder().avro(avro.lookup()).build());
          default -> throw unknown(f, name);
        };
      }
      case DMS_JSON -> switch (name) {
        case "floor" -> new JsonFloor();
        case "cdc-lake" -> new CdcLakeDms(DmsJsonDecoder.builder().schemas(Map.of(Corpus.DMS_TABLE, Corpus.SCHEMA)::get).build());
        case "kafka-connect-iceberg" -> new KafkaConnectIceberg(false, true);
        case "jackson-tree" -> new JacksonTree(Corpus.SCHEMA, true);
        default -> throw unknown(f, name);
      };
    };
  }

  private static IllegalArgumentException unknown(Format f, String name) {
    return new IllegalArgumentException("no implementation " + name + " in the " + f.id() + " suite");
  }
}
