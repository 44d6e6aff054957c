package io.cdclake.cli;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Lines of UTF-8 text, split on {@code \n} (a {@code \r} before it is dropped). A line that is not
 * valid UTF-8 comes back as {@link #INVALID}, so one bad line does not lose the rest. Does not close
 * the underlying stream.
 */
final class LineSource implements Closeable {
  /** Returned (by identity) for a line that is not valid UTF-8. */
  static final String INVALID = new String("<invalid UTF-8>");

  private final InputStream in;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private boolean eof;
  private byte[] lastBytes;

  LineSource(InputStream in) {
    this.in = in;
  }

  /** The next line without its end, {@link #INVALID}, or null at the end of the input. */
  String next() throws IOException {
    if (eof) {
      return null;
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
      n--;
    }
    lastBytes = n == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, n);
    try {
      return utf8.reset().decode(ByteBuffer.wrap(bytes, 0, n)).toString();
    } catch (CharacterCodingException e) {
      return INVALID;
    }
  }

  /** The bytes of the line {@link #next()} returned last (without its end), e.g. to keep an {@link #INVALID} line as it was. */
  byte[] lastBytes() {
    return lastBytes;
  }

  @Override
  public void close() {
    // the caller owns the stream
  }
}
