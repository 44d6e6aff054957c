package io.cdclake.codec.dms;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.codec.dms.testing.DmsCsvEncoder;
import io.cdclake.codec.dms.testing.DmsJsonEncoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.TableSchema;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Generated rows with random NULL patterns survive DMS JSON and CSV encoding (RELIABILITY.md 22, 23).
 */
class DmsRoundTripPropertiesTest {

  @Provide
  Arbitrary<Tuple2<TableSchema, List<ChangeEvent>>> batches() {
    return DmsEvents.flatSchemas(8).flatMap(s -> DmsEvents.events(s, true).list().ofMinSize(1).ofMaxSize(6).map(es -> Tuple.of(s, es)));
  }

  @Provide
  Arbitrary<Tuple2<TableSchema, List<ChangeEvent>>> batchesWithoutBeforeImages() {
    return DmsEvents.flatSchemas(8).flatMap(s -> DmsEvents.events(s, false).list().ofMinSize(1).ofMaxSize(6).map(es -> Tuple.of(s, es)));
  }

  private static DmsJsonDecoder decoder(TableSchema s) {
    return DmsJsonDecoder.builder().schemas(t -> t.equals(DmsEvents.TABLE) ? s : null).build();
  }

  private static List<ChangeEvent> stream(DmsJsonDecoder d, InputStream in) {
    List<ChangeEvent> out = new ArrayList<>();
    d.decodeStream(in, null, out::add);
    return out;
  }

  @Property(tries = 150)
  void includeNullAndEmptyOnlyDecidesWhetherNullColumnsAreOmitted(@ForAll("batches") Tuple2<TableSchema, List<ChangeEvent>> batch,
      @ForAll boolean pretty) {
    TableSchema s = batch.get1();
    DmsJsonDecoder d = decoder(s);
    DmsJsonEncoder withNulls = DmsJsonEncoder.builder().includeNullAndEmpty(true).pretty(pretty)
        .beforeImage(DmsJsonEncoder.BeforeImage.OBJECT).build();
    DmsJsonEncoder withoutNulls = DmsJsonEncoder.builder().includeNullAndEmpty(false).pretty(pretty)
        .beforeImage(DmsJsonEncoder.BeforeImage.OBJECT).build();
    for (ChangeEvent e : batch.get2()) {
      assertThat(d.decode(withNulls.encode(e))).containsExactly(e);
      assertThat(d.decode(withoutNulls.encode(e))).containsExactly(DmsEvents.withoutNullAndEmpty(e));
    }
  }

  @Property(tries = 100)
  void beforeImageColumnsGiveTheSameEventsAsTheBeforeImageObject(@ForAll("batches") Tuple2<TableSchema, List<ChangeEvent>> batch) {
    TableSchema s = batch.get1();
    DmsJsonDecoder d = DmsJsonDecoder.builder().schemas(t -> s).beforeImageColumns("BI_", "").build();
    DmsJsonEncoder columns = DmsJsonEncoder.builder().includeNullAndEmpty(true).beforeImage(DmsJsonEncoder.BeforeImage.COLUMNS).build();
    for (ChangeEvent e : batch.get2()) {
      assertThat(d.decode(columns.encode(e))).containsExactly(e);
    }
  }

  @Property(tries = 100)
  void wholeArrayStreamAndOneByteAtATimeGiveIdenticalEvents(@ForAll("batches") Tuple2<TableSchema, List<ChangeEvent>> batch,
      @ForAll boolean pretty) {
    DmsJsonDecoder d = decoder(batch.get1());
    DmsJsonEncoder enc = DmsJsonEncoder.builder().includeNullAndEmpty(false).pretty(pretty).beforeImage(DmsJsonEncoder.BeforeImage.OBJECT)
        .build();
    List<ChangeEvent> alone = new ArrayList<>();
    for (ChangeEvent e : batch.get2()) {
      alone.addAll(d.decode(enc.encode(e)));
    }
    byte[] lines = enc.encodeAll(batch.get2());
    byte[] array = enc.encodeArray(batch.get2());
    assertThat(stream(d, new ByteArrayInputStream(lines))).isEqualTo(alone);
    assertThat(stream(d, new ByteArrayInputStream(array))).isEqualTo(alone);
    assertThat(stream(d, oneByteAtATime(lines))).isEqualTo(alone);
    assertThat(stream(d, oneByteAtATime(array))).isEqualTo(alone);
    assertThat(d.decode(array)).isEqualTo(alone);
  }

  @Property(tries = 100)
  void csvAndJsonFormsOfTheSameChangesGiveTheSameEvents(
      @ForAll("batchesWithoutBeforeImages") Tuple2<TableSchema, List<ChangeEvent>> batch, @ForAll boolean header) {
    TableSchema s = batch.get1();
    List<ChangeEvent> cdc = batch.get2().stream().filter(e -> !e.snapshot()).toList();
    List<ChangeEvent> load = batch.get2().stream().filter(ChangeEvent::snapshot).toList();
    DmsJsonDecoder json = decoder(s);
    DmsJsonEncoder jsonEnc = DmsJsonEncoder.builder().includeNullAndEmpty(true).build();
    DmsS3CsvDecoder csv = DmsS3CsvDecoder.builder().schemas(t -> s).addColumnName(header).build();
    DmsCsvEncoder csvEnc = DmsCsvEncoder.builder().header(header).build();

    List<ChangeEvent> fromCsv = new ArrayList<>();
    csv.decodeStream(new ByteArrayInputStream(csvEnc.encodeFile(load, s, true)), "bucket/app/things/LOAD00000001.csv", fromCsv::add);
    byte[] cdcFile = csvEnc.encodeFile(cdc, s, false);
    csv.decodeStream(new ByteArrayInputStream(DmsCsvEncoder.gzip(cdcFile)), "bucket/app/things/20240101-1200000000.csv.gz", fromCsv::add);
    List<ChangeEvent> fromJson = new ArrayList<>();
    for (ChangeEvent e : load) {
      fromJson.addAll(json.decode(jsonEnc.encode(e)));
    }
    for (ChangeEvent e : cdc) {
      fromJson.addAll(json.decode(jsonEnc.encode(e)));
    }
    assertThat(fromCsv.stream().map(DmsEvents::rowContent).toList()).isEqualTo(fromJson.stream().map(DmsEvents::rowContent).toList());
    assertThat(fromCsv).allSatisfy(e -> assertThat(e.transport()).isNotNull());
  }

  /** RELIABILITY.md 24: a value that does not fit names table, column and path, never the value. */
  @Property(tries = 200)
  void errorsForValuesThatDoNotFitNeverQuoteTheValue(@ForAll @net.jqwik.api.constraints.AlphaChars
      @net.jqwik.api.constraints.StringLength(min = 6, max = 30) String secret, @ForAll("misfitTypes") io.cdclake.model.ColumnType type,
      @ForAll boolean csv) {
    TableSchema s = TableSchema.of(List.of(io.cdclake.model.Column.required("id", io.cdclake.model.ColumnType.LONG),
        io.cdclake.model.Column.optional("v", type)), List.of("id"));
    ChangeEvent e = ChangeEvent.builder(io.cdclake.model.Op.INSERT).table(DmsEvents.TABLE)
        .after(io.cdclake.model.Row.of("id", 1L, "v", secret)).build();
    Throwable t;
    if (csv) {
      byte[] file = DmsCsvEncoder.builder().build().encodeFile(List.of(e), s, false);
      t = org.assertj.core.api.Assertions.catchThrowable(() -> DmsS3CsvDecoder.builder().schemas(x -> s).build()
          .decodeStream(new ByteArrayInputStream(file), "b/app/things/20240101-0000000000.csv", x -> { }));
    } else {
      t = org.assertj.core.api.Assertions.catchThrowable(() -> decoder(s).decode(DmsJsonEncoder.builder().build().encode(e)));
    }
    assertThat(t).isInstanceOf(io.cdclake.model.InvalidEventException.class);
    io.cdclake.model.InvalidEventException ie = (io.cdclake.model.InvalidEventException) t;
    assertThat(ie.getMessage()).doesNotContain(secret);
    assertThat(ie.field()).isEqualTo("v");
    assertThat(ie.table()).isEqualTo(DmsEvents.TABLE);
  }

  @Provide
  Arbitrary<io.cdclake.model.ColumnType> misfitTypes() {
    return net.jqwik.api.Arbitraries.of(io.cdclake.model.ColumnType.INT, io.cdclake.model.ColumnType.LONG,
        io.cdclake.model.ColumnType.DOUBLE, io.cdclake.model.ColumnType.decimal(10, 2), io.cdclake.model.ColumnType.DATE,
        io.cdclake.model.ColumnType.TIMESTAMP, io.cdclake.model.ColumnType.UUID, io.cdclake.model.ColumnType.BOOLEAN,
        io.cdclake.model.ColumnType.TIME);
  }

  static InputStream oneByteAtATime(byte[] bytes) {
    return new InputStream() {
      int pos;

      @Override
      public int read() {
        return pos < bytes.length ? bytes[pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= bytes.length) {
          return -1;
        }
        if (len == 0) {
          return 0;
        }
        b[off] = bytes[pos++];
        return 1;
      }
    };
  }
}
