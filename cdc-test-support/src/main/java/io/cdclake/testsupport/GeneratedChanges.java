package io.cdclake.testsupport;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TransportPosition;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A deterministic stream of change events over a small key space of one table, and the table it
 * must leave behind (an in-memory model). For engine hosts' tests: inserts, updates with
 * before-images, partition moves (the {@code cat} column changes), deletes, key changes (an update
 * whose key differs from its before-image's), one truncate, and a column {@code note} that appears
 * half-way (a schema change carried by the data). Columns: {@code id} (long key), {@code name},
 * {@code cat} (strings), {@code amount} (long), {@code note} (string, from the middle on).
 * Positions are PostgreSQL-like {@code (i, i)}; transport positions are {@code orders/0@i}.
 */
public final class GeneratedChanges {
  public static final TableId TABLE = TableId.of("shop", "public", "orders");
  /** A table config partitioning the table by {@code cat} (a column outside the key, so partition moves happen). */
  public static final String TABLE_CONFIG_JSON = "[{\"db\": \"shop\", \"table\": \"orders\", \"partition-by\": [\"cat\"]}]";
  private static final String[] PG = {"lsn_commit", "lsn"};
  private static final String[] CATS = {"a", "b", "c"};

  private final List<ChangeEvent> events;
  private final TreeMap<Long, Map<String, Object>> rows;
  private final EnumMap<Op, Integer> counts;
  private final int keyChanges;
  private final int partitionMoves;

  private GeneratedChanges(List<ChangeEvent> events, TreeMap<Long, Map<String, Object>> rows, EnumMap<Op, Integer> counts, int keyChanges,
      int partitionMoves) {
    this.events = events;
    this.rows = rows;
    this.counts = counts;
    this.keyChanges = keyChanges;
    this.partitionMoves = partitionMoves;
  }

  /**
   * @param seed the random seed (same seed, same stream)
   * @param n the number of events
   * @param keys the key space (ids 1 to keys)
   */
  public static GeneratedChanges generate(long seed, int n, int keys) {
    Random rnd = new Random(seed);
    List<ChangeEvent> out = new ArrayList<>(n);
    TreeMap<Long, Map<String, Object>> model = new TreeMap<>();
    EnumMap<Op, Integer> counts = new EnumMap<>(Op.class);
    int keyChanges = 0;
    int moves = 0;
    int truncateAt = (int) (n * 0.4);
    int noteFrom = n / 2;
    for (int i = 0; i < n; i++) {
      ChangeEvent.Builder b;
      if (i == truncateAt) {
        b = ChangeEvent.builder(Op.TRUNCATE).table(TABLE);
        model.clear();
      } else {
        long id = 1 + rnd.nextInt(keys);
        Map<String, Object> current = model.get(id);
        boolean note = i >= noteFrom;
        if (current == null) {
          Map<String, Object> row = row(id, "n" + i, CATS[rnd.nextInt(CATS.length)], (long) rnd.nextInt(1000), note ? "t" + i : null, note);
          b = ChangeEvent.builder(Op.INSERT).table(TABLE).key(Row.of("id", id)).after(Row.ofMap(row));
          model.put(id, row);
        } else {
          int dice = rnd.nextInt(100);
          Row before = Row.ofMap(current);
          if (dice < 20) {
            b = ChangeEvent.builder(Op.DELETE).table(TABLE).key(Row.of("id", id)).before(before);
            model.remove(id);
          } else if (dice < 26 && model.size() < keys) {
            long newId = 1 + rnd.nextInt(keys);
            while (model.containsKey(newId)) {
              newId = 1 + rnd.nextInt(keys);
            }
            Map<String, Object> row = row(newId, "k" + i, (String) current.get("cat"), (Long) current.get("amount"), note ? "t" + i : null,
                note);
            b = ChangeEvent.builder(Op.UPDATE).table(TABLE).key(Row.of("id", newId)).before(before).after(Row.ofMap(row));
            model.remove(id);
            model.put(newId, row);
            keyChanges++;
          } else {
            String cat = (String) current.get("cat");
            if (dice < 45) {
              cat = CATS[(java.util.Arrays.asList(CATS).indexOf(cat) + 1) % CATS.length];
              moves++;
            }
            Map<String, Object> row = row(id, "u" + i, cat, (long) rnd.nextInt(1000), note ? "t" + i : null, note);
            b = ChangeEvent.builder(Op.UPDATE).table(TABLE).key(Row.of("id", id)).before(before).after(Row.ofMap(row));
            model.put(id, row);
          }
        }
      }
      ChangeEvent e = b.position(SourcePosition.of("postgresql", PG, i, i)).transport(TransportPosition.kafka("orders", 0, i)).build();
      counts.merge(e.op(), 1, Integer::sum);
      out.add(e);
    }
    return new GeneratedChanges(List.copyOf(out), model, counts, keyChanges, moves);
  }

  private static Map<String, Object> row(long id, String name, String cat, Long amount, String note, boolean withNote) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name);
    m.put("cat", cat);
    m.put("amount", amount);
    if (withNote) {
      m.put("note", note);
    }
    return m;
  }

  public List<ChangeEvent> events() {
    return events;
  }

  /** The rows the table must hold at the end, by id; every row has every column ({@code note} null where never set). */
  public TreeMap<Long, Map<String, Object>> finalRows() {
    TreeMap<Long, Map<String, Object>> out = new TreeMap<>();
    rows.forEach((id, r) -> {
      Map<String, Object> m = new LinkedHashMap<>(r);
      m.putIfAbsent("note", null);
      out.put(id, m);
    });
    return out;
  }

  public Map<Op, Integer> counts() {
    return counts;
  }

  public int keyChanges() {
    return keyChanges;
  }

  public int partitionMoves() {
    return partitionMoves;
  }

  /** A short description for test output. */
  public String describe() {
    return events.size() + " events " + counts + ", " + keyChanges + " key changes, " + partitionMoves + " partition moves, " + rows.size()
        + " rows at the end";
  }
}
