package io.cdclake.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A throwaway PostgreSQL cluster made from the Debian server binaries: a temporary data directory,
 * a free loopback port, {@code wal_level=logical}, {@code fsync=off}, a replication role
 * {@value #USER} (password {@value #PASSWORD}) that owns the test database, and a publication
 * {@value #PUBLICATION} {@code FOR ALL TABLES} made by the superuser (so the connector needs
 * {@code publication.autocreate.mode=disabled}).
 *
 * <p>Use it as a JUnit 5 extension, one cluster per test class:
 * <pre>{@code
 * @RegisterExtension static final PostgresServer PG = PostgresServer.create();
 * }</pre>
 * or, outside JUnit, as an {@link AutoCloseable} after {@link #start()}. The cluster is stopped and
 * its directory deleted on {@link #close()}, and also when the JVM exits.
 *
 * <p>The binaries come from the newest {@code /usr/lib/postgresql/<version>/bin} (or the folder in
 * the system property {@code cdclake.pg.bin} / environment variable {@code CDCLAKE_PG_BIN}).
 * {@code bin/ensure-test-deps} installs them on Debian. When running as root, initdb and pg_ctl run as
 * the {@code postgres} user through {@code runuser}, since both refuse root.
 */
public final class PostgresServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback, ParameterResolver {
  /** The replication role that owns the test database. */
  public static final String USER = "dbz";
  public static final String PASSWORD = "dbz";
  /** The publication made for all tables. */
  public static final String PUBLICATION = "dbz_publication";
  static final String SUPERUSER = "postgres";
  static final String SUPERUSER_PASSWORD = "postgres";
  private static final String HOST = LocalServers.HOST;
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

  private static void chown(Path p) throws IOException {
    LocalServers.chown(p, SUPERUSER, "PostgreSQL", "postgresql");
  }

  /** Runs a command as the cluster's owner: the postgres user when we are root, else ourselves. */
  private static void runAsOwner(List<String> command) {
    LocalServers.runAs(SUPERUSER, command, COMMAND_TIMEOUT);
  }

  private final String database;
  private Path baseDir;
  private Path dataDir;
  private Path binDir;
  private int port = -1;
  private Thread shutdownHook;

  /** A server for the database {@code cdclake}. Use {@link #create()} in tests; JUnit uses this constructor for {@code @ExtendWith}. */
  public PostgresServer() {
    this("cdclake");
  }

  private PostgresServer(String database) {
    if (!database.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("Cannot make PostgreSQL server: database name must be a plain lower-case identifier (database=" + database + ")");
    }
    this.database = database;
  }

  public static PostgresServer create() {
    return new PostgresServer();
  }

  public static PostgresServer create(String database) {
    return new PostgresServer(database);
  }

  /**
   * Makes and starts the cluster, creates the role, database and publication. Does nothing when
   * already started.
   *
   * @throws IllegalStateException when the binaries are missing or the cluster does not start (the
   *     message carries the tail of the server log)
   */
  public synchronized PostgresServer start() {
    if (port > 0) {
      return this;
    }
    binDir = findBinaries();
    try {
      baseDir = Files.createTempDirectory("cdclake-pg-");
      Files.setPosixFilePermissions(baseDir, PosixFilePermissions.fromString("rwxr-xr-x"));
      dataDir = baseDir.resolve("pgdata");
      Files.createDirectory(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path pwFile = baseDir.resolve("pwfile");
      Files.writeString(pwFile, SUPERUSER_PASSWORD + "\n");
      if (LocalServers.isRoot()) {
        chown(dataDir);
        chown(pwFile);
      }
      shutdownHook = new Thread(this::stopQuietly, "postgres-server-cleanup");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      runAsOwner(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER, "--pwfile=" + pwFile,
          "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
      startOnFreePort();
      createRoleDatabaseAndPublication();
      return this;
    } catch (IOException e) {
      stopQuietly();
      throw new UncheckedIOException("Cannot start PostgreSQL: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      stopQuietly();
      throw e;
    }
  }

  private void startOnFreePort() throws IOException {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int candidate = LocalServers.freePort();
      writeConfig(candidate);
      try {
        runAsOwner(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", dataDir.resolve("server.log").toString(),
            "-w", "-t", "60", "start"));
        port = candidate;
        return;
      } catch (IllegalStateException e) {
        last = e;
        // another process took the port between our probe and the bind: try another one
        if (!serverLog().contains("could not bind") && !serverLog().contains("Address already in use")) {
          break;
        }
      }
    }
    throw new IllegalStateException("Cannot start PostgreSQL: pg_ctl start failed (data=" + dataDir + "); server log:\n" + LocalServers.tail(serverLog()), last);
  }

  private void writeConfig(int candidate) throws IOException {
    Path conf = dataDir.resolve("postgresql.auto.conf");
    String settings = String.join("\n",
        "listen_addresses = '" + HOST + "'",
        "port = " + candidate,
        "unix_socket_directories = '" + dataDir + "'",
        "wal_level = logical",
        "max_replication_slots = 10",
        "max_wal_senders = 10",
        "max_connections = 40",
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        "shared_buffers = 32MB",
        "timezone = 'UTC'",
        "log_timezone = 'UTC'",
        "") + "\n";
    // postgresql.auto.conf is read last; rewrite it whole on each attempt
    Files.writeString(conf, settings, StandardCharsets.UTF_8);
    if (LocalServers.isRoot()) {
      chown(conf);
    }
  }

  private void createRoleDatabaseAndPublication() {
    try (Connection c = connect("postgres", SUPERUSER, SUPERUSER_PASSWORD); Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + USER + " LOGIN REPLICATION PASSWORD '" + PASSWORD + "'");
      s.execute("CREATE DATABASE " + database + " OWNER " + USER);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot set up PostgreSQL: " + e.getMessage(), e);
    }
    try (Connection c = connectAsSuperuser(); Statement s = c.createStatement()) {
      s.execute("CREATE PUBLICATION " + PUBLICATION + " FOR ALL TABLES");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot set up PostgreSQL: " + e.getMessage(), e);
    }
  }

  /** Stops the cluster and deletes its directory. Safe to call more than once. */
  @Override
  public synchronized void close() {
    stopQuietly();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException ignored) {
        // the JVM is already shutting down; the hook does the same work
      }
      shutdownHook = null;
    }
  }

  private synchronized void stopQuietly() {
    if (dataDir != null && Files.exists(dataDir.resolve("postmaster.pid"))) {
      try {
        runAsOwner(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "30", "stop"));
      } catch (RuntimeException e) {
        try {
          runAsOwner(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"));
        } catch (RuntimeException ignored) {
          // nothing more to do; the directory goes below
        }
      }
    }
    if (baseDir != null) {
      LocalServers.deleteRecursively(baseDir);
      baseDir = null;
      dataDir = null;
    }
    port = -1;
  }

  public String host() {
    return HOST;
  }

  /** The port; the server must be started. */
  public int port() {
    requireStarted();
    return port;
  }

  public String database() {
    return database;
  }

  public String user() {
    return USER;
  }

  public String password() {
    return PASSWORD;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
  }

  /** The data directory (owned by the postgres user when running as root). */
  public Path dataDirectory() {
    requireStarted();
    return dataDir;
  }

  /** The folder holding initdb, pg_ctl and postgres. */
  public Path binDirectory() {
    requireStarted();
    return binDir;
  }

  /** A new connection to the test database as {@value #USER}, auto-commit on. */
  public Connection connect() {
    return connect(database, USER, PASSWORD);
  }

  /** A new connection to the test database as the superuser, auto-commit on. */
  public Connection connectAsSuperuser() {
    return connect(database, SUPERUSER, SUPERUSER_PASSWORD);
  }

  private Connection connect(String db, String user, String password) {
    requireStarted();
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("ApplicationName", "cdc-lake-tests");
    try {
      return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + port + "/" + db, p);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot connect to PostgreSQL: " + e.getMessage() + " (port=" + port + ", database=" + db + ", user=" + user + ")", e);
    }
  }

  /** The server's version text ({@code SHOW server_version}). */
  public String version() {
    try (Connection c = connect(); Statement s = c.createStatement(); var rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read PostgreSQL version: " + e.getMessage(), e);
    }
  }

  /** The server log so far (for failure messages). */
  public String serverLog() {
    Path log = dataDir == null ? null : dataDir.resolve("server.log");
    try {
      return log != null && Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(server log unreadable: " + e.getMessage() + ")";
    }
  }

  // ---- JUnit 5 ----

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == PostgresServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return start();
  }

  // ---- helpers ----

  private void requireStarted() {
    if (port <= 0) {
      throw new IllegalStateException("Cannot use PostgreSQL server: not started (call start() or register it as a JUnit extension)");
    }
  }

  /** The newest {@code /usr/lib/postgresql/<version>/bin} holding initdb, or the configured folder. */
  static Path findBinaries() {
    String configured = System.getProperty("cdclake.pg.bin", System.getenv("CDCLAKE_PG_BIN"));
    if (configured != null && !configured.isBlank()) {
      Path p = Paths.get(configured);
      if (Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl"))) {
        return p;
      }
      throw new IllegalStateException("Cannot start PostgreSQL: no initdb/pg_ctl in the configured folder (cdclake.pg.bin=" + configured
          + "); run bin/ensure-test-deps to install the Debian server binaries");
    }
    Path root = Paths.get("/usr/lib/postgresql");
    List<Path> candidates = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> s = Files.list(root)) {
        s.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
            .forEach(candidates::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    candidates.sort(Comparator.comparing(PostgresServer::majorVersion));
    if (candidates.isEmpty()) {
      throw new IllegalStateException("Cannot start PostgreSQL: no server binaries found (looked for /usr/lib/postgresql/*/bin/initdb);"
          + " run bin/ensure-test-deps (it apt-installs the Debian postgresql package), or set cdclake.pg.bin to a folder holding initdb and pg_ctl");
    }
    return candidates.get(candidates.size() - 1);
  }

  private static Integer majorVersion(Path bin) {
    Matcher m = Pattern.compile("(\\d+)").matcher(bin.getParent().getFileName().toString());
    return m.find() ? Integer.valueOf(m.group(1)) : 0;
  }
}
