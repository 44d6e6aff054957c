package io.cdclake.codec.debezium.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.SourcePosition;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL positions from a {@code source.sequence} text the fast reader did not pre-parse (the Avro
 * and tree paths): read in place, they equal what splitting the text into strings gives (the model
 * below), for well-formed sequences and for near misses (spaces, quotes, nulls, extra commas, junk).
 */
class PostgresSequenceTest {

  @Provide
  Arbitrary<String> sequences() {
    Arbitrary<String> number = Arbitraries.longs().between(-5, Long.MAX_VALUE).map(String::valueOf);
    Arbitrary<String> part = Arbitraries.oneOf(number, number.map(n -> "\"" + n + "\""), number.map(n -> "\" " + n + " \""),
        Arbitraries.of("null", "\"null\"", "\"\"", "", " ", "x", "\"12", "9223372036854775808", "+7", "1 2"));
    Arbitrary<String> well = net.jqwik.api.Combinators.combine(part, part, Arbitraries.of("", " ", "\t"))
        .as((a, b, sp) -> sp + "[" + a + "," + sp + b + "]" + sp);
    Arbitrary<String> junk = Arbitraries.strings().withChars("[]\",0123456789 nul-").ofMaxLength(14);
    return Arbitraries.oneOf(well, well, junk, well.map(w -> w.replace("]", ",1]")));
  }

  @Property(tries = 2000)
  void sequenceReadInPlaceEqualsSplitting(@ForAll("sequences") String sequence) {
    SourceInfo s = new SourceInfo();
    s.acceptString("connector", "postgresql");
    s.acceptString("lsn", "42");
    s.acceptString("sequence", sequence);
    SourcePosition p = Positions.of(s);
    assertThat(describe(p)).isEqualTo(describe(model(sequence, 42L, true)));
  }

  @Test
  void aDebeziumSequenceGivesLastCommitThenLsn() {
    SourceInfo s = new SourceInfo();
    s.acceptString("connector", "postgresql");
    s.acceptString("sequence", "[\"24023128\",\"24023200\"]");
    assertThat(Positions.of(s).part(0)).isEqualTo(24023128L);
    assertThat(Positions.of(s).part(1)).isEqualTo(24023200L);
  }

  private static String describe(SourcePosition p) {
    if (p == null) {
      return "none";
    }
    long[] parts = new long[p.partCount()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = p.part(i);
    }
    return p.kind() + Arrays.toString(parts);
  }

  /** The position as parsing by substrings and split gives it. */
  private static SourcePosition model(String sequence, long lsn0, boolean hasLsn0) {
    long lsn = lsn0;
    boolean hasLsn = hasLsn0;
    long lastCommit = Long.MIN_VALUE;
    boolean hasLastCommit = false;
    String[] seq = split(sequence);
    if (seq != null) {
      Long last = longOrNull(seq[0]);
      Long cur = longOrNull(seq[1]);
      if (cur != null) {
        lsn = cur;
        hasLsn = true;
      }
      if (last != null) {
        lastCommit = last;
        hasLastCommit = true;
      }
    }
    if (!hasLsn) {
      return null;
    }
    return SourcePosition.of("postgresql", new String[] {"lastCommitLsn", "lsn"}, new long[] {hasLastCommit ? lastCommit : lsn, lsn},
        sequence);
  }

  private static String[] split(String text) {
    String t = text.trim();
    if (t.length() < 2 || t.charAt(0) != '[' || t.charAt(t.length() - 1) != ']') {
      return null;
    }
    String[] parts = t.substring(1, t.length() - 1).split(",", -1);
    if (parts.length != 2) {
      return null;
    }
    String[] out = new String[2];
    for (int i = 0; i < 2; i++) {
      String p = parts[i].trim();
      if (p.equals("null")) {
        out[i] = null;
      } else if (p.length() >= 2 && p.charAt(0) == '"' && p.charAt(p.length() - 1) == '"') {
        out[i] = p.substring(1, p.length() - 1);
      } else {
        out[i] = p;
      }
    }
    return out;
  }

  private static Long longOrNull(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
