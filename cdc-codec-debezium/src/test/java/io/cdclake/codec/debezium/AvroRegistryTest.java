package io.cdclake.codec.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpServer;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.MalformedInputException;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Avro in the Confluent wire format against a loopback registry that serves registry-shaped
 * answers ({"schema":"<escaped avro json>"}), with Debezium envelope schemas shaped as the Confluent
 * AvroConverter writes them (connect.name, connect.parameters, logical types, nullable unions).
 */
class AvroRegistryTest {
  private HttpServer server;
  private final Map<Integer, String> schemas = new HashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private String url;
  private Schema envelope;
  private Schema key;

  @BeforeEach
  void start() throws IOException {
    envelope = new Schema.Parser().parse(resource("avro-envelope-postgres.avsc"));
    key = new Schema.Parser().parse(resource("avro-key-postgres.avsc"));
    schemas.put(7, envelope.toString());
    schemas.put(8, key.toString());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/schemas/ids/", ex -> {
      requests.incrementAndGet();
      String idText = ex.getRequestURI().getPath().substring("/schemas/ids/".length());
      String schema = schemas.get(Integer.parseInt(idText));
      byte[] body;
      int status;
      if (schema == null) {
        status = 404;
        body = "{\"error_code\":40403,\"message\":\"Schema not found\"}".getBytes(StandardCharsets.UTF_8);
      } else {
        status = 200;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
          g.writeStartObject();
          g.writeStringField("schema", schema);
          g.writeEndObject();
        }
        body = out.toByteArray();
      }
      ex.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = AvroRegistryTest.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static byte[] frame(int id, Schema schema, Object datum) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<Object>(schema).write(datum, enc);
    enc.flush();
    return out.toByteArray();
  }

  private GenericRecord value(int id, String bio) {
    Schema valueSchema = envelope.getField("after").schema().getTypes().get(1);
    GenericRecord v = new GenericData.Record(valueSchema);
    v.put("id", id);
    v.put("price", ByteBuffer.wrap(new BigDecimal("123.45").unscaledValue().toByteArray()));
    v.put("created", 1_700_000_000_123_456L);
    v.put("day", 19_000);
    v.put("at", "2024-01-02T03:04:05.1Z");
    v.put("bio", bio);
    v.put("small", 7);
    v.put("uid", "60f14fe2-f857-404a-b586-3b5375b3259f");
    v.put("tags", List.of("a", "b"));
    v.put("ts_millis", 1_700_000_000_123L);
    return v;
  }

  private GenericRecord envelope(String op, GenericRecord before, GenericRecord after) {
    Schema sourceSchema = envelope.getField("source").schema();
    GenericRecord s = new GenericData.Record(sourceSchema);
    s.put("version", "3.6.1.Final");
    s.put("connector", "postgresql");
    s.put("name", "srv");
    s.put("ts_ms", 1_700_000_000_000L);
    s.put("snapshot", "false");
    s.put("db", "db");
    s.put("sequence", "[\"100\",\"120\"]");
    s.put("schema", "public");
    s.put("table", "t");
    s.put("txId", 555L);
    s.put("lsn", 120L);
    GenericRecord e = new GenericData.Record(envelope);
    e.put("before", before);
    e.put("after", after);
    e.put("source", s);
    e.put("op", op);
    e.put("ts_ms", 1_700_000_000_500L);
    GenericRecord tx = new GenericData.Record(envelope.getField("transaction").schema().getTypes().get(1));
    tx.put("id", "555:120");
    tx.put("total_order", 3L);
    tx.put("data_collection_order", 2L);
    e.put("transaction", tx);
    return e;
  }

  private GenericRecord key(int id) {
    GenericRecord k = new GenericData.Record(key);
    k.put("id", id);
    return k;
  }

  @Test
  void decodesConfluentFramedEnvelopeWithRegistrySchemas() throws IOException {
    RegistrySchemaLookup lookup = RegistrySchemaLookup.builder(url).requestTimeout(Duration.ofSeconds(5)).build();
    DebeziumDecoder d = DebeziumDecoder.builder().avro(lookup).build();
    byte[] v = frame(7, envelope, envelope("u", null, value(1, DebeziumDecoder.DEFAULT_PLACEHOLDER)));
    ChangeEvent e = d.decodeOne(RawMessage.of(frame(8, key, key(1)), v));
    assertThat(e.op()).isEqualTo(Op.UPDATE);
    assertThat(e.table()).isEqualTo(TableId.of("db", "public", "t"));
    assertThat(e.key()).isEqualTo(Row.of("id", 1));
    Row a = e.after();
    assertThat(a.get("price")).isEqualTo(new BigDecimal("123.45"));
    assertThat(a.get("created")).isEqualTo(LocalDateTime.of(2023, 11, 14, 22, 13, 20, 123_456_000));
    assertThat(a.get("day")).isEqualTo(LocalDate.ofEpochDay(19_000));
    assertThat(a.get("at")).isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 100_000_000, ZoneOffset.UTC));
    assertThat(a.state("bio")).isEqualTo(ColumnState.UNCHANGED);
    assertThat(a.get("small")).isEqualTo(7);
    assertThat(a.get("uid")).isEqualTo(UUID.fromString("60f14fe2-f857-404a-b586-3b5375b3259f"));
    assertThat(a.get("tags")).isEqualTo(List.of("a", "b"));
    assertThat(a.get("ts_millis")).isEqualTo(LocalDateTime.of(2023, 11, 14, 22, 13, 20, 123_000_000));
    assertThat(e.schema().column("price").type()).isEqualTo(ColumnType.decimal(10, 2));
    assertThat(e.schema().primaryKey()).containsExactly("id");
    assertThat(e.position().part(0)).isEqualTo(100L);
    assertThat(e.position().part(1)).isEqualTo(120L);
    assertThat(e.transaction().id()).isEqualTo("555");
    assertThat(e.transaction().totalOrder()).isEqualTo(3);
    assertThat(e.processedTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_500L));

    int before = requests.get();
    ChangeEvent again = d.decodeOne(RawMessage.of(frame(8, key, key(2)), frame(7, envelope, envelope("c", null, value(2, "text")))));
    assertThat(requests.get()).isEqualTo(before); // both schemas cached
    assertThat(again.op()).isEqualTo(Op.INSERT);
    assertThat(again.after().get("bio")).isEqualTo("text");
    assertThat(lookup.cachedSchemas()).isEqualTo(2);

    ChangeEvent tombstone = d.decodeOne(RawMessage.of(frame(8, key, key(2)), null));
    assertThat(tombstone.op()).isEqualTo(Op.TOMBSTONE);
    assertThat(tombstone.key()).isEqualTo(Row.of("id", 2));

    ChangeEvent delete = d.decodeOne(RawMessage.of(frame(8, key, key(3)), frame(7, envelope, envelope("d", value(3, "x"), null))));
    assertThat(delete.op()).isEqualTo(Op.DELETE);
    assertThat(delete.before().get("id")).isEqualTo(3);
  }

  @Test
  void unknownSchemaIdNamesTheIdAndUrl() throws IOException {
    DebeziumDecoder d = DebeziumDecoder.builder().avro(RegistrySchemaLookup.builder(url).build()).build();
    byte[] v = frame(42, envelope, envelope("c", null, value(1, "a")));
    SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> d.decodeOne(RawMessage.ofValue(v)));
    assertThat(e.getMessage()).contains("HTTP 404").contains("id=42").contains(url + "/schemas/ids/42").contains("40403");
    assertThat(e.schemaId()).isEqualTo(42);
    assertThat(e.status()).isEqualTo(404);
  }

  @Test
  void unreachableRegistryFailsWithinTheTimeout() throws IOException {
    server.stop(0);
    DebeziumDecoder d = DebeziumDecoder.builder().avro(RegistrySchemaLookup.builder(url).connectTimeout(Duration.ofSeconds(2)).build()).build();
    byte[] v = frame(7, envelope, envelope("c", null, value(1, "a")));
    SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> d.decodeOne(RawMessage.ofValue(v)));
    assertThat(e.getMessage()).contains("id=7").contains(url);
    assertThat(e.status()).isEqualTo(-1);
  }

  @Test
  void truncatedAvroIsMalformed() throws IOException {
    DebeziumDecoder d = DebeziumDecoder.builder().avro(RegistrySchemaLookup.builder(url).build()).build();
    byte[] v = frame(7, envelope, envelope("c", null, value(1, "a")));
    for (int cut : new int[] {3, 10, v.length / 2, v.length - 1}) {
      byte[] t = java.util.Arrays.copyOf(v, cut);
      assertThat(catchThrowableOfType(MalformedInputException.class, () -> d.decodeOne(RawMessage.ofValue(t)))).isNotNull();
    }
    byte[] longer = java.util.Arrays.copyOf(v, v.length + 3);
    assertThat(catchThrowableOfType(MalformedInputException.class, () -> d.decodeOne(RawMessage.ofValue(longer))).reason())
        .contains("bytes left");
  }
}
