package io.cdclake.cli;

import io.cdclake.codec.dms.DmsJsonDecoder;
import io.cdclake.codec.dms.DmsS3CsvDecoder;
import io.cdclake.codec.dms.DmsS3File;
import io.cdclake.codec.dms.DmsS3Files;
import io.cdclake.codec.dms.DmsS3ParquetDecoder;
import io.cdclake.model.ChangeDecoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.DecodeException;
import io.cdclake.model.Op;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code decode} for whole inputs: file formats (DMS S3 CSV and Parquet) and {@code --stream}. The
 * input is stdin, a file, or a folder whose DMS files are read in the order to apply them
 * ({@link DmsS3Files#listInOrder}). Each input goes to the decoder whole; a decode error ends that
 * input (and the run, unless {@code --skip-errors}).
 */
final class WholeInputs {
  private final InputStream stdin;
  private final PrintStream stdout;
  private final PrintStream stderr;
  private final boolean skipErrors;

  WholeInputs(InputStream stdin, PrintStream stdout, PrintStream stderr, boolean skipErrors) {
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
    this.skipErrors = skipErrors;
  }

  /** One input: a listed DMS file, a plain file, or stdin (both null). */
  private record Input(String name, Path path, DmsS3File dmsFile) {}

  int decode(String file, Formats.Format format, ChangeDecoder decoder) throws IOException {
    List<Input> inputs;
    if ("-".equals(file)) {
      inputs = List.of(new Input("stdin", null, null));
    } else {
      Path p = Path.of(file);
      if (Files.isDirectory(p)) {
        if (format.input() != Formats.Input.FILES) {
          stderr.println("cdc-lake decode: Cannot read input: a folder needs a file format such as dms-s3-csv (file=" + file + ")");
          return Main.EXIT_USAGE;
        }
        String ext = format.binary() ? ".parquet" : ".csv";
        inputs = DmsS3Files.listInOrder(p).stream()
            .filter(f -> f.path().getFileName().toString().toLowerCase(Locale.ROOT).contains(ext))
            .map(f -> new Input(f.path().toString(), f.path(), f))
            .toList();
      } else if (Files.isRegularFile(p)) {
        inputs = List.of(new Input(file, p, null));
      } else {
        stderr.println("cdc-lake decode: Cannot read input: no such file (file=" + file + ")");
        return Main.EXIT_USAGE;
      }
    }
    Writer out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
    Map<Op, Long> byOp = new EnumMap<>(Op.class);
    long[] events = {0};
    Consumer<ChangeEvent> sink = e -> {
      try {
        out.write(EventJson.toJson(e));
        out.write('\n');
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      byOp.merge(e.op(), 1L, Long::sum);
      events[0]++;
    };
    long read = 0;
    long errors = 0;
    boolean stopped = false;
    for (Input in : inputs) {
      read++;
      try {
        decodeOne(in, decoder, sink);
      } catch (DecodeException e) {
        errors++;
        out.flush();
        stderr.println("cdc-lake decode: " + in.name() + ": " + e.getMessage());
        if (!skipErrors) {
          stopped = true;
          break;
        }
      } catch (UncheckedIOException e) {
        out.flush();
        stderr.println("cdc-lake decode: Cannot read input: " + e.getCause().getClass().getSimpleName() + " (file=" + in.name() + ")");
        return Main.EXIT_USAGE;
      }
    }
    out.flush();
    long skipped = decoder instanceof DmsJsonDecoder d ? d.skippedInternalRecords() : 0;
    stderr.println(summary(read, events[0], byOp, skipped, errors, stopped));
    return errors > 0 && !skipErrors ? Main.EXIT_DECODE_ERRORS : 0;
  }

  private void decodeOne(Input in, ChangeDecoder decoder, Consumer<ChangeEvent> sink) throws IOException {
    if (in.dmsFile() != null && decoder instanceof DmsS3CsvDecoder csv) {
      csv.decode(in.dmsFile(), sink);
    } else if (in.dmsFile() != null && decoder instanceof DmsS3ParquetDecoder parquet) {
      parquet.decode(in.dmsFile(), sink);
    } else if (in.path() == null) {
      decoder.decodeStream(stdin, in.name(), sink);
    } else {
      try (InputStream s = Files.newInputStream(in.path())) {
        decoder.decodeStream(s, in.name(), sink);
      }
    }
  }

  static String summary(long files, long events, Map<Op, Long> byOp, long skipped, long errors, boolean stopped) {
    String lines = DecodeCommand.summary(files, events, byOp, skipped, errors, stopped);
    return lines.replaceFirst(files == 1 ? " 1 line, " : " " + files + " lines, ", files == 1 ? " 1 input, " : " " + files + " inputs, ");
  }
}
