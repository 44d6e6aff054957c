package io.cdclake.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cdc-lake} command line. {@link #run} is the whole CLI without {@code System.exit}, so
 * tests and hosts run it in-process.
 *
 * <p>Exit codes: 0 success; 1 input that could not be decoded or applied (the first bad message
 * stops the run unless {@code --skip-errors}); 2 a usage error or unreadable input; 3 a table could
 * not be written or committed.
 */
@Command(name = "cdc-lake", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Database change streams (AWS DMS, Debezium) into Apache Iceberg tables.",
    subcommands = {DecodeCommand.class, IngestCommand.class, ShowCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  /** Exit code: the input held messages that could not be decoded. */
  public static final int EXIT_DECODE_ERRORS = 1;
  /** Exit code: wrong arguments, or the input could not be read. */
  public static final int EXIT_USAGE = 2;
  /** Exit code: a table could not be written or committed (catalog, storage, or a value the table cannot hold). */
  public static final int EXIT_WRITE_FAILED = 3;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int code = run(args, System.in, System.out, System.err);
    System.exit(code);
  }

  /**
   * Runs the CLI.
   *
   * @param in what {@code -} reads
   * @param out where events go (UTF-8)
   * @param err where errors and the summary go
   * @return the exit code
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new Main(), new Factory(in, out, err));
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
      err.println("cdc-lake: " + ex.getMessage());
      return EXIT_USAGE;
    });
    return cl.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command (try: cdc-lake decode --help)");
  }

  /** Hands the streams to commands that need them. */
  private static final class Factory implements CommandLine.IFactory {
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    Factory(InputStream in, PrintStream out, PrintStream err) {
      this.in = in;
      this.out = out;
      this.err = err;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (cls == DecodeCommand.class) {
        return cls.cast(new DecodeCommand(in, out, err));
      }
      if (cls == IngestCommand.class) {
        return cls.cast(new IngestCommand(in, out, err));
      }
      if (cls == ShowCommand.class) {
        return cls.cast(new ShowCommand(out, err));
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"cdc-lake " + (v == null ? "(development build)" : v)};
    }
  }
}
