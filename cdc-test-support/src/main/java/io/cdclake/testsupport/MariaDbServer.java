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
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A throwaway MariaDB server made from the Debian server binaries: a temporary data directory (made
 * by {@code mariadb-install-db}), its own socket, a free loopback port, a row-based binlog with full row
 * images ({@code --server-id=1 --log-bin --binlog-format=ROW --binlog-row-image=FULL}, what Debezium
 * reads), UTC, utf8mb4, durability off. A user {@value #USER} (password {@value #PASSWORD}) owns the test
 * database and has the grants a Debezium connector needs (REPLICATION SLAVE, REPLICATION CLIENT, SELECT,
 * RELOAD, SHOW DATABASES); {@code root} (password {@value #SUPERUSER_PASSWORD}) may do anything, from
 * 127.0.0.1.
 *
 * <p>Use it as a JUnit 5 extension, one server per test class:
 * <pre>{@code
 * @RegisterExtension static final MariaDbServer DB = MariaDbServer.create();
 * }</pre>
 * or, outside JUnit, as an {@link AutoCloseable} after {@link #start()}. The server is shut down and its
 * directory deleted on {@link #close()}, and also when the JVM exits.
 *
 * <p>The binaries: {@code mariadbd} (or {@code mysqld}) and {@code mariadb-install-db} (or
 * {@code mysql_install_db}) from the folder in the system property {@code cdclake.mariadb.bin} /
 * environment variable {@code CDCLAKE_MARIADB_BIN}, else from {@code /usr/sbin}, {@code /usr/bin},
 * {@code /usr/local/sbin}, {@code /usr/local/bin} and the {@code PATH}. {@code bin/ensure-test-deps}
 * installs them on Debian (package {@code mariadb-server}). When running as root, both run as the
 * {@code mysql} user through {@code runuser}.
 */
public final class MariaDbServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback, ParameterResolver {
  /** The user that owns the test database and has the replication grants. */
  public static final String USER = "dbz";
  public static final String PASSWORD = "dbz";
  static final String SUPERUSER = "root";
  static final String SUPERUSER_PASSWORD = "root";
  private static final String OS_USER = "mysql";
  private static final String HOST = LocalServers.HOST;
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> SEARCHED = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin");

  private static void chown(Path p) throws IOException {
    LocalServers.chown(p, OS_USER, "MariaDB", "mariadb-server");
  }

  /** Runs a command to its end as the server's owner: the mysql user when we are root, else ourselves. */
  private static void runAsOwner(List<String> command) {
    LocalServers.runAs(OS_USER, command, COMMAND_TIMEOUT);
  }

  private final String database;
  private Path baseDir;
  private Path dataDir;
  private Path runDir;
  private Path server;
  private Path installDb;
  private Process process;
  private int port = -1;
  private Thread shutdownHook;

  /** A server for the database {@code cdclake}. Use {@link #create()} in tests; JUnit uses this constructor for {@code @ExtendWith}. */
  public MariaDbServer() {
    this("cdclake");
  }

  private MariaDbServer(String database) {
    if (!database.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("Cannot make MariaDB server: database name must be a plain lower-case identifier (database=" + database + ")");
    }
    this.database = database;
  }

  public static MariaDbServer create() {
    return new MariaDbServer();
  }

  public static MariaDbServer create(String database) {
    return new MariaDbServer(database);
  }

  /**
   * Makes the data directory and starts the server, with the users and the test database. Does nothing
   * when already started.
   *
   * @throws IllegalStateException when the binaries are missing or the server does not start (the message
   *     carries the tail of the error log)
   */
  public synchronized MariaDbServer start() {
    if (port > 0) {
      return this;
    }
    Path[] bins = findBinaries();
    server = bins[0];
    installDb = bins[1];
    try {
      baseDir = Files.createTempDirectory("cdclake-mariadb-");
      Files.setPosixFilePermissions(baseDir, PosixFilePermissions.fromString("rwxr-xr-x"));
      dataDir = baseDir.resolve("data");
      Files.createDirectory(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      runDir = baseDir.resolve("run");
      Files.createDirectory(runDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      Path init = runDir.resolve("init.sql");
      Files.writeString(init, initSql(), StandardCharsets.UTF_8);
      if (LocalServers.isRoot()) {
        chown(dataDir);
        chown(runDir);
        chown(init);
      }
      shutdownHook = new Thread(this::stopQuietly, "mariadb-server-cleanup");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      runAsOwner(List.of(installDb.toString(), "--no-defaults", "--datadir=" + dataDir, "--auth-root-authentication-method=normal",
          "--skip-test-db", "--skip-name-resolve"));
      startOnFreePort(init);
      return this;
    } catch (IOException e) {
      stopQuietly();
      throw new UncheckedIOException("Cannot start MariaDB: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      stopQuietly();
      throw e;
    }
  }

  /** Users and the database, made by the server itself on start ({@code --init-file}). */
  private String initSql() {
    String dbz = "'" + USER + "'@'" + HOST + "'";
    String root = "'" + SUPERUSER + "'@'" + HOST + "'";
    return String.join("\n",
        "CREATE OR REPLACE USER " + root + " IDENTIFIED BY '" + SUPERUSER_PASSWORD + "';",
        "GRANT ALL PRIVILEGES ON *.* TO " + root + " WITH GRANT OPTION;",
        "CREATE DATABASE IF NOT EXISTS `" + database + "` CHARACTER SET utf8mb4;",
        "CREATE USER IF NOT EXISTS " + dbz + " IDENTIFIED BY '" + PASSWORD + "';",
        "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO " + dbz + ";",
        "GRANT ALL PRIVILEGES ON `" + database + "`.* TO " + dbz + ";",
        "") + "\n";
  }

  private void startOnFreePort(Path init) throws IOException {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int candidate = LocalServers.freePort();
      Files.deleteIfExists(baseDir.resolve("server.out"));
      List<String> cmd = new ArrayList<>();
      if (LocalServers.isRoot()) {
        cmd.addAll(List.of("runuser", "-u", OS_USER, "--"));
      }
      cmd.addAll(List.of(server.toString(), "--no-defaults",
          "--datadir=" + dataDir, "--socket=" + runDir.resolve("mysqld.sock"), "--pid-file=" + runDir.resolve("mysqld.pid"),
          "--log-error=" + runDir.resolve("error.log"), "--init-file=" + init,
          "--bind-address=" + HOST, "--port=" + candidate, "--skip-name-resolve",
          "--server-id=1", "--log-bin=" + dataDir.resolve("binlog"), "--binlog-format=ROW", "--binlog-row-image=FULL",
          "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci", "--default-time-zone=+00:00",
          "--innodb-buffer-pool-size=32M", "--innodb-log-file-size=16M", "--innodb-flush-log-at-trx-commit=0", "--sync-binlog=0",
          "--innodb-doublewrite=0", "--performance-schema=OFF", "--max-connections=60"));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(baseDir.resolve("server.out").toFile());
      pb.environment().put("TZ", "UTC");
      process = pb.start();
      port = candidate;
      try {
        awaitReady();
        return;
      } catch (IllegalStateException e) {
        last = e;
        port = -1;
        stopProcess();
        String log = errorLog();
        // another process took the port between our probe and the bind: try another one
        if (!log.contains("Address already in use") && !log.contains("Can't start server: Bind")) {
          break;
        }
      }
    }
    throw new IllegalStateException("Cannot start MariaDB: the server did not come up (data=" + dataDir + "); error log:\n" + LocalServers.tail(errorLog()), last);
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    SQLException lastError = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Cannot start MariaDB: the server exited with code " + process.exitValue());
      }
      try (Connection c = DriverManager.getConnection(url(database), properties(USER, PASSWORD)); Statement s = c.createStatement()) {
        s.execute("SELECT 1");
        return;
      } catch (SQLException e) {
        lastError = e;
      }
      sleep(100);
    }
    throw new IllegalStateException("Cannot start MariaDB: no connection within " + START_TIMEOUT.toSeconds() + " s (port=" + port + ")"
        + (lastError == null ? "" : ": " + lastError.getMessage()), lastError);
  }

  /** Shuts the server down and deletes its directory. Safe to call more than once. */
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
    if (process != null && process.isAlive() && port > 0) {
      try (Connection c = DriverManager.getConnection(url(""), properties(SUPERUSER, SUPERUSER_PASSWORD)); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException ignored) {
        // the process is stopped below
      }
    }
    stopProcess();
    if (baseDir != null) {
      LocalServers.deleteRecursively(baseDir);
      baseDir = null;
      dataDir = null;
      runDir = null;
    }
    port = -1;
  }

  /** Waits for the server to exit; then signals the server itself (runuser's child) and runuser, in that order. */
  private void stopProcess() {
    if (process == null) {
      return;
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
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
    requireStarted();
    return url(database);
  }

  /** The data directory (owned by the mysql user when running as root). */
  public Path dataDirectory() {
    requireStarted();
    return dataDir;
  }

  /** The server binary ({@code mariadbd} or {@code mysqld}). */
  public Path serverBinary() {
    requireStarted();
    return server;
  }

  /** A new connection to the test database as {@value #USER}, auto-commit on. */
  public Connection connect() {
    return connect(database, USER, PASSWORD);
  }

  /** A new connection to the test database as root, auto-commit on. */
  public Connection connectAsSuperuser() {
    return connect(database, SUPERUSER, SUPERUSER_PASSWORD);
  }

  private Connection connect(String db, String user, String password) {
    requireStarted();
    try {
      return DriverManager.getConnection(url(db), properties(user, password));
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot connect to MariaDB: " + e.getMessage() + " (port=" + port + ", database=" + db + ", user=" + user + ")", e);
    }
  }

  private String url(String db) {
    return "jdbc:mariadb://" + HOST + ":" + port + "/" + db;
  }

  private static Properties properties(String user, String password) {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", "5000");
    return p;
  }

  /** The server's version text ({@code SELECT VERSION()}). */
  public String version() {
    try (Connection c = connect(); Statement s = c.createStatement(); var rs = s.executeQuery("SELECT VERSION()")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read MariaDB version: " + e.getMessage(), e);
    }
  }

  /** The error log so far (for failure messages). */
  public String errorLog() {
    Path log = runDir == null ? null : runDir.resolve("error.log");
    try {
      StringBuilder sb = new StringBuilder();
      if (log != null && Files.exists(log)) {
        sb.append(Files.readString(log, StandardCharsets.UTF_8));
      }
      Path out = baseDir == null ? null : baseDir.resolve("server.out");
      if (out != null && Files.exists(out)) {
        sb.append(Files.readString(out, StandardCharsets.UTF_8));
      }
      return sb.toString();
    } catch (IOException e) {
      return "(error log unreadable: " + e.getMessage() + ")";
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
    return parameterContext.getParameter().getType() == MariaDbServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return start();
  }

  // ---- helpers ----

  private void requireStarted() {
    if (port <= 0) {
      throw new IllegalStateException("Cannot use MariaDB server: not started (call start() or register it as a JUnit extension)");
    }
  }

  /** The server binary and the install tool: from the configured folder, else the usual folders and the PATH. */
  static Path[] findBinaries() {
    String configured = System.getProperty("cdclake.mariadb.bin", System.getenv("CDCLAKE_MARIADB_BIN"));
    List<Path> folders = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      folders.add(Paths.get(configured));
    } else {
      SEARCHED.forEach(f -> folders.add(Paths.get(f)));
      String path = System.getenv("PATH");
      if (path != null) {
        for (String p : path.split(":")) {
          if (!p.isBlank()) {
            folders.add(Paths.get(p));
          }
        }
      }
    }
    Path server = first(folders, "mariadbd", "mysqld");
    Path install = first(folders, "mariadb-install-db", "mysql_install_db");
    if (server == null || install == null) {
      String where = configured != null && !configured.isBlank() ? "the configured folder (cdclake.mariadb.bin=" + configured + ")"
          : String.join(", ", SEARCHED) + " and the PATH";
      throw new IllegalStateException("Cannot start MariaDB: no " + (server == null ? "mariadbd/mysqld" : "mariadb-install-db/mysql_install_db")
          + " in " + where + "; run bin/ensure-test-deps (it apt-installs the Debian mariadb-server package), or set cdclake.mariadb.bin to a"
          + " folder holding mariadbd and mariadb-install-db");
    }
    return new Path[] {server, install};
  }

  private static Path first(List<Path> folders, String... names) {
    for (String n : names) {
      for (Path f : folders) {
        Path p = f.resolve(n);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot start MariaDB: interrupted", e);
    }
  }
}
