package io.cdclake.bench.write;

import io.cdclake.bench.Corpus;
import io.cdclake.iceberg.Catalogs;
import io.cdclake.iceberg.ChangeCommitter;
import io.cdclake.iceberg.ChangeWriter;
import io.cdclake.iceberg.CommitterOptions;
import io.cdclake.iceberg.TableSetup;
import io.cdclake.iceberg.WriteResult;
import io.cdclake.iceberg.WriterOptions;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.schema.ReconcileOptions;
import io.cdclake.schema.Reconciliation;
import io.cdclake.schema.SchemaReconciler;
import io.cdclake.schema.TableConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;

/**
 * A local Iceberg warehouse (embedded catalog in a temporary folder) and the corpus's events fitted
 * to the table by cdc-lake's reconciler, once, outside any measurement. One batch is the whole
 * corpus: an upsert batch writes it through {@link ChangeWriter} and commits with
 * {@link ChangeCommitter}; the floor writes the same rows (the after image, the before image for
 * deletes: one row per event) with Iceberg's own generic Parquet writer and appends the file.
 */
public final class WriteFixture implements AutoCloseable {
  private static final AtomicInteger TABLES = new AtomicInteger();

  final Path dir;
  final Catalog catalog;
  final List<ChangeEvent> events;
  final Schema schema;
  /** Upsert-table events, fitted. */
  final List<ChangeEvent> upsertEvents;
  /** Changelog-table events, fitted. */
  final List<ChangeEvent> changelogEvents;
  /** One record per event for the plain append. */
  final List<Record> records;

  public WriteFixture(Corpus corpus) {
    try {
      this.dir = Files.createTempDirectory("cdc-lake-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.catalog = Catalogs.embedded(dir);
    this.events = corpus.events();
    SchemaReconciler rec = SchemaReconciler.create(Corpus.TABLE, TableConfig.DEFAULT, ReconcileOptions.forDebezium());
    Reconciliation first = rec.reconcile(events.get(0), null);
    this.schema = first.update().newSchema(null);
    if (schema.identifierFieldIds().isEmpty()) {
      throw new IllegalStateException("the reconciled schema has no identifier fields: upserts would be keyless");
    }
    this.upsertEvents = fit(rec, schema);
    this.changelogEvents = fit(SchemaReconciler.create(Corpus.TABLE, TableConfig.DEFAULT, ReconcileOptions.forDebezium()),
        TableSetup.changelogSchema(schema));
    this.records = new ArrayList<>(upsertEvents.size());
    for (ChangeEvent e : upsertEvents) {
      records.add(record(schema, e.op() == Op.DELETE ? e.before() : e.after()));
    }
  }

  private List<ChangeEvent> fit(SchemaReconciler rec, Schema target) {
    List<ChangeEvent> out = new ArrayList<>(events.size());
    for (ChangeEvent e : events) {
      Reconciliation r = rec.reconcile(e, target);
      if (r.needsUpdate()) {
        throw new IllegalStateException("an event of the corpus needs a schema change: " + r.update());
      }
      out.add(r.event());
    }
    return out;
  }

  static Record record(Schema schema, Row row) {
    GenericRecord r = GenericRecord.create(schema);
    for (int i = 0; i < row.size(); i++) {
      Types.NestedField f = schema.findField(row.name(i));
      if (f != null) {
        r.setField(f.name(), row.value(i));
      }
    }
    return r;
  }

  Table newUpsertTable() {
    return TableSetup.createOrLoad(catalog, TableIdentifier.of("bench", "upsert_" + TABLES.incrementAndGet()), schema, TableConfig.DEFAULT,
        null);
  }

  Table newChangelogTable() {
    return TableSetup.createOrLoad(catalog, TableIdentifier.of("bench", "changelog_" + TABLES.incrementAndGet()),
        TableSetup.changelogSchema(schema), TableConfig.DEFAULT, null);
  }

  Table newAppendTable(Schema s) {
    return TableSetup.createOrLoad(catalog, TableIdentifier.of("bench", "append_" + TABLES.incrementAndGet()), s, TableConfig.DEFAULT, null);
  }

  /** Writer settings for repeated batches of the same corpus: the whole corpus is one delta, no stale-event guard (it would skip the replays). */
  static WriterOptions writerOptions(int events) {
    return WriterOptions.defaults().withMaxBufferedEvents(events).withStaleGuard(WriterOptions.StaleGuard.OFF);
  }

  static CommitterOptions committerOptions() {
    return CommitterOptions.defaults().withInlineManifestWork(true);
  }

  /** One cdc-lake batch: every event through the writer, then complete and commit. */
  static void writeBatch(ChangeWriter w, ChangeCommitter c, List<ChangeEvent> events, long batch) {
    for (ChangeEvent e : events) {
      w.write(e);
    }
    WriteResult r = w.complete(batch);
    w.committed(c.commit(List.of(r)).checkpoint());
  }

  /** One floor batch: Iceberg's generic Parquet data writer, one file, appended. */
  static void appendBatch(Table t, List<Record> records, long batch) {
    GenericFileWriterFactory factory = new GenericFileWriterFactory.Builder(t).dataFileFormat(FileFormat.PARQUET).build();
    OutputFileFactory files = OutputFileFactory.builderFor(t, 0, batch).format(FileFormat.PARQUET).build();
    DataWriter<Record> w = factory.newDataWriter(files.newOutputFile(), t.spec(), null);
    try (w) {
      for (Record r : records) {
        w.write(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DataFile df = w.toDataFile();
    t.newAppend().appendFile(df).commit();
  }

  /** Rows of the table as Iceberg reads them (equality deletes applied). */
  static long countRows(Table t) {
    t.refresh();
    long n = 0;
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).build()) {
      for (Record ignored : rows) {
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }

  @Override
  public void close() {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary folder
    }
  }
}
