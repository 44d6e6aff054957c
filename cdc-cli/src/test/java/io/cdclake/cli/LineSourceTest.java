package io.cdclake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class LineSourceTest {
  @Property(tries = 300)
  void linesAreTheInputSplitOnNewlinesWhateverTheBufferBoundariesAndAsciiCheckAgreesWithTheDecoder(
      @ForAll @Size(max = 40) List<@StringLength(max = 3000) String> texts, @ForAll boolean trickle, @ForAll boolean crlf)
      throws IOException {
    String nl = crlf ? "\r\n" : "\n";
    List<String> expected = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (String t : texts) {
      String line = t.replace("\n", " ").replace("\r", " ");
      expected.add(line);
      sb.append(line).append(nl);
    }
    byte[] in = sb.toString().getBytes(StandardCharsets.UTF_8);
    // strings with lone surrogates become '?' in UTF-8: compare with what the bytes say
    List<String> roundTripped = new ArrayList<>();
    for (String e : expected) {
      roundTripped.add(new String(e.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
    assertThat(lines(trickle ? trickle(in) : new ByteArrayInputStream(in))).isEqualTo(roundTripped);
    for (String e : roundTripped) {
      byte[] b = e.getBytes(StandardCharsets.UTF_8);
      assertThat(LineSource.isAscii(b)).isEqualTo(e.chars().allMatch(c -> c < 0x80));
    }
  }

  private static List<String> lines(InputStream in) throws IOException {
    List<String> out = new ArrayList<>();
    try (LineSource s = new LineSource(in)) {
      byte[] l;
      while ((l = s.nextBytes()) != null) {
        out.add(s.isUtf8(l) ? new String(l, StandardCharsets.UTF_8) : "<INVALID>");
      }
    }
    return out;
  }

  /** Hands out one byte per read, as a slow pipe may. */
  private static InputStream trickle(byte[] b) {
    return new ByteArrayInputStream(b) {
      @Override
      public synchronized int read(byte[] dst, int off, int len) {
        return super.read(dst, off, Math.min(len, 1));
      }
    };
  }

  @Test
  void splitsOnNewlineDropsCrKeepsEmptyLinesAndALastLineWithoutNewline() throws IOException {
    byte[] in = "a\r\n\nb c\n\r\nlast".getBytes(StandardCharsets.UTF_8);
    assertThat(lines(new ByteArrayInputStream(in))).containsExactly("a", "", "b c", "", "last");
    assertThat(lines(trickle(in))).containsExactly("a", "", "b c", "", "last");
    assertThat(lines(new ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)))).containsExactly("x");
    assertThat(lines(new ByteArrayInputStream(new byte[0]))).isEmpty();
  }

  @Test
  void linesLongerThanTheBufferAndMultiByteCharactersAcrossReadsStayWhole() throws IOException {
    String longLine = "é".repeat(50_000) + "✓";
    byte[] in = (longLine + "\nnext\n").getBytes(StandardCharsets.UTF_8);
    assertThat(lines(new ByteArrayInputStream(in))).containsExactly(longLine, "next");
    assertThat(lines(trickle(in))).containsExactly(longLine, "next");
  }

  @Test
  void anInvalidLineIsMarkedAndKeepsItsBytesWithoutLosingTheNext() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("ok\n".getBytes(StandardCharsets.UTF_8));
    b.writeBytes(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\r', '\n'});
    b.writeBytes("after".getBytes(StandardCharsets.UTF_8));
    try (LineSource s = new LineSource(new ByteArrayInputStream(b.toByteArray()))) {
      byte[] ok = s.nextBytes();
      assertThat(s.isUtf8(ok)).isTrue();
      assertThat(new String(ok, StandardCharsets.UTF_8)).isEqualTo("ok");
      byte[] bad = s.nextBytes();
      assertThat(s.isUtf8(bad)).isFalse();
      assertThat(bad).containsExactly('{', (byte) 0xC3, (byte) 0x28, '}');
      byte[] after = s.nextBytes();
      assertThat(s.isUtf8(after)).isTrue();
      assertThat(after).containsExactly("after".getBytes(StandardCharsets.UTF_8));
      assertThat(s.nextBytes()).isNull();
      assertThat(s.nextBytes()).isNull();
    }
  }
}
