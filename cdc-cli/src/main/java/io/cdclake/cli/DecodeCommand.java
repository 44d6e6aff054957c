package io.cdclake.cli;

import io.cdclake.model.ChangeDecoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.DecodeException;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdc-lake decode}: one message per input line in, one canonical event per line out
 * ({@link EventJson}), a summary on stderr.
 */
@Command(name = "decode", sortOptions = false, mixinStandardHelpOptions = true,
    description = {
        "Decodes change messages, one per line, and prints one canonical event per line as JSON.",
        "A line is a bare message, or an object with 'value' (or 'payload', as kcat -J writes) holding the message as an object or a"
            + " JSON string, plus optional 'key', 'topic', 'partition', 'offset', 'headers'. Binary formats take base64 strings.",
        "stdout: events. stderr: errors with their line numbers, then a summary:"
            + " lines, events by op, skipped (lines that gave no event: blank lines and messages decoding to nothing), errors.",
        "File formats (dms-s3-csv, dms-s3-parquet) and --stream read whole inputs instead of lines: FILE may then be a folder, whose"
            + " DMS files are read in the order to apply them; the summary counts files, and skipped counts DMS's own awsdms_* records."},
    footer = {"", "Exit codes: 0 done; 1 a message could not be decoded (the run stops there unless --skip-errors); 2 usage or input error."})
final class DecodeCommand implements Callable<Integer> {
  private final InputStream stdin;
  private final PrintStream stdout;
  private final PrintStream stderr;

  @Option(names = "--format", required = true, paramLabel = "FORMAT",
      description = "The message format: ${COMPLETION-CANDIDATES}.", completionCandidates = Formats.Names.class)
  String format;

  @Option(names = "--registry", paramLabel = "URL",
      description = "Confluent-compatible schema registry for Avro formats (e.g. http://localhost:8081).")
  URI registry;

  @Option(names = "--table-schemas", paramLabel = "FILE",
      description = "Table schemas for messages that carry none (Debezium JSON without the schema block): a JSON array of"
          + " {\"table\":…,\"columns\":[{\"name\":…,\"type\":…,\"optional\":…,\"source_type\":…}],\"primary_key\":[…]}.")
  Path tableSchemas;

  @Option(names = "--skip-errors",
      description = "Report a message that cannot be decoded, count it, and go on (exit code 0); default: stop at the first one (exit code 1).")
  boolean skipErrors;

  @Option(names = "--stream",
      description = "Read the input as a stream of JSON messages (pretty-printed, a JSON array, or one after another) instead of one"
          + " message per line.")
  boolean stream;

  @Mixin
  DmsOptions dms = new DmsOptions();

  @Option(names = "--warehouse", paramLabel = "DIR", hidden = true,
      description = "Accepted like every verb's --warehouse, and ignored: decode writes no tables.")
  Path ignoredWarehouse;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = "-",
      description = "Input file (or folder, for file formats), or - for stdin (default).")
  String file;

  DecodeCommand(InputStream stdin, PrintStream stdout, PrintStream stderr) {
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() throws IOException {
    Formats.Format f = Formats.byName(format);
    if (f == null) {
      stderr.println("cdc-lake decode: Cannot decode: unknown format (format=" + format + ", known: " + String.join(", ", Formats.names()) + ")");
      return Main.EXIT_USAGE;
    }
    ChangeDecoder decoder;
    try {
      decoder = f.decoder(new Formats.Options(registry, tableSchemas == null ? null : TableSchemaFile.read(tableSchemas).lookup(), dms));
    } catch (IllegalArgumentException e) {
      stderr.println("cdc-lake decode: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    String inputName = "-".equals(file) ? "stdin" : file;
    if (stream || f.input() == Formats.Input.FILES) {
      return new WholeInputs(stdin, stdout, stderr, skipErrors).decode(file, f, decoder);
    }
    InputStream in;
    if ("-".equals(file)) {
      in = stdin;
    } else {
      try {
        in = Files.newInputStream(Path.of(file));
      } catch (NoSuchFileException e) {
        stderr.println("cdc-lake decode: Cannot read input: no such file (file=" + file + ")");
        return Main.EXIT_USAGE;
      }
    }
    try (LineSource lines = new LineSource(in)) {
      return decodeLines(lines, inputName, f, decoder);
    } finally {
      if (in != stdin) {
        in.close();
      }
    }
  }

  private int decodeLines(LineSource source, String inputName, Formats.Format f, ChangeDecoder decoder) throws IOException {
    Writer out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
    Map<Op, Long> byOp = new EnumMap<>(Op.class);
    long lines = 0;
    long events = 0;
    long skipped = 0;
    long errors = 0;
    boolean stopped = false;
    List<ChangeEvent> batch = new ArrayList<>();
    byte[] line;
    while ((line = source.nextBytes()) != null) {
      lines++;
      if (!source.isUtf8(line)) {
        errors++;
        stderr.println("cdc-lake decode: line " + lines + ": Cannot read input line: not valid UTF-8 (input=" + inputName + ")");
        if (!skipErrors) {
          stopped = true;
          break;
        }
        continue;
      }
      if (InputLine.isBlank(line)) {
        skipped++;
        continue;
      }
      batch.clear();
      String error = null;
      try {
        RawMessage m = InputLine.parse(line, lines, inputName, f.binary());
        decoder.decode(m, batch::add);
      } catch (DecodeException | InputLine.BadLineException e) {
        error = e.getMessage();
      } catch (RuntimeException e) {
        error = "Cannot decode message: unexpected " + e.getClass().getName() + " (a bug; please report it)";
      }
      if (error != null) {
        errors++;
        stderr.println("cdc-lake decode: line " + lines + ": " + error);
        if (!skipErrors) {
          stopped = true;
          break;
        }
        continue;
      }
      if (batch.isEmpty()) {
        skipped++;
        continue;
      }
      for (ChangeEvent e : batch) {
        out.write(EventJson.toJson(e));
        out.write('\n');
        byOp.merge(e.op(), 1L, Long::sum);
        events++;
      }
    }
    out.flush();
    stderr.println(summary(lines, events, byOp, skipped, errors, stopped));
    return errors > 0 && !skipErrors ? Main.EXIT_DECODE_ERRORS : 0;
  }

  static String summary(long lines, long events, Map<Op, Long> byOp, long skipped, long errors, boolean stopped) {
    StringBuilder sb = new StringBuilder("cdc-lake decode: ").append(lines).append(lines == 1 ? " line, " : " lines, ").append(events)
        .append(events == 1 ? " event" : " events");
    if (!byOp.isEmpty()) {
      sb.append(" (");
      String sep = "";
      for (Map.Entry<Op, Long> e : byOp.entrySet()) {
        sb.append(sep).append(e.getKey().name()).append(' ').append(e.getValue());
        sep = ", ";
      }
      sb.append(')');
    }
    sb.append(", ").append(skipped).append(" skipped, ").append(errors).append(errors == 1 ? " error" : " errors");
    if (stopped) {
      sb.append("; stopped at the first error (--skip-errors goes on)");
    }
    return sb.toString();
  }
}
