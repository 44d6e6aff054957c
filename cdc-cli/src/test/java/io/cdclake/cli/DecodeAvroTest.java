package io.cdclake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code decode --format debezium-avro --registry URL} against a registry on loopback serving the writer schema. */
class DecodeAvroTest {
  private static final String SCHEMA = """
      {"type":"record","name":"Envelope","namespace":"cdc.s.t","connect.name":"cdc.s.t.Envelope","fields":[
        {"name":"before","type":["null",{"type":"record","name":"Value","fields":[
          {"name":"id","type":"int"},
          {"name":"amount","type":["null",{"type":"bytes","logicalType":"decimal","precision":8,"scale":2,
            "connect.name":"org.apache.kafka.connect.data.Decimal","connect.parameters":{"scale":"2","connect.decimal.precision":"8"}}],"default":null}
        ],"connect.name":"cdc.s.t.Value"}],"default":null},
        {"name":"after","type":["null","Value"],"default":null},
        {"name":"source","type":{"type":"record","name":"Source","namespace":"io.debezium.connector.postgresql","fields":[
          {"name":"connector","type":"string"},{"name":"db","type":"string"},{"name":"schema","type":"string"},
          {"name":"table","type":"string"},{"name":"ts_ms","type":"long"},{"name":"lsn","type":["null","long"],"default":null}]}},
        {"name":"op","type":"string"},
        {"name":"ts_ms","type":["null","long"],"default":null}
      ]}""";

  private HttpServer registry;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void startRegistry() throws IOException {
    registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.createContext("/schemas/ids/", exchange -> {
      requests.incrementAndGet();
      boolean known = exchange.getRequestURI().getPath().equals("/schemas/ids/7");
      byte[] body = (known ? "{\"schema\":" + quote(SCHEMA) + "}" : "{\"error_code\":40403,\"message\":\"Schema not found\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
      exchange.sendResponseHeaders(known ? 200 : 404, body.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(body);
      }
    });
    registry.start();
  }

  @AfterEach
  void stopRegistry() {
    registry.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + registry.getAddress().getPort();
  }

  private static byte[] message(int schemaId, int id, String amount) throws IOException {
    Schema envelope = new Schema.Parser().parse(SCHEMA);
    Schema value = envelope.getField("after").schema().getTypes().get(1);
    Schema decimal = value.getField("amount").schema().getTypes().get(1);
    GenericRecord after = new GenericData.Record(value);
    after.put("id", id);
    after.put("amount", new Conversions.DecimalConversion().toBytes(new BigDecimal(amount), decimal, LogicalTypes.decimal(8, 2)));
    GenericRecord source = new GenericData.Record(envelope.getField("source").schema());
    source.put("connector", "postgresql");
    source.put("db", "d");
    source.put("schema", "s");
    source.put("table", "t");
    source.put("ts_ms", 1_700_000_000_000L);
    source.put("lsn", 100L);
    GenericRecord r = new GenericData.Record(envelope);
    r.put("before", null);
    r.put("after", after);
    r.put("source", source);
    r.put("op", "c");
    r.put("ts_ms", 1_700_000_000_001L);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array());
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(envelope).write(r, enc);
    enc.flush();
    return out.toByteArray();
  }

  @Test
  void base64ValuesDecodeWithTheRegistrysWriterSchema() throws IOException {
    String b64 = Base64.getEncoder().encodeToString(message(7, 1, "12.34"));
    String wrapped = "{\"topic\":\"cdc.s.t\",\"partition\":0,\"offset\":5,\"key\":null,\"value\":\"" + b64 + "\"}";

    CliRun r = CliRun.run(wrapped + "\n" + b64 + "\n", "decode", "--format", "debezium-avro", "--registry", url());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines()).hasSize(2).allSatisfy(l -> assertThat(l)
        .startsWith("{\"op\":\"INSERT\",\"table\":\"d.s.t\",\"key\":null,\"before\":null,\"after\":{\"id\":1,\"amount\":\"12.34\"}"));
    assertThat(r.outLines().get(0)).contains("\"transport\":{\"stream\":\"cdc.s.t\",\"partition\":\"0\",\"offset\":\"5\"}");
    assertThat(requests.get()).isEqualTo(1); // the schema is fetched once
  }

  @Test
  void unknownSchemaIdIsAnErrorOfThatLine() throws IOException {
    String good = Base64.getEncoder().encodeToString(message(7, 1, "1.00"));
    String unknown = Base64.getEncoder().encodeToString(message(8, 2, "2.00"));

    CliRun r = CliRun.run(good + "\n" + unknown + "\n" + "not base64 !\n", "decode", "--format", "debezium-avro", "--registry", url(),
        "--skip-errors");

    assertThat(r.outLines()).hasSize(1);
    assertThat(r.errLines().get(0)).startsWith("cdc-lake decode: line 2: ");
    assertThat(r.errLines().get(1)).isEqualTo("cdc-lake decode: line 3: Cannot read input line: not base64, as a binary format needs (field=line)");
    assertThat(r.summary()).endsWith("0 skipped, 2 errors");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
