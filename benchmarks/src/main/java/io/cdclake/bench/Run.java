package io.cdclake.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cdclake.bench.decode.Suites;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the suites in one JMH run and prints one table: suite, implementation, score, error, MB/s,
 * allocation per event, ratio to the floor and cdc-lake's ratio to each peer. Writes the rows to
 * {@code benchmarks/target/results.json}. Started by {@code benchmarks/run}.
 *
 * <p>Options: {@code --quick} (short profile, under 5 minutes on 2 cores), {@code --only <regex>}
 * (benchmarks to run, matched against {@code package.Class.method}, e.g. {@code DecodeDebeziumJson\\.}), {@code --prof <jmh profiler>}
 * (in addition to {@code gc}, e.g. {@code jfr} or {@code async:libPath=...}), {@code --out <dir>}, {@code --no-e2e}
 * (skip the command-line end-to-end run, which follows the JMH suites).
 */
public final class Run {
  private Run() {}

  /** One line of the table. */
  record Row(String suite, String implementation, double score, double error, String unit, double bytesPerEvent, double allocPerEvent) {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    boolean e2e = true;
    String only = null;
    List<String> profilers = new ArrayList<>();
    Path out = Path.of("benchmarks", "target");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--only" -> only = args[++i];
        case "--prof" -> profilers.add(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--no-e2e" -> e2e = false;
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (use --quick, --only <regex>, --prof <profiler>, --out <dir>, --no-e2e)");
      }
    }
    Files.createDirectories(out);
    System.out.println(Machine.describe());

    Corpus corpus = Corpus.generate(Suites.CORPUS_EVENTS);
    System.out.printf("corpus: %d events, seed %#x, table %s (%d columns)%n", corpus.size(), Corpus.SEED, Corpus.TABLE,
        Corpus.SCHEMA.columns().size());
    for (Format f : Format.values()) {
      System.out.printf("  %-22s %8.0f bytes/event%n", f.id(), corpus.bytesPerEvent(f));
    }
    Sanity.checkAll(corpus);

    ChainedOptionsBuilder o = new OptionsBuilder()
        .include(only != null ? only : "io\\.cdclake\\.bench\\.(decode|write)\\..*")
        .shouldFailOnError(true)
        .threads(1)
        .jvmArgsAppend("-Xms2g", "-Xmx2g")
        .addProfiler("gc")
        .timeUnit(TimeUnit.SECONDS);
    for (String p : profilers) {
      int colon = p.indexOf(':');
      if (p.equals("jfr")) {
        o.addProfiler("jfr", "dir=" + out.resolve("jfr").toAbsolutePath()); // not into the working directory
      } else if (colon < 0) {
        o.addProfiler(p);
      } else {
        o.addProfiler(p.substring(0, colon), p.substring(colon + 1));
      }
    }
    if (quick) {
      o.forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(1)).measurementIterations(3).measurementTime(TimeValue.seconds(1));
    } else {
      o.forks(2).warmupIterations(4).warmupTime(TimeValue.seconds(2)).measurementIterations(5).measurementTime(TimeValue.seconds(2));
    }
    Collection<RunResult> results = new Runner(o.build()).run();

    List<Row> rows = rows(results, corpus);
    rows.sort(java.util.Comparator.comparingInt((Row r) -> suiteRank(r.suite)).thenComparingInt(r -> implRank(r.implementation)));
    if (e2e && (only == null || "EndToEnd".matches(only) || only.contains("EndToEnd"))) {
      int n = quick ? 100_000 : 400_000;
      System.out.printf("%nend to end through the CLI: %,d events of %s, bin/cdc-lake ingest (one core when taskset exists) ...%n", n,
          Format.DEBEZIUM_JSON.id());
      EndToEnd.Result r = EndToEnd.run(Path.of("."), out.resolve("e2e"), n);
      System.out.printf("  %s%n", r);
      rows.add(new Row(r.oneCore() ? "e2e cli (1 core, cold JVM)" : "e2e cli (cold JVM)", "cdc-lake", r.cliEventsPerSecond(), Double.NaN,
          "ops/s", r.bytesPerEvent(), Double.NaN));
      rows.add(new Row(r.oneCore() ? "e2e cli wall (1 core)" : "e2e cli wall", "cdc-lake", r.events() / r.wallSeconds(), Double.NaN, "ops/s",
          r.bytesPerEvent(), Double.NaN));
    }
    String table = table(rows);
    System.out.println();
    System.out.println(table);
    Files.writeString(out.resolve("results.txt"), Machine.describe() + "\n" + table);
    writeJson(rows, out.resolve("results.json"));
    System.out.println("wrote " + out.resolve("results.json"));
  }

  static List<Row> rows(Collection<RunResult> results, Corpus corpus) {
    List<Row> rows = new ArrayList<>();
    for (RunResult r : results) {
      String cls = r.getParams().getBenchmark();
      cls = cls.substring(0, cls.lastIndexOf('.'));
      String simple = cls.substring(cls.lastIndexOf('.') + 1);
      String impl = r.getParams().getParam("impl");
      Result<?> primary = r.getPrimaryResult();
      double alloc = Double.NaN;
      Map<String, Result> secondary = r.getSecondaryResults();
      Result<?> norm = secondary.get("·gc.alloc.rate.norm");
      if (norm == null) {
        norm = secondary.get("gc.alloc.rate.norm");
      }
      if (norm != null) {
        alloc = norm.getScore();
      }
      Format f = formatOf(simple);
      double bytes = f == null ? Double.NaN : corpus.bytesPerEvent(f);
      rows.add(new Row(suiteOf(simple), impl, primary.getScore(), primary.getScoreError(), primary.getScoreUnit(), bytes, alloc));
    }
    return rows;
  }

  private static final List<String> SUITE_ORDER = List.of("decode debezium-json-schema", "decode debezium-json", "decode debezium-avro",
      "decode dms-json", "write upsert", "write changelog", "e2e pipeline (warm JVM)");
  private static final List<String> IMPL_ORDER = List.of("floor", "iceberg-append", "cdc-lake", "flink", "kafka-connect-iceberg",
      "jackson-tree");

  static int suiteRank(String suite) {
    int i = SUITE_ORDER.indexOf(suite);
    return i < 0 ? SUITE_ORDER.size() : i;
  }

  static int implRank(String impl) {
    int i = IMPL_ORDER.indexOf(impl);
    return i < 0 ? IMPL_ORDER.size() : i;
  }

  static Format formatOf(String benchmarkClass) {
    return switch (benchmarkClass) {
      case "DecodeDebeziumJsonSchema" -> Format.DEBEZIUM_JSON_SCHEMA;
      case "DecodeDebeziumJson" -> Format.DEBEZIUM_JSON;
      case "DecodeDebeziumAvro" -> Format.DEBEZIUM_AVRO;
      case "DecodeDmsJson" -> Format.DMS_JSON;
      default -> null;
    };
  }

  static String suiteOf(String benchmarkClass) {
    Format f = formatOf(benchmarkClass);
    if (f != null) {
      return "decode " + f.id();
    }
    return switch (benchmarkClass) {
      case "WriteUpsert" -> "write upsert";
      case "WriteChangelog" -> "write changelog";
      case "EndToEndPipeline" -> "e2e pipeline (warm JVM)";
      default -> benchmarkClass.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    };
  }

  /** The floor row of each suite: {@code floor} for decode suites, {@code iceberg-append} for write suites. */
  static Map<String, Row> floors(List<Row> rows) {
    Map<String, Row> m = new LinkedHashMap<>();
    for (Row r : rows) {
      if (r.implementation.equals("floor") || r.implementation.equals("iceberg-append")) {
        m.put(r.suite, r);
      }
    }
    return m;
  }

  static String table(List<Row> rows) {
    Map<String, Row> floors = floors(rows);
    Map<String, Row> cdc = new LinkedHashMap<>();
    for (Row r : rows) {
      if (r.implementation.equals("cdc-lake")) {
        cdc.put(r.suite, r);
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-28s %-22s %14s %12s %9s %12s %9s %12s%n", "suite", "implementation", "score (ev/s)", "error", "MB/s",
        "alloc B/ev", "x floor", "cdc-lake / x"));
    String last = null;
    for (Row r : rows) {
      if (last != null && !last.equals(r.suite)) {
        sb.append('\n');
      }
      last = r.suite;
      Row floor = floors.get(r.suite);
      Row mine = cdc.get(r.suite);
      String mbs = Double.isNaN(r.bytesPerEvent) ? "" : String.format("%.1f", r.score * r.bytesPerEvent / 1e6);
      String alloc = Double.isNaN(r.allocPerEvent) ? "" : String.format("%,.0f", r.allocPerEvent);
      String xFloor = floor == null ? "" : String.format("%.2f", r.score / floor.score);
      String err = Double.isNaN(r.error) ? "" : String.format("± %,.0f", r.error);
      String vsPeer = mine == null || r == mine ? "" : String.format("%.2f", mine.score / r.score);
      sb.append(String.format("%-28s %-22s %,14.0f %12s %9s %12s %9s %12s%n", r.suite, r.implementation, r.score,
          err, mbs, alloc, xFloor, vsPeer));
    }
    return sb.toString();
  }

  static void writeJson(List<Row> rows, Path file) throws IOException {
    Map<String, Row> floors = floors(rows);
    try (OutputStream os = Files.newOutputStream(file); JsonGenerator g = new JsonFactory().createGenerator(os)) {
      g.useDefaultPrettyPrinter();
      g.writeStartArray();
      for (Row r : rows) {
        g.writeStartObject();
        g.writeStringField("suite", r.suite);
        g.writeStringField("implementation", r.implementation);
        g.writeNumberField("events_per_s", Math.round(r.score));
        if (Double.isNaN(r.error)) {
          g.writeNullField("error");
        } else {
          g.writeNumberField("error", Math.round(r.error));
        }
        if (Double.isNaN(r.bytesPerEvent)) {
          g.writeNullField("bytes_per_event");
        } else {
          g.writeNumberField("bytes_per_event", Math.round(r.bytesPerEvent));
          g.writeNumberField("mb_per_s", Math.round(r.score * r.bytesPerEvent / 1e5) / 10.0);
        }
        if (!Double.isNaN(r.allocPerEvent)) {
          g.writeNumberField("alloc_bytes_per_event", Math.round(r.allocPerEvent));
        }
        Row floor = floors.get(r.suite);
        if (floor != null) {
          g.writeNumberField("ratio_to_floor", Math.round(r.score / floor.score * 1000) / 1000.0);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
  }
}
