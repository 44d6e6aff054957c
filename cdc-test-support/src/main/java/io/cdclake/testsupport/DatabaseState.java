package io.cdclake.testsupport;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A database's final state read over JDBC: every user table's schema (from the catalog) and rows (as
 * canonical values), to compare what a decoded change stream built against. PostgreSQL (tables
 * {@code <database>.<schema>.<table>}, types by {@link PgTypes}) and MariaDB/MySQL (the connection's
 * database only, tables {@code <database>.<table>} without a schema, as the Debezium MySQL and MariaDB
 * connectors name them; types by {@link MariaDbTypes}).
 *
 * <p>Tables with a primary key hold their rows by key (a {@link Row} of the key columns in key
 * order); tables without one hold a multiset (a list, order meaningless). Values use the canonical
 * classes of {@link ColumnType.Kind}; {@link PgTypes} documents the type mapping, including
 * {@code interval} as Debezium's microsecond count.
 */
public final class DatabaseState {
  private final String database;
  private final Map<TableId, TableSchema> schemas;
  private final Map<TableId, List<Row>> rows;
  private final Map<TableId, Map<Row, Row>> rowsByKey;

  private DatabaseState(String database, Map<TableId, TableSchema> schemas, Map<TableId, List<Row>> rows, Map<TableId, Map<Row, Row>> rowsByKey) {
    this.database = database;
    this.schemas = Collections.unmodifiableMap(schemas);
    this.rows = Collections.unmodifiableMap(rows);
    this.rowsByKey = Collections.unmodifiableMap(rowsByKey);
  }

  /**
   * A state made by hand (for tests of code that compares against one): schemas and rows per
   * table. Rows of tables with a key are indexed by it; a duplicate key is refused.
   */
  public static DatabaseState of(String database, Map<TableId, TableSchema> schemas, Map<TableId, List<Row>> rows) {
    Map<TableId, TableSchema> s = new LinkedHashMap<>(schemas);
    Map<TableId, List<Row>> r = new LinkedHashMap<>();
    Map<TableId, Map<Row, Row>> byKey = new LinkedHashMap<>();
    for (Map.Entry<TableId, TableSchema> e : s.entrySet()) {
      List<Row> tableRows = List.copyOf(rows.getOrDefault(e.getKey(), List.of()));
      r.put(e.getKey(), tableRows);
      if (e.getValue().hasPrimaryKey()) {
        Map<Row, Row> m = new LinkedHashMap<>();
        for (Row row : tableRows) {
          if (m.put(row.project(e.getValue().primaryKey()), row) != null) {
            throw new IllegalArgumentException("Cannot make database state: duplicate key (table=" + e.getKey() + ")");
          }
        }
        byKey.put(e.getKey(), Collections.unmodifiableMap(m));
      }
    }
    for (TableId t : rows.keySet()) {
      if (!s.containsKey(t)) {
        throw new IllegalArgumentException("Cannot make database state: rows for a table without schema (table=" + t + ")");
      }
    }
    return new DatabaseState(database, s, r, byKey);
  }

  /**
   * Reads every ordinary table outside the system schemas (PostgreSQL), or every base table of the
   * connection's database (MariaDB, MySQL).
   */
  public static DatabaseState read(Connection c) {
    try {
      String database = c.getCatalog();
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
      boolean mariaDb = product.contains("mariadb") || product.contains("mysql");
      Map<TableId, TableSchema> schemas = mariaDb ? readMariaDbSchemas(c, database) : readSchemas(c, database);
      Map<TableId, List<Row>> rows = new LinkedHashMap<>();
      Map<TableId, Map<Row, Row>> byKey = new LinkedHashMap<>();
      for (Map.Entry<TableId, TableSchema> e : schemas.entrySet()) {
        List<Row> tableRows = mariaDb ? readMariaDbRows(c, e.getKey(), e.getValue()) : readRows(c, e.getKey(), e.getValue());
        rows.put(e.getKey(), Collections.unmodifiableList(tableRows));
        if (e.getValue().hasPrimaryKey()) {
          Map<Row, Row> m = new LinkedHashMap<>();
          for (Row r : tableRows) {
            m.put(r.project(e.getValue().primaryKey()), r);
          }
          byKey.put(e.getKey(), Collections.unmodifiableMap(m));
        }
      }
      return new DatabaseState(database, schemas, rows, byKey);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read database state: " + e.getMessage(), e);
    }
  }

  /** The database (catalog) name; the tables' {@link TableId#database()}. */
  public String database() {
    return database;
  }

  public List<TableId> tables() {
    return List.copyOf(schemas.keySet());
  }

  /** Every table's schema, in name order. */
  public Map<TableId, TableSchema> schemas() {
    return schemas;
  }

  /** The table's schema, or null when there is no such table. */
  public TableSchema schema(TableId table) {
    return schemas.get(requireNonNull(table, "table is null"));
  }

  /**
   * Looks a schema up by table, matching on schema and table name when the database part is absent
   * on either side (what a caller supplying schemas to a decoder passes on).
   */
  public Function<TableId, TableSchema> schemaLookup() {
    return id -> {
      TableSchema s = schemas.get(id);
      if (s != null || id == null) {
        return s;
      }
      for (Map.Entry<TableId, TableSchema> e : schemas.entrySet()) {
        TableId t = e.getKey();
        if (t.table().equals(id.table()) && (id.schema() == null || id.schema().equals(t.schema()))) {
          return e.getValue();
        }
      }
      return null;
    };
  }

  /** The table's rows (for a keyless table: the multiset, in no particular order). */
  public List<Row> rows(TableId table) {
    List<Row> r = rows.get(table);
    if (r == null) {
      throw new IllegalArgumentException("Cannot read rows: no such table (table=" + table + ")");
    }
    return r;
  }

  /** The table's rows by primary key; null for a table without a key. */
  public Map<Row, Row> rowsByKey(TableId table) {
    return rowsByKey.get(table);
  }

  /** The table named by schema and table (database ignored), or null. */
  public TableId table(String schema, String table) {
    for (TableId t : schemas.keySet()) {
      if (t.table().equals(table) && java.util.Objects.equals(t.schema(), schema)) {
        return t;
      }
    }
    return null;
  }

  public int rowCount() {
    return rows.values().stream().mapToInt(List::size).sum();
  }

  // ---- reading ----

  private static Map<TableId, TableSchema> readSchemas(Connection c, String database) throws SQLException {
    String sql = """
        SELECT n.nspname, cl.relname, a.attname, a.attnotnull, t.typname, t.typtype, a.atttypmod,
               et.typname AS elem_typname, et.typtype AS elem_typtype
        FROM pg_attribute a
          JOIN pg_class cl ON cl.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = cl.relnamespace
          JOIN pg_type t ON t.oid = a.atttypid
          LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
        WHERE cl.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        ORDER BY n.nspname, cl.relname, a.attnum""";
    Map<TableId, List<Column>> columns = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        TableId id = TableId.of(database, rs.getString(1), rs.getString(2));
        String typname = rs.getString(5);
        String typtype = rs.getString(6);
        int typmod = rs.getInt(7);
        String elemName = rs.getString(8);
        String elemType = rs.getString(9);
        ColumnType type = PgTypes.canonical(typname, typtype, typmod, elemName, elemType, id, rs.getString(3));
        columns.computeIfAbsent(id, k -> new ArrayList<>())
            .add(new Column(rs.getString(3), type, !rs.getBoolean(4), typname, null));
      }
    }
    Map<TableId, TableSchema> out = new LinkedHashMap<>();
    String keySql = """
        SELECT a.attname
        FROM pg_index i
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass AND i.indisprimary
        ORDER BY array_position(i.indkey::int2[], a.attnum)""";
    try (PreparedStatement ps = c.prepareStatement(keySql)) {
      for (Map.Entry<TableId, List<Column>> e : columns.entrySet()) {
        ps.setString(1, e.getKey().schema());
        ps.setString(2, e.getKey().table());
        List<String> key = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            key.add(rs.getString(1));
          }
        }
        out.put(e.getKey(), new TableSchema(e.getValue(), key));
      }
    }
    return out;
  }

  private static List<Row> readRows(Connection c, TableId table, TableSchema schema) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < schema.columns().size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(quote(schema.columns().get(i).name()));
    }
    sql.append(" FROM ").append(quote(table.schema())).append('.').append(quote(table.table()));
    List<Row> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
      while (rs.next()) {
        Row.Builder b = Row.builder(schema.columns().size());
        for (int i = 0; i < schema.columns().size(); i++) {
          Column col = schema.columns().get(i);
          b.put(col.name(), PgTypes.read(rs, i + 1, col, table));
        }
        out.add(b.build());
      }
    }
    return out;
  }

  private static Map<TableId, TableSchema> readMariaDbSchemas(Connection c, String database) throws SQLException {
    String sql = """
        SELECT c.table_name, c.column_name, c.is_nullable, c.data_type, c.column_type, c.numeric_precision, c.numeric_scale, c.column_key
        FROM information_schema.columns c
          JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name, c.ordinal_position""";
    Map<TableId, List<Column>> columns = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          TableId id = TableId.of(database, null, rs.getString(1));
          String name = rs.getString(2);
          ColumnType type = MariaDbTypes.canonical(rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7), id, name);
          columns.computeIfAbsent(id, k -> new ArrayList<>()).add(new Column(name, type, "YES".equals(rs.getString(3)), rs.getString(5), null));
        }
      }
    }
    String keySql = """
        SELECT column_name FROM information_schema.key_column_usage
        WHERE table_schema = ? AND table_name = ? AND constraint_name = 'PRIMARY'
        ORDER BY ordinal_position""";
    Map<TableId, TableSchema> out = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(keySql)) {
      for (Map.Entry<TableId, List<Column>> e : columns.entrySet()) {
        ps.setString(1, database);
        ps.setString(2, e.getKey().table());
        List<String> key = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            key.add(rs.getString(1));
          }
        }
        out.put(e.getKey(), new TableSchema(e.getValue(), key));
      }
    }
    return out;
  }

  private static List<Row> readMariaDbRows(Connection c, TableId table, TableSchema schema) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < schema.columns().size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(backquote(schema.columns().get(i).name()));
    }
    sql.append(" FROM ").append(backquote(table.database())).append('.').append(backquote(table.table()));
    List<Row> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
      while (rs.next()) {
        Row.Builder b = Row.builder(schema.columns().size());
        for (int i = 0; i < schema.columns().size(); i++) {
          Column col = schema.columns().get(i);
          b.put(col.name(), MariaDbTypes.read(rs, i + 1, col));
        }
        out.add(b.build());
      }
    }
    return out;
  }

  private static String backquote(String identifier) {
    return '`' + identifier.replace("`", "``") + '`';
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  // ---- the STATE_DIR of ../shared/tools/check-against-db.py ----

  /**
   * Writes what {@code check-against-db.py} reads as its STATE_DIR: one {@code <table>.csv} per
   * table of the schema ({@code COPY (SELECT … ORDER BY key) TO STDOUT WITH CSV HEADER NULL '\N'}),
   * {@code columns.csv} (from {@code information_schema.columns}) and {@code keys.json}.
   *
   * @param columnFilter which columns to include, by table name and column name (all: {@code (t, c) -> true})
   */
  public static void writeCheckStateDir(Connection c, String schema, Path dir, java.util.function.BiPredicate<String, String> columnFilter) {
    try {
      Files.createDirectories(dir);
      DatabaseState state = read(c);
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      StringBuilder keys = new StringBuilder("{");
      List<String> tablesWritten = new ArrayList<>();
      for (Map.Entry<TableId, TableSchema> e : state.schemas().entrySet()) {
        TableId t = e.getKey();
        if (!schema.equals(t.schema())) {
          continue;
        }
        List<String> cols = e.getValue().columns().stream().map(Column::name).filter(n -> columnFilter.test(t.table(), n)).toList();
        if (cols.isEmpty()) {
          continue;
        }
        tablesWritten.add(t.table());
        List<String> order = e.getValue().hasPrimaryKey() ? e.getValue().primaryKey() : cols;
        String select = "SELECT " + String.join(", ", cols.stream().map(DatabaseState::quote).toList()) + " FROM " + quote(t.schema()) + "."
            + quote(t.table()) + " ORDER BY " + String.join(", ", order.stream().map(DatabaseState::quote).toList());
        try (Writer w = Files.newBufferedWriter(dir.resolve(t.table() + ".csv"), StandardCharsets.UTF_8)) {
          copy.copyOut("COPY (" + select + ") TO STDOUT WITH CSV HEADER NULL '\\N'", w);
        }
        if (e.getValue().hasPrimaryKey()) {
          keys.append(keys.length() > 1 ? ", " : "").append('"').append(t.table()).append("\": [");
          List<String> pk = e.getValue().primaryKey();
          for (int i = 0; i < pk.size(); i++) {
            keys.append(i > 0 ? ", " : "").append('"').append(pk.get(i)).append('"');
          }
          keys.append(']');
        }
      }
      Files.writeString(dir.resolve("keys.json"), keys.append("}\n").toString(), StandardCharsets.UTF_8);
      Path columnsCsv = dir.resolve("columns.csv");
      try (Writer w = Files.newBufferedWriter(columnsCsv, StandardCharsets.UTF_8)) {
        copy.copyOut("COPY (SELECT table_name, ordinal_position, column_name, data_type, udt_name, is_nullable, column_default"
            + " FROM information_schema.columns WHERE table_schema = '" + schema.replace("'", "''") + "'"
            + " ORDER BY table_name, ordinal_position) TO STDOUT WITH CSV HEADER", w);
      }
      // keep only the columns the filter allows
      List<String> lines = Files.readAllLines(columnsCsv, StandardCharsets.UTF_8);
      List<String> kept = new ArrayList<>();
      kept.add(lines.get(0));
      for (String line : lines.subList(1, lines.size())) {
        String[] parts = line.split(",", 4);
        if (tablesWritten.contains(parts[0]) && columnFilter.test(parts[0], parts[2])) {
          kept.add(line);
        }
      }
      Files.write(columnsCsv, kept, StandardCharsets.UTF_8);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot write check state: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write check state: " + e.getMessage() + " (dir=" + dir + ")", e);
    }
  }
}
