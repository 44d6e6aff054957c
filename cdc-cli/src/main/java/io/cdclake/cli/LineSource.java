package io.cdclake.cli;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lines of UTF-8 text as bytes, split on {@code \n} (a {@code \r} before it is dropped), each one copy
 * of its bytes: a bare message's bytes are the line's, no text is made (decoding every line to a
 * String and back was half of the command line's allocation). {@link #isUtf8} tells a line that is
 * not valid UTF-8, so one bad line does not lose the rest. Does not close the underlying stream.
 */
final class LineSource implements Closeable {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final InputStream in;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private boolean eof;

  LineSource(InputStream in) {
    this.in = in;
  }

  /**
   * The next line's bytes without its end (the caller's own copy, not validated: see {@link
   * #isUtf8}), or null at the end of the input.
   */
  byte[] nextBytes() throws IOException {
    if (eof) {
      return null;
    }
    // the common case: the whole line is in the buffer, one copy
    for (int i = pos; i < limit; i++) {
      if (buf[i] == '\n') {
        int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
        byte[] bytes = Arrays.copyOfRange(buf, pos, end);
        pos = i + 1;
        return bytes;
      }
    }
    line.reset();
    while (true) {
      if (pos >= limit) {
        int n = in.read(buf);
        if (n < 0) {
          eof = true;
          if (line.size() == 0) {
            return null;
          }
          break;
        }
        pos = 0;
        limit = n;
        continue;
      }
      int start = pos;
      while (pos < limit && buf[pos] != '\n') {
        pos++;
      }
      line.write(buf, start, pos - start);
      if (pos < limit) {
        pos++; // the newline
        break;
      }
    }
    byte[] bytes = line.toByteArray();
    int n = bytes.length;
    if (n > 0 && bytes[n - 1] == '\r') {
      bytes = Arrays.copyOf(bytes, n - 1);
    }
    return bytes;
  }

  /** Whether the bytes are well-formed UTF-8 (ASCII is checked eight bytes at a time first). */
  boolean isUtf8(byte[] bytes) {
    if (isAscii(bytes)) {
      return true;
    }
    try {
      utf8.reset().decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  static boolean isAscii(byte[] b) {
    int i = 0;
    int n = b.length;
    for (; i + 8 <= n; i += 8) {
      if (((long) LONGS.get(b, i) & 0x8080808080808080L) != 0) {
        return false;
      }
    }
    for (; i < n; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    // the caller owns the stream
  }
}
