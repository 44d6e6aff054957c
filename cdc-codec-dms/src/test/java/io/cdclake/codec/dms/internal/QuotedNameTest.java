package io.cdclake.codec.dms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.codec.json.internal.FastJson;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link QuotedName#match} recognises exactly the compact {@code "name":} that
 * {@link FastJson#tryName} recognises, leaving the reader where tryName does, and never a name
 * tryName would not read: for names of any length and members that differ from them in one byte,
 * carry whitespace, end early, or end past the reader's range.
 */
class QuotedNameTest {

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(Arbitraries.strings().withCharRange('a', 'z').withChars('_', '-', '.').ofMinLength(0).ofMaxLength(26),
        Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(20),
        Arbitraries.of("id", "a", "first_name", "partition-key-type", "é", "a\"b", "a\\b"));
  }

  @Provide
  Arbitrary<String> members() {
    return Arbitraries.of("\"%s\":", "\"%s\":1", "\"%s\" :1", " \"%s\":1", "\"%s\"", "\"%sx\":1", "\"x%s\":1", "\"%s\":\"v\",\"z\":2}",
        "\"%s\"\t:1");
  }

  @Property(tries = 3000)
  void matchesWhereTryNameDoesAndLeavesTheReaderAsItDoes(@ForAll("names") String name, @ForAll("members") String member,
      @ForAll @IntRange(min = -1, max = 40) int changeAt, @ForAll @IntRange(min = 0, max = 127) int changeTo,
      @ForAll @IntRange(min = 0, max = 3) int cutEnd, @ForAll boolean padArray) {
    byte[] expected = name.getBytes(StandardCharsets.UTF_8);
    byte[] text = String.format(member, name).getBytes(StandardCharsets.UTF_8);
    if (changeAt >= 0 && changeAt < text.length) {
      text[changeAt] = (byte) changeTo;
    }
    byte[] b = new byte[1 + text.length + (padArray ? 16 : 0)];
    b[0] = '{';
    System.arraycopy(text, 0, b, 1, text.length);
    int end = Math.max(1, 1 + text.length - cutEnd); // the reader's range may end before the array does

    FastJson general = new FastJson(b, 1, end, JsonLimits.defaults());
    boolean plain = name.chars().allMatch(c -> c != '"' && c != '\\' && c >= 0x20);
    boolean byTryName;
    try {
      byTryName = plain && general.tryName(expected);
    } catch (FastJson.Bail e) {
      byTryName = false; // a name without its colon: the fast path gives up on the message
    }
    FastJson fast = new FastJson(b, 1, end, JsonLimits.defaults());
    boolean byMatch = new QuotedName(expected).match(fast);

    if (byMatch) {
      assertThat(byTryName).isTrue();
      assertThat(new int[] {fast.pos, fast.strStart, fast.strEnd}).containsExactly(general.pos, general.strStart, general.strEnd);
    } else {
      assertThat(fast.pos).isEqualTo(1); // nothing consumed
    }
    boolean compact = general.strEnd + 1 < end && b[general.strEnd + 1] == ':' && b[1] == '"';
    boolean roomToRead = 1 + ((expected.length + 3 + 7) / 8) * 8 <= b.length;
    if (byTryName && compact && roomToRead) {
      assertThat(byMatch).isTrue();
    }
  }
}
