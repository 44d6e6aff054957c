package io.cdclake.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.schema.TableConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;

/**
 * The model-based property (RELIABILITY.md items 1, 2, 9, 10, 11, 13, 17 and 18's truncate, at
 * random): a simulated database produces a random change stream over four keys (inserts,
 * updates with full, key-only or no before-image and UNCHANGED columns, deletes of present and
 * absent keys, re-inserts, primary-key changes, partition moves, snapshot reads, truncates). The
 * stream is delivered in units, some shuffled (in-batch disorder), some delivered twice
 * (duplicates), cut into random batches; the host crashes at random between write and commit or
 * after commit, restarts from the table's own checkpoint and replays. The table read back through
 * Iceberg must equal the database's final state, with no duplicate key.
 */
class UpsertModelPropertyTest {
  private static final String[] CATS = {"x", "y", "z"};
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static InMemoryCatalog catalog;
  private static long started;
  private static int tries;
  private static final CommitterOptions COMMIT = CommitterOptions.defaults().withInlineManifestWork(true);
  private static long create;
  private static long host;
  private static long read;

  @BeforeContainer
  static void catalog() {
    catalog = new InMemoryCatalog();
    catalog.initialize("mem", Map.of());
    catalog.createNamespace(Namespace.of("db"));
    started = System.nanoTime();
  }

  @AfterContainer
  static void report() {
    System.out.printf("UpsertModelPropertyTest: %d tries in %.1f s%n", tries, (System.nanoTime() - started) / 1e9);
    System.out.printf("  table creation %.1f s, host (write, commit, crash, replay) %.1f s, read back %.1f s%n", create / 1e9,
        host / 1e9, read / 1e9);
  }

  @Property(tries = 1000, shrinking = ShrinkingMode.OFF)
  void tableEqualsTheDatabaseAfterCrashesAndReplays(@ForAll long seed) {
    check(seed, rnd -> WriterOptions.defaults()
        .withMaxBufferedEvents(new int[] {1, 4, 64, 64}[rnd.nextInt(4)])
        .withRowCacheSize(new int[] {0, 1, 100, 100}[rnd.nextInt(4)])
        .withPositionCacheSize(rnd.nextBoolean() ? 8 : 1000));
  }

  /**
   * The same with a position cache of one to three keys (of four), so the stale-event guard keeps almost nothing: a
   * re-delivery inside a batch must be found from the open batch's own positions, one in a later batch from the lane's
   * high-water mark of completed batches, never applied over a newer row (an old row back, or a second row for the key
   * in another partition). A fixed seed: the same 150 streams on every run (before the fix the 23rd failed).
   */
  @Property(tries = 150, shrinking = ShrinkingMode.OFF, seed = "11")
  void tableEqualsTheDatabaseWithAPositionCacheOfOneToThreeKeys(@ForAll long seed) {
    check(seed, rnd -> WriterOptions.defaults()
        .withMaxBufferedEvents(new int[] {1, 2, 4, 64}[rnd.nextInt(4)])
        .withRowCacheSize(new int[] {0, 1, 100, 100}[rnd.nextInt(4)])
        .withPositionCacheSize(1 + rnd.nextInt(3)));
  }

  private static void check(long seed, Function<Random, WriterOptions> options) {
    tries++;
    Random rnd = new Random(seed);
    boolean partitioned = rnd.nextBoolean();
    TableIdentifier id = TableIdentifier.of("db", "t" + TABLES.incrementAndGet());
    long t0 = System.nanoTime();
    Table table = TableSetup.createOrLoad(catalog, id, Fixture.SCHEMA, config(partitioned), null);
    create += System.nanoTime() - t0;
    try {
      Stream s = generate(rnd);
      WriterOptions opts = options.apply(rnd);
      t0 = System.nanoTime();
      runHost(table, s, opts, rnd);
      host += System.nanoTime() - t0;
      t0 = System.nanoTime();
      TreeMap<Long, Map<String, Object>> actual;
      try {
        actual = Fixture.byId(table);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + " (seed " + seed + ", partitioned " + partitioned + ", options " + opts + ")", e);
      }
      read += System.nanoTime() - t0;
      assertThat(actual).as("seed %d partitioned %s options %s", seed, partitioned, opts).isEqualTo(s.truth);
    } finally {
      catalog.dropTable(id, false);
    }
  }

  static TableConfig config(boolean partitioned) {
    TableConfig c = Fixture.config(partitioned ? List.of("cat") : List.of());
    String format = System.getProperty("model.format", "avro");
    return new TableConfig(c.db(), c.table(), c.primaryKey(), c.precombineKey(), c.timestampFields(), c.formatVersion(), c.mergeMode(),
        c.target(), c.partitionBy(), c.sortBy(), c.mode(), c.columnTypes(), Map.of("write.format.default", format));
  }

  // ------------------------------------------------------------------ the host with crashes

  private static void runHost(Table table, Stream s, WriterOptions opts, Random rnd) {
    List<ChangeEvent> delivery = s.delivery;
    List<Integer> unitStarts = s.unitStarts;
    ChangeCommitter committer = ChangeCommitter.create(table, "host", COMMIT);
    ChangeWriter writer = ChangeWriter.upsert(table, opts, committer.checkpoint());
    int unit = 0;
    int crashes = 0;
    long batch = 0;
    while (unit < unitStarts.size()) {
      int units = 1 + rnd.nextInt(4);
      int from = unitStarts.get(unit);
      int toUnit = Math.min(unitStarts.size(), unit + units);
      int to = toUnit == unitStarts.size() ? delivery.size() : unitStarts.get(toUnit);
      for (ChangeEvent e : delivery.subList(from, to)) {
        if (!committer.checkpoint().covers(e.transport())) {
          writer.write(e);
        }
      }
      WriteResult result = writer.complete(batch++);
      int crash = crashes < 3 ? rnd.nextInt(8) : 7;
      if (crash == 0) {
        // crash between write and commit: the files stay behind as orphans
        crashes++;
        committer = ChangeCommitter.create(table, "host", COMMIT);
        writer = ChangeWriter.upsert(table, opts, committer.checkpoint());
        unit = resumeUnit(committer.checkpoint(), delivery, unitStarts);
        continue;
      }
      CommitOutcome o = committer.commit(List.of(result));
      writer.committed(o.checkpoint());
      if (crash == 1) {
        // crash after commit, before the source was acknowledged: replay from an older unit
        crashes++;
        committer = ChangeCommitter.create(table, "host", COMMIT);
        writer = ChangeWriter.upsert(table, opts, committer.checkpoint());
        unit = rnd.nextInt(toUnit);
        continue;
      }
      unit = toUnit;
    }
  }

  private static int resumeUnit(Checkpoint cp, List<ChangeEvent> delivery, List<Integer> unitStarts) {
    for (int u = 0; u < unitStarts.size(); u++) {
      if (!cp.covers(delivery.get(unitStarts.get(u)).transport())) {
        return u;
      }
    }
    return unitStarts.size();
  }

  // ------------------------------------------------------------------ the simulated database

  record Stream(List<ChangeEvent> delivery, List<Integer> unitStarts, TreeMap<Long, Map<String, Object>> truth) {
  }

  static Stream generate(Random rnd) {
    TreeMap<Long, Map<String, Object>> db = new TreeMap<>();
    List<ChangeEvent> source = new ArrayList<>();
    int n = 3 + rnd.nextInt(12);
    long pos = 0;
    int names = 0;
    for (int i = 0; i < n; i++) {
      pos++;
      long k = 1 + rnd.nextInt(4);
      Map<String, Object> cur = db.get(k);
      int dice = rnd.nextInt(20);
      if (dice == 0) {
        db.clear();
        source.add(ChangeEvent.builder(Op.TRUNCATE).table(Fixture.SOURCE).position(Fixture.pos(pos)).build());
      } else if (cur == null && dice < 4) {
        source.add(ChangeEvent.builder(Op.DELETE).table(Fixture.SOURCE).key(Row.of("id", k)).before(Row.of("id", k))
            .position(Fixture.pos(pos)).build());
      } else if (cur == null) {
        Map<String, Object> row = Fixture.map("id", k, "name", "n" + (names++), "cat", CATS[rnd.nextInt(3)], "note",
            rnd.nextInt(4) == 0 ? null : "note" + (names++));
        db.put(k, row);
        Op op = rnd.nextInt(5) == 0 ? Op.SNAPSHOT_READ : Op.INSERT;
        source.add(ChangeEvent.builder(op).table(Fixture.SOURCE).after(rowOf(row)).key(Row.of("id", k)).position(Fixture.pos(pos))
            .snapshot(op == Op.SNAPSHOT_READ).build());
      } else if (dice < 5) {
        db.remove(k);
        Row before = rnd.nextBoolean() ? rowOf(cur) : Row.of("id", k);
        source.add(ChangeEvent.builder(Op.DELETE).table(Fixture.SOURCE).key(Row.of("id", k)).before(before)
            .position(Fixture.pos(pos)).build());
      } else if (dice < 7) {
        // primary-key change to an absent key, or a plain re-snapshot when every key is taken
        long k2 = -1;
        for (long c = 1; c <= 4; c++) {
          if (!db.containsKey(c)) {
            k2 = c;
          }
        }
        if (k2 < 0) {
          source.add(ChangeEvent.builder(Op.SNAPSHOT_READ).table(Fixture.SOURCE).after(rowOf(cur)).key(Row.of("id", k))
              .position(Fixture.pos(pos)).snapshot(true).build());
          continue;
        }
        Map<String, Object> moved = new HashMap<>(cur);
        moved.put("id", k2);
        if (rnd.nextBoolean()) {
          moved.put("cat", CATS[rnd.nextInt(3)]);
        }
        boolean unchangedNote = rnd.nextBoolean();
        db.remove(k);
        db.put(k2, moved);
        Row before = rnd.nextBoolean() ? rowOf(cur) : Row.of("id", k);
        source.add(ChangeEvent.builder(Op.UPDATE).table(Fixture.SOURCE).before(before).after(afterOf(moved, unchangedNote))
            .key(Row.of("id", k2)).position(Fixture.pos(pos)).build());
      } else {
        Map<String, Object> next = new HashMap<>(cur);
        next.put("name", "n" + (names++));
        if (rnd.nextInt(3) == 0) {
          next.put("cat", CATS[rnd.nextInt(3)]);
        }
        boolean unchangedNote = rnd.nextInt(3) == 0;
        if (!unchangedNote && rnd.nextBoolean()) {
          next.put("note", rnd.nextInt(4) == 0 ? null : "note" + (names++));
        }
        db.put(k, next);
        int b = rnd.nextInt(3);
        Row before = b == 0 ? rowOf(cur) : b == 1 ? Row.of("id", k) : null;
        source.add(ChangeEvent.builder(Op.UPDATE).table(Fixture.SOURCE).before(before).after(afterOf(next, unchangedNote))
            .key(Row.of("id", k)).position(Fixture.pos(pos)).build());
      }
    }
    // delivery: units of consecutive events, some shuffled, some delivered again later
    List<List<ChangeEvent>> units = new ArrayList<>();
    for (int i = 0; i < source.size(); ) {
      int len = Math.min(source.size() - i, 1 + rnd.nextInt(4));
      List<ChangeEvent> u = new ArrayList<>(source.subList(i, i + len));
      if (rnd.nextInt(3) == 0 && distinctKeys(u)) {
        Collections.shuffle(u, rnd);
      }
      units.add(u);
      i += len;
    }
    int dups = rnd.nextInt(3);
    for (int d = 0; d < dups && units.size() > 1; d++) {
      int src = rnd.nextInt(units.size() - 1);
      int at = src + 1 + rnd.nextInt(units.size() - src - 1) + 1;
      units.add(Math.min(at, units.size()), new ArrayList<>(units.get(src)));
    }
    List<ChangeEvent> delivery = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    long offset = 0;
    for (List<ChangeEvent> u : units) {
      starts.add(delivery.size());
      for (ChangeEvent e : u) {
        delivery.add(e.withTransport(Fixture.tp(++offset)));
      }
    }
    return new Stream(delivery, starts, db);
  }

  /** True when no two events of the unit touch the same key and none is a truncate (such units may be shuffled). */
  private static boolean distinctKeys(List<ChangeEvent> unit) {
    Set<Object> keys = new HashSet<>();
    for (ChangeEvent e : unit) {
      if (e.op() == Op.TRUNCATE) {
        return false;
      }
      Set<Object> mine = new HashSet<>();
      for (Row r : new Row[] {e.before(), e.after(), e.key()}) {
        if (r != null && r.contains("id")) {
          mine.add(r.get("id"));
        }
      }
      for (Object k : mine) {
        if (!keys.add(k)) {
          return false;
        }
      }
    }
    return true;
  }

  private static Row rowOf(Map<String, Object> m) {
    return Row.of("id", m.get("id"), "name", m.get("name"), "cat", m.get("cat"), "note", m.get("note"));
  }

  private static Row afterOf(Map<String, Object> m, boolean unchangedNote) {
    return Row.of("id", m.get("id"), "name", m.get("name"), "cat", m.get("cat"), "note",
        unchangedNote ? Row.unchangedMarker() : m.get("note"));
  }
}
