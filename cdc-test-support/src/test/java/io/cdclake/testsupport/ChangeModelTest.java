package io.cdclake.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.testsupport.ModelComparison.Kind;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeModelTest {
  private static final TableId T = TableId.of("db", "public", "t");
  private static final TableId BAG = TableId.of("db", "public", "bag");
  private static final TableSchema T_SCHEMA = TableSchema.of(
      List.of(Column.required("id", ColumnType.INT), Column.optional("name", ColumnType.STRING), Column.optional("big", ColumnType.STRING)),
      List.of("id"));
  private static final TableSchema BAG_SCHEMA = TableSchema.of(
      List.of(Column.optional("label", ColumnType.STRING), Column.optional("amount", ColumnType.decimal(8, 2))), List.of());

  private static ChangeEvent insert(int id, String name, String big) {
    return ChangeEvent.builder(Op.INSERT).table(T).key(Row.of("id", id)).after(Row.of("id", id, "name", name, "big", big)).build();
  }

  private static ChangeEvent updateKeepingBig(int id, String name) {
    Row after = Row.builder().put("id", id).put("name", name).putUnchanged("big").build();
    return ChangeEvent.builder(Op.UPDATE).table(T).key(Row.of("id", id)).after(after).build();
  }

  private static ChangeEvent delete(int id) {
    return ChangeEvent.builder(Op.DELETE).table(T).key(Row.of("id", id)).before(Row.of("id", id, "name", "", "big", "")).build();
  }

  private static DatabaseState db(List<Row> tRows, List<Row> bagRows) {
    return DatabaseState.of("db", Map.of(T, T_SCHEMA, BAG, BAG_SCHEMA), Map.of(T, tRows, BAG, bagRows));
  }

  @Test
  void updateKeepsTheCurrentValueOfUnchangedColumns() {
    ChangeModel m = new ChangeModel().apply(insert(1, "a", "huge")).apply(updateKeepingBig(1, "b"));

    assertThat(m.row(T, Row.of("id", 1))).isEqualTo(Row.of("id", 1, "name", "b", "big", "huge"));
    assertThat(m.anomalies()).isEmpty();
    assertThat(m.compareWith(db(List.of(Row.of("id", 1, "name", "b", "big", "huge")), List.of())).matches()).isTrue();
  }

  @Test
  void unchangedColumnWithoutCurrentValueIsReportedNotGuessed() {
    ChangeModel m = new ChangeModel().apply(updateKeepingBig(7, "x"));

    ModelComparison c = m.compareWith(db(List.of(Row.of("id", 7, "name", "x", "big", "huge")), List.of()));
    assertThat(c.differences()).extracting(ModelComparison.Difference::kind)
        .contains(Kind.ANOMALY, Kind.UNRESOLVED_UNCHANGED);
    assertThat(m.anomalies()).anySatisfy(a -> assertThat(a).contains("update of a key the model does not hold"));
  }

  @Test
  void deleteByKeyAndTombstoneAndTruncate() {
    ChangeModel m = new ChangeModel().apply(insert(1, "a", null)).apply(insert(2, "b", null)).apply(delete(1))
        .apply(ChangeEvent.builder(Op.TOMBSTONE).table(T).key(Row.of("id", 1)).build());
    assertThat(m.rows(T)).containsExactly(Row.of("id", 2, "name", "b", "big", null));

    m.apply(ChangeEvent.builder(Op.TRUNCATE).table(T).build()).apply(insert(3, "c", null));
    assertThat(m.rows(T)).containsExactly(Row.of("id", 3, "name", "c", "big", null));
    assertThat(m.counts()).containsEntry(Op.INSERT, 3).containsEntry(Op.TOMBSTONE, 1).containsEntry(Op.TRUNCATE, 1);
  }

  @Test
  void keyChangeSentAsOneUpdateMovesTheRow() {
    ChangeEvent move = ChangeEvent.builder(Op.UPDATE).table(T).key(Row.of("id", 9)).before(Row.of("id", 1, "name", "a", "big", "x"))
        .after(Row.builder().put("id", 9).put("name", "a").putUnchanged("big").build()).build();
    ChangeModel m = new ChangeModel().apply(insert(1, "a", "x")).apply(move);

    assertThat(m.rows(T)).containsExactly(Row.of("id", 9, "name", "a", "big", "x"));
    assertThat(m.anomalies()).isEmpty();
  }

  @Test
  void keylessTableIsAMultisetAndDeleteRemovesOneEqualRow() {
    Row dup = Row.of("label", "dup", "amount", new BigDecimal("1.00"));
    ChangeEvent ins = ChangeEvent.builder(Op.SNAPSHOT_READ).table(BAG).after(dup).build();
    ChangeEvent del = ChangeEvent.builder(Op.DELETE).table(BAG).before(dup).build();
    ChangeModel m = new ChangeModel().apply(ins).apply(ins).apply(ins).apply(del);

    assertThat(m.rows(BAG)).containsExactly(dup, dup);
    assertThat(m.compareWith(db(List.of(), List.of(dup, dup))).matches()).isTrue();
    ModelComparison one = m.compareWith(db(List.of(), List.of(dup)));
    assertThat(one.differences()).singleElement().extracting(ModelComparison.Difference::kind).isEqualTo(Kind.EXTRA_ROW);
  }

  @Test
  void valuesCompareExactlyIncludingClassAndScale() {
    ChangeModel m = new ChangeModel().apply(ChangeEvent.builder(Op.INSERT).table(BAG)
        .after(Row.of("label", "x", "amount", new BigDecimal("1.5"))).build());

    ModelComparison c = m.compareWith(db(List.of(), List.of(Row.of("label", "x", "amount", new BigDecimal("1.50")))));

    assertThat(c.matches()).isFalse();
    assertThat(c.describe()).contains("bag").contains("1.50 (BigDecimal)");
  }

  @Test
  void valueDifferenceNamesTableKeyColumnAndBothForms() {
    ChangeModel m = new ChangeModel().apply(ChangeEvent.builder(Op.INSERT).table(T).key(Row.of("id", 1))
        .after(Row.of("id", 1, "name", 5L, "big", null)).build());

    ModelComparison c = m.compareWith(db(List.of(Row.of("id", 1, "name", "5", "big", null)), List.of()));

    assertThat(c.differences()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(Kind.VALUE);
      assertThat(d.column()).isEqualTo("name");
      assertThat(d.detail()).contains("key {id=1}").contains("\"5\" (String)").contains("5 (Long)");
    });
    assertThatThrownBy(() -> m.assertMatches(db(List.of(Row.of("id", 1, "name", "5", "big", null)), List.of())))
        .isInstanceOf(AssertionError.class).hasMessageContaining("column name");
  }

  @Test
  void zonedTimestampsCompareAsInstants() {
    OffsetDateTime utc = OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC);
    assertThat(ValueComparison.same(utc, utc.withOffsetSameInstant(ZoneOffset.ofHours(2)))).isTrue();
    assertThat(ValueComparison.same(utc, utc.plusNanos(1000))).isFalse();
    assertThat(ValueComparison.same(new byte[] {1, 2}, new byte[] {1, 2})).isTrue();
    assertThat(ValueComparison.same(List.of(1, 2), List.of(1L, 2L))).isFalse();
  }

  @Test
  void columnAddedLaterIsNullForOlderRowsAndNotCarriedWhenTheDatabaseHasAValue() {
    TableSchema wider = TableSchema.of(List.of(Column.required("id", ColumnType.INT), Column.optional("name", ColumnType.STRING),
        Column.optional("big", ColumnType.STRING), Column.optional("added", ColumnType.INT)), List.of("id"));
    ChangeModel m = new ChangeModel().apply(insert(1, "a", null)).apply(insert(2, "b", null));
    DatabaseState state = DatabaseState.of("db", Map.of(T, wider), Map.of(T, List.of(
        Row.of("id", 1, "name", "a", "big", null, "added", null), Row.of("id", 2, "name", "b", "big", null, "added", 7))));

    ModelComparison c = m.compareWith(state);

    assertThat(c.nullForMissingColumn()).isEqualTo(1);
    assertThat(c.differences()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(Kind.NOT_CARRIED);
      assertThat(d.key()).isEqualTo(Row.of("id", 2));
      assertThat(d.expected()).isEqualTo(7);
    });
  }

  @Test
  void droppedColumnsAreListedNotCompared() {
    TableSchema narrower = TableSchema.of(List.of(Column.required("id", ColumnType.INT), Column.optional("name", ColumnType.STRING)), List.of("id"));
    ChangeModel m = new ChangeModel().apply(insert(1, "a", "gone"));
    DatabaseState state = DatabaseState.of("db", Map.of(T, narrower), Map.of(T, List.of(Row.of("id", 1, "name", "a"))));

    ModelComparison c = m.compareWith(state);

    assertThat(c.matches()).isTrue();
    assertThat(c.droppedColumns()).containsExactly("t.big");
  }
}
