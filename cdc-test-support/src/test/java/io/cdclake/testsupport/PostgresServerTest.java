package io.cdclake.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {
  @RegisterExtension static final PostgresServer PG = PostgresServer.create();

  @Test
  void clusterListensOnLoopbackWithLogicalDecodingAndAPublicationForAllTables() throws Exception {
    try (Connection c = PG.connect(); Statement s = c.createStatement()) {
      assertThat(single(s, "SHOW wal_level")).isEqualTo("logical");
      assertThat(single(s, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
      assertThat(single(s, "SHOW fsync")).isEqualTo("off");
      assertThat(single(s, "SELECT current_user")).isEqualTo("dbz");
      assertThat(single(s, "SELECT rolreplication::text FROM pg_roles WHERE rolname = 'dbz'")).isEqualTo("true");
      assertThat(single(s, "SELECT puballtables::text FROM pg_publication WHERE pubname = 'dbz_publication'")).isEqualTo("true");
    }
    assertThat(PG.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + PG.port() + "/");
    assertThat(PG.version()).startsWith(PG.binDirectory().getParent().getFileName().toString());
  }

  @Test
  void closeStopsTheServerAndDeletesItsDirectory() {
    Path data;
    int port;
    try (PostgresServer other = PostgresServer.create("other").start()) {
      data = other.dataDirectory();
      port = other.port();
      assertThat(port).isNotEqualTo(PG.port());
      assertThat(Files.isDirectory(data)).isTrue();
    }
    assertThat(Files.exists(data)).isFalse();
  }

  @Test
  void missingBinariesNameTheScriptThatInstallsThem(@TempDir Path empty) {
    String before = System.getProperty("cdclake.pg.bin");
    System.setProperty("cdclake.pg.bin", empty.toString());
    try {
      assertThatThrownBy(() -> PostgresServer.create("nobin").start())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("bin/ensure-test-deps");
    } finally {
      if (before == null) {
        System.clearProperty("cdclake.pg.bin");
      } else {
        System.setProperty("cdclake.pg.bin", before);
      }
    }
  }

  @Test
  void databaseStateReadsCatalogTypesKeysAndCanonicalValues() throws Exception {
    try (Connection c = PG.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TYPE colour AS ENUM ('red', 'green')");
      s.execute("CREATE TABLE st (b text, a integer, n numeric(6,2), f numeric, d date, t time, ts timestamp, tz timestamptz,"
          + " iv interval, u uuid, j jsonb, by bytea, e colour, ia int[], ta text[], ch char(3), r real, dp double precision,"
          + " i8 bigint NOT NULL, PRIMARY KEY (b, a))");
      s.execute("INSERT INTO st VALUES ('k', 1, 1.5, 2.250, '2024-01-02', '03:04:05.000006', '2024-01-02 03:04:05.000006',"
          + " '2024-01-02 03:04:05+02', '1 day 00:00:01', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": 1}', '\\x0102', 'green',"
          + " '{1,NULL}', '{x,NULL}', 'ab', 0.5, 0.25, 5)");
      s.execute("CREATE TABLE keyless (x integer)");
      s.execute("INSERT INTO keyless VALUES (1), (1)");
    }
    DatabaseState state;
    try (Connection c = PG.connect()) {
      state = DatabaseState.read(c);
    }
    TableId st = TableId.of(PG.database(), "public", "st");
    TableSchema schema = state.schema(st);

    assertThat(schema.primaryKey()).containsExactly("b", "a");
    assertThat(schema.column("n").type()).isEqualTo(ColumnType.decimal(6, 2));
    assertThat(schema.column("ia").type()).isEqualTo(ColumnType.list(ColumnType.INT));
    assertThat(schema.column("e").type()).isEqualTo(ColumnType.STRING);
    assertThat(schema.column("e").sourceType()).isEqualTo("colour");
    assertThat(schema.column("tz")).isEqualTo(new Column("tz", ColumnType.TIMESTAMP_TZ, true, "timestamptz", null));
    assertThat(schema.column("i8").optional()).isFalse();

    Row row = state.rowsByKey(st).get(Row.of("b", "k", "a", 1));
    assertThat(row.get("n")).isEqualTo(new BigDecimal("1.50"));
    assertThat(row.get("f")).isEqualTo("2.250");
    assertThat(schema.column("f").type()).isEqualTo(ColumnType.STRING);
    assertThat(row.get("d")).isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(row.get("t")).isEqualTo(LocalTime.of(3, 4, 5, 6000));
    assertThat(row.get("ts")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6000));
    assertThat(row.get("tz")).isEqualTo(OffsetDateTime.of(2024, 1, 2, 1, 4, 5, 0, ZoneOffset.UTC));
    assertThat(row.get("iv")).isEqualTo(86_401_000_000L);
    assertThat(row.get("u")).isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
    assertThat(row.get("j")).isEqualTo("{\"a\": 1}");
    assertThat((byte[]) row.get("by")).containsExactly(1, 2);
    assertThat(row.get("e")).isEqualTo("green");
    assertThat(row.get("ia")).isEqualTo(Arrays.asList(1, null));
    assertThat(row.get("ta")).isEqualTo(Arrays.asList("x", null));
    assertThat(row.get("ch")).isEqualTo("ab ");
    assertThat(row.get("r")).isEqualTo(0.5f);
    assertThat(row.get("dp")).isEqualTo(0.25d);
    assertThat(row.get("i8")).isEqualTo(5L);

    TableId keyless = TableId.of(PG.database(), "public", "keyless");
    assertThat(state.rowsByKey(keyless)).isNull();
    assertThat(state.rows(keyless)).containsExactly(Row.of("x", 1), Row.of("x", 1));
  }

  @Test
  void checkStateDirHoldsTableDumpsColumnsAndKeys(@TempDir Path dir) throws Exception {
    try (Connection c = PG.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE dumped (id integer PRIMARY KEY, v text, skipme text)");
      s.execute("INSERT INTO dumped VALUES (2, NULL, 'a'), (1, 'one', 'b')");
      DatabaseState.writeCheckStateDir(c, "public", dir, (table, column) -> !column.equals("skipme"));
    }
    assertThat(Files.readAllLines(dir.resolve("dumped.csv"))).containsExactly("id,v", "1,one", "2,\\N");
    assertThat(Files.readString(dir.resolve("keys.json"))).contains("\"dumped\": [\"id\"]");
    List<String> columns = Files.readAllLines(dir.resolve("columns.csv"));
    assertThat(columns.get(0)).isEqualTo("table_name,ordinal_position,column_name,data_type,udt_name,is_nullable,column_default");
    assertThat(columns).anySatisfy(l -> assertThat(l).startsWith("dumped,2,v,text,text,YES"));
    assertThat(columns).noneSatisfy(l -> assertThat(l).contains("skipme"));
  }

  private static String single(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
