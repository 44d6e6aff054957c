package io.cdclake.bench;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmark corpus: realistic change events of one 20-column table, generated from a fixed
 * seed so every run (and every machine) measures the same bytes, and their encodings in each wire
 * format.
 *
 * <p>The table: an int key, bigints, varchar names and emails, two decimal(12,2), one timestamp in
 * each Debezium encoding (Timestamp in ms, MicroTimestamp, NanoTimestamp, ZonedTimestamp), two
 * dates, two booleans, two doubles and a free-text note; every column but the key is NULL about
 * 10% of the time. Operations: 60% insert, 30% update with a before image, 10% delete with a
 * before image (PostgreSQL with REPLICA IDENTITY FULL), over a live key set so updates and
 * deletes touch rows that exist (the write suites rely on it).
 */
public final class Corpus {
  public static final long SEED = 0x5EED_CDC_1A4EL;
  public static final TableId TABLE = TableId.of("inventory", "public", "customers");
  public static final String TOPIC = "srv.public.customers";
  /** The table as DMS names it (schema and table, no database). */
  public static final TableId DMS_TABLE = TableId.of("public", "customers");
  static final double NULL_RATE = 0.10;

  private static final String[] PG_NAMES = {"lastCommitLsn", "lsn"};
  private static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Ken", "Leslie",
      "Radia", "Tim", "Shafi", "Niklaus", "Adele", "Butler", "Jean", "Robin", "Sophie", "Dennis", "Anita", "Vint", "Hedy"};
  private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "McCarthy", "Hamilton",
      "Thompson", "Lamport", "Perlman", "Berners-Lee", "Goldwasser", "Wirth", "Goldberg", "Lampson", "Sammet", "Milner", "Wilson", "Ritchie",
      "Borg", "Cerf", "Lamarr"};
  private static final String[] CITY = {"Amsterdam", "Berlin", "Cambridge", "Dublin", "Edinburgh", "Frankfurt", "Geneva", "Helsinki",
      "Lisbon", "Madrid", "Oslo", "Paris", "Prague", "Vienna", "Warsaw", "Zurich"};
  private static final String[] DOMAIN = {"example.com", "mail.example.org", "corp.example.net", "example.io"};
  private static final String[] WORDS = {"prefers", "email", "contact", "after", "renewal", "account", "migrated", "from", "legacy",
      "system", "asked", "for", "invoice", "copies", "priority", "support", "customer", "since", "region", "review", "pending", "note"};

  /** The table's 20 columns, key {@code id}. */
  public static final TableSchema SCHEMA = TableSchema.of(List.of(
      Column.required("id", ColumnType.INT).withSourceType("int4"),
      Column.optional("account_id", ColumnType.LONG).withSourceType("int8"),
      Column.optional("first_name", ColumnType.STRING).withSourceType("varchar(64)"),
      Column.optional("last_name", ColumnType.STRING).withSourceType("varchar(64)"),
      Column.optional("email", ColumnType.STRING).withSourceType("varchar(255)"),
      Column.optional("city", ColumnType.STRING).withSourceType("varchar(64)"),
      Column.optional("balance", ColumnType.decimal(12, 2)).withSourceType("numeric(12,2)"),
      Column.optional("credit_limit", ColumnType.decimal(12, 2)).withSourceType("numeric(12,2)"),
      Column.optional("created_at", ColumnType.TIMESTAMP).withSourceType("io.debezium.time.Timestamp"),
      Column.optional("updated_at", ColumnType.TIMESTAMP).withSourceType("io.debezium.time.MicroTimestamp"),
      Column.optional("event_time", ColumnType.TIMESTAMP).withSourceType("io.debezium.time.NanoTimestamp"),
      Column.optional("last_login", ColumnType.TIMESTAMP_TZ).withSourceType("io.debezium.time.ZonedTimestamp"),
      Column.optional("birth_date", ColumnType.DATE).withSourceType("date"),
      Column.optional("signup_date", ColumnType.DATE).withSourceType("date"),
      Column.optional("active", ColumnType.BOOLEAN).withSourceType("bool"),
      Column.optional("verified", ColumnType.BOOLEAN).withSourceType("bool"),
      Column.optional("score", ColumnType.DOUBLE).withSourceType("float8"),
      Column.optional("ratio", ColumnType.DOUBLE).withSourceType("float8"),
      Column.optional("login_count", ColumnType.LONG).withSourceType("int8"),
      Column.optional("notes", ColumnType.STRING).withSourceType("text")),
      List.of("id"));

  private final List<ChangeEvent> events;
  private final Map<Format, byte[][]> encoded = new EnumMap<>(Format.class);

  private Corpus(List<ChangeEvent> events) {
    this.events = events;
  }

  /** {@code n} events from the fixed seed; the same {@code n} always gives the same events. */
  public static Corpus generate(int n) {
    return new Corpus(Collections.unmodifiableList(events(n, SEED)));
  }

  public List<ChangeEvent> events() {
    return events;
  }

  public int size() {
    return events.size();
  }

  /** The messages (values) in one wire format, one per event; encoded once and kept. */
  public synchronized byte[][] messages(Format f) {
    return encoded.computeIfAbsent(f, k -> k.encode(this));
  }

  public long totalBytes(Format f) {
    long n = 0;
    for (byte[] m : messages(f)) {
      n += m.length;
    }
    return n;
  }

  public double bytesPerEvent(Format f) {
    return (double) totalBytes(f) / events.size();
  }

  /** Expected counts for checking that a decoder really decoded the corpus. */
  public Expected expected() {
    Expected x = new Expected();
    for (ChangeEvent e : events) {
      switch (e.op()) {
        case INSERT -> x.inserts++;
        case UPDATE -> x.updates++;
        case DELETE -> x.deletes++;
        default -> throw new IllegalStateException("unexpected op " + e.op());
      }
      for (Row r : new Row[] {e.before(), e.after()}) {
        if (r != null) {
          x.images++;
          x.values += nonNull(r);
        }
      }
      Row main = e.op() == Op.DELETE ? e.before() : e.after();
      x.mainValues += nonNull(main);
    }
    return x;
  }

  static int nonNull(Row r) {
    int n = 0;
    for (int i = 0; i < r.size(); i++) {
      if (r.value(i) != null) {
        n++;
      }
    }
    return n;
  }

  /** What a full decode of the corpus must see. */
  public static final class Expected {
    public long inserts;
    public long updates;
    public long deletes;
    /** Row images (before and after) in all events. */
    public long images;
    /** Non-null column values in all row images. */
    public long values;
    /** Non-null values in the one image a sink keeps per event: after, or before for deletes. */
    public long mainValues;

    public long events() {
      return inserts + updates + deletes;
    }

    @Override
    public String toString() {
      return "events=" + events() + " (I " + inserts + ", U " + updates + ", D " + deletes + "), images=" + images + ", values=" + values
          + ", mainValues=" + mainValues;
    }
  }

  // ------------------------------------------------------------------ generation

  static List<ChangeEvent> events(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<Integer, Row> live = new LinkedHashMap<>();
    List<Integer> liveKeys = new ArrayList<>();
    List<ChangeEvent> out = new ArrayList<>(n);
    int nextId = 1;
    long lsn = 0x2_7C00_0000L;
    long lastCommit = lsn;
    long txId = 780_000;
    Instant clock = Instant.parse("2025-03-01T08:00:00Z");
    for (int i = 0; i < n; i++) {
      int dice = rnd.nextInt(100);
      Op op = liveKeys.size() < 10 || dice < 60 ? Op.INSERT : dice < 90 ? Op.UPDATE : Op.DELETE;
      lsn += 120 + rnd.nextInt(400);
      clock = clock.plusNanos(1_000L * (50 + rnd.nextInt(2_000)));
      if (rnd.nextInt(4) == 0) {
        lastCommit = lsn;
        txId++;
      }
      ChangeEvent.Builder b = ChangeEvent.builder(op).table(TABLE).schema(SCHEMA)
          .position(SourcePosition.of("postgresql", PG_NAMES, lastCommit, lsn))
          .commitTime(clock.truncatedTo(java.time.temporal.ChronoUnit.MICROS))
          .processedTime(clock.plusMillis(3 + rnd.nextInt(40)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
      switch (op) {
        case INSERT -> {
          int id = nextId++;
          Row after = row(rnd, id, clock);
          live.put(id, after);
          liveKeys.add(id);
          b.after(after).key(Row.of("id", id));
        }
        case UPDATE -> {
          int id = liveKeys.get(rnd.nextInt(liveKeys.size()));
          Row before = live.get(id);
          Row after = update(rnd, before, clock);
          live.put(id, after);
          b.before(before).after(after).key(Row.of("id", id));
        }
        case DELETE -> {
          int k = rnd.nextInt(liveKeys.size());
          int id = liveKeys.get(k);
          liveKeys.set(k, liveKeys.get(liveKeys.size() - 1));
          liveKeys.remove(liveKeys.size() - 1);
          Row before = live.remove(id);
          b.before(before).key(Row.of("id", id));
        }
        default -> throw new IllegalStateException();
      }
      out.add(b.build());
    }
    return out;
  }

  private static boolean isNull(SplittableRandom rnd) {
    return rnd.nextDouble() < NULL_RATE;
  }

  private static Row row(SplittableRandom rnd, int id, Instant now) {
    String first = FIRST[rnd.nextInt(FIRST.length)];
    String last = LAST[rnd.nextInt(LAST.length)];
    Row.Builder b = Row.builder(20);
    b.put("id", id);
    b.put("account_id", isNull(rnd) ? null : 1_000_000_000L + rnd.nextLong(9_000_000_000L));
    b.put("first_name", isNull(rnd) ? null : first);
    b.put("last_name", isNull(rnd) ? null : last);
    b.put("email", isNull(rnd) ? null : (first + "." + last + (id % 997)).toLowerCase(java.util.Locale.ROOT) + "@" + DOMAIN[rnd.nextInt(DOMAIN.length)]);
    b.put("city", isNull(rnd) ? null : CITY[rnd.nextInt(CITY.length)]);
    b.put("balance", isNull(rnd) ? null : money(rnd, 100_000_000L));
    b.put("credit_limit", isNull(rnd) ? null : money(rnd, 5_000_000_000L));
    long created = now.getEpochSecond() - rnd.nextLong(3L * 365 * 86_400);
    b.put("created_at", isNull(rnd) ? null : LocalDateTime.ofEpochSecond(created, rnd.nextInt(1000) * 1_000_000, ZoneOffset.UTC));
    b.put("updated_at", isNull(rnd) ? null : wall(now, rnd, 1_000));
    // NanoTimestamp units, microsecond values: Iceberg timestamps hold microseconds, and the pipeline refuses finer values by default
    b.put("event_time", isNull(rnd) ? null : wall(now, rnd, 1_000));
    b.put("last_login", isNull(rnd) ? null
        : OffsetDateTime.ofInstant(now.minusSeconds(rnd.nextLong(30L * 86_400)).minusNanos(rnd.nextInt(1_000_000) * 1_000L), ZoneOffset.UTC));
    b.put("birth_date", isNull(rnd) ? null : LocalDate.ofEpochDay(-9_000 + rnd.nextInt(14_000)));
    b.put("signup_date", isNull(rnd) ? null : LocalDate.ofEpochDay(created / 86_400));
    b.put("active", isNull(rnd) ? null : rnd.nextInt(10) < 8);
    b.put("verified", isNull(rnd) ? null : rnd.nextBoolean());
    b.put("score", isNull(rnd) ? null : Math.round(rnd.nextDouble() * 1_000_000.0) / 1000.0);
    b.put("ratio", isNull(rnd) ? null : rnd.nextDouble());
    b.put("login_count", isNull(rnd) ? null : (long) rnd.nextInt(5_000));
    b.put("notes", isNull(rnd) ? null : sentence(rnd));
    return b.build();
  }

  /** An update: a few columns change, the rest keep their values. */
  private static Row update(SplittableRandom rnd, Row before, Instant now) {
    Row fresh = row(rnd, (Integer) before.get("id"), now);
    Row.Builder b = before.toBuilder();
    int changes = 1 + rnd.nextInt(4);
    for (int c = 0; c < changes; c++) {
      String name = SCHEMA.columns().get(1 + rnd.nextInt(SCHEMA.columns().size() - 1)).name();
      b.set(name, fresh.get(name));
    }
    b.set("updated_at", wall(now, rnd, 1_000));
    b.set("login_count", before.get("login_count") == null ? 1L : (Long) before.get("login_count") + 1);
    return b.build();
  }

  private static BigDecimal money(SplittableRandom rnd, long maxCents) {
    long cents = rnd.nextLong(maxCents) - maxCents / 10;
    return BigDecimal.valueOf(cents, 2);
  }

  /** A wall-clock time near {@code now} with precision {@code nanoStep} nanoseconds. */
  private static LocalDateTime wall(Instant now, SplittableRandom rnd, int nanoStep) {
    Instant t = now.minusNanos(rnd.nextLong(86_400_000_000_000L));
    long nanos = t.getNano() / nanoStep * (long) nanoStep;
    return LocalDateTime.ofEpochSecond(t.getEpochSecond(), (int) nanos, ZoneOffset.UTC);
  }

  private static String sentence(SplittableRandom rnd) {
    int words = 3 + rnd.nextInt(12);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(WORDS[rnd.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }
}
