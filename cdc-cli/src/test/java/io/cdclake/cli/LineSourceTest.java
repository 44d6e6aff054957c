package io.cdclake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSourceTest {
  private static List<String> lines(InputStream in) throws IOException {
    List<String> out = new ArrayList<>();
    try (LineSource s = new LineSource(in)) {
      String l;
      while ((l = s.next()) != null) {
        out.add(l == LineSource.INVALID ? "<INVALID>" : l);
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
      assertThat(s.next()).isEqualTo("ok");
      assertThat(s.next()).isSameAs(LineSource.INVALID);
      assertThat(s.lastBytes()).containsExactly('{', (byte) 0xC3, (byte) 0x28, '}');
      assertThat(s.next()).isEqualTo("after");
      assertThat(s.lastBytes()).containsExactly("after".getBytes(StandardCharsets.UTF_8));
      assertThat(s.next()).isNull();
      assertThat(s.next()).isNull();
    }
  }
}
