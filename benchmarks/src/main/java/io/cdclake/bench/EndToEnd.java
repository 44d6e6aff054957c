package io.cdclake.bench;

import io.cdclake.iceberg.Catalogs;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.Op;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The end-to-end figure: a file of Debezium JSON events (without schema, one per line, the
 * corpus's table) into a committed Iceberg table through the command line,
 * {@code bin/cdc-lake ingest --format debezium-json --table-schemas ...}, pinned to one core with
 * {@code taskset -c 0} when taskset exists. Reports the rate the CLI prints (decode to commit,
 * JVM start-up excluded) and the wall-clock rate of the whole process, and checks the table holds
 * exactly the corpus's live keys.
 */
public final class EndToEnd {
  private static final Pattern RATE = Pattern.compile("cdc-lake ingest: ([0-9.]+) s, ([0-9,]+) events/s");

  /** What one run gave. */
  public record Result(int events, double cliSeconds, double cliEventsPerSecond, double wallSeconds, boolean oneCore, long rows,
      double bytesPerEvent) {}

  private EndToEnd() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Result r = run(Path.of("."), Path.of("benchmarks", "target", "e2e"), n);
    System.out.println(r);
  }

  public static Result run(Path root, Path work, int n) throws IOException, InterruptedException {
    Files.createDirectories(work);
    Path warehouse = work.resolve("warehouse");
    delete(warehouse);
    Corpus corpus = Corpus.generate(n);
    Path input = work.resolve("events.ndjson");
    long bytes = 0;
    try (OutputStream out = Files.newOutputStream(input)) {
      for (byte[] m : corpus.messages(Format.DEBEZIUM_JSON)) {
        out.write(m);
        out.write('\n');
        bytes += m.length;
      }
    }
    Path schemas = work.resolve("table-schemas.json");
    Files.writeString(schemas, tableSchemasJson());
    String cli = root.resolve("bin").resolve("cdc-lake").toString();
    // build the runnable jar first, outside the measurement
    exec(List.of(cli, "--help"), work.resolve("build.log"));
    boolean oneCore = Files.isExecutable(Path.of("/usr/bin/taskset"));
    List<String> cmd = new ArrayList<>();
    if (oneCore) {
      cmd.addAll(List.of("/usr/bin/taskset", "-c", "0"));
    }
    cmd.addAll(List.of(cli, "ingest", "--format", "debezium-json", "--table-schemas", schemas.toString(), "--warehouse",
        warehouse.toString(), "--commit-every", "50000", "--no-progress", input.toString()));
    long t0 = System.nanoTime();
    String err = exec(cmd, work.resolve("ingest.log"));
    double wall = (System.nanoTime() - t0) / 1e9;
    Matcher m = RATE.matcher(err);
    if (!m.find()) {
      throw new IllegalStateException("the CLI printed no rate; its output is in " + work.resolve("ingest.log"));
    }
    double cliSeconds = Double.parseDouble(m.group(1));
    double cliRate = Double.parseDouble(m.group(2).replace(",", ""));
    long rows = countRows(warehouse);
    long live = liveKeys(corpus.events());
    if (rows != live) {
      throw new IllegalStateException("the table holds " + rows + " rows, the corpus leaves " + live + " live keys");
    }
    return new Result(n, cliSeconds, cliRate, wall, oneCore, rows, (double) bytes / n);
  }

  /** The keys left after applying the events in order (the rows an upsert table must hold). */
  public static long liveKeys(List<ChangeEvent> events) {
    Set<Object> live = new HashSet<>();
    for (ChangeEvent e : events) {
      Object id = (e.op() == Op.DELETE ? e.before() : e.after()).get("id");
      if (e.op() == Op.DELETE) {
        live.remove(id);
      } else {
        live.add(id);
      }
    }
    return live.size();
  }

  private static long countRows(Path warehouse) throws IOException {
    Catalog catalog = Catalogs.embedded(warehouse);
    Table t = catalog.loadTable(TableIdentifier.of(Corpus.TABLE.database(), Corpus.TABLE.table()));
    long n = 0;
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).build()) {
      for (Record ignored : rows) {
        n++;
      }
    }
    return n;
  }

  /** The corpus's table in the CLI's --table-schemas form. */
  static String tableSchemasJson() {
    StringBuilder sb = new StringBuilder("[{\"table\":\"").append(Corpus.TABLE).append("\",\"columns\":[");
    List<Column> cols = Corpus.SCHEMA.columns();
    for (int i = 0; i < cols.size(); i++) {
      Column c = cols.get(i);
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"name\":\"").append(c.name()).append("\",\"type\":\"").append(c.type()).append("\",\"optional\":").append(c.optional());
      if (c.sourceType() != null) {
        sb.append(",\"source_type\":\"").append(c.sourceType()).append('"');
      }
      sb.append('}');
    }
    sb.append("],\"primary_key\":[\"id\"]}]");
    return sb.toString();
  }

  /** Runs a command, its output to {@code log}; returns what it printed; throws when it fails. */
  private static String exec(List<String> cmd, Path log) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int code = p.waitFor();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    if (code != 0) {
      throw new IllegalStateException("command failed (exit " + code + "): " + String.join(" ", cmd) + "; output in " + log);
    }
    return out;
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
