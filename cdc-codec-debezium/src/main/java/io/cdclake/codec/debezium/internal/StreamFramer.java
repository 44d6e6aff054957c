package io.cdclake.codec.debezium.internal;

import io.cdclake.model.MalformedInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Splits a byte stream into JSON message values: the elements of one top-level array, or values
 * one after another (newline-delimited or concatenated). It only tracks strings and brackets;
 * each message's bytes are then decoded exactly as a single message would be, so whole-array,
 * stream and one-byte-at-a-time input give the same events. Bounded by the document size and
 * nesting limits.
 */
final class StreamFramer {
  interface Sink {
    void message(byte[] bytes, long offset, long index);
  }

  private final InputStream in;
  private final int maxBytes;
  private final int maxDepth;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int lim;
  private long consumed; // bytes before buf[0]
  private byte[] msg = new byte[1024];
  private int msgLen;

  StreamFramer(InputStream in, int maxBytes, int maxDepth) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.maxDepth = maxDepth;
  }

  private int next() {
    if (pos == lim) {
      consumed += lim;
      pos = 0;
      lim = 0;
      try {
        int n;
        do {
          n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
          return -1;
        }
        lim = n;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return buf[pos++] & 0xff;
  }

  private long offset() {
    return consumed + pos;
  }

  private static boolean ws(int b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private int skipWs() {
    int b;
    do {
      b = next();
    } while (b >= 0 && ws(b));
    if (b == 0xEF && offset() == 1) { // UTF-8 byte order mark at the start
      next();
      next();
      return skipWs();
    }
    return b;
  }

  private void append(int b) {
    if (msgLen == msg.length) {
      if (msgLen >= maxBytes) {
        throw Errors.limitError("document size", "over " + maxBytes, maxBytes, "maxDocumentBytes", offset() - msgLen - 1, "$");
      }
      msg = Arrays.copyOf(msg, (int) Math.min((long) maxBytes, msgLen * 2L));
    }
    msg[msgLen++] = (byte) b;
  }

  void run(Sink sink) {
    long index = 0;
    int b = skipWs();
    if (b < 0) {
      return;
    }
    boolean array = b == '[';
    if (array) {
      b = skipWs();
      if (b == ']') {
        trailing();
        return;
      }
    }
    while (b >= 0) {
      long start = offset() - 1;
      msgLen = 0;
      int end = value(b);
      sink.message(Arrays.copyOf(msg, msgLen), start, ++index);
      b = end >= 0 && !ws(end) ? end : skipWs();
      if (array) {
        if (b == ',') {
          b = skipWs();
          if (b < 0 || b == ']') {
            throw new MalformedInputException("Cannot parse stream: the array ends early (truncated input)", offset(), "$[" + index + "]", null);
          }
        } else if (b == ']') {
          trailing();
          return;
        } else if (b < 0) {
          throw new MalformedInputException("Cannot parse stream: the array ends early (truncated input)", offset(), "$[" + index + "]", null);
        } else {
          throw new MalformedInputException("Cannot parse stream: expected ',' or ']' between array elements", offset() - 1, "$[" + index + "]",
              null);
        }
      }
    }
  }

  private void trailing() {
    int b = skipWs();
    if (b >= 0) {
      throw new MalformedInputException("Cannot parse stream: content after the top-level array", offset() - 1, "$", null);
    }
  }

  /**
   * Copies one value starting with byte {@code first} into {@code msg}; returns the byte read just
   * after a scalar value (or -2 when the value ended on its own closing byte).
   */
  private int value(int first) {
    if (first == '{' || first == '[') {
      int depth = 0;
      boolean inString = false;
      int b = first;
      while (true) {
        append(b);
        if (inString) {
          if (b == '\\') {
            int e = next();
            if (e < 0) {
              truncated();
            }
            append(e);
          } else if (b == '"') {
            inString = false;
          }
        } else if (b == '"') {
          inString = true;
        } else if (b == '{' || b == '[') {
          depth++;
          if (depth > maxDepth) {
            throw Errors.limitError("nesting depth", depth, maxDepth, "maxNestingDepth", offset() - 1, "$");
          }
        } else if (b == '}' || b == ']') {
          depth--;
          if (depth == 0) {
            return -2;
          }
        }
        b = next();
        if (b < 0) {
          truncated();
        }
      }
    }
    if (first == '"') {
      append(first);
      int b;
      while ((b = next()) >= 0) {
        append(b);
        if (b == '\\') {
          int e = next();
          if (e < 0) {
            truncated();
          }
          append(e);
        } else if (b == '"') {
          return -2;
        }
      }
      truncated();
    }
    int b = first;
    while (b >= 0 && !ws(b) && b != ',' && b != ']' && b != '[' && b != '{') {
      append(b);
      b = next();
    }
    return b;
  }

  private void truncated() {
    throw new MalformedInputException("Cannot parse stream: the document ends early (truncated input)", offset(), "$", null);
  }
}
