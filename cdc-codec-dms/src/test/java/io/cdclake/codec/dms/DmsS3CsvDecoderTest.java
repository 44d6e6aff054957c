package io.cdclake.codec.dms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.codec.dms.testing.DmsCsvEncoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.MalformedInputException;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DmsS3CsvDecoderTest {
  private static final TableSchema ORDERS = TableSchema.of(List.of(Column.required("id", ColumnType.INT),
      Column.optional("note", ColumnType.STRING), Column.optional("amount", ColumnType.decimal(10, 2)),
      Column.optional("placed", ColumnType.TIMESTAMP)), List.of("id"));
  private static final String CDC = "bucket/shop/orders/20240102-0304050000.csv";
  private static final String LOAD = "bucket/shop/orders/LOAD0000000A.csv";

  private static List<ChangeEvent> decode(DmsS3CsvDecoder d, String file, String content) {
    return decode(d, file, content.getBytes(StandardCharsets.UTF_8));
  }

  private static List<ChangeEvent> decode(DmsS3CsvDecoder d, String file, byte[] content) {
    List<ChangeEvent> out = new ArrayList<>();
    d.decodeStream(new ByteArrayInputStream(content), file, out::add);
    return out;
  }

  private static DmsS3CsvDecoder.Builder orders() {
    return DmsS3CsvDecoder.builder().schemas(t -> t.table().equals("orders") ? ORDERS : null);
  }

  @Test
  void cdcRowsMapOpsTypesAndTheTableFromThePath() {
    List<ChangeEvent> events = decode(orders().build(), CDC,
        "I,1,first,12.50,2024-01-02 03:04:05.123456\nU,1,second,13,2024-01-02T03:04:06Z\nD,1,,,\n");
    assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.INSERT, Op.UPDATE, Op.DELETE);
    assertThat(events.get(0).table()).isEqualTo(TableId.of("shop", "orders"));
    assertThat(events.get(0).after()).isEqualTo(Row.of("id", 1, "note", "first", "amount", new BigDecimal("12.50"), "placed",
        LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000)));
    assertThat(events.get(1).after().get("amount")).isEqualTo(new BigDecimal("13.00"));
    assertThat(events.get(2).before()).isEqualTo(Row.of("id", 1, "note", null, "amount", null, "placed", null));
    assertThat(events.get(2).key()).isEqualTo(Row.of("id", 1));
    assertThat(events.get(2).transport()).isEqualTo(TransportPosition.file(CDC, 3));
    // PostgreSQL with REPLICA IDENTITY DEFAULT: the empty fields of a delete are not known values
    assertThat(decode(orders().keyOnlyDeletes(true).build(), CDC, "D,1,,,\n").get(0).before()).isEqualTo(Row.of("id", 1));
  }

  @Test
  void quotedFieldsHoldDelimitersQuotesAndLineBreaksAndQuotedEmptyIsNotNull() {
    String file = "I,1,\"a,b \"\"q\"\"\nsecond line\",1,\nI,2,\"\",,\nI,3,,,\r\nI,4,NULL,,\n";
    List<ChangeEvent> events = decode(orders().build(), CDC, file);
    assertThat(events.get(0).after().get("note")).isEqualTo("a,b \"q\"\nsecond line");
    assertThat(events.get(1).after().get("note")).isEqualTo("");
    assertThat(events.get(2).after().state("note")).isEqualTo(ColumnState.NULL);
    assertThat(events.get(3).after().get("note")).isEqualTo("NULL");
    assertThat(events).extracting(e -> e.transport().offset()).containsExactly("1", "3", "4", "5");
    // with a null token, the token is NULL and an unquoted empty field is the empty string
    List<ChangeEvent> token = decode(orders().nullValue("NULL").build(), CDC, "I,3,,NULL,NULL\nI,4,NULL,NULL,NULL\nI,5,\"NULL\",NULL,NULL\n");
    assertThat(token.get(0).after().get("note")).isEqualTo("");
    assertThat(token.get(1).after().state("note")).isEqualTo(ColumnState.NULL);
    assertThat(token.get(2).after().get("note")).isEqualTo("NULL");
  }

  @Test
  void delimiterAndRfc4180AreConfigurable() {
    List<ChangeEvent> tabs = decode(orders().delimiter('\t').build(), CDC, "I\t1\ta,b\t\t\n");
    assertThat(tabs.get(0).after().get("note")).isEqualTo("a,b");
    List<ChangeEvent> raw = decode(orders().rfc4180(false).build(), CDC, "I,1,\"x\",,\n");
    assertThat(raw.get(0).after().get("note")).isEqualTo("\"x\"");
  }

  @Test
  void fullLoadFilesAreSnapshotReadsWithOrWithoutAnOpColumn() {
    List<ChangeEvent> plain = decode(orders().build(), LOAD, "1,a,1.00,\n2,b,2.00,\n");
    assertThat(plain).extracting(ChangeEvent::op).containsExactly(Op.SNAPSHOT_READ, Op.SNAPSHOT_READ);
    assertThat(plain).allSatisfy(e -> assertThat(e.snapshot()).isTrue());
    List<ChangeEvent> withOp = decode(orders().includeOpForFullLoad(true).build(), LOAD, "I,1,a,1.00,\n");
    assertThat(withOp.get(0).op()).isEqualTo(Op.SNAPSHOT_READ);
    assertThatThrownBy(() -> decode(orders().includeOpForFullLoad(true).build(), LOAD, "U,1,a,1.00,\n"))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("must have Op I");
    // CdcInsertsOnly without IncludeOpForFullLoad: CDC rows have no Op and are inserts
    List<ChangeEvent> insertsOnly = decode(orders().cdcInsertsOnly(true).build(), CDC, "1,a,1.00,\n");
    assertThat(insertsOnly.get(0).op()).isEqualTo(Op.INSERT);
    assertThat(decode(orders().fileKind(DmsS3FileKind.LOAD).table(TableId.of("shop", "orders")).build(), "stdin", "1,a,1.00,\n")
        .get(0).op()).isEqualTo(Op.SNAPSHOT_READ);
  }

  @Test
  void timestampColumnIsTheCommitTimeAndOrderingKeyOfCdcRows() {
    DmsS3CsvDecoder d = orders().timestampColumnName("ts").build();
    List<ChangeEvent> events = decode(d, CDC, "I,2024-01-02 03:04:05.000001,1,a,1,\nU,2024-01-02 03:04:05.000002,1,b,1,\n");
    assertThat(events.get(0).commitTime()).isEqualTo(Instant.parse("2024-01-02T03:04:05.000001Z"));
    assertThat(events.get(0).position().kind()).isEqualTo("dms-s3-timestamp");
    assertThat(events).extracting(ChangeEvent::position).isSortedAccordingTo(SourcePosition::compareTo);
    List<ChangeEvent> load = decode(d, LOAD, "2024-01-02 03:04:05.5,1,a,1,\n");
    assertThat(load.get(0).processedTime()).isEqualTo(Instant.parse("2024-01-02T03:04:05.5Z"));
    assertThat(load.get(0).commitTime()).isNull();
    assertThatThrownBy(() -> decode(d, CDC, "I,yesterday,1,a,1,\n")).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("timestamp column is not a timestamp");
  }

  @Test
  void headerRowNamesTheColumnsWithoutASchema() {
    DmsS3CsvDecoder d = DmsS3CsvDecoder.builder().addColumnName(true).keyColumns(t -> List.of("id")).build();
    List<ChangeEvent> events = decode(d, CDC, "Op,id,note\nI,7,x\nD,7,x\n");
    assertThat(events.get(0).after()).isEqualTo(Row.of("id", "7", "note", "x")); // untyped: strings as written
    assertThat(events.get(1).key()).isEqualTo(Row.of("id", "7"));
    assertThat(events.get(0).transport().offset()).isEqualTo("2");
    assertThatThrownBy(() -> decode(DmsS3CsvDecoder.builder().build(), CDC, "I,7,x\n")).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("no column names");
  }

  @Test
  void beforeImageColumnsAndUnsuppliedColumnsAreRecognised() {
    TableSchema withBi = TableSchema.of(List.of(Column.required("id", ColumnType.INT), Column.optional("v", ColumnType.STRING),
        Column.optional("BI_id", ColumnType.INT), Column.optional("BI_v", ColumnType.STRING)), List.of("id"));
    DmsS3CsvDecoder d = DmsS3CsvDecoder.builder().schemas(t -> withBi).beforeImageColumns("BI_", null).noSupValue("~").build();
    ChangeEvent u = decode(d, CDC, "U,2,new,1,old\n").get(0);
    assertThat(u.after()).isEqualTo(Row.of("id", 2, "v", "new"));
    assertThat(u.before()).isEqualTo(Row.of("id", 1, "v", "old"));
    ChangeEvent unsupplied = decode(d, CDC, "U,2,~,,\n").get(0);
    assertThat(unsupplied.after().state("v")).isEqualTo(ColumnState.UNCHANGED);
    assertThat(decode(d, CDC, "I,2,~,,\n").get(0).after().state("v")).isEqualTo(ColumnState.OMITTED);
  }

  @Test
  void gzipFilesAreDetectedByTheirBytes() {
    byte[] gz = DmsCsvEncoder.gzip("I,1,a,1,\n".getBytes(StandardCharsets.UTF_8));
    assertThat(decode(orders().build(), CDC + ".gz", gz)).hasSize(1);
    assertThat(decode(orders().build(), CDC, gz)).hasSize(1);
    byte[] truncated = java.util.Arrays.copyOf(gz, gz.length - 6);
    assertThatThrownBy(() -> decode(orders().build(), CDC, truncated)).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void aRowWithTheWrongColumnCountIsAnErrorWithFileLineAndTable() {
    assertThatThrownBy(() -> decode(orders().build(), CDC, "I,1,a,1,\nI,2,b\n")).isInstanceOfSatisfying(InvalidEventException.class, e -> {
      assertThat(e.getMessage()).contains("wrong number of fields (expected=5, found=3)");
      assertThat(e.input()).isEqualTo(CDC + ":2");
      assertThat(e.table()).isEqualTo(TableId.of("shop", "orders"));
      assertThat(e.offset()).isEqualTo(9);
    });
    assertThatThrownBy(() -> decode(orders().build(), CDC, "X,1,a,1,\n")).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("unknown operation, the Op column holds neither I, U nor D");
    assertThatThrownBy(() -> decode(orders().build(), CDC, "I,1,a,1.005,\n")).isInstanceOfSatisfying(InvalidEventException.class, e -> {
      assertThat(e.field()).isEqualTo("amount");
      assertThat(e.input()).isEqualTo(CDC + ":1");
      assertThat(e.getMessage()).doesNotContain("1.005");
    });
  }

  @Test
  void malformedCsvIsMalformedInput() {
    assertThatThrownBy(() -> decode(orders().build(), CDC, "I,1,\"open,1,\n")).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("not closed");
    assertThatThrownBy(() -> decode(orders().build(), CDC, "I,1,\"a\"b,1,\n")).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("after a closing quote");
    byte[] badUtf8 = {'I', ',', '1', ',', (byte) 0xC3, (byte) 0x28, ',', '1', ',', '\n'};
    assertThatThrownBy(() -> decode(orders().build(), CDC, badUtf8)).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> decode(orders().maxFieldLength(4).build(), CDC, "I,1,abcde,1,\n")).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("field too long (length>4, limit=4, see DmsS3CsvDecoder.Builder.maxFieldLength)");
  }

  @Test
  void transactionFileRowWithoutATableIsAnErrorNotACrash() {
    // found by fuzzing the samples: an empty table field once threw IllegalArgumentException
    assertThatThrownBy(() -> decode(orders().build(), "cdc/CDC_TXN-20240101.csv", ",,101,x\n")).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("table name is empty");
  }

  @Test
  void fileNamesGiveKindsAndTablesAndFoldersListInApplyOrder(@TempDir Path dir) throws IOException {
    assertThat(DmsS3Files.kind("LOAD00000001.csv")).isEqualTo(DmsS3FileKind.LOAD);
    assertThat(DmsS3Files.kind("x/SEGMENT2_LOAD0000000F.csv.gz")).isEqualTo(DmsS3FileKind.LOAD);
    assertThat(DmsS3Files.kind("20141029-1134010000.csv")).isEqualTo(DmsS3FileKind.CDC);
    assertThat(DmsS3Files.kind("20141029-1134010000.parquet")).isEqualTo(DmsS3FileKind.CDC);
    assertThat(DmsS3Files.kind("CDC_TXN-20230601101010123.csv")).isEqualTo(DmsS3FileKind.CDC_TXN);
    assertThat(DmsS3Files.kind("notes.txt")).isNull();
    assertThat(DmsS3Files.tableFromPath("bkt/folder/hr/emp/2024/01/31/20240131-1200000000.csv")).isEqualTo(TableId.of("hr", "emp"));
    assertThat(DmsS3Files.tableFromPath("hr/emp/LOAD00000001.csv")).isEqualTo(TableId.of("hr", "emp"));
    assertThat(DmsS3Files.tableFromPath("LOAD00000001.csv")).isNull();

    Path root = dir.resolve("bucketfolder");
    List<String> files = List.of("hr/emp/20240101-1200000000.csv", "hr/emp/LOAD0000000A.csv", "hr/emp/LOAD00000009.csv",
        "hr/emp/2023/12/31/20231231-2359590000.csv", "hr/dept/LOAD00000001.csv", "hr/emp/README", "cdc/CDC_TXN-2.csv",
        "cdc/CDC_TXN-1.csv", "hr/emp/LOAD00000010.csv");
    for (String f : files) {
      Files.createDirectories(root.resolve(f).getParent());
      Files.writeString(root.resolve(f), "");
    }
    List<DmsS3File> ordered = DmsS3Files.listInOrder(root);
    assertThat(ordered).extracting(f -> root.relativize(f.path()).toString().replace('\\', '/')).containsExactly(
        "hr/dept/LOAD00000001.csv", "hr/emp/LOAD00000009.csv", "hr/emp/LOAD0000000A.csv", "hr/emp/LOAD00000010.csv",
        "hr/emp/2023/12/31/20231231-2359590000.csv", "hr/emp/20240101-1200000000.csv", "cdc/CDC_TXN-1.csv", "cdc/CDC_TXN-2.csv");
    assertThat(ordered.get(4).table()).isEqualTo(TableId.of("hr", "emp"));
    assertThat(ordered.get(6).table()).isNull();
    assertThat(DmsS3Files.tableOf(root, root.resolve("hr/emp/2023/12/31/20231231-2359590000.csv"))).isEqualTo(TableId.of("hr", "emp"));
  }

  @Test
  void listedFilesDecodeWithTheirTableAndKind(@TempDir Path dir) throws IOException {
    Path load = dir.resolve("shop/orders/LOAD00000001.csv");
    Path cdc = dir.resolve("shop/orders/20240102-0304050000.csv");
    Files.createDirectories(load.getParent());
    Files.writeString(load, "1,a,1,\n");
    Files.writeString(cdc, "D,1,a,1,\n");
    DmsS3CsvDecoder d = orders().build();
    List<ChangeEvent> events = new ArrayList<>();
    for (DmsS3File f : DmsS3Files.listInOrder(dir)) {
      d.decode(f, events::add);
    }
    assertThat(events).extracting(ChangeEvent::op).containsExactly(Op.SNAPSHOT_READ, Op.DELETE);
    assertThat(events.get(1).transport()).isEqualTo(TransportPosition.file(cdc.toString(), 1));
  }
}
