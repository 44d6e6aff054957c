package io.cdclake.codec.dms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.MalformedInputException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Input limits at the limit and one past it, and hostile input (RELIABILITY.md item 20): each ends
 * in {@link MalformedInputException} naming the value, the limit and the setting, without
 * buffering the whole input first.
 */
class DmsJsonLimitsTest {
  private static String msg(String data) {
    return DmsJsonDecoderTest.data("insert", data, "");
  }

  private static List<ChangeEvent> decode(DmsJsonDecoder d, String json) {
    return d.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  @Test
  void nestingAtTheLimitDecodesAndOnePastFails() {
    // the message object, data and the column value add three levels
    DmsJsonDecoder d = DmsJsonDecoder.builder().maxNestingDepth(10).build();
    assertThat(decode(d, msg("{\"x\": " + nested(8) + "}"))).hasSize(1);
    assertThatThrownBy(() -> decode(d, msg("{\"x\": " + nested(9) + "}"))).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("nesting too deep (depth=11, limit=10, see DmsJsonDecoder.Builder.maxNestingDepth)");
  }

  @Test
  void numberLengthAtTheLimitDecodesAndOnePastFails() {
    DmsJsonDecoder d = DmsJsonDecoder.builder().maxNumberLength(30).build();
    assertThat(decode(d, msg("{\"x\": " + "1".repeat(30) + "}")).get(0).after().get("x")).isNotNull();
    assertThatThrownBy(() -> decode(d, msg("{\"x\": " + "1".repeat(31) + "}"))).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("number too long (length=31, limit=30, see DmsJsonDecoder.Builder.maxNumberLength)");
  }

  @Test
  void stringLengthAtTheLimitDecodesAndOnePastFails() {
    DmsJsonDecoder d = DmsJsonDecoder.builder().maxStringLength(1000).build();
    assertThat(decode(d, msg("{\"x\": \"" + "a".repeat(1000) + "\"}")).get(0).after().get("x")).asString().hasSize(1000);
    assertThatThrownBy(() -> decode(d, msg("{\"x\": \"" + "a".repeat(1001) + "\"}"))).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("string or number text too long").hasMessageContaining("limit=1000, see DmsJsonDecoder.Builder.maxStringLength");
  }

  @Test
  void nameLengthAtTheLimitDecodesAndOnePastFails() {
    DmsJsonDecoder d = DmsJsonDecoder.builder().maxNameLength(20).build();
    assertThat(decode(d, msg("{\"" + "c".repeat(20) + "\": 1}"))).hasSize(1);
    assertThatThrownBy(() -> decode(d, msg("{\"" + "c".repeat(21) + "\": 1}"))).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("member name too long (length=21, limit=20, see DmsJsonDecoder.Builder.maxNameLength)");
  }

  @Test
  void messageLengthOverTheLimitFailsNamingTheSetting() {
    String small = msg("{\"x\": 1}");
    DmsJsonDecoder d = DmsJsonDecoder.builder().maxMessageLength(250).build();
    assertThat(decode(d, small)).hasSize(1);
    StringBuilder wide = new StringBuilder("{");
    for (int i = 0; i < 40; i++) {
      wide.append(i == 0 ? "" : ",").append("\"c").append(i).append("\": ").append(i);
    }
    assertThatThrownBy(() -> decode(d, msg(wide.append('}').toString()))).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("message too long").hasMessageContaining("limit=250, see DmsJsonDecoder.Builder.maxMessageLength");
  }

  @Test
  void malformedJsonErrorsDoNotQuoteTheInput() {
    String bad = msg("{\"x\": topsecretvalue}");
    assertThatThrownBy(() -> decode(DmsJsonDecoder.create(), bad)).isInstanceOfSatisfying(MalformedInputException.class, e -> {
      assertThat(e.getMessage()).doesNotContain("topsecret").contains("Cannot parse JSON");
      assertThat(e.path()).isEqualTo("$.data.x");
      assertThat(e.offset()).isBetween((long) bad.indexOf("topsecret"), (long) bad.indexOf("topsecret") + "topsecretvalue".length() + 1);
    });
  }

  @Test
  void limitsAreBelowJacksonsDefaults() {
    com.fasterxml.jackson.core.StreamReadConstraints jackson = com.fasterxml.jackson.core.StreamReadConstraints.defaults();
    assertThat(io.cdclake.codec.dms.internal.JsonLimits.DEFAULT_MAX_NESTING_DEPTH).isLessThan(jackson.getMaxNestingDepth());
    assertThat(io.cdclake.codec.dms.internal.JsonLimits.DEFAULT_MAX_NUMBER_LENGTH).isLessThan(jackson.getMaxNumberLength());
    assertThat(io.cdclake.codec.dms.internal.JsonLimits.DEFAULT_MAX_STRING_LENGTH).isLessThan(jackson.getMaxStringLength());
    assertThat(io.cdclake.codec.dms.internal.JsonLimits.DEFAULT_MAX_NAME_LENGTH).isLessThan(jackson.getMaxNameLength());
    assertThat(jackson.hasMaxDocumentLength()).isFalse();
  }

  /** An endless stream of one repeated byte after a prefix: proves the decoder stops early instead of reading to the end. */
  private static InputStream endless(String prefix, byte fill, long max) {
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    return new InputStream() {
      long pos;

      @Override
      public int read() {
        if (pos >= max) {
          return -1;
        }
        return pos < p.length ? p[(int) pos++] : (pos++ >= 0 ? fill : fill);
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= max) {
          return -1;
        }
        int n = 0;
        while (n < len && pos < max) {
          b[off + n++] = (byte) read();
        }
        return n;
      }
    };
  }

  @Test
  void hostileInputEndsInMalformedInputException() {
    DmsJsonDecoder d = DmsJsonDecoder.create();
    List<ChangeEvent> out = new ArrayList<>();
    // nesting 10^4 deep
    assertThatThrownBy(() -> d.decodeStream(new ByteArrayInputStream(nested(10_000).getBytes(StandardCharsets.UTF_8)), "deep", out::add))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("nesting too deep");
    assertThatThrownBy(() -> decode(d, "{\"data\": " + "{\"a\": ".repeat(10_000) + "1" + "}".repeat(10_000) + "}"))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("nesting too deep");
    // a 10 MB number, streamed: Jackson buffers number text like a string, so the string limit stops it first
    assertThatThrownBy(() -> d.decodeStream(endless("{\"data\": {\"x\": 1", (byte) '7', 10_000_000), "num", out::add))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("number text too long");
    // a 100 MB string, streamed: stops at the string limit
    assertThatThrownBy(() -> d.decodeStream(endless("{\"data\": {\"x\": \"", (byte) 'a', 100_000_000), "str", out::add))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("string or number text too long");
    // invalid UTF-8 inside a string and as a start byte
    byte[] bad = msg("{\"x\": \"ab\"}").getBytes(StandardCharsets.UTF_8);
    int i = new String(bad, StandardCharsets.UTF_8).indexOf("ab");
    bad[i] = (byte) 0xC3;
    bad[i + 1] = (byte) 0x28;
    byte[] finalBad = bad;
    assertThatThrownBy(() -> d.decode(finalBad)).isInstanceOf(MalformedInputException.class).hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> d.decode(new byte[] {(byte) 0xFF, '{', '}'})).isInstanceOf(MalformedInputException.class);
    // truncation at every point of a message
    byte[] whole = msg("{\"x\": 1, \"y\": \"z\"}").getBytes(StandardCharsets.UTF_8);
    for (int cut = 1; cut < whole.length - 1; cut++) {
      byte[] part = java.util.Arrays.copyOf(whole, cut);
      assertThatThrownBy(() -> d.decode(part)).as("cut at %d", cut).isInstanceOf(MalformedInputException.class);
    }
    assertThatThrownBy(() -> d.decode(new byte[0])).isInstanceOf(MalformedInputException.class).hasMessageContaining("empty");
    assertThat(out).isEmpty();
  }
}
