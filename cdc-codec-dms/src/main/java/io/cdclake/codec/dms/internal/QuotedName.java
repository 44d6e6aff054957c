package io.cdclake.codec.dms.internal;

import io.cdclake.codec.json.internal.FastJson;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A member name as compact JSON writes it, {@code "name":}, held as eight-byte words (the last one
 * masked), so that the expected next member of a row or of DMS's metadata is recognised by one or
 * two word comparisons. A miss says nothing (the name may differ, or whitespace may sit around the
 * colon): the caller then reads the name the general way. Immutable.
 */
final class QuotedName {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The name's bytes, its quotes and the colon, little-endian in words; the last word's unused bytes are zero. */
  private final long[] words;
  /** Which bytes of each word belong to the pattern. */
  private final long[] masks;
  /** The pattern's length: the name's plus three. */
  private final int length;
  /** The first two words and masks as fields (most names fit them: one memory load fewer than through the arrays). */
  private final long w0;
  private final long m0;
  private final long w1;
  private final long m1;

  QuotedName(byte[] name) {
    boolean plain = true;
    for (byte c : name) {
      plain &= c != '"' && c != '\\' && (c < 0 || c >= 0x20);
    }
    // a name JSON would have to escape never matches here (its raw bytes are no well-formed member name)
    length = plain ? name.length + 3 : Integer.MAX_VALUE;
    if (!plain) {
      words = new long[0];
      masks = new long[0];
      w0 = m0 = w1 = m1 = 0;
      return;
    }
    int k = (length + 7) >>> 3;
    words = new long[k];
    masks = new long[k];
    for (int i = 0; i < length; i++) {
      byte c = i == 0 || i == length - 2 ? (byte) '"' : i == length - 1 ? (byte) ':' : name[i - 1];
      words[i >>> 3] |= (c & 0xFFL) << ((i & 7) * 8);
      masks[i >>> 3] |= 0xFFL << ((i & 7) * 8);
    }
    w0 = words[0];
    m0 = masks[0];
    w1 = k > 1 ? words[1] : 0;
    m1 = k > 1 ? masks[1] : 0;
  }

  /**
   * Whether the reader is at this name written compactly ({@code "name":}, no whitespace); if so
   * consumes it as {@link FastJson#tryName} would (the name's bytes in [strStart, strEnd), the
   * position after the colon). Nothing is consumed otherwise.
   */
  boolean match(FastJson r) {
    byte[] a = r.b;
    int p = r.pos;
    long[] w = words;
    if (p > r.end - length || p + (w.length << 3) > a.length) {
      return false;
    }
    if (((long) LONGS.get(a, p) & m0) != w0) {
      return false;
    }
    if (w.length > 1) {
      if (((long) LONGS.get(a, p + 8) & m1) != w1) {
        return false;
      }
      long[] m = masks;
      for (int j = 2; j < w.length; j++) {
        if (((long) LONGS.get(a, p + (j << 3)) & m[j]) != w[j]) {
          return false;
        }
      }
    }
    r.strStart = p + 1;
    r.strEnd = p + length - 2;
    r.pos = p + length;
    return true;
  }
}
