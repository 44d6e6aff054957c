package io.cdclake.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.schema.internal.DdlText;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Column renames read out of DDL text: only the statements that say so, never a guess. */
class DdlTextTest {

  static Stream<Arguments> ddl() {
    return Stream.of(
        Arguments.of("ALTER TABLE orders RENAME COLUMN a TO b", List.of("a>b")),
        Arguments.of("alter table public.orders rename column \"Old Name\" to \"new\"\"q\"", List.of("Old Name>new\"q")),
        Arguments.of("ALTER TABLE ONLY public.orders RENAME a TO b", List.of("a>b")),
        Arguments.of("ALTER TABLE IF EXISTS `shop`.`orders` RENAME COLUMN `a` TO `b`, ADD COLUMN c int", List.of("a>b")),
        Arguments.of("ALTER TABLE orders CHANGE a b varchar(20) NOT NULL", List.of("a>b")),
        Arguments.of("ALTER TABLE orders CHANGE COLUMN `a` `b` int, CHANGE c c bigint", List.of("a>b")),
        Arguments.of("ALTER TABLE orders MODIFY a bigint", List.of()),
        Arguments.of("ALTER TABLE orders RENAME TO orders_old", List.of()),
        Arguments.of("ALTER TABLE orders RENAME AS orders_old", List.of()),
        Arguments.of("ALTER TABLE orders RENAME INDEX i1 TO i2", List.of()),
        Arguments.of("ALTER TABLE orders RENAME CONSTRAINT c1 TO c2", List.of()),
        Arguments.of("ALTER TABLE orders ADD COLUMN note text DEFAULT 'RENAME COLUMN x TO y'", List.of()),
        Arguments.of("/* RENAME COLUMN x TO y */ ALTER TABLE orders ADD z int -- RENAME COLUMN p TO q", List.of()),
        Arguments.of("ALTER TABLE orders RENAME COLUMN a TO b; ALTER TABLE orders RENAME COLUMN c TO d", List.of("a>b", "c>d")),
        Arguments.of("ALTER TABLE orders ADD CONSTRAINT k CHECK (x > 0), RENAME COLUMN a TO b", List.of("a>b")),
        Arguments.of("CREATE TABLE t (a int)", List.of()),
        Arguments.of("ALTER TABLE orders RENAME COLUMN 'a", List.of()),
        Arguments.of("rename-column", List.of()),
        Arguments.of("", List.of()));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("ddl")
  void renamesAreReadOnlyWhereTheStatementSaysSo(String ddl, List<String> expected) {
    assertThat(DdlText.renames(ddl).stream().map(r -> r.from() + ">" + r.to()).toList()).isEqualTo(expected);
  }
}
