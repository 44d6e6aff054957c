package io.cdclake.codec.dms.internal;

import io.cdclake.model.SourcePosition;
import java.time.Instant;

/**
 * Source positions for DMS events. The orderings and their limits are documented on
 * {@code DmsJsonDecoder}; in short:
 * <ul>
 *   <li>{@link #MYSQL}: {@code stream-position} {@code <file>.<n>:<pos>:<i>:...} gives
 *       (binlog file number, position, index, transaction-record-id).</li>
 *   <li>{@link #POSTGRESQL}: {@code <hi>/<lo>.<n>.<hi>/<lo>} gives (first LSN, second LSN, n,
 *       transaction-record-id).</li>
 *   <li>{@link #COMMIT_TIME}: otherwise, with a {@code commit-timestamp}: (commit time in
 *       microseconds since the epoch, transaction-record-id).</li>
 * </ul>
 */
public final class Positions {
  public static final String MYSQL = "dms-mysql";
  public static final String POSTGRESQL = "dms-postgresql";
  public static final String COMMIT_TIME = "dms-commit-time";
  public static final String S3_TIMESTAMP = "dms-s3-timestamp";
  public static final String OPAQUE = "dms";

  private static final String[] MYSQL_NAMES = {"binlog_file", "binlog_pos", "index", "record"};
  private static final String[] PG_NAMES = {"lsn", "lsn2", "seq", "record"};
  private static final String[] COMMIT_NAMES = {"commit_us", "record"};
  private static final String[] S3_NAMES = {"timestamp_us"};

  private Positions() {}

  /**
   * The position of a DMS JSON event, or null when the message has neither a parsable
   * {@code stream-position} nor a {@code commit-timestamp}.
   *
   * @param record the transaction-record-id, or -1
   */
  public static SourcePosition of(String streamPosition, Instant commitTime, long record) {
    long rec = Math.max(record, 0);
    if (streamPosition != null) {
      SourcePosition p = mysql(streamPosition, rec);
      if (p == null) {
        p = postgres(streamPosition, rec);
      }
      if (p != null) {
        return p;
      }
    }
    if (commitTime != null) {
      return SourcePosition.of(COMMIT_TIME, COMMIT_NAMES, new long[] {micros(commitTime), rec}, streamPosition);
    }
    if (streamPosition != null) {
      return SourcePosition.opaque(OPAQUE, streamPosition);
    }
    return null;
  }

  /** The position of an S3 CDC row from its timestamp column. */
  public static SourcePosition s3(Instant timestamp) {
    return SourcePosition.of(S3_TIMESTAMP, S3_NAMES, micros(timestamp));
  }

  public static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  static SourcePosition mysql(String s, long record) {
    String[] f = s.split(":", -1);
    if (f.length != 7) {
      return null;
    }
    int dot = f[0].lastIndexOf('.');
    if (dot < 0) {
      return null;
    }
    long file = unsigned(f[0].substring(dot + 1));
    long pos = unsigned(f[1]);
    long index = unsigned(f[2]);
    if (file < 0 || pos < 0 || index < 0) {
      return null;
    }
    return SourcePosition.of(MYSQL, MYSQL_NAMES, new long[] {file, pos, index, record}, s);
  }

  static SourcePosition postgres(String s, long record) {
    String[] f = s.split("\\.", -1);
    if (f.length != 3) {
      return null;
    }
    long lsn1 = lsn(f[0]);
    long seq = unsigned(f[1]);
    long lsn2 = lsn(f[2]);
    if (lsn1 < 0 || seq < 0 || lsn2 < 0) {
      return null;
    }
    return SourcePosition.of(POSTGRESQL, PG_NAMES, new long[] {lsn1, lsn2, seq, record}, s);
  }

  /** {@code XXXXXXXX/XXXXXXXX} as a 64-bit LSN, or -1. */
  static long lsn(String s) {
    int slash = s.indexOf('/');
    if (slash < 1 || slash > 8 || s.length() - slash - 1 < 1 || s.length() - slash - 1 > 8) {
      return -1;
    }
    long hi = hex(s.substring(0, slash));
    long lo = hex(s.substring(slash + 1));
    if (hi < 0 || lo < 0 || hi > 0x7fffffffL) {
      return -1;
    }
    return (hi << 32) | lo;
  }

  private static long hex(String s) {
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        return -1;
      }
      v = (v << 4) | d;
    }
    return v;
  }

  /** A non-negative decimal of at most 18 digits, or -1. */
  static long unsigned(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
