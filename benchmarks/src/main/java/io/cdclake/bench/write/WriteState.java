package io.cdclake.bench.write;

import io.cdclake.bench.Corpus;
import io.cdclake.bench.decode.Suites;
import io.cdclake.iceberg.ChangeCommitter;
import io.cdclake.iceberg.ChangeWriter;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Table;

/** One write implementation over fresh tables: {@code cdc-lake} (upsert or changelog) or {@code iceberg-append}. */
final class WriteState implements AutoCloseable {
  private static WriteFixture fixture;

  final String impl;
  final boolean changelog;
  private Table table;
  private ChangeWriter writer;
  private ChangeCommitter committer;
  private long batch;
  private List<org.apache.iceberg.data.Record> appendRecords;

  WriteState(String impl, boolean changelog) {
    this.impl = impl;
    this.changelog = changelog;
  }

  static synchronized WriteFixture fixture() {
    if (fixture == null) {
      fixture = new WriteFixture(Corpus.generate(Suites.WRITE_EVENTS));
      Runtime.getRuntime().addShutdownHook(new Thread(fixture::close));
    }
    return fixture;
  }

  int events() {
    return fixture().events.size();
  }

  /** Fresh tables (per iteration, so table metadata does not grow through the whole run). */
  void reset() {
    close();
    WriteFixture f = fixture();
    batch = 0;
    switch (impl) {
      case "cdc-lake" -> {
        table = changelog ? f.newChangelogTable() : f.newUpsertTable();
        committer = ChangeCommitter.create(table, "bench", WriteFixture.committerOptions());
        writer = changelog ? ChangeWriter.changelog(table, WriteFixture.writerOptions(events()))
            : ChangeWriter.upsert(table, WriteFixture.writerOptions(events()), committer.checkpoint());
      }
      case "iceberg-append" -> {
        table = f.newAppendTable(changelog ? io.cdclake.iceberg.TableSetup.changelogSchema(f.schema) : f.schema);
        appendRecords = changelog ? changelogRecords(f) : f.records;
      }
      default -> throw new IllegalArgumentException("no write implementation " + impl);
    }
  }

  /** Writes and commits one batch: the whole corpus. */
  void batch() {
    WriteFixture f = fixture();
    batch++;
    if (writer != null) {
      WriteFixture.writeBatch(writer, committer, changelog ? f.changelogEvents : f.upsertEvents, batch);
    } else {
      WriteFixture.appendBatch(table, appendRecords, batch);
    }
  }

  private List<org.apache.iceberg.data.Record> changelogRecords(WriteFixture f) {
    return f.records.stream().map(r -> {
      org.apache.iceberg.data.GenericRecord c = org.apache.iceberg.data.GenericRecord.create(table.schema());
      for (org.apache.iceberg.types.Types.NestedField field : f.schema.columns()) {
        c.setField(field.name(), r.getField(field.name()));
      }
      return (org.apache.iceberg.data.Record) c;
    }).toList();
  }

  /**
   * Before measuring: one batch into a fresh table must leave the rows the corpus leaves (upsert: the
   * live keys; changelog and append: one row per event). Throws when it does not.
   */
  void check() {
    reset();
    batch();
    long rows = WriteFixture.countRows(table);
    WriteFixture f = fixture();
    long expected;
    if (impl.equals("cdc-lake") && !changelog) {
      Set<Object> live = new HashSet<>();
      for (ChangeEvent e : f.events) {
        Object id = (e.op() == Op.DELETE ? e.before() : e.after()).get("id");
        if (e.op() == Op.DELETE) {
          live.remove(id);
        } else {
          live.add(id);
        }
      }
      expected = live.size();
    } else {
      expected = f.events.size();
    }
    if (rows != expected) {
      throw new IllegalStateException(impl + (changelog ? " changelog" : " upsert") + " wrote " + rows + " rows, expected " + expected);
    }
    reset();
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
      writer = null;
    }
    committer = null;
    table = null;
  }
}
