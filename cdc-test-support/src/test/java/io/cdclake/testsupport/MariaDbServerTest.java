package io.cdclake.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.ColumnType;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MariaDbServerTest {
  @RegisterExtension static final MariaDbServer DB = MariaDbServer.create();

  @Test
  void serverListensOnLoopbackWithARowBinlogOfFullImagesAndAReplicationUser() throws Exception {
    try (Connection c = DB.connect(); Statement s = c.createStatement()) {
      assertThat(single(s, "SELECT @@log_bin")).isEqualTo("1");
      assertThat(single(s, "SELECT @@binlog_format")).isEqualTo("ROW");
      assertThat(single(s, "SELECT @@binlog_row_image")).isEqualTo("FULL");
      assertThat(single(s, "SELECT @@server_id")).isEqualTo("1");
      assertThat(single(s, "SELECT @@bind_address")).isEqualTo("127.0.0.1");
      assertThat(single(s, "SELECT @@time_zone")).isEqualTo("+00:00");
      assertThat(single(s, "SELECT @@character_set_server")).isEqualTo("utf8mb4");
      assertThat(single(s, "SELECT current_user()")).isEqualTo("dbz@127.0.0.1");
      assertThat(single(s, "SELECT database()")).isEqualTo("cdclake");
      List<String> grants = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SHOW GRANTS")) {
        while (rs.next()) {
          grants.add(rs.getString(1));
        }
      }
      assertThat(String.join("\n", grants)).contains("RELOAD").contains("REPLICATION SLAVE").contains("SELECT")
          .containsAnyOf("REPLICATION CLIENT", "BINLOG MONITOR");
    }
    try (Connection c = DB.connectAsSuperuser(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS other_db");
      s.execute("DROP DATABASE other_db");
    }
    assertThat(DB.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:" + DB.port() + "/cdclake");
    assertThat(DB.version()).contains("MariaDB");
  }

  @Test
  void closeStopsTheServerAndDeletesItsDirectory() throws Exception {
    Path data;
    int port;
    try (MariaDbServer other = MariaDbServer.create("other").start()) {
      data = other.dataDirectory();
      port = other.port();
      assertThat(port).isNotEqualTo(DB.port());
      assertThat(Files.isDirectory(data)).isTrue();
    }
    assertThat(Files.exists(data)).isFalse();
    try (Socket s = new Socket()) {
      assertThatThrownBy(() -> s.connect(new InetSocketAddress("127.0.0.1", port), 1000)).as("nothing listens any more")
          .isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void missingBinariesNameTheScriptThatInstallsThem(@TempDir Path empty) {
    String before = System.getProperty("cdclake.mariadb.bin");
    System.setProperty("cdclake.mariadb.bin", empty.toString());
    try {
      assertThatThrownBy(() -> MariaDbServer.create("nobin").start())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("bin/ensure-test-deps").hasMessageContaining("mariadbd");
    } finally {
      if (before == null) {
        System.clearProperty("cdclake.mariadb.bin");
      } else {
        System.setProperty("cdclake.mariadb.bin", before);
      }
    }
  }

  @Test
  void databaseStateReadsMariaDbTablesKeysAndCanonicalValues() throws Exception {
    try (Connection c = DB.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE st (b varchar(10) NOT NULL, a int NOT NULL, flag tinyint(1), small smallint, u int unsigned, big bigint NOT NULL,"
          + " n decimal(6,2), f float, d double, day date, t time(6), dt datetime(6), ts timestamp(6) NULL DEFAULT NULL, txt text,"
          + " e enum('red','green'), bin varbinary(4), PRIMARY KEY (b, a))");
      s.execute("INSERT INTO st VALUES ('k', 1, 1, -3, 4000000000, 5, 1.5, 0.5, 0.25, '2024-01-02', '03:04:05.000006',"
          + " '2024-01-02 03:04:05.000006', '2024-01-02 03:04:05', 'héllo', 'green', x'0102')");
      s.execute("CREATE TABLE keyless (x int)");
      s.execute("INSERT INTO keyless VALUES (1), (1)");
    }
    DatabaseState state;
    try (Connection c = DB.connect()) {
      state = DatabaseState.read(c);
    }
    assertThat(state.database()).isEqualTo("cdclake");
    TableId st = TableId.of("cdclake", null, "st");
    assertThat(state.table(null, "st")).isEqualTo(st);
    TableSchema schema = state.schema(st);
    assertThat(schema.primaryKey()).containsExactly("b", "a");
    assertThat(schema.columns()).extracting(c -> c.name() + ":" + c.type() + (c.optional() ? "" : "!")).containsExactly(
        "b:string!", "a:int!", "flag:boolean", "small:int", "u:long", "big:long!", "n:decimal(6,2)", "f:float", "d:double", "day:date",
        "t:time", "dt:timestamp", "ts:timestamp_tz", "txt:string", "e:string", "bin:binary");
    assertThat(schema.column("n").type()).isEqualTo(ColumnType.decimal(6, 2));
    assertThat(schema.column("u").sourceType()).isEqualTo("int(10) unsigned");

    Row row = state.rowsByKey(st).get(Row.of("b", "k", "a", 1));
    assertThat(row.get("flag")).isEqualTo(true);
    assertThat(row.get("small")).isEqualTo(-3);
    assertThat(row.get("u")).isEqualTo(4000000000L);
    assertThat(row.get("big")).isEqualTo(5L);
    assertThat(row.get("n")).isEqualTo(new BigDecimal("1.50"));
    assertThat(row.get("f")).isEqualTo(0.5f);
    assertThat(row.get("d")).isEqualTo(0.25d);
    assertThat(row.get("day")).isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(row.get("t")).isEqualTo(LocalTime.of(3, 4, 5, 6000));
    assertThat(row.get("dt")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6000));
    assertThat(row.get("ts")).isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC));
    assertThat(row.get("txt")).isEqualTo("héllo");
    assertThat(row.get("e")).isEqualTo("green");
    assertThat((byte[]) row.get("bin")).containsExactly(1, 2);

    TableId keyless = TableId.of("cdclake", null, "keyless");
    assertThat(state.rowsByKey(keyless)).isNull();
    assertThat(state.rows(keyless)).containsExactly(Row.of("x", 1), Row.of("x", 1));
  }

  private static String single(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
