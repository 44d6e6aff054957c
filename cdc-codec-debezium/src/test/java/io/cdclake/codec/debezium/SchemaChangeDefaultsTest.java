package io.cdclake.codec.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.RawMessage;
import io.cdclake.model.TableSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Column defaults in schema-change events: a MySQL/MariaDB {@code defaultValueExpression} that is a literal
 * of the column's type becomes the column's default, so a column added with a DEFAULT can carry it to a
 * format-v3 table (found by MariaDbDdlPipelineIT: rows untouched since {@code ADD COLUMN tier varchar(10)
 * DEFAULT 'basic'} read NULL).
 */
class SchemaChangeDefaultsTest {

  private static String column(String name, int jdbc, String typeName, Integer length, Integer scale, int position, String dflt) {
    return "{\"name\":\"" + name + "\",\"jdbcType\":" + jdbc + ",\"typeName\":\"" + typeName + "\",\"typeExpression\":\"" + typeName + "\","
        + "\"length\":" + length + ",\"scale\":" + scale + ",\"position\":" + position + ",\"optional\":true,\"autoIncremented\":false,"
        + "\"generated\":false,\"defaultValueExpression\":" + (dflt == null ? "null" : "\"" + dflt + "\"") + "}";
  }

  private static TableSchema decode(String connector, List<String> columns) {
    String json = "{\"source\":{\"version\":\"3.5.0.Final\",\"connector\":\"" + connector + "\",\"name\":\"cdc\",\"ts_ms\":1,\"snapshot\":null,"
        + "\"db\":\"shop\",\"table\":\"t\",\"server_id\":1,\"gtid\":\"0-1-14\",\"file\":\"binlog.000001\",\"pos\":3672,\"row\":0},"
        + "\"ts_ms\":2,\"databaseName\":\"shop\",\"schemaName\":null,\"ddl\":\"ALTER TABLE t ADD COLUMN x int DEFAULT 7\","
        + "\"tableChanges\":[{\"type\":\"ALTER\",\"id\":\"\\\"shop\\\".\\\"t\\\"\",\"table\":{\"defaultCharsetName\":\"utf8mb4\","
        + "\"primaryKeyColumnNames\":[\"id\"],\"columns\":[" + String.join(",", columns) + "]}}]}";
    ChangeEvent e = DebeziumDecoder.create().decodeOne(new RawMessage(null, json.getBytes(StandardCharsets.UTF_8), Map.of(), "cdc", null));
    return e.schemaChanges().get(0).schemaAfter();
  }

  private static Map<String, Object> defaults(TableSchema s) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Column c : s.columns()) {
      m.put(c.name(), c.defaultValue());
    }
    return m;
  }

  @Test
  void literalDefaultsOfMariaDbColumnsBecomeValuesOfTheColumnsType() {
    TableSchema s = decode("mariadb", List.of(
        column("id", 4, "INT", 11, null, 1, null),
        column("tier", 12, "VARCHAR", 10, null, 2, "basic"),
        column("qty", 4, "INT", 11, null, 3, "-7"),
        column("big", -5, "BIGINT", 20, null, 4, "5000000000"),
        column("price", 3, "DECIMAL", 10, 2, 5, "1.5"),
        column("ratio", 8, "DOUBLE", 22, null, 6, "0.25"),
        column("flag", -7, "BIT", 1, null, 7, "1"),
        column("kind", 12, "ENUM", 1, null, 8, "a")));
    Map<String, Object> d = defaults(s);
    assertThat(d).containsOnlyKeys("id", "tier", "qty", "big", "price", "ratio", "flag", "kind");
    assertThat(d.get("id")).isNull();
    assertThat(d).containsEntry("tier", "basic").containsEntry("qty", -7).containsEntry("big", 5000000000L)
        .containsEntry("price", new BigDecimal("1.50")).containsEntry("ratio", 0.25).containsEntry("flag", true).containsEntry("kind", "a");
  }

  @Test
  void defaultsThatAreNotLiteralValuesOfTheTypeAreLeftOut() {
    TableSchema s = decode("mysql", List.of(
        column("id", 4, "INT", 11, null, 1, null),
        // the DDL parser writes CURRENT_TIMESTAMP as the epoch: never a value
        column("created", 93, "DATETIME", null, null, 2, "1970-01-01 00:00:00"),
        column("day", 91, "DATE", null, null, 3, "2024-01-01"),
        column("qty", 4, "INT", 11, null, 4, "abc"),
        column("price", 3, "DECIMAL", 10, 2, 5, "1.234"),
        column("blob", -4, "BLOB", null, null, 6, "x")));
    assertThat(defaults(s).values()).containsOnlyNulls();
  }

  @Test
  void otherConnectorsDefaultExpressionsAreNotValues() {
    TableSchema s = decode("sqlserver", List.of(column("id", 4, "int", 10, null, 1, null), column("tier", 12, "varchar", 10, null, 2, "('basic')")));
    assertThat(s.column("tier").defaultValue()).isNull();
  }
}
