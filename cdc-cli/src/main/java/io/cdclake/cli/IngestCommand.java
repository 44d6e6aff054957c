package io.cdclake.cli;

import io.cdclake.codec.dms.DmsS3CsvDecoder;
import io.cdclake.codec.dms.DmsS3File;
import io.cdclake.codec.dms.DmsS3Files;
import io.cdclake.codec.dms.DmsS3ParquetDecoder;
import io.cdclake.iceberg.CdcPipeline;
import io.cdclake.iceberg.PipelineCounters;
import io.cdclake.iceberg.TableRouter;
import io.cdclake.model.ChangeDecoder;
import io.cdclake.model.DeadLetter;
import io.cdclake.model.DecodeException;
import io.cdclake.model.MalformedInputException;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import io.cdclake.schema.ReconcileException;
import io.cdclake.schema.TableConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdc-lake ingest}: change messages in, Iceberg tables out, through {@link CdcPipeline}
 * (decode → reconcile → write → commit). Input lines are what {@code decode} reads. Each file is
 * its own transport stream, named by its absolute normalized path, and each line's position is
 * its line number (or the Kafka topic/partition/offset a dump line carries), so a second run of the
 * same files finds everything in the tables' checkpoints and commits nothing.
 */
@Command(name = "ingest", sortOptions = false, mixinStandardHelpOptions = true,
    description = {
        "Decodes change messages, one per line (as decode reads them), and upserts them into Iceberg tables: the embedded catalog in"
            + " --warehouse (default ./warehouse) or any Iceberg catalog (--catalog).",
        "Tables are created on first use, named {db}.{table} (see --table-pattern); each commit stores the input positions it covers,"
            + " so running the same input again is a no-op and an interrupted run resumes where its last commit ended.",
        "stderr: errors with their line numbers, a progress line when stderr is a terminal (or --progress), then a summary: lines,"
            + " events by op, skipped (already committed, stale, tombstones, transaction markers/heartbeats/messages, blank lines),"
            + " errors or dead letters, commits, tables."},
    footer = {"", "Exit codes: 0 done; 1 a message could not be decoded or applied (the run commits what came before it and stops there"
        + " unless --skip-errors or --dead-letter); 2 usage or input error; 3 a table could not be written or committed."})
final class IngestCommand implements Callable<Integer> {
  static final String DEFAULT_WRITER_ID = "cdc-lake-cli";

  private final InputStream stdin;
  private final PrintStream stdout;
  private final PrintStream stderr;

  @Option(names = "--format", required = true, paramLabel = "FORMAT",
      description = "The message format: ${COMPLETION-CANDIDATES}.", completionCandidates = Formats.Names.class)
  String format;

  @Option(names = "--tables", paramLabel = "FILE",
      description = "Table config (JSON): keys, precombine column, partitioning, sort order, column types and names, mode"
          + " (upsert, changelog, upsert+changelog), target table, properties; see TableConfigs.")
  Path tables;

  @Option(names = "--table-schemas", paramLabel = "FILE",
      description = "Table schemas for messages that carry none (Debezium JSON without the schema block): a JSON array of"
          + " {\"table\":…,\"columns\":[{\"name\":…,\"type\":…,\"optional\":…,\"source_type\":…}],\"primary_key\":[…]}.")
  Path tableSchemas;

  @Mixin
  CatalogOptions catalog = new CatalogOptions();

  @Option(names = "--table-pattern", paramLabel = "PATTERN", defaultValue = TableRouter.DEFAULT_PATTERN,
      description = "Iceberg table names from source tables: dot-separated parts using {db}, {schema}, {table}. Default: ${DEFAULT-VALUE}.")
  String tablePattern;

  @Option(names = "--commit-every", paramLabel = "N", defaultValue = "10000",
      description = "Commit when N row events are pending (and at the end, and every --commit-interval). Default: ${DEFAULT-VALUE}.")
  int commitEvery;

  @Option(names = "--commit-interval", paramLabel = "SECONDS", defaultValue = "60",
      description = "Commit pending events at least this often. Default: ${DEFAULT-VALUE}.")
  long commitIntervalSeconds;

  @Option(names = "--skip-errors",
      description = "Report a message that cannot be decoded or applied, count it, and go on (exit code 0); default: stop at the"
          + " first one (exit code 1).")
  boolean skipErrors;

  @Option(names = "--dead-letter", paramLabel = "FILE",
      description = "Append each message that cannot be decoded or applied to FILE (JSON lines: input, line, reason, the line itself)"
          + " and go on.")
  Path deadLetter;

  @Option(names = "--tombstones", paramLabel = "POLICY", defaultValue = "ignore",
      description = "What a tombstone (null Kafka value) does: ignore (after a Debezium delete it only lets Kafka compact) or delete"
          + " (deletes its key: for flattened streams that drop delete events). Default: ${DEFAULT-VALUE}.")
  String tombstones;

  @Option(names = "--registry", paramLabel = "URL", description = "Confluent-compatible schema registry for Avro formats.")
  URI registry;

  @Option(names = "--stream",
      description = "Read each input as a stream of JSON messages (pretty-printed, a JSON array, or one after another) instead of one"
          + " message per line; positions are message numbers.")
  boolean stream;

  @Option(names = "--stream-name", paramLabel = "NAME",
      description = "Names stdin (-) as a transport stream, for its checkpoint: required when reading stdin. Use the same name to"
          + " resume the same stream.")
  String streamName;

  @Option(names = "--writer-id", paramLabel = "ID", defaultValue = DEFAULT_WRITER_ID,
      description = "Names this writer in the tables' snapshot summaries; checkpoints are kept per writer id. Default: ${DEFAULT-VALUE}.")
  String writerId;

  @Option(names = "--progress", negatable = true,
      description = "Show a progress line on stderr (default: only when stderr is a terminal).")
  Boolean showProgress;

  @Mixin
  DmsOptions dms = new DmsOptions();

  @Parameters(arity = "1..*", paramLabel = "FILE",
      description = "Input files, read in order, or - for stdin; for file formats (dms-s3-csv, dms-s3-parquet) also folders, read in"
          + " DMS's apply order (full load before CDC, per table).")
  List<String> files = new ArrayList<>();

  // the line being ingested, for messages and dead letters
  private String currentInput;
  private long currentLine;
  private byte[] currentBytes;
  /** Whether currentBytes (a line) are UTF-8, so a dead letter may show them as text. */
  private boolean currentTextValid;
  private long errors;
  private DeadLetterFile deadLetters;

  IngestCommand(InputStream stdin, PrintStream stdout, PrintStream stderr) {
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  private int usage(String message) {
    stderr.println("cdc-lake ingest: " + message);
    return Main.EXIT_USAGE;
  }

  @Override
  public Integer call() throws IOException {
    Formats.Format f = Formats.byName(format);
    if (f == null) {
      return usage("Cannot ingest: unknown format (format=" + format + ", known: " + String.join(", ", Formats.names()) + ")");
    }
    if (commitEvery < 1 || commitIntervalSeconds < 1) {
      return usage("Cannot ingest: --commit-every and --commit-interval must be at least 1 (commit-every=" + commitEvery
          + ", commit-interval=" + commitIntervalSeconds + ")");
    }
    CdcPipeline.TombstonePolicy tombstonePolicy = switch (tombstones.toLowerCase(Locale.ROOT)) {
      case "ignore" -> CdcPipeline.TombstonePolicy.IGNORE;
      case "delete" -> CdcPipeline.TombstonePolicy.DELETE_BY_KEY;
      default -> null;
    };
    if (tombstonePolicy == null) {
      return usage("Cannot ingest: unknown tombstone policy (tombstones=" + tombstones + ", expected ignore or delete)");
    }
    if (files.contains("-") && (streamName == null || streamName.isBlank())) {
      return usage("Cannot ingest stdin: it needs a stream name to checkpoint and resume it (see --stream-name)");
    }
    for (String file : files) {
      if (!file.equals("-") && !Files.isRegularFile(Path.of(file)) && !Files.isDirectory(Path.of(file))) {
        return usage("Cannot read input: no such file (file=" + file + ")");
      }
      if (!file.equals("-") && Files.isDirectory(Path.of(file)) && f.input() != Formats.Input.FILES) {
        return usage("Cannot read input: a folder needs a file format such as dms-s3-csv (file=" + file + ")");
      }
    }
    TableConfigs configs;
    ChangeDecoder decoder;
    TableRouter router;
    try {
      configs = tables == null ? TableConfigs.defaults() : TableConfigs.parse(tables);
      Function<TableId, TableSchema> schemas = tableSchemas == null ? null : TableSchemaFile.read(tableSchemas).lookup();
      decoder = f.decoder(new Formats.Options(registry, schemas, dms));
      router = TableRouter.of(tablePattern);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      return usage(e.getMessage());
    }
    Catalog cat;
    try {
      cat = catalog.open(true);
    } catch (CatalogOptions.BadCatalogOptions e) {
      return usage(e.getMessage());
    } catch (RuntimeException e) {
      stderr.println("cdc-lake ingest: Cannot open " + catalog.describe() + ": " + e.getMessage());
      return Main.EXIT_WRITE_FAILED;
    }
    try {
      if (deadLetter != null) {
        deadLetters = new DeadLetterFile(deadLetter);
      }
      CdcPipeline.Builder b = CdcPipeline.builder(cat, writerId).decoder(decoder).tables(configs).router(router)
          .commitEvery(commitEvery, Duration.ofSeconds(commitIntervalSeconds)).tombstones(tombstonePolicy);
      if (skipErrors || deadLetters != null) {
        b.deadLetters(this::deadLetter);
      }
      try (CdcPipeline pipeline = b.build()) {
        return run(pipeline, f, decoder);
      }
    } finally {
      if (deadLetters != null) {
        deadLetters.close();
      }
      if (cat instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closing the catalog's connections; the commits are done
        }
      }
    }
  }

  /** Counts for the summary that only the command line sees. */
  private long lines;
  private long blank;
  private long wholeInputs;

  /** How reading one input ended. */
  private enum Outcome { DONE, STOPPED, WRITE_FAILED, USAGE }

  /** Thrown out of a decoder's consumer when a table could not be written, so it is not taken for bad input. */
  private static final class WriteFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WriteFailure(RuntimeException cause) {
      super(cause);
    }
  }

  private int run(CdcPipeline pipeline, Formats.Format f, ChangeDecoder decoder) throws IOException {
    long t0 = System.nanoTime();
    Progress progress = new Progress(stderr, showProgress != null ? showProgress : Progress.stderrIsTerminal(), Progress.stderrIsTerminal());
    boolean whole = stream || f.input() == Formats.Input.FILES;
    Outcome outcome = Outcome.DONE;
    for (String file : files) {
      outcome = whole ? ingestWhole(pipeline, f, decoder, file, progress) : ingestLines(pipeline, f, file, progress);
      if (outcome != Outcome.DONE) {
        break;
      }
    }
    progress.clear();
    if (outcome == Outcome.USAGE) {
      return Main.EXIT_USAGE;
    }
    if (outcome == Outcome.WRITE_FAILED) {
      stderr.println(summary(pipeline, "; stopped: a table could not be written"));
      return Main.EXIT_WRITE_FAILED;
    }
    try {
      pipeline.flush(); // what came before a bad line is committed: a fixed input resumes after it
    } catch (RuntimeException e) {
      stderr.println("cdc-lake ingest: Cannot commit: " + describe(e));
      stderr.println(summary(pipeline, "; stopped: a table could not be committed"));
      return Main.EXIT_WRITE_FAILED;
    }
    long events = pipeline.counters().events();
    double seconds = (System.nanoTime() - t0) / 1e9;
    stderr.println(String.format(Locale.ROOT, "cdc-lake ingest: %.1f s, %,.0f events/s into %s", seconds, events / Math.max(seconds, 1e-3),
        catalog.describe()));
    boolean stopped = outcome == Outcome.STOPPED;
    stderr.println(summary(pipeline, stopped ? "; stopped at the first error (--skip-errors or --dead-letter go on)" : ""));
    return stopped ? Main.EXIT_DECODE_ERRORS : 0;
  }

  /** One message per line; each line's transport position is the file's absolute path (or --stream-name) and its number. */
  private Outcome ingestLines(CdcPipeline pipeline, Formats.Format f, String file, Progress progress) throws IOException {
    boolean isStdin = file.equals("-");
    String streamId = isStdin ? streamName : Path.of(file).toAbsolutePath().normalize().toString();
    currentInput = isStdin ? "stdin" : file;
    InputStream in;
    try {
      in = isStdin ? stdin : Files.newInputStream(Path.of(file));
    } catch (NoSuchFileException e) {
      progress.clear();
      usage("Cannot read input: no such file (file=" + file + ")");
      return Outcome.USAGE;
    }
    try (LineSource source = new LineSource(in)) {
      long lineNo = 0;
      byte[] line;
      while ((line = source.nextBytes()) != null) {
        lineNo++;
        lines++;
        currentLine = lineNo;
        currentBytes = line;
        boolean valid = source.isUtf8(line);
        currentTextValid = valid;
        progress.tick(pipeline::counters, () -> pipeline.tables().size());
        if (valid && InputLine.isBlank(line)) {
          blank++;
          continue;
        }
        RuntimeException bad = null;
        RawMessage m = null;
        if (!valid) {
          bad = new MalformedInputException("Cannot read input line: not valid UTF-8 (input=" + currentInput + ")", -1, null, null);
        } else {
          try {
            m = InputLine.parse(line, lineNo, streamId, f.binary());
          } catch (InputLine.BadLineException e) {
            bad = e;
          }
        }
        try {
          if (bad != null) {
            if (skipErrors || deadLetters != null) {
              deadLetter(DeadLetter.of(new RawMessage(null, currentBytes, Map.of(), null, TransportPosition.file(streamId, lineNo)), bad));
              continue;
            }
            throw bad;
          }
          pipeline.accept(m);
        } catch (DecodeException | ReconcileException | InputLine.BadLineException e) {
          progress.clear();
          errors++;
          stderr.println("cdc-lake ingest: " + where() + ": " + e.getMessage());
          return Outcome.STOPPED;
        } catch (RuntimeException e) {
          progress.clear();
          stderr.println("cdc-lake ingest: " + where() + ": Cannot write table: " + describe(e));
          return Outcome.WRITE_FAILED;
        }
      }
    } finally {
      if (in != stdin) {
        in.close();
      }
    }
    return Outcome.DONE;
  }

  /** One input read whole. */
  private record WholeInput(String label, String streamId, Path path, DmsS3File dmsFile) {}

  /**
   * File formats (DMS S3 CSV and Parquet) and {@code --stream}: each input goes to the decoder whole;
   * a folder is read in DMS's apply order. Events carry the codec's positions in the file (named by
   * its absolute path, or --stream-name), so a second run is a no-op here too. A decode error ends
   * that input: its events before the error are kept.
   */
  private Outcome ingestWhole(CdcPipeline pipeline, Formats.Format f, ChangeDecoder decoder, String file, Progress progress)
      throws IOException {
    List<WholeInput> inputs = new ArrayList<>();
    if (file.equals("-")) {
      inputs.add(new WholeInput("stdin", streamName, null, null));
    } else {
      Path p = Path.of(file).toAbsolutePath().normalize();
      if (Files.isDirectory(p)) {
        if (f.input() != Formats.Input.FILES) {
          usage("Cannot read input: a folder needs a file format such as dms-s3-csv (file=" + file + ")");
          return Outcome.USAGE;
        }
        String ext = f.binary() ? ".parquet" : ".csv";
        for (DmsS3File d : DmsS3Files.listInOrder(p)) {
          if (d.path().getFileName().toString().toLowerCase(Locale.ROOT).contains(ext)) {
            inputs.add(new WholeInput(d.path().toString(), d.path().toAbsolutePath().normalize().toString(), d.path(), d));
          }
        }
      } else {
        inputs.add(new WholeInput(file, p.toString(), p, null));
      }
    }
    java.util.function.Consumer<io.cdclake.model.ChangeEvent> sink = e -> {
      progress.tick(pipeline::counters, () -> pipeline.tables().size());
      try {
        pipeline.accept(e);
      } catch (ReconcileException x) {
        throw x;
      } catch (RuntimeException x) {
        throw new WriteFailure(x);
      }
    };
    for (WholeInput in : inputs) {
      wholeInputs++;
      currentInput = in.label();
      currentLine = -1;
      currentBytes = null;
      currentTextValid = false;
      try {
        if (in.dmsFile() != null && decoder instanceof DmsS3CsvDecoder csv) {
          csv.decode(in.dmsFile(), sink);
        } else if (in.dmsFile() != null && decoder instanceof DmsS3ParquetDecoder parquet) {
          parquet.decode(in.dmsFile(), sink);
        } else if (in.path() == null) {
          decoder.decodeStream(stdin, in.streamId(), sink);
        } else {
          try (InputStream s = Files.newInputStream(in.path())) {
            decoder.decodeStream(s, in.streamId(), sink);
          }
        }
      } catch (DecodeException | ReconcileException e) {
        if (skipErrors || deadLetters != null) {
          deadLetter(DeadLetter.of(new RawMessage(null, null, Map.of(), null, null), e));
          continue;
        }
        progress.clear();
        errors++;
        stderr.println("cdc-lake ingest: " + currentInput + ": " + e.getMessage());
        return Outcome.STOPPED;
      } catch (WriteFailure e) {
        progress.clear();
        stderr.println("cdc-lake ingest: " + currentInput + ": Cannot write table: " + describe((RuntimeException) e.getCause()));
        return Outcome.WRITE_FAILED;
      } catch (UncheckedIOException e) {
        progress.clear();
        usage("Cannot read input: " + e.getCause().getClass().getSimpleName() + " (file=" + currentInput + ")");
        return Outcome.USAGE;
      }
    }
    return Outcome.DONE;
  }

  private String where() {
    return currentLine < 0 ? currentInput : currentInput + " line " + currentLine;
  }

  private static String describe(RuntimeException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + m;
  }

  private void deadLetter(DeadLetter letter) {
    errors++;
    stderr.println("cdc-lake ingest: " + where() + ": " + letter.reason());
    if (deadLetters != null) {
      // the line as text only here, for the dead letter (the pipeline reads the bytes)
      String text = currentTextValid && currentBytes != null ? new String(currentBytes, StandardCharsets.UTF_8) : null;
      deadLetters.write(currentInput, currentLine, text, currentBytes, letter);
    }
  }

  String summary(CdcPipeline pipeline, String tail) {
    PipelineCounters c = pipeline.counters();
    StringBuilder sb = new StringBuilder("cdc-lake ingest: ");
    if (wholeInputs > 0) {
      sb.append(wholeInputs).append(wholeInputs == 1 ? " input, " : " inputs, ");
    }
    if (lines > 0 || wholeInputs == 0) {
      sb.append(lines).append(lines == 1 ? " line, " : " lines, ");
    }
    sb.append(c.events())
        .append(c.events() == 1 ? " event" : " events");
    if (!c.eventsByOp().isEmpty()) {
      sb.append(" (");
      String sep = "";
      for (Op op : Op.values()) {
        Long n = c.eventsByOp().get(op);
        if (n != null) {
          sb.append(sep).append(op.name()).append(' ').append(n);
          sep = ", ";
        }
      }
      sb.append(')');
    }
    long skipped = c.replayed() + c.stale() + c.tombstonesIgnored() + c.heartbeats() + blank;
    sb.append(", ").append(skipped).append(" skipped");
    List<String> parts = new ArrayList<>();
    part(parts, c.replayed(), "already committed", "already committed");
    part(parts, c.stale(), "stale", "stale");
    part(parts, c.tombstonesIgnored(), "tombstone", "tombstones");
    part(parts, c.heartbeats(), "transaction marker/heartbeat/message", "transaction markers/heartbeats/messages");
    part(parts, blank, "blank line", "blank lines");
    if (!parts.isEmpty()) {
      sb.append(" (").append(String.join(", ", parts)).append(')');
    }
    if (deadLetters != null) {
      sb.append(", ").append(errors).append(errors == 1 ? " dead letter in " : " dead letters in ").append(deadLetter);
    } else {
      sb.append(", ").append(errors).append(errors == 1 ? " error" : " errors");
    }
    sb.append(", ").append(c.commits()).append(c.commits() == 1 ? " commit" : " commits");
    List<TableIdentifier> t = pipeline.tables();
    sb.append(", ").append(t.size()).append(t.size() == 1 ? " table" : " tables");
    if (!t.isEmpty()) {
      String names = t.stream().limit(10).map(TableIdentifier::toString).collect(Collectors.joining(", "));
      sb.append(" (").append(names).append(t.size() > 10 ? ", …" : "").append(')');
    }
    return sb.append(tail).toString();
  }

  private static void part(List<String> parts, long n, String one, String many) {
    if (n > 0) {
      parts.add(n + " " + (n == 1 ? one : many));
    }
  }
}
