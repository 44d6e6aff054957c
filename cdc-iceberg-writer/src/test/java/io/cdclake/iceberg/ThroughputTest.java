package io.cdclake.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.schema.TableConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quick, opt-in throughput loop (not JMH): rows per second of a plain Iceberg append (generic
 * data writer + AppendFiles, the floor) against our upsert path (ChangeWriter + ChangeCommitter)
 * for inserts and for updates of existing keys. Run with {@code -Dcdclake.throughput=true}.
 */
@EnabledIfSystemProperty(named = "cdclake.throughput", matches = "true")
class ThroughputTest {
  @TempDir
  Path dir;

  @Test
  void upsertVersusPlainAppend() throws IOException {
    Fixture f = new Fixture(dir);
    int n = Integer.getInteger("cdclake.throughput.rows", 200_000);
    for (int round = 0; round < 3; round++) {
      boolean warm = round > 0;
      int rows = warm ? n : n / 10;
      Table plain = f.create("plain" + round, Fixture.SCHEMA, TableConfig.DEFAULT);
      List<Record> records = new ArrayList<>(rows);
      for (int i = 0; i < rows; i++) {
        GenericRecord r = GenericRecord.create(plain.schema());
        r.set(0, (long) i);
        r.set(1, "name-" + i);
        r.set(2, "cat-" + (i % 7));
        r.set(3, "note-" + i * 31);
        records.add(r);
      }
      long t0 = System.nanoTime();
      GenericFileWriterFactory factory = new GenericFileWriterFactory.Builder(plain).dataFileFormat(FileFormat.PARQUET).build();
      OutputFileFactory files = OutputFileFactory.builderFor(plain, 0, 0).format(FileFormat.PARQUET).build();
      DataWriter<Record> w = factory.newDataWriter(files.newOutputFile(), plain.spec(), null);
      try (w) {
        records.forEach(w::write);
      }
      DataFile df = w.toDataFile();
      plain.newAppend().appendFile(df).commit();
      double appendSecs = (System.nanoTime() - t0) / 1e9;

      Table up = f.create("upsert" + round, Fixture.SCHEMA, TableConfig.DEFAULT);
      List<ChangeEvent> inserts = new ArrayList<>(rows);
      List<ChangeEvent> updates = new ArrayList<>(rows);
      for (int i = 0; i < rows; i++) {
        inserts.add(ChangeEvent.builder(Op.INSERT).table(Fixture.SOURCE).after(Row.of("id", (long) i, "name", "name-" + i, "cat",
            "cat-" + (i % 7), "note", "note-" + i * 31)).position(Fixture.pos(i + 1)).transport(Fixture.tp(i + 1)).build());
        updates.add(ChangeEvent.builder(Op.UPDATE).table(Fixture.SOURCE).after(Row.of("id", (long) i, "name", "renamed-" + i, "cat",
            "cat-" + (i % 7), "note", "note-" + i * 31)).position(Fixture.pos(rows + i + 1)).transport(Fixture.tp(rows + i + 1)).build());
      }
      ChangeCommitter c = ChangeCommitter.create(up, "bench", CommitterOptions.defaults().withInlineManifestWork(true));
      ChangeWriter cw = ChangeWriter.upsert(up, WriterOptions.defaults().withMaxBufferedEvents(Math.max(rows, 1)), c.checkpoint());
      t0 = System.nanoTime();
      inserts.forEach(cw::write);
      cw.committed(c.commit(List.of(cw.complete(1))).checkpoint());
      double insertSecs = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      updates.forEach(cw::write);
      c.commit(List.of(cw.complete(2)));
      double updateSecs = (System.nanoTime() - t0) / 1e9;
      if (warm) {
        System.out.printf("rows=%d plain append %.0f rows/s | upsert inserts %.0f rows/s | upsert updates %.0f rows/s%n", rows,
            rows / appendSecs, rows / insertSecs, rows / updateSecs);
      }
      assertThat(up.currentSnapshot()).isNotNull();
    }
    assertThat(f.catalog.tableExists(TableIdentifier.of("db", "upsert2"))).isTrue();
  }
}
