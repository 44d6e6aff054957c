package io.cdclake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import org.junit.jupiter.api.Test;

class PositionTest {
  private static final String[] PG = {"lsn", "seq"};

  @Test
  void sourcePositionsOfOneKindCompareLexicographically() {
    SourcePosition a = SourcePosition.of("postgresql", PG, 10, 2);
    SourcePosition b = SourcePosition.of("postgresql", PG, 10, 3);
    SourcePosition c = SourcePosition.of("postgresql", PG, 11, 0);
    assertThat(a).isLessThan(b);
    assertThat(b).isLessThan(c);
    assertThat(a.compareTo(SourcePosition.of("postgresql", PG, 10, 2))).isZero();
  }

  @Test
  void sourcePositionsOfDifferentKindsOrOpaqueOnesDoNotCompare() {
    SourcePosition pg = SourcePosition.of("postgresql", PG, 10, 2);
    SourcePosition my = SourcePosition.of("mysql", new String[] {"file", "pos"}, 10, 2);
    SourcePosition opaque = SourcePosition.opaque("mysql", "3E11FA47-71CA-11E1-9E33-C80AA9429562:23");
    assertThat(pg.isComparableTo(my)).isFalse();
    assertThat(opaque.isComparable()).isFalse();
    assertThatThrownBy(() -> pg.compareTo(my)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cannot compare");
    assertThatThrownBy(() -> opaque.compareTo(opaque)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void transportOffsetsAreCanonicalAndCompareNumerically() {
    TransportPosition a = new TransportPosition("s", "shard-1", "0009");
    TransportPosition b = new TransportPosition("s", "shard-1", "10");
    assertThat(a.offset()).isEqualTo("9");
    assertThat(a).isLessThan(b);
    assertThat(TransportPosition.kafka("t", 0, 5)).isEqualTo(new TransportPosition("t", "0", "5"));
    assertThatThrownBy(() -> new TransportPosition("s", "0", "-1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.compareTo(TransportPosition.kafka("t", 0, 1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 300)
  void kinesisSizedOffsetsCompareLikeBigIntegers(
      @ForAll @BigRange(min = "0", max = "99999999999999999999999999999999999999999999999999999999") BigInteger x,
      @ForAll @BigRange(min = "0", max = "99999999999999999999999999999999999999999999999999999999") BigInteger y) {
    int expected = Integer.signum(x.compareTo(y));
    assertThat(Integer.signum(TransportPosition.compareOffsets(x.toString(), y.toString()))).isEqualTo(expected);
  }

  @Test
  void tableIdPrintsOnlyThePartsItHas() {
    assertThat(TableId.of("db", null, "t")).hasToString("db.t");
    assertThat(TableId.of("public", "t")).hasToString("public.t");
    assertThat(TableId.of("db", "public", "t")).hasToString("db.public.t");
    assertThat(TableId.parse("a.b.c")).isEqualTo(TableId.of("a", "b", "c"));
    assertThat(TableId.of("", "", "t")).isEqualTo(TableId.parse("t"));
  }
}
