package io.cdclake.codec.debezium.internal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Byte-level readers of the commonest string-encoded values, for {@link FastReader}. Each gives
 * exactly what the String-based conversion in {@link Values} gives for the inputs it takes, and
 * null for any other input (then the caller converts the String). Stateless.
 */
final class FastValues {
  private FastValues() {}

  private static final byte[] BASE64 = new byte[128];

  static {
    java.util.Arrays.fill(BASE64, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      BASE64[alphabet.charAt(i)] = (byte) i;
    }
  }

  /**
   * A Connect Decimal (base64 of the big-endian two's-complement unscaled value) of at most 8
   * bytes, as a BigDecimal with {@code scale}, without the byte array and BigInteger the general
   * reader makes; null for anything else (longer values, unpadded or non-canonical base64).
   */
  static BigDecimal base64Decimal(byte[] b, int from, int to, int scale) {
    int len = to - from;
    if (len == 0 || len > 12 || (len & 3) != 0) {
      return null;
    }
    int pad = b[to - 1] == '=' ? (b[to - 2] == '=' ? 2 : 1) : 0;
    int chars = len - pad;
    int bytes = len / 4 * 3 - pad;
    if (bytes > 8) {
      return null;
    }
    // the last char carries 2 (one '=') or 4 (two) bits past the data, which decoders drop
    int dropBits = chars * 6 - bytes * 8;
    long bits = 0;
    for (int i = from; i < from + chars; i++) {
      int c = b[i];
      int v = c < 0 ? -1 : BASE64[c];
      if (v < 0) {
        return null;
      }
      bits = i == from + chars - 1 ? (bits << (6 - dropBits)) | (v >>> dropBits) : (bits << 6) | v;
    }
    // sign-extend from bytes*8 bits
    int shift = 64 - bytes * 8;
    long unscaled = shift == 0 ? bits : (bits << shift) >> shift;
    return BigDecimal.valueOf(unscaled, scale);
  }

  /**
   * ZonedTimestamp {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:mm)} from ASCII bytes; null for
   * anything else. The byte twin of {@code Values.fastZoned}.
   */
  static OffsetDateTime zoned(byte[] s, int from, int to) {
    int n = to - from;
    if (n < 20 || s[from + 4] != '-' || s[from + 7] != '-' || s[from + 10] != 'T' || s[from + 13] != ':' || s[from + 16] != ':') {
      return null;
    }
    int year = digits(s, from, 4);
    int month = digits(s, from + 5, 2);
    int day = digits(s, from + 8, 2);
    int hour = digits(s, from + 11, 2);
    int min = digits(s, from + 14, 2);
    int sec = digits(s, from + 17, 2);
    if ((year | month | day | hour | min | sec) < 0) {
      return null;
    }
    int i = from + 19;
    int nano = 0;
    if (i < to && s[i] == '.') {
      i++;
      int start = i;
      while (i < to && s[i] >= '0' && s[i] <= '9') {
        i++;
      }
      int len = i - start;
      if (len == 0 || len > 9) {
        return null;
      }
      nano = digits(s, start, len);
      for (int k = len; k < 9; k++) {
        nano *= 10;
      }
    }
    ZoneOffset off;
    if (i == to - 1 && s[i] == 'Z') {
      off = ZoneOffset.UTC;
    } else if (i == to - 6 && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if ((oh | om) < 0) {
        return null;
      }
      int total = oh * 3600 + om * 60;
      try {
        off = ZoneOffset.ofTotalSeconds(s[i] == '-' ? -total : total);
      } catch (java.time.DateTimeException e) {
        return null;
      }
    } else {
      return null;
    }
    try {
      return OffsetDateTime.of(year, month, day, hour, min, sec, nano, off);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  private static int digits(byte[] s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      int c = s[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
