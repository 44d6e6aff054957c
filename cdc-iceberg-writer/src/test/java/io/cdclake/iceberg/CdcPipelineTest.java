package io.cdclake.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.ChangeDecoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.DeadLetter;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import io.cdclake.schema.TableConfig;
import io.cdclake.schema.TableConfigs;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdcPipelineTest {
  static final TableId ORDERS = TableId.of("shop", "public", "orders");
  static final TableSchema V1 = TableSchema.of(List.of(Column.required("id", ColumnType.LONG), Column.optional("name", ColumnType.STRING)),
      List.of("id"));
  static final TableSchema V2 = TableSchema.of(List.of(Column.required("id", ColumnType.LONG), Column.optional("name", ColumnType.STRING),
      Column.optional("qty", ColumnType.INT)), List.of("id"));

  @TempDir
  Path dir;

  /** "op,id,name" lines: c (insert), u, d, t (tombstone), h (heartbeat); anything else is invalid. */
  static final class LineDecoder implements ChangeDecoder {
    @Override
    public void decode(RawMessage m, Consumer<? super ChangeEvent> out) {
      if (m.value() == null) {
        out.accept(ChangeEvent.builder(Op.TOMBSTONE).table(ORDERS).key(Row.of("id", Long.parseLong(new String(m.key(),
            StandardCharsets.UTF_8)))).build());
        return;
      }
      String[] p = new String(m.value(), StandardCharsets.UTF_8).split(",");
      long off = Long.parseLong(m.transport().offset());
      switch (p[0]) {
        case "c" -> out.accept(ev(Op.INSERT, off, Long.parseLong(p[1]), p[2]));
        case "u" -> out.accept(ev(Op.UPDATE, off, Long.parseLong(p[1]), p[2]));
        case "d" -> out.accept(ChangeEvent.builder(Op.DELETE).table(ORDERS).key(Row.of("id", Long.parseLong(p[1])))
            .before(Row.of("id", Long.parseLong(p[1]))).position(pos(off)).schema(V1).build());
        case "h" -> out.accept(ChangeEvent.builder(Op.HEARTBEAT).build());
        default -> throw new InvalidEventException("Cannot decode line: unknown op (op=" + p[0] + ")", 0, null, null, null);
      }
    }

    @Override
    public void decodeStream(InputStream in, String streamName, Consumer<? super ChangeEvent> out) {
      throw new UnsupportedOperationException();
    }
  }

  static SourcePosition pos(long n) {
    return SourcePosition.of("postgresql", Fixture.PG, n, n);
  }

  static ChangeEvent ev(Op op, long p, long id, String name) {
    return ChangeEvent.builder(op).table(ORDERS).after(Row.of("id", id, "name", name)).key(Row.of("id", id)).position(pos(p))
        .schema(V1).build();
  }

  static RawMessage msg(long offset, String line) {
    return new RawMessage(null, line.getBytes(StandardCharsets.UTF_8), Map.of(), "orders", TransportPosition.kafka("orders", 0, offset));
  }

  static List<RawMessage> stream() {
    return List.of(msg(1, "c,1,a"), msg(2, "c,2,b"), msg(3, "h"), msg(4, "u,1,a2"), msg(5, "d,2"), msg(6, "c,3,c"));
  }

  private CdcPipeline pipeline(Catalog c, int every) {
    return CdcPipeline.builder(c, "svc").decoder(new LineDecoder()).commitEvery(every, Duration.ofHours(1))
        .committerOptions(CommitterOptions.defaults().withInlineManifestWork(true)).build();
  }

  private static TreeMap<Long, String> names(Table t) {
    TreeMap<Long, String> out = new TreeMap<>();
    Fixture.byId(t).forEach((k, v) -> out.put(k, (String) v.get("name")));
    return out;
  }

  private static int snapshots(Table t) {
    t.refresh();
    int n = 0;
    for (Snapshot s : t.snapshots()) {
      n++;
    }
    return n;
  }

  @Test
  void decodesReconcilesWritesAndCommitsOnTheSizeTrigger() {
    Catalog c = Catalogs.embedded(dir);
    CdcPipeline p = pipeline(c, 3);
    stream().forEach(p::accept);
    p.flush();
    Table t = c.loadTable(TableIdentifier.of("shop", "orders"));
    assertThat(t.schema().identifierFieldNames()).containsExactly("id");
    assertThat(names(t)).isEqualTo(new TreeMap<>(Map.of(1L, "a2", 3L, "c")));
    PipelineCounters n = p.counters();
    assertThat(n.eventsByOp()).containsEntry(Op.INSERT, 3L).containsEntry(Op.UPDATE, 1L).containsEntry(Op.DELETE, 1L)
        .containsEntry(Op.HEARTBEAT, 1L);
    assertThat(n.heartbeats()).isEqualTo(1);
    assertThat(n.commits()).isEqualTo(2);
    assertThat(p.resumePositions()).containsExactly(TransportPosition.kafka("orders", 0, 6));
  }

  @Test
  void tablesListsTheIcebergTablesOfTheSourceTablesSeenIncludingOnesOnlyLoadedOnReplay() {
    Catalog c = Catalogs.embedded(dir);
    CdcPipeline p = pipeline(c, 100);
    assertThat(p.tables()).isEmpty();
    stream().forEach(p::accept);
    p.flush();
    assertThat(p.tables()).containsExactly(TableIdentifier.of("shop", "orders"));
    CdcPipeline again = pipeline(Catalogs.embedded(dir), 100);
    stream().forEach(again::accept);
    assertThat(again.tables()).containsExactly(TableIdentifier.of("shop", "orders"));
  }

  @Test
  void aRestartedPipelineResumesAndAReplayChangesNothing() {
    Catalog c = Catalogs.embedded(dir);
    CdcPipeline p = pipeline(c, 100);
    stream().forEach(p::accept);
    p.flush();
    Table t = c.loadTable(TableIdentifier.of("shop", "orders"));
    int before = snapshots(t);
    CdcPipeline again = pipeline(Catalogs.embedded(dir), 100);
    stream().forEach(again::accept); // the transport replays everything
    again.flush();
    assertThat(again.counters().replayed()).isEqualTo(5);
    assertThat(snapshots(t)).isEqualTo(before);
    assertThat(names(t)).isEqualTo(new TreeMap<>(Map.of(1L, "a2", 3L, "c")));
  }

  @Test
  void aNewColumnInTheMiddleOfABatchCommitsTheRowsBeforeItThenEvolves() {
    Catalog c = Catalogs.embedded(dir);
    CdcPipeline p = CdcPipeline.builder(c, "svc").commitEvery(100, Duration.ofHours(1)).build();
    p.accept(ev(Op.INSERT, 1, 1, "a").withTransport(TransportPosition.kafka("orders", 0, 1)));
    p.accept(ChangeEvent.builder(Op.INSERT).table(ORDERS).after(Row.of("id", 2L, "name", "b", "qty", 5)).key(Row.of("id", 2L))
        .position(pos(2)).schema(V2).transport(TransportPosition.kafka("orders", 0, 2)).build());
    p.flush();
    Table t = c.loadTable(TableIdentifier.of("shop", "orders"));
    assertThat(t.schema().findField("qty")).isNotNull();
    // rows before the change, the change (its history record, no data), rows after it
    assertThat(snapshots(t)).isEqualTo(3);
    assertThat(io.cdclake.schema.SchemaHistory.read(t)).singleElement()
        .satisfies(h -> assertThat(h.changes()).extracting(x -> x.text()).containsExactly("add column qty int"));
    assertThat(Fixture.byId(t).get(1L).get("qty")).isNull();
    assertThat(Fixture.byId(t).get(2L).get("qty")).isEqualTo(5);
    assertThat(p.counters().schemaUpdates()).isEqualTo(2);
  }

  @Test
  void aDdlEventEvolvesTheTableBetweenCommits() {
    Catalog c = Catalogs.embedded(dir);
    CdcPipeline p = CdcPipeline.builder(c, "svc").commitEvery(100, Duration.ofHours(1)).build();
    p.accept(ev(Op.INSERT, 1, 1, "a"));
    p.accept(ChangeEvent.builder(Op.SCHEMA_CHANGE).schemaChanges(List.of(new SchemaChange(SchemaChange.Kind.ALTER_TABLE, ORDERS, null,
        V2, List.of()))).ddl("ALTER TABLE orders ADD COLUMN qty int").position(pos(2)).build());
    p.flush();
    Table t = c.loadTable(TableIdentifier.of("shop", "orders"));
    assertThat(t.schema().findField("qty")).isNotNull();
    assertThat(Fixture.byId(t)).containsOnlyKeys(1L);
  }

  @Test
  void badInputFailsFastByDefaultOrGoesToTheDeadLetterSink() {
    Catalog c = Catalogs.embedded(dir);
    assertThatThrownBy(() -> pipeline(c, 100).accept(msg(1, "x,1,a"))).isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("orders/0@1");
    List<DeadLetter> letters = new ArrayList<>();
    CdcPipeline p = CdcPipeline.builder(c, "svc").decoder(new LineDecoder()).deadLetters(letters::add).build();
    p.accept(msg(1, "x,1,a"));
    p.accept(msg(2, "c,1,a"));
    p.flush();
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).message().transport().offset()).isEqualTo("1");
    assertThat(new String(letters.get(0).message().value(), StandardCharsets.UTF_8)).isEqualTo("x,1,a");
    assertThat(p.counters().deadLetters()).isEqualTo(1);
    assertThat(p.resumePositions()).containsExactly(TransportPosition.kafka("orders", 0, 2));
  }

  @Test
  void tombstonesAreIgnoredByDefaultOrDeleteByKey() {
    Catalog c = Catalogs.embedded(dir);
    RawMessage tomb = new RawMessage("1".getBytes(StandardCharsets.UTF_8), null, Map.of(), "orders", TransportPosition.kafka("orders", 0, 9));
    CdcPipeline p = pipeline(c, 100);
    p.accept(msg(1, "c,1,a"));
    p.accept(tomb);
    p.flush();
    Table t = c.loadTable(TableIdentifier.of("shop", "orders"));
    assertThat(names(t)).containsOnlyKeys(1L);
    assertThat(p.counters().tombstonesIgnored()).isEqualTo(1);
    CdcPipeline deleting = CdcPipeline.builder(c, "svc2").decoder(new LineDecoder()).tombstones(CdcPipeline.TombstonePolicy.DELETE_BY_KEY)
        .build();
    deleting.accept(tomb);
    deleting.flush();
    assertThat(names(t)).isEmpty();
    assertThat(deleting.counters().tombstonesAsDeletes()).isEqualTo(1);
  }

  @Test
  void changelogModeWritesEveryEventBesideTheUpsertTable() {
    Catalog c = Catalogs.embedded(dir);
    TableConfig both = new TableConfig("shop", "orders", List.of(), null, List.of(), 2, null, null, List.of(), List.of(),
        TableConfig.Mode.UPSERT_AND_CHANGELOG, Map.of(), Map.of());
    CdcPipeline p = CdcPipeline.builder(c, "svc").decoder(new LineDecoder()).tables(TableConfigs.of(List.of(both))).build();
    stream().forEach(p::accept);
    p.flush();
    assertThat(names(c.loadTable(TableIdentifier.of("shop", "orders")))).containsOnlyKeys(1L, 3L);
    List<Map<String, Object>> log = Fixture.rows(c.loadTable(TableIdentifier.of("shop", "orders_changelog")));
    assertThat(log).hasSize(5);
    assertThat(log).extracting(m -> m.get("_cdc_op")).containsOnly("insert", "update", "delete");
  }
}
