package io.cdclake.codec.dms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.DecodeException;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.MalformedInputException;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet files shaped like DMS S3 output, written with parquet-mr's example writer. */
class DmsS3ParquetDecoderTest {
  private static final MessageType CDC_SCHEMA = MessageTypeParser.parseMessageType("message dms {\n"
      + "  required binary Op (STRING);\n"
      + "  optional binary dms_ts (STRING);\n"
      + "  required int32 id;\n"
      + "  optional binary name (STRING);\n"
      + "  optional int32 born (DATE);\n"
      + "  optional int32 opens (TIME(MILLIS,true));\n"
      + "  optional int64 updated (TIMESTAMP(MICROS,true));\n"
      + "  optional int64 updated_ms (TIMESTAMP(MILLIS,false));\n"
      + "  optional int64 amount (DECIMAL(10,2));\n"
      + "  optional fixed_len_byte_array(9) big (DECIMAL(20,4));\n"
      + "  optional binary blob;\n"
      + "  optional boolean flag;\n"
      + "  optional double score;\n"
      + "  optional int96 legacy;\n"
      + "}");

  private static final LocalDateTime T = LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_000);

  private static Path write(Path file, MessageType schema, List<Group> rows) throws IOException {
    Files.createDirectories(file.getParent());
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema).build()) {
      for (Group g : rows) {
        w.write(g);
      }
    }
    return file;
  }

  private static Binary decimalBytes(BigDecimal v, int scale, int length) {
    byte[] unscaled = v.setScale(scale).unscaledValue().toByteArray();
    byte[] out = new byte[length];
    byte pad = (byte) (unscaled[0] < 0 ? 0xff : 0);
    java.util.Arrays.fill(out, 0, length - unscaled.length, pad);
    System.arraycopy(unscaled, 0, out, length - unscaled.length, unscaled.length);
    return Binary.fromConstantByteArray(out);
  }

  private static Binary int96(LocalDateTime t) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putLong(t.toLocalTime().toNanoOfDay());
    b.putInt((int) (t.toLocalDate().toEpochDay() + 2_440_588L));
    return Binary.fromConstantByteArray(b.array());
  }

  private static List<Group> cdcRows() {
    SimpleGroupFactory f = new SimpleGroupFactory(CDC_SCHEMA);
    long micros = T.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + T.getNano() / 1000;
    Group full = f.newGroup().append("Op", "I").append("dms_ts", "2024-05-06 07:08:10.000001").append("id", 1).append("name", "Ann")
        .append("born", (int) LocalDate.of(1990, 2, 3).toEpochDay()).append("opens", 9 * 3_600_000 + 30 * 60_000)
        .append("updated", micros).append("updated_ms", micros / 1000).append("amount", 12_345L)
        .append("big", decimalBytes(new BigDecimal("-1234567890123.4567"), 4, 9)).append("blob", Binary.fromConstantByteArray(new byte[] {1, 2}))
        .append("flag", true).append("score", 0.5).append("legacy", int96(T));
    Group sparse = f.newGroup().append("Op", "U").append("dms_ts", "2024-05-06 07:08:11.000000").append("id", 1).append("name", "Bea");
    Group gone = f.newGroup().append("Op", "D").append("id", 1);
    return List.of(full, sparse, gone);
  }

  @Test
  void cdcFileDecodesOpsTimestampsAndEveryDmsParquetType(@TempDir Path dir) throws IOException {
    Path file = write(dir.resolve("shop/people/20240506-0708100000.parquet"), CDC_SCHEMA, cdcRows());
    DmsS3ParquetDecoder d = DmsS3ParquetDecoder.builder().timestampColumnName("dms_ts").keyColumns(t -> List.of("id")).build();
    List<ChangeEvent> events = new ArrayList<>();
    d.decodeStream(new ByteArrayInputStream(Files.readAllBytes(file)), file.toString(), events::add);
    assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.INSERT, Op.UPDATE, Op.DELETE);
    ChangeEvent ins = events.get(0);
    assertThat(ins.table()).isEqualTo(TableId.of("shop", "people"));
    assertThat(ins.key()).isEqualTo(Row.of("id", 1));
    Row r = ins.after();
    assertThat(r.get("name")).isEqualTo("Ann");
    assertThat(r.get("born")).isEqualTo(LocalDate.of(1990, 2, 3));
    assertThat(r.get("opens")).isEqualTo(LocalTime.of(9, 30));
    assertThat(r.get("updated")).isEqualTo(T);
    assertThat(r.get("updated_ms")).isEqualTo(T.withNano(123_000_000));
    assertThat(r.get("amount")).isEqualTo(new BigDecimal("123.45"));
    assertThat(r.get("big")).isEqualTo(new BigDecimal("-1234567890123.4567"));
    assertThat((byte[]) r.get("blob")).containsExactly(1, 2);
    assertThat(r.get("flag")).isEqualTo(true);
    assertThat(r.get("score")).isEqualTo(0.5);
    assertThat(r.get("legacy")).isEqualTo(T);
    assertThat(r.names()).doesNotContain("Op", "dms_ts");
    assertThat(ins.commitTime()).isEqualTo(Instant.parse("2024-05-06T07:08:10.000001Z"));
    assertThat(ins.transport()).isEqualTo(TransportPosition.file(file.toString(), 1));
    ChangeEvent upd = events.get(1);
    assertThat(upd.after().state("born")).isEqualTo(ColumnState.NULL); // Parquet has no "left out": a null is NULL
    ChangeEvent del = events.get(2);
    assertThat(del.before().get("id")).isEqualTo(1);
    assertThat(del.commitTime()).isNull();

    List<ChangeEvent> inPlace = new ArrayList<>();
    d.decode(new DmsS3File(file, TableId.of("shop", "people"), DmsS3FileKind.CDC), inPlace::add);
    assertThat(inPlace).isEqualTo(events);
  }

  @Test
  void declaredSchemaConvertsAndUtcModeGivesInstants(@TempDir Path dir) throws IOException {
    Path file = write(dir.resolve("shop/people/20240506-0708100000.parquet"), CDC_SCHEMA, cdcRows());
    TableSchema s = TableSchema.of(List.of(Column.required("id", ColumnType.LONG), Column.optional("amount", ColumnType.decimal(12, 3)),
        Column.optional("updated", ColumnType.TIMESTAMP_TZ), Column.optional("score", ColumnType.STRING)), List.of("id"));
    DmsS3ParquetDecoder d = DmsS3ParquetDecoder.builder().timestampColumnName("dms_ts").schemas(t -> s).dateTimeMode(DmsDateTimeMode.UTC)
        .build();
    List<ChangeEvent> events = new ArrayList<>();
    d.decodeStream(new ByteArrayInputStream(Files.readAllBytes(file)), file.toString(), events::add);
    Row r = events.get(0).after();
    assertThat(events.get(0).key()).isEqualTo(Row.of("id", 1L));
    assertThat(r.get("amount")).isEqualTo(new BigDecimal("123.450"));
    assertThat(r.get("updated")).isEqualTo(T.atOffset(ZoneOffset.UTC));
    assertThat(r.get("updated_ms")).isInstanceOf(OffsetDateTime.class);
    assertThat(r.get("score")).isEqualTo("0.5");
  }

  @Test
  void fullLoadFileWithoutOpIsSnapshotReads(@TempDir Path dir) throws IOException {
    MessageType load = MessageTypeParser.parseMessageType("message dms { required int32 id; optional binary name (STRING); }");
    SimpleGroupFactory f = new SimpleGroupFactory(load);
    Path file = write(dir.resolve("shop/people/LOAD00000001.parquet"), load,
        List.of(f.newGroup().append("id", 1).append("name", "a"), f.newGroup().append("id", 2)));
    List<ChangeEvent> events = new ArrayList<>();
    DmsS3ParquetDecoder.builder().build().decodeStream(new ByteArrayInputStream(Files.readAllBytes(file)), file.toString(), events::add);
    assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.SNAPSHOT_READ, Op.SNAPSHOT_READ);
    assertThat(events.get(1).after()).isEqualTo(Row.of("id", 2, "name", null));
    assertThat(events.get(1).transport().offset()).isEqualTo("2");
    // a CDC file must start with Op
    Path cdc = write(dir.resolve("shop/people/20240101-0000000000.parquet"), load, List.of(f.newGroup().append("id", 1)));
    assertThatThrownBy(() -> DmsS3ParquetDecoder.builder().build().decodeStream(new ByteArrayInputStream(Files.readAllBytes(cdc)),
        cdc.toString(), e -> { })).isInstanceOf(InvalidEventException.class).hasMessageContaining("the first column is not Op");
  }

  @Test
  void unknownOpAndUndecodableValuesAreTypedErrors(@TempDir Path dir) throws IOException {
    MessageType t = MessageTypeParser.parseMessageType("message dms { required binary Op (STRING); required int32 id; optional binary d (STRING); }");
    SimpleGroupFactory f = new SimpleGroupFactory(t);
    Path file = write(dir.resolve("s/t/20240101-0000000000.parquet"), t,
        List.of(f.newGroup().append("Op", "I").append("id", 1).append("d", "2024-13-01"), f.newGroup().append("Op", "M").append("id", 2)));
    byte[] bytes = Files.readAllBytes(file);
    TableSchema s = TableSchema.of(List.of(Column.required("id", ColumnType.INT), Column.optional("d", ColumnType.DATE)), List.of("id"));
    assertThatThrownBy(() -> DmsS3ParquetDecoder.builder().schemas(x -> s).build().decodeStream(new ByteArrayInputStream(bytes),
        file.toString(), e -> { })).isInstanceOfSatisfying(InvalidEventException.class, e -> {
          assertThat(e.field()).isEqualTo("d");
          assertThat(e.input()).isEqualTo(file + ":1");
          assertThat(e.getMessage()).doesNotContain("2024-13");
        });
    assertThatThrownBy(() -> DmsS3ParquetDecoder.builder().build().decodeStream(new ByteArrayInputStream(bytes), file.toString(), e -> { }))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("unknown operation");
  }

  @Test
  void bytesThatAreNotParquetAndMutatedFilesRaiseOnlyDecodeExceptions(@TempDir Path dir) throws IOException {
    DmsS3ParquetDecoder d = DmsS3ParquetDecoder.builder().timestampColumnName("dms_ts").maxFileBytes(1 << 20).build();
    assertThatThrownBy(() -> d.decodeStream(new ByteArrayInputStream("not parquet".getBytes()), "s/t/20240101-0000000000.parquet", e -> { }))
        .isInstanceOf(MalformedInputException.class);
    byte[] good = Files.readAllBytes(write(dir.resolve("s/t/20240101-0000000000.parquet"), CDC_SCHEMA, cdcRows()));
    Random r = new Random(7);
    for (int i = 0; i < 300; i++) {
      byte[] m = DmsFuzzPropertiesTest.mutate(good, r);
      try {
        d.decodeStream(new ByteArrayInputStream(m), "s/t/20240101-0000000000.parquet", e -> { });
      } catch (DecodeException expected) {
        // the documented failure
      }
    }
    assertThatThrownBy(() -> DmsS3ParquetDecoder.builder().maxFileBytes(100).build().decodeStream(new ByteArrayInputStream(good),
        "s/t/20240101-0000000000.parquet", e -> { })).isInstanceOf(MalformedInputException.class).hasMessageContaining("maxFileBytes");
  }
}
