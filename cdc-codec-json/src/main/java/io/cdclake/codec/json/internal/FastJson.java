package io.cdclake.codec.json.internal;

import com.fasterxml.jackson.core.io.NumberInput;
import java.nio.charset.StandardCharsets;

/**
 * A strict JSON reader over one message's bytes, for the fast paths: no tokens, no symbol table
 * and no character buffer; names are matched as bytes, numbers parsed straight from the bytes,
 * ASCII strings copied once. It accepts a subset of what Jackson accepts (RFC 8259 JSON in
 * well-formed UTF-8 within the decoder's limits) and throws {@link Bail} at anything else, after
 * which the caller reads the message with Jackson. So for any input the fast path gives either
 * the event the Jackson path gives, or hands over; errors always come from the Jackson path, with
 * their offsets and paths. Not thread-safe: one per message.
 *
 * <p>Shared by the Debezium and DMS codecs' fast paths (it was two twin copies); internal to the
 * codecs, not API.
 */
public final class FastJson {
  /** The input limits the reader enforces (each codec's options give them). */
  public interface Limits {
    int maxNestingDepth();

    int maxStringLength();

    int maxNameLength();

    int maxNumberLength();
  }

  /** Thrown to hand the message over to the Jackson path. Carries nothing; never escapes the codec. */
  public static final class Bail extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final Bail INSTANCE = new Bail();

    private Bail() {
      super(null, null, false, false);
    }
  }

  public static Bail bail() {
    return Bail.INSTANCE;
  }

  public final byte[] b;
  public int pos;
  public final int end;
  private final int maxDepth;
  private final int maxString;
  private final int maxName;
  private final int maxNumber;
  /** After {@link #scanString()}: the content's bytes are [strStart, strEnd). */
  public int strStart;
  public int strEnd;
  /** After {@link #scanString()}: 0 for plain ASCII, 1 when non-ASCII UTF-8 occurs, 2 when escapes occur. */
  public int strKind;
  /** After {@link #scanNumber()}: where the literal starts and ends, and whether it has a fraction or exponent. */
  public int numStart;
  public int numEnd;
  public boolean numIsFloat;
  /** After {@link #fitsLong()}: the value. */
  public long lastLong;
  /** A number's chars for Jackson's double parser, one array per thread (a per-message array was 4% of the allocation). */
  private static final ThreadLocal<char[]> SCRATCH = ThreadLocal.withInitial(() -> new char[64]);

  public FastJson(byte[] b, int from, int to, Limits o) {
    this.b = b;
    this.pos = from;
    this.end = to;
    this.maxDepth = o.maxNestingDepth();
    this.maxString = o.maxStringLength();
    this.maxName = o.maxNameLength();
    this.maxNumber = o.maxNumberLength();
  }

  // ---------------------------------------------------------------- structure

  /** Skips JSON whitespace and returns the next byte (not consumed); bails at the end of input. */
  public byte peek() {
    int p = pos;
    byte[] a = b;
    if (p < end && a[p] > ' ') {
      return a[p]; // compact JSON: no whitespace here
    }
    while (p < end) {
      byte c = a[p];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        p++;
      } else {
        pos = p;
        return c;
      }
    }
    throw bail();
  }

  public void expect(char c) {
    if (peek() != c) {
      throw bail();
    }
    pos++;
  }

  /** After a value inside an object: true when another member follows (consumes the comma), false at '}' (consumed). */
  public boolean nextMember() {
    byte c = peek();
    pos++;
    if (c == ',') {
      return true;
    }
    if (c == '}') {
      return false;
    }
    throw bail();
  }

  /** At '{': consumes it and returns true when the object has members (false for "{}", consumed). */
  public boolean startObject() {
    expect('{');
    if (peek() == '}') {
      pos++;
      return false;
    }
    return true;
  }

  /** True (and consumed) when the next value is the literal null. */
  public boolean tryNull() {
    if (peek() == 'n') {
      literal("null");
      return true;
    }
    return false;
  }

  private void literal(String word) {
    int n = word.length();
    if (end - pos < n) {
      throw bail();
    }
    for (int i = 0; i < n; i++) {
      if (b[pos + i] != word.charAt(i)) {
        throw bail();
      }
    }
    pos += n;
    delimiter();
  }

  /** A value must be followed by whitespace or a structural character (Jackson rejects "truex", "12a"). */
  private void delimiter() {
    if (pos < end) {
      byte c = b[pos];
      if (!(c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
        throw bail();
      }
    }
  }

  /** After the top-level value: only whitespace may follow. */
  public void expectEnd() {
    int p = pos;
    while (p < end) {
      byte c = b[p++];
      if (!(c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
        throw bail();
      }
    }
    pos = p;
  }

  // ---------------------------------------------------------------- names

  /**
   * Reads a member name and the colon after it. The name's raw bytes are [strStart, strEnd); names
   * with escapes bail (Debezium never escapes names).
   */
  public void name() {
    if (peek() != '"') {
      throw bail();
    }
    int p = pos + 1;
    int start = p;
    byte[] a = b;
    boolean nonAscii = false;
    while (true) {
      if (p >= end) {
        throw bail();
      }
      byte c = a[p];
      if (c == '"') {
        break;
      }
      if (c == '\\' || (c >= 0 && c < 0x20)) {
        throw bail();
      }
      if (c < 0) {
        nonAscii = true;
      }
      p++;
    }
    if (p - start > maxName) {
      throw bail();
    }
    if (nonAscii) {
      validUtf8(start, p);
    }
    strStart = start;
    strEnd = p;
    pos = p + 1;
    expect(':');
  }

  /**
   * Reads the next member name if it is {@code expected} (and its colon); false, with nothing
   * consumed, otherwise. {@code expected} holds no quote, backslash or control character, so an
   * equal name is one {@link #name()} would read the same way; its bytes are [strStart, strEnd).
   */
  public boolean tryName(byte[] expected) {
    int p = pos;
    byte[] a = b;
    int len = expected.length;
    if (p >= end || a[p] != '"') {
      if (p < end && a[p] > ' ') {
        return false;
      }
      peek();
      p = pos;
      if (p >= end || a[p] != '"') {
        return false;
      }
    }
    int s = p + 1;
    int close = s + len;
    if (close >= end || a[close] != '"' || !same(a, s, expected, len)) {
      return false;
    }
    strStart = s;
    strEnd = close;
    int q = close + 1;
    if (q < end && a[q] == ':') {
      pos = q + 1;
    } else {
      pos = q;
      expect(':');
    }
    return true;
  }

  /**
   * A member name prepared for {@link #tryName(Name)}: {@code "name":} as it appears in compact JSON,
   * held as two little-endian words when it fits sixteen bytes, so matching it is two loads and two
   * comparisons. Immutable.
   */
  public static final class Name {
    final byte[] name;
    /** The length of {@code "name":}. */
    final int len;
    final long w0;
    final long w1;
    final long m0;
    final long m1;

    /** {@code name}: as {@link #tryName(byte[])} takes it (no quote, backslash or control character). */
    public Name(byte[] name) {
      this.name = name.clone();
      this.len = name.length + 3;
      byte[] q = new byte[16];
      if (len <= 16) {
        q[0] = '"';
        System.arraycopy(name, 0, q, 1, name.length);
        q[len - 2] = '"';
        q[len - 1] = ':';
      }
      this.w0 = (long) LONGS.get(q, 0);
      this.w1 = (long) LONGS.get(q, 8);
      this.m0 = len >= 8 ? -1L : (1L << (8 * len)) - 1;
      this.m1 = len <= 8 ? 0L : len >= 16 ? -1L : (1L << (8 * (len - 8))) - 1;
    }
  }

  /** {@link #tryName(byte[])} for a prepared name: the same outcome, position and name bytes. */
  public boolean tryName(Name n) {
    int p = pos;
    byte[] a = b;
    int len = n.len;
    if (len <= 16 && p + 16 <= a.length && p + len <= end
        && ((long) LONGS.get(a, p) & n.m0) == n.w0 && ((long) LONGS.get(a, p + 8) & n.m1) == n.w1) {
      strStart = p + 1;
      strEnd = p + len - 2;
      pos = p + len;
      return true;
    }
    return tryName(n.name); // whitespace, a name too long for two words, the end of the input near, or another name
  }

  /** Whether {@code a[from, from + len)} equals {@code e[0, len)}: eight bytes at a time (names are short; a call to Arrays.equals costs more). */
  private static boolean same(byte[] a, int from, byte[] e, int len) {
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      if ((long) LONGS.get(a, from + i) != (long) LONGS.get(e, i)) {
        return false;
      }
    }
    if (i + 4 <= len) {
      if ((int) INTS.get(a, from + i) != (int) INTS.get(e, i)) {
        return false;
      }
      i += 4;
    }
    for (; i < len; i++) {
      if (a[from + i] != e[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether the last name's bytes equal {@code name}. */
  public boolean nameIs(byte[] name) {
    int len = strEnd - strStart;
    return len == name.length && same(b, strStart, name, len);
  }

  /** The last name as a String: only for names in well-formed UTF-8. */
  public String nameString() {
    validUtf8(strStart, strEnd);
    return new String(b, strStart, strEnd - strStart, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- strings

  /**
   * At '"': scans a string value, validating it, and leaves its raw content in [strStart, strEnd)
   * with {@link #strKind}. Bails on unescaped control characters, bad escapes, malformed UTF-8
   * and strings over the length limit.
   */
  public void scanString() {
    scanStringUnvalidated();
    validateString();
  }

  /** After {@link #scanStringUnvalidated()}: the checks {@link #scanString()} makes of non-ASCII bytes and escapes. */
  public void validateString() {
    if (strKind == 1) {
      validUtf8(strStart, strEnd);
    } else if (strKind == 2) {
      validEscapes(strStart, strEnd); // Jackson validates escapes even in values it skips
    }
  }

  /**
   * {@link #scanString()} without checking escapes and non-ASCII bytes: the caller either parses
   * the content strictly itself or calls {@link #validateString()}.
   */
  public void scanStringUnvalidated() {
    if (peek() != '"') {
      throw bail();
    }
    int p = pos + 1;
    int start = p;
    int kind = 0;
    byte[] a = b;
    int e = end;
    // eight bytes at a time while none is a quote, a backslash, a control character or non-ASCII
    while (p + 8 <= e && plain8((long) LONGS.get(a, p))) {
      p += 8;
    }
    while (true) {
      if (p >= e) {
        throw bail();
      }
      byte c = a[p];
      if (c == '"') {
        break;
      }
      if (c >= 0x20 && c != '\\') {
        p++;
        continue;
      }
      if (c == '\\') {
        kind = 2;
        p += 2;
        continue;
      }
      if (c < 0) {
        if (kind == 0) {
          kind = 1;
        }
        p++;
        continue;
      }
      throw bail(); // unescaped control character
    }
    if (p - start > maxString) {
      throw bail();
    }
    strStart = start;
    strEnd = p;
    strKind = kind;
    pos = p + 1;
    delimiter();
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final java.lang.invoke.VarHandle INTS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /** Whether none of the eight bytes is '"', '\\', below 0x20 or above 0x7f. */
  private static boolean plain8(long w) {
    long quote = w ^ 0x2222222222222222L;
    long backslash = w ^ 0x5C5C5C5C5C5C5C5CL;
    long found = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | (w - 0x2020202020202020L) | w;
    return (found & HIGHS) == 0;
  }

  /** The last scanned string as a String. */
  public String string() {
    int len = strEnd - strStart;
    if (strKind == 0) {
      return new String(b, strStart, len, StandardCharsets.ISO_8859_1);
    }
    if (strKind == 1) {
      return new String(b, strStart, len, StandardCharsets.UTF_8);
    }
    return unescape();
  }

  /** The number of chars of the last scanned string (its length as Jackson reports it). */
  public int stringLength() {
    if (strKind == 0) {
      return strEnd - strStart;
    }
    return string().length();
  }

  private String unescape() {
    StringBuilder sb = new StringBuilder(strEnd - strStart);
    int p = strStart;
    int runStart = p;
    while (p < strEnd) {
      byte c = b[p];
      if (c != '\\') {
        p++;
        continue;
      }
      if (p > runStart) {
        appendUtf8(sb, runStart, p);
      }
      if (p + 1 >= strEnd) {
        throw bail();
      }
      byte x = b[p + 1];
      switch (x) {
        case '"' -> sb.append('"');
        case '\\' -> sb.append('\\');
        case '/' -> sb.append('/');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (p + 6 > strEnd) {
            throw bail();
          }
          int v = 0;
          for (int i = p + 2; i < p + 6; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0) {
              throw bail();
            }
            v = v * 16 + d;
          }
          sb.append((char) v);
          p += 4;
        }
        default -> throw bail();
      }
      p += 2;
      runStart = p;
    }
    if (p > runStart) {
      appendUtf8(sb, runStart, p);
    }
    return sb.toString();
  }

  /** Bails unless every escape in [from, to) is one JSON allows and the non-ASCII bytes are well-formed UTF-8. */
  private void validEscapes(int from, int to) {
    boolean nonAscii = false;
    int p = from;
    while (p < to) {
      byte c = b[p];
      if (c != '\\') {
        nonAscii |= c < 0;
        p++;
        continue;
      }
      byte x = p + 1 < to ? b[p + 1] : 0;
      switch (x) {
        case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> p += 2;
        case 'u' -> {
          if (p + 6 > to) {
            throw bail();
          }
          for (int i = p + 2; i < p + 6; i++) {
            if (Character.digit(b[i], 16) < 0) {
              throw bail();
            }
          }
          p += 6;
        }
        default -> throw bail();
      }
    }
    if (nonAscii) {
      validUtf8(from, to); // escapes are ASCII, so the bytes between them must be well-formed on their own
    }
  }

  private void appendUtf8(StringBuilder sb, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] < 0) {
        validUtf8(from, to);
        sb.append(new String(b, from, to - from, StandardCharsets.UTF_8));
        return;
      }
    }
    for (int i = from; i < to; i++) {
      sb.append((char) b[i]);
    }
  }

  /** Bails unless [from, to) is well-formed UTF-8 (RFC 3629: shortest forms, no surrogates, at most U+10FFFF). */
  private void validUtf8(int from, int to) {
    int i = from;
    byte[] a = b;
    while (i < to) {
      int c = a[i] & 0xff;
      if (c < 0x80) {
        i++;
      } else if (c >= 0xC2 && c <= 0xDF) {
        cont(i + 1, to);
        i += 2;
      } else if (c >= 0xE0 && c <= 0xEF) {
        cont(i + 1, to);
        cont(i + 2, to);
        int c1 = a[i + 1] & 0xff;
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) {
          throw bail();
        }
        i += 3;
      } else if (c >= 0xF0 && c <= 0xF4) {
        cont(i + 1, to);
        cont(i + 2, to);
        cont(i + 3, to);
        int c1 = a[i + 1] & 0xff;
        if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) {
          throw bail();
        }
        i += 4;
      } else {
        throw bail();
      }
    }
  }

  private void cont(int i, int to) {
    if (i >= to || (b[i] & 0xC0) != 0x80) {
      throw bail();
    }
  }

  /** Whether the last scanned string's content equals the ASCII text {@code s}. */
  public boolean stringIs(byte[] ascii) {
    if (strKind != 0) {
      return false;
    }
    int len = strEnd - strStart;
    if (len != ascii.length) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (b[strStart + i] != ascii[i]) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- numbers

  /**
   * At a number: checks the JSON grammar (no leading zeros, digits after '.', digits in the
   * exponent) and records [numStart, numEnd) and {@link #numIsFloat}.
   */
  public void scanNumber() {
    int p = pos;
    int start = p;
    byte[] a = b;
    if (p < end && a[p] == '-') {
      p++;
    }
    int intStart = p;
    long v = 0;
    // eight digits at a time while they fit a long (18 digits); then one at a time
    while (p + 8 <= end && p - intStart <= 10) {
      long w = (long) LONGS.get(a, p);
      if (!eightDigits(w)) {
        break;
      }
      v = v * 100_000_000L + parseEight(w);
      p += 8;
    }
    while (p < end && a[p] >= '0' && a[p] <= '9') {
      v = v * 10 + (a[p] - '0');
      p++;
    }
    int intLen = p - intStart;
    if (intLen == 0 || (intLen > 1 && a[intStart] == '0')) {
      throw bail();
    }
    if (p < end && (a[p] == '.' || a[p] == 'e' || a[p] == 'E')) {
      scanFractionAndExponent(start, intLen, p, v);
      return;
    }
    // an integer: this part is small enough for the JIT to inline into the callers
    if (p - start > maxNumber) {
      throw bail();
    }
    numStart = start;
    numEnd = p;
    numIsFloat = false;
    // the common integer is read here already: at most 18 digits always fit; 19 digits are below
    // 2^64, so v holds them exactly as an unsigned value, which fits a long up to 2^63 - 1 (2^63 negated)
    boolean neg = start != intStart;
    smallInt = intLen <= 18 || (intLen == 19 && Long.compareUnsigned(v, neg ? Long.MIN_VALUE : Long.MAX_VALUE) <= 0);
    if (smallInt) {
      lastLong = neg ? -v : v;
    }
    pos = p;
    delimiter();
  }

  /** The rest of {@link #scanNumber()} for a literal with a fraction or exponent, which starts at {@code p} (after {@code intLen} digits of value {@code v}). */
  private void scanFractionAndExponent(int start, int intLen, int p, long v) {
    byte[] a = b;
    int fracLen = 0;
    int exp = 0;
    if (p < end && a[p] == '.') {
      p++;
      int f = p;
      // the fraction's digits join v while all digits together stay within 19 (then v is exact)
      while (p + 8 <= end && intLen + (p - f) + 8 <= 19) {
        long w = (long) LONGS.get(a, p);
        if (!eightDigits(w)) {
          break;
        }
        v = v * 100_000_000L + parseEight(w);
        p += 8;
      }
      while (p < end && a[p] >= '0' && a[p] <= '9') {
        if (intLen + (p - f) < 19) {
          v = v * 10 + (a[p] - '0');
        }
        p++;
      }
      fracLen = p - f;
      if (fracLen == 0) {
        throw bail();
      }
    }
    if (p < end && (a[p] == 'e' || a[p] == 'E')) {
      p++;
      boolean expNeg = false;
      if (p < end && (a[p] == '+' || a[p] == '-')) {
        expNeg = a[p] == '-';
        p++;
      }
      int x = p;
      while (p < end && a[p] >= '0' && a[p] <= '9') {
        if (exp < 100_000) {
          exp = exp * 10 + (a[p] - '0');
        }
        p++;
      }
      if (p == x) {
        throw bail();
      }
      if (expNeg) {
        exp = -exp;
      }
    }
    if (p - start > maxNumber) {
      throw bail();
    }
    numStart = start;
    numEnd = p;
    numIsFloat = true;
    smallInt = false;
    // a literal of at most 19 digits is v * 10^(exp - fracLen) exactly: doubleValue need not read it again
    numDigits = intLen + fracLen;
    numMantissa = v;
    numPower = exp - fracLen;
    pos = p;
    delimiter();
  }

  /** After {@link #scanNumber()}: an integer literal that fits a long, whose value is in {@link #lastLong} already. */
  private boolean smallInt;
  /** After {@link #scanNumber()} of a literal with a fraction or exponent: its digit count and, when that is at most 19, its digits as an unsigned integer and the power of ten to scale them by. */
  private int numDigits;
  private long numMantissa;
  private int numPower;

  /**
   * The number of ASCII digits {@code b[from..]} starts with, up to {@code max} (at most 8), and
   * their value: {@code count << 32 | value}, read eight bytes at a time; -1 when fewer than eight
   * bytes remain in the array (the caller reads them one by one).
   */
  public static long leadingDigits(byte[] a, int from, int max) {
    if (from < 0 || from + 8 > a.length) {
      return -1;
    }
    long w = (long) LONGS.get(a, from);
    long nonDigit = ((w + 0x4646464646464646L) | (w - 0x3030303030303030L)) & 0x8080808080808080L;
    int n = Math.min(Long.numberOfTrailingZeros(nonDigit) >>> 3, max);
    if (n == 0) {
      return 0;
    }
    // keep the n digits, moved to the top bytes, with '0's below them: the same value as eight digits
    int shift = (8 - n) * 8;
    long digits = shift == 0 ? w : (w << shift) | (0x3030303030303030L >>> (64 - shift));
    return (long) n << 32 | parseEight(digits);
  }

  /** Whether the eight bytes (little-endian) are all ASCII digits (fast_float's test). */
  private static boolean eightDigits(long w) {
    return (((w + 0x4646464646464646L) | (w - 0x3030303030303030L)) & 0x8080808080808080L) == 0;
  }

  /** The value of eight ASCII digits loaded little-endian (first digit in the lowest byte), by three multiplications. */
  private static long parseEight(long w) {
    long v = w - 0x3030303030303030L;
    v = (v * 10) + (v >>> 8);
    v = (((v & 0x000000FF000000FFL) * 0x000F424000000064L) + (((v >>> 16) & 0x000000FF000000FFL) * 0x0000271000000001L)) >>> 32;
    return v;
  }

  /** The last scanned integer literal as a long; bails when it does not fit (Jackson: BIG_INTEGER). */
  public long longValue() {
    if (numIsFloat || !fitsLong()) {
      throw bail();
    }
    return lastLong;
  }

  /** Whether the last scanned integer literal fits a long; if so its value is in {@link #lastLong}. */
  public boolean fitsLong() {
    if (smallInt) {
      return true;
    }
    int p = numStart;
    boolean neg = b[p] == '-';
    if (neg) {
      p++;
    }
    int digits = numEnd - p;
    if (digits < 19) {
      long v = 0;
      for (; p < numEnd; p++) {
        v = v * 10 + (b[p] - '0');
      }
      lastLong = neg ? -v : v;
      return true;
    }
    if (digits > 19) {
      return false;
    }
    // 19 digits: the first 18 fit; the last one may overflow
    long v = 0;
    for (int i = 0; i < 18; i++) {
      v = v * 10 + (b[p + i] - '0');
    }
    int d = b[p + 18] - '0';
    long limit = Long.MAX_VALUE / 10; // 922337203685477580
    if (v > limit || (v == limit && d > (neg ? 8 : 7))) {
      return false;
    }
    lastLong = neg ? -(v * 10) - d : v * 10 + d;
    return true;
  }

  /** Whether the last integer literal fits an int (Jackson's NumberType.INT). */
  public boolean isIntRange(long v) {
    return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
  }

  /** This thread's scratch chars, at least {@code n} of them (for building a String or parsing a number without a temporary array). */
  public static char[] scratch(int n) {
    char[] c = SCRATCH.get();
    if (c.length < n) {
      c = new char[n];
      SCRATCH.set(c);
    }
    return c;
  }

  private char[] chars() {
    int n = numEnd - numStart;
    char[] c = scratch(n);
    for (int i = 0; i < n; i++) {
      c[i] = (char) b[numStart + i];
    }
    return c;
  }

  /** The last number as a double, as Jackson's getDoubleValue gives it (correctly rounded). */
  public double doubleValue() {
    if (!numIsFloat) {
      return (double) longValue();
    }
    if (numDigits <= 19) {
      boolean neg = b[numStart] == '-';
      long w = numMantissa;
      int q = numPower;
      if (w == 0) {
        return neg ? -0.0 : 0.0;
      }
      if (numDigits <= 15 && q <= 0 && q >= -22) {
        // Clinger's fast path, as smallDecimal takes it (w < 10^15 < 2^53: exact, as is the power of ten)
        double v = w / POW10[-q];
        return neg ? -v : v;
      }
      double fast = eiselLemire(w, q, neg);
      if (!Double.isNaN(fast)) {
        return fast;
      }
      return NumberInput.parseDouble(chars(), 0, numEnd - numStart, true);
    }
    double fast = smallDecimal();
    if (!Double.isNaN(fast)) {
      return fast;
    }
    fast = eiselLemire();
    if (!Double.isNaN(fast)) {
      return fast;
    }
    return NumberInput.parseDouble(chars(), 0, numEnd - numStart, true);
  }

  /** The smallest and largest decimal exponent {@link #eiselLemire} takes (beyond them: the general parser). */
  private static final int MIN_Q = -64;
  private static final int MAX_Q = 64;
  /** 5^q for q in [MIN_Q, MAX_Q] as 128-bit significands (high and low words), as the fast_float library tabulates them. */
  private static final long[] POW5_HI = new long[MAX_Q - MIN_Q + 1];
  private static final long[] POW5_LO = new long[MAX_Q - MIN_Q + 1];

  static {
    java.math.BigInteger two128 = java.math.BigInteger.ONE.shiftLeft(128);
    java.math.BigInteger two127 = java.math.BigInteger.ONE.shiftLeft(127);
    for (int q = MIN_Q; q <= MAX_Q; q++) {
      java.math.BigInteger c;
      if (q < 0) {
        java.math.BigInteger p5 = java.math.BigInteger.valueOf(5).pow(-q);
        int z = p5.bitLength(); // the least z with 2^z >= 5^-q (5^-q is no power of two)
        if (q >= -27) {
          c = java.math.BigInteger.ONE.shiftLeft(z + 127).divide(p5).add(java.math.BigInteger.ONE);
        } else {
          c = java.math.BigInteger.ONE.shiftLeft(2 * z + 128).divide(p5).add(java.math.BigInteger.ONE);
          while (c.compareTo(two128) >= 0) {
            c = c.shiftRight(1);
          }
        }
      } else {
        c = java.math.BigInteger.valueOf(5).pow(q);
        while (c.compareTo(two127) < 0) {
          c = c.shiftLeft(1);
        }
        while (c.compareTo(two128) >= 0) {
          c = c.shiftRight(1);
        }
      }
      POW5_HI[q - MIN_Q] = c.shiftRight(64).longValue();
      POW5_LO[q - MIN_Q] = c.longValue();
    }
  }

  /**
   * The Eisel-Lemire algorithm (Lemire, "Number Parsing at a Gigabyte per Second", 2021): a literal
   * with at most 19 significant digits is w * 10^q with w exact in 64 bits; w times a 128-bit
   * approximation of 5^q gives the correctly rounded double unless the product is too close to a
   * halfway point to tell, which the algorithm detects. NaN when it does not apply (more digits, an
   * exponent outside [MIN_Q, MAX_Q], a subnormal or infinite result, an undecidable product): then
   * the general parser decides.
   */
  double eiselLemire() {
    byte[] a = b;
    int p = numStart;
    int e = numEnd;
    boolean neg = a[p] == '-';
    if (neg) {
      p++;
    }
    long w = 0;
    int sig = 0; // significant digits taken into w
    int q = 0;
    boolean frac = false;
    for (; p < e; p++) {
      byte c = a[p];
      if (c == '.') {
        frac = true;
        continue;
      }
      if (c < '0' || c > '9') {
        break;
      }
      if (sig == 0 && c == '0') {
        if (frac) {
          q--;
        }
        continue; // a leading zero
      }
      if (sig == 19) {
        return Double.NaN; // more than 19 significant digits: w might not be exact
      }
      w = w * 10 + (c - '0');
      sig++;
      if (frac) {
        q--;
      }
    }
    if (p < e) { // the exponent (scanNumber checked its grammar)
      p++;
      boolean expNeg = false;
      if (a[p] == '+' || a[p] == '-') {
        expNeg = a[p] == '-';
        p++;
      }
      int x = 0;
      for (; p < e; p++) {
        if (x > 10_000) {
          return Double.NaN;
        }
        x = x * 10 + (a[p] - '0');
      }
      q += expNeg ? -x : x;
    }
    return eiselLemire(w, q, neg);
  }

  /** {@link #eiselLemire()} of the literal w * 10^q (w an unsigned integer of at most 19 digits). */
  private static double eiselLemire(long w, int q, boolean neg) {
    if (w == 0 || q < MIN_Q || q > MAX_Q) {
      return Double.NaN;
    }
    int lz = Long.numberOfLeadingZeros(w);
    w <<= lz;
    long t = POW5_HI[q - MIN_Q];
    long hi = unsignedMultiplyHigh(w, t);
    long lo = w * t;
    long mask = 0xFFFF_FFFF_FFFF_FFFFL >>> 55; // 52 explicit bits + 3
    if ((hi & mask) == mask) {
      long hi2 = unsignedMultiplyHigh(w, POW5_LO[q - MIN_Q]);
      lo += hi2;
      if (Long.compareUnsigned(hi2, lo) > 0) {
        hi++;
      }
    }
    if (lo == -1L && (q < -27 || q > 55)) {
      return Double.NaN; // the 128-bit product cannot decide the rounding
    }
    int upper = (int) (hi >>> 63);
    long mantissa = hi >>> (upper + 64 - 52 - 3);
    int power2 = (((q * (152_170 + 65_536)) >> 16) + 63) + upper - lz + 1023;
    if (power2 <= 0) {
      return Double.NaN; // subnormal
    }
    if (Long.compareUnsigned(lo, 1) <= 0 && q >= -4 && q <= 23 && (mantissa & 3) == 1 && (mantissa << (upper + 64 - 52 - 3)) == hi) {
      mantissa &= ~1L; // exactly halfway: round to even
    }
    mantissa += mantissa & 1;
    mantissa >>>= 1;
    if (mantissa >= (2L << 52)) {
      mantissa = 1L << 52;
      power2++;
    }
    mantissa &= ~(1L << 52);
    if (power2 >= 0x7FF) {
      return Double.NaN; // infinite
    }
    double v = Double.longBitsToDouble(mantissa | (long) power2 << 52);
    return neg ? -v : v;
  }

  /** The high 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh arrives in Java 18). */
  private static long unsignedMultiplyHigh(long x, long y) {
    return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
  }

  private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
      1e18, 1e19, 1e20, 1e21, 1e22};

  /**
   * Clinger's fast path: a literal without exponent whose digits form an integer below 2^53 and
   * with at most 22 fraction digits is that integer divided by a power of ten, both exact in a
   * double, so the one division is correctly rounded (as parseDouble is). NaN when it does not apply.
   */
  private double smallDecimal() {
    int p = numStart;
    boolean neg = b[p] == '-';
    if (neg) {
      p++;
    }
    long m = 0;
    int digits = 0;
    int frac = -1;
    for (; p < numEnd; p++) {
      byte c = b[p];
      if (c == '.') {
        frac = 0;
        continue;
      }
      if (c < '0' || c > '9' || digits >= 15) {
        return Double.NaN; // exponent, or too many digits to be sure of 2^53
      }
      m = m * 10 + (c - '0');
      digits++;
      if (frac >= 0) {
        frac++;
      }
    }
    if (frac < 0 || frac > 22) {
      return Double.NaN;
    }
    double v = m / POW10[frac];
    return neg ? -v : v;
  }

  /** The last number as a float, as Jackson's getFloatValue gives it. */
  public float floatValue() {
    if (!numIsFloat) {
      long v = longValue();
      if (v > (1L << 24) || v < -(1L << 24)) {
        throw bail();
      }
      return v;
    }
    return NumberInput.parseFloat(chars(), 0, numEnd - numStart, true);
  }

  /** The last number as an exact BigDecimal when it is a plain literal of at most 18 digits (else bails). */
  public java.math.BigDecimal decimalValue() {
    int p = numStart;
    boolean neg = b[p] == '-';
    if (neg) {
      p++;
    }
    long v = 0;
    int digits = 0;
    int scale = 0;
    boolean frac = false;
    for (; p < numEnd; p++) {
      byte c = b[p];
      if (c == '.') {
        frac = true;
        continue;
      }
      if (c < '0' || c > '9') {
        throw bail(); // exponent: leave it to Jackson
      }
      v = v * 10 + (c - '0');
      digits++;
      if (frac) {
        scale++;
      }
    }
    if (digits > 18) {
      throw bail();
    }
    return java.math.BigDecimal.valueOf(neg ? -v : v, scale);
  }

  /** The raw text of the last number. */
  public String numberText() {
    return new String(b, numStart, numEnd - numStart, StandardCharsets.ISO_8859_1);
  }

  // ---------------------------------------------------------------- values

  /** The kind of the next value: '"' string, '0' number, 't'/'f' booleans, 'n' null, '{', '['; bails on anything else. */
  public byte kind() {
    byte c = peek();
    if (c == '"' || c == '{' || c == '[' || c == 'n' || c == 't' || c == 'f') {
      return c;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return '0';
    }
    throw bail();
  }

  /** Reads true or false. */
  public boolean booleanValue() {
    byte c = peek();
    if (c == 't') {
      literal("true");
      return true;
    }
    if (c == 'f') {
      literal("false");
      return false;
    }
    throw bail();
  }

  /** Skips any value, validating it as strictly as reading it would; {@code depth} is the nesting depth of the value. */
  public void skipValue(int depth) {
    switch (kind()) {
      case '"' -> scanString();
      case '0' -> scanNumber();
      case 't', 'f' -> booleanValue();
      case 'n' -> literal("null");
      case '{' -> {
        if (depth >= maxDepth) {
          throw bail();
        }
        if (startObject()) {
          do {
            name();
            skipValue(depth + 1);
          } while (nextMember());
        }
      }
      case '[' -> {
        if (depth >= maxDepth) {
          throw bail();
        }
        pos++;
        if (peek() == ']') {
          pos++;
        } else {
          while (true) {
            skipValue(depth + 1);
            byte c = peek();
            pos++;
            if (c == ']') {
              break;
            }
            if (c != ',') {
              throw bail();
            }
          }
        }
        delimiter();
      }
      default -> throw bail();
    }
  }
}
