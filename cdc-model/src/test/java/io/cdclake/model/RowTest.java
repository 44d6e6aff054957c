package io.cdclake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.testing.ModelArbitraries;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RowTest {

  @Test
  void columnStatesAreValueNullUnchangedAndOmittedForUnmentionedColumns() {
    Row r = Row.builder().put("a", 1).putNull("b").putUnchanged("c").build();
    assertThat(r.state("a")).isEqualTo(ColumnState.VALUE);
    assertThat(r.state("b")).isEqualTo(ColumnState.NULL);
    assertThat(r.state("c")).isEqualTo(ColumnState.UNCHANGED);
    assertThat(r.state("d")).isEqualTo(ColumnState.OMITTED);
    assertThat(r.get("c")).isNull();
    assertThat(r.size()).isEqualTo(3);
    assertThat(r.state("c").isAbsent()).isTrue();
    assertThat(r.state("d").isAbsent()).isTrue();
    assertThat(r.state("b").isAbsent()).isFalse();
  }

  @Test
  void equalityIgnoresColumnOrderAndComparesBytesByContent() {
    Row a = Row.of("x", new byte[] {1, 2}, "y", "s");
    Row b = Row.of("y", "s", "x", new byte[] {1, 2});
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Row.of("y", "s", "x", new byte[] {1, 3}));
  }

  @Test
  void nullAndUnchangedAndOmittedAreThreeDifferentRows() {
    Row nul = Row.builder().putNull("a").build();
    Row unchanged = Row.builder().putUnchanged("a").build();
    Row omitted = Row.empty();
    assertThat(nul).isNotEqualTo(unchanged).isNotEqualTo(omitted);
    assertThat(unchanged).isNotEqualTo(omitted);
  }

  @Test
  void builderIsReusableAfterBuildWithoutSharingArrays() {
    Row.Builder b = Row.builder(1);
    Row first = b.put("a", 1).build();
    Row second = b.put("b", 2).put("c", 3).build();
    assertThat(first).isEqualTo(Row.of("a", 1));
    assertThat(second).isEqualTo(Row.of("b", 2, "c", 3));
  }

  @Test
  void wrapSharesTheNamesArrayAndEqualsTheBuiltRow() {
    String[] names = {"id", "name", "note"};
    Row a = Row.wrap(names, new Object[] {1L, null, Row.unchangedMarker()});
    Row b = Row.wrap(names, new Object[] {2L, "x", null});
    assertThat(a).isEqualTo(Row.builder().put("id", 1L).putNull("name").putUnchanged("note").build());
    assertThat(a.state("name")).isEqualTo(ColumnState.NULL);
    assertThat(a.state("note")).isEqualTo(ColumnState.UNCHANGED);
    assertThat(a.state("other")).isEqualTo(ColumnState.OMITTED);
    assertThat(b.get("name")).isEqualTo("x");
    assertThat(Row.wrap(new String[0], new Object[0])).isSameAs(Row.empty());
    assertThatThrownBy(() -> Row.wrap(names, new Object[2])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names=3, values=2");
    assertThatThrownBy(() -> Row.wrap(new String[] {"a", null}, new Object[2])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void setReplacesAndRemoveDropsAColumn() {
    Row r = Row.of("a", 1, "b", 2, "c", 3).toBuilder().set("b", 20).remove("a").set("d", 4).build();
    assertThat(r.names()).containsExactly("b", "c", "d");
    assertThat(r.get("b")).isEqualTo(20);
  }

  @Test
  void projectKeepsOnlyMentionedColumnsInTheGivenOrder() {
    Row r = Row.builder().put("a", 1).putUnchanged("b").put("c", 3).build();
    Row p = r.project(List.of("c", "b", "zz"));
    assertThat(p.names()).containsExactly("c", "b");
    assertThat(p.state("b")).isEqualTo(ColumnState.UNCHANGED);
  }

  @Provide
  Arbitrary<Row> rows() {
    return ModelArbitraries.schemas(8).flatMap(s -> ModelArbitraries.rows(s, java.util.EnumSet.allOf(ColumnState.class)));
  }

  @Property(tries = 200)
  void toMapAndBackGivesAnEqualRow(@ForAll("rows") Row row) {
    Row.Builder b = Row.builder();
    row.toMap().forEach((k, v) -> {
      if (v == Row.unchangedMarker()) {
        b.putUnchanged(k);
      } else {
        b.put(k, v);
      }
    });
    assertThat(b.build()).isEqualTo(row);
  }

  @Property(tries = 100)
  void reversedColumnOrderIsEqual(@ForAll("rows") Row row) {
    Row.Builder b = Row.builder();
    for (int i = row.size() - 1; i >= 0; i--) {
      if (row.state(i) == ColumnState.UNCHANGED) {
        b.putUnchanged(row.name(i));
      } else {
        b.put(row.name(i), row.value(i));
      }
    }
    Row reversed = b.build();
    assertThat(reversed).isEqualTo(row);
    assertThat(reversed.hashCode()).isEqualTo(row.hashCode());
  }

  @Property(tries = 50)
  void indexOfFindsEveryColumn(@ForAll("rows") Row row, @ForAll("names") String missing) {
    for (int i = 0; i < row.size(); i++) {
      assertThat(row.indexOf(new String(row.name(i)))).isEqualTo(i);
    }
    assertThat(row.indexOf(missing)).isEqualTo(-1);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().alpha().ofLength(12).map(s -> "missing_" + s);
  }
}
