package io.cdclake.codec.debezium.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fast reader's epoch-number conversions (dates shared through its day cache) give exactly
 * what {@link Values} gives, or fail where it fails, for any number in every unit, whether the
 * day is in the cache or not.
 */
class FastReaderTimesPropertiesTest {
  private static final FastReader READER = new FastReader(FastValuesPropertiesTest.OPTIONS,
      new JsonValues(new Placeholder("__debezium_unavailable_value"), new JsonFactory()));

  @Provide
  Arbitrary<Long> epochNumbers() {
    long nowMillis = 1_740_816_000_000L;
    return Arbitraries.oneOf(
        Arbitraries.longs().between(-4 * nowMillis, 4 * nowMillis), // millis around the epoch
        Arbitraries.longs().between(-4_000 * nowMillis, 4_000 * nowMillis), // micros
        Arbitraries.longs(), // nanos and anything
        Arbitraries.longs().between(-3L * 86_400_000, 3L * 86_400_000), // around day boundaries of 1970
        Arbitraries.of(0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, Values.PG_POSITIVE_INFINITY, Values.PG_NEGATIVE_INFINITY,
            Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 253_402_300_799_999L, 253_402_300_800_000L, -62_167_219_200_000L,
            -62_167_219_200_001L, 31_556_889_864_403_199L, -31_557_014_167_219_200L));
  }

  @Property(tries = 3000)
  void timestampsEqualTheGeneralConversion(@ForAll("epochNumbers") long v) {
    for (int unit : new int[] {Field.MILLIS, Field.MICROS, Field.NANOS}) {
      for (int twice = 0; twice < 2; twice++) { // the second time the day is in the cache
        assertSame(() -> READER.timestamp(v, unit), () -> Values.timestamp(v, unit));
        assertSame(() -> READER.timestampTz(v, unit), () -> Values.timestampTz(v, unit));
      }
    }
  }

  @Property(tries = 3000)
  void datesEqualTheGeneralConversion(@ForAll("epochNumbers") long v) {
    long day = Math.floorDiv(v, 86_400_000L); // a day a millisecond timestamp may have put in the cache
    READER.timestamp(v, Field.MILLIS);
    for (long d : new long[] {day, v, day + 64, day - 1}) {
      assertSame(() -> READER.date(d), () -> Values.date(d));
    }
  }

  private static void assertSame(Supplier<Object> fast, Supplier<Object> general) {
    Object expected;
    try {
      expected = general.get();
    } catch (RuntimeException e) {
      Object got;
      try {
        got = fast.get();
      } catch (RuntimeException f) {
        return; // both fail (the fast path hands such a message to the general path, which reports it)
      }
      throw new AssertionError("the general conversion fails (" + e + ") but the fast one gives " + got);
    }
    assertThat(fast.get()).isEqualTo(expected);
  }
}
