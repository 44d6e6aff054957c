package io.cdclake.testsupport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A database workload in two parts: the snapshot part runs before the capture starts (its rows
 * arrive as snapshot reads), the streaming part runs once the connector streams.
 *
 * <p>Scripts hold one statement per {@code ;} at the end of a line; lines starting with {@code --}
 * are comments. {@code BEGIN} / {@code COMMIT} / {@code ROLLBACK} lines make multi-statement
 * transactions (the connection is in auto-commit mode).
 */
public final class Workload {
  private static final String STANDARD = "/io/cdclake/testsupport/workload/";

  private final String name;
  private final List<String> snapshotPart;
  private final List<String> streamingPart;

  private Workload(String name, List<String> snapshotPart, List<String> streamingPart) {
    this.name = requireNonNull(name, "name is null");
    this.snapshotPart = List.copyOf(snapshotPart);
    this.streamingPart = List.copyOf(streamingPart);
  }

  /**
   * The standard PostgreSQL workload: every type the decoders map (numeric with and without scale,
   * timestamptz/timestamp/date/time/interval, uuid, json/jsonb, bytea, an enum, int[] and text[],
   * boolean, real/double, text/varchar/char), TOASTed text and jsonb left unchanged by updates, a
   * composite key, a table without a key, REPLICA IDENTITY DEFAULT and FULL, key-changing updates,
   * deletes, a truncate, ADD/DROP COLUMN mid-stream, a logical decoding message and multi-statement
   * transactions (one rolled back).
   *
   * <p>Kept out on purpose, because a Debezium stream cannot carry them (see
   * {@code ../shared/recipes/real-sources.md}): NaN and ±infinity in numeric, real, double, date and
   * timestamp columns, and {@code 24:00:00} times.
   */
  public static Workload standard() {
    return new Workload("standard", statements(resource(STANDARD + "snapshot.sql")), statements(resource(STANDARD + "stream.sql")));
  }

  /**
   * Schema changes mid-stream on PostgreSQL, which has no schema-change topic: they reach a consumer
   * only through the message schemas of the row events after them. Table {@code people}: ADD COLUMN
   * without and with a DEFAULT, ALTER COLUMN TYPE integer to bigint, RENAME COLUMN and DROP COLUMN, with
   * rows inserted before and after each change, old rows updated after each change, and deletes; table
   * {@code items}: a NOT NULL column dropped and another renamed.
   */
  public static Workload postgresDdl() {
    return new Workload("postgres-ddl", statements(resource(STANDARD + "pg-ddl-snapshot.sql")),
        statements(resource(STANDARD + "pg-ddl-stream.sql")));
  }

  /**
   * Schema changes mid-stream on MariaDB (for the schema-change topic: DDL with {@code tableChanges}):
   * CREATE TABLE during streaming, ADD COLUMN without and with a DEFAULT, MODIFY int to bigint, RENAME
   * COLUMN, CHANGE COLUMN (a rename with a type), DROP COLUMN, with rows written before and after each
   * change, old rows updated and deleted after each, a multi-statement transaction, and the quirks of the
   * stream: an UPDATE that changes nothing (MariaDB emits no event) and DDL (a BEGIN without an END).
   */
  public static Workload mariaDbDdl() {
    return new Workload("mariadb-ddl", statements(resource(STANDARD + "mariadb-ddl-snapshot.sql")),
        statements(resource(STANDARD + "mariadb-ddl-stream.sql")));
  }

  /** A workload from two scripts' texts. */
  public static Workload of(String name, String snapshotScript, String streamingScript) {
    return new Workload(name, statements(snapshotScript), statements(streamingScript));
  }

  public String name() {
    return name;
  }

  public List<String> snapshotStatements() {
    return snapshotPart;
  }

  public List<String> streamingStatements() {
    return streamingPart;
  }

  /** Runs the snapshot part on the connection. */
  public void runSnapshotPart(Connection c) {
    run(c, snapshotPart);
  }

  /** Runs the streaming part on the connection. */
  public void runStreamingPart(Connection c) {
    run(c, streamingPart);
  }

  private void run(Connection c, List<String> statements) {
    try (Statement s = c.createStatement()) {
      for (int i = 0; i < statements.size(); i++) {
        String sql = statements.get(i);
        try {
          s.execute(sql);
        } catch (SQLException e) {
          throw new IllegalStateException("Cannot run workload statement: " + e.getMessage() + " (workload=" + name + ", statement=" + (i + 1)
              + "):\n" + sql, e);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot run workload: " + e.getMessage() + " (workload=" + name + ")", e);
    }
  }

  /** Splits a script into statements: each ends with {@code ;} at the end of a line; {@code --} lines are dropped. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      if (current.length() > 0) {
        current.append('\n');
      }
      current.append(line);
      if (trimmed.endsWith(";")) {
        String sql = current.toString().strip();
        out.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalArgumentException("Cannot read script: the last statement does not end with ';'");
    }
    return out;
  }

  private static String resource(String path) {
    try (InputStream in = Workload.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Cannot read workload: resource missing (resource=" + path + ")");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
