package io.cdclake.codec.debezium.internal;

import io.cdclake.model.SourcePosition;
import java.util.Locale;

/**
 * Source positions per connector (SPEC B.4), as comparable tuples of longs.
 *
 * <ul>
 *   <li>PostgreSQL, kind {@code postgresql}: {@code (lastCommitLsn, lsn)} from {@code source.sequence}
 *       {@code ["<lastCommitLsn>","<lsn>"]}. Debezium sets lastCommitLsn to the commit LSN of the last
 *       transaction it finished before this event, and logical decoding delivers transactions in commit
 *       order, so the pair orders events by commit, then by their place in the transaction, even when
 *       transactions interleave in the WAL. Where lastCommitLsn is null (snapshots, the first transaction
 *       after a start) the event's lsn stands in for it; without a sequence the position is
 *       {@code (lsn, lsn)}. An lsn that does not fit int64 (a float-rounded value) is taken from the sequence.</li>
 *   <li>MySQL/MariaDB with a GTID, kind {@code mysql-gtid:<server uuid>} (MariaDB
 *       {@code mariadb-gtid:<domain>}): {@code (transaction number, pos, row)}; positions of different
 *       servers do not compare. Without a GTID, kind {@code mysql}/{@code mariadb}:
 *       {@code (binlog file number, pos, row)}; none when the file is empty.</li>
 *   <li>SQL Server, kind {@code sqlserver}: {@code (commit_lsn, change_lsn, event_serial_no)}, each LSN
 *       {@code vlf:block:slot} as two parts ({@code vlf<<32|block}, {@code slot}).</li>
 *   <li>Oracle, kind {@code oracle}: {@code (commit_scn or scn, scn, rs_id as two parts, ssn)}.</li>
 *   <li>MongoDB, kind {@code mongodb}: {@code (ts_ms in seconds, ord)}.</li>
 * </ul>
 */
final class Positions {
  private Positions() {}

  private static final String[] PG = {"lastCommitLsn", "lsn"};
  private static final String[] MYSQL_FILE = {"file", "pos", "row"};
  private static final String[] MYSQL_GTID = {"gtid", "pos", "row"};
  private static final String[] SQLSERVER = {"commit_lsn", "commit_lsn_slot", "change_lsn", "change_lsn_slot", "event_serial_no"};
  private static final String[] ORACLE = {"commit_scn", "scn", "rs_id", "rs_id_offset", "ssn"};
  private static final String[] MONGO = {"ts_s", "ord"};

  static SourcePosition of(SourceInfo s) {
    if (s.connector == null) {
      return null;
    }
    return switch (s.connector) {
      case "postgresql" -> postgres(s);
      case "mysql", "mariadb" -> mysql(s);
      case "sqlserver" -> sqlServer(s);
      case "oracle" -> oracle(s);
      case "mongodb" -> s.tsMs == Long.MIN_VALUE ? null
          : SourcePosition.of("mongodb", MONGO, Math.floorDiv(s.tsMs, 1000L), s.ord == Long.MIN_VALUE ? 0 : s.ord);
      default -> null;
    };
  }

  private static SourcePosition postgres(SourceInfo s) {
    long lsn = s.lsn;
    boolean hasLsn = s.hasLsn;
    long lastCommit = Long.MIN_VALUE;
    boolean hasLastCommit = false;
    if (s.sequence != null && s.seqParsed) {
      if (!s.seqCurNull) {
        lsn = s.seqCur;
        hasLsn = true;
      }
      if (!s.seqLastNull) {
        lastCommit = s.seqLast;
        hasLastCommit = true;
      }
    } else if (s.sequence != null) {
      String t = s.sequence;
      int from = 0;
      int to = t.length();
      while (from < to && t.charAt(from) <= ' ') {
        from++;
      }
      while (to > from && t.charAt(to - 1) <= ' ') {
        to--;
      }
      // ["a","b"] (either null) read in place: trimmed, in brackets, one comma, each part a long or not
      int comma = to - from >= 2 && t.charAt(from) == '[' && t.charAt(to - 1) == ']' ? t.indexOf(',', from + 1) : -1;
      if (comma >= 0 && comma < to - 1 && t.lastIndexOf(',', to - 2) == comma) {
        Long last = partLong(t, from + 1, comma);
        Long cur = partLong(t, comma + 1, to - 1);
        if (cur != null) {
          lsn = cur;
          hasLsn = true;
        }
        if (last != null) {
          lastCommit = last;
          hasLastCommit = true;
        }
      }
    }
    if (!hasLsn) {
      return null;
    }
    return SourcePosition.of("postgresql", PG, new long[] {hasLastCommit ? lastCommit : lsn, lsn}, s.sequence);
  }

  /** The long of the sequence part {@code t[from, to)}: trimmed, unquoted, trimmed again; null when it is not one. */
  private static Long partLong(String t, int from, int to) {
    while (from < to && t.charAt(from) <= ' ') {
      from++;
    }
    while (to > from && t.charAt(to - 1) <= ' ') {
      to--;
    }
    if (to - from >= 2 && t.charAt(from) == '"' && t.charAt(to - 1) == '"') {
      from++;
      to--;
      while (from < to && t.charAt(from) <= ' ') {
        from++;
      }
      while (to > from && t.charAt(to - 1) <= ' ') {
        to--;
      }
    }
    try {
      return Long.parseLong(t, from, to, 10);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long parseLongOrNull(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static SourcePosition mysql(SourceInfo s) {
    long pos = s.pos == Long.MIN_VALUE ? 0 : s.pos;
    long row = s.row == Long.MIN_VALUE ? 0 : s.row;
    if (s.gtid != null && !s.gtid.isEmpty()) {
      String g = s.gtid.trim();
      if (s.connector.equals("mariadb")) {
        // domain-server-sequence
        String[] p = g.split("-");
        Long seq = p.length == 3 ? parseLongOrNull(p[2]) : null;
        if (seq != null) {
          return SourcePosition.of("mariadb-gtid:" + p[0], MYSQL_GTID, new long[] {seq, pos, row}, g);
        }
      } else {
        int colon = g.lastIndexOf(':');
        Long seq = colon > 0 ? parseLongOrNull(g.substring(colon + 1)) : null;
        if (seq != null) {
          return SourcePosition.of("mysql-gtid:" + g.substring(0, colon).toLowerCase(Locale.ROOT), MYSQL_GTID, new long[] {seq, pos, row}, g);
        }
      }
    }
    if (s.file == null || s.file.isEmpty()) {
      return null;
    }
    int dot = s.file.lastIndexOf('.');
    Long index = dot >= 0 ? parseLongOrNull(s.file.substring(dot + 1)) : null;
    if (index == null) {
      return SourcePosition.opaque(s.connector, s.file + ":" + pos + ":" + row);
    }
    return SourcePosition.of(s.connector, MYSQL_FILE, new long[] {index, pos, row}, s.file + ":" + pos);
  }

  private static SourcePosition sqlServer(SourceInfo s) {
    long[] commit = sqlServerLsn(s.commitLsn);
    if (commit == null) {
      return null;
    }
    long[] change = sqlServerLsn(s.changeLsn);
    if (change == null) {
      change = new long[2];
    }
    Long serial = parseLongOrNull(s.eventSerialNo);
    return SourcePosition.of("sqlserver", SQLSERVER, new long[] {commit[0], commit[1], change[0], change[1], serial == null ? 0 : serial},
        s.commitLsn);
  }

  /** {@code 0000002a:00000448:0003} as {vlf<<32|block, slot}; other hex text as {0, value}; null when absent or not hex. */
  static long[] sqlServerLsn(String lsn) {
    if (lsn == null || lsn.isEmpty()) {
      return null;
    }
    try {
      String[] p = lsn.split(":");
      if (p.length == 3) {
        return new long[] {(Long.parseLong(p[0], 16) << 32) | Long.parseLong(p[1], 16), Long.parseLong(p[2], 16)};
      }
      if (p.length == 1 && lsn.length() <= 15) {
        return new long[] {0, Long.parseLong(lsn, 16)};
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return null;
  }

  private static SourcePosition oracle(SourceInfo s) {
    Long scn = parseLongOrNull(s.scn);
    if (scn == null) {
      return null;
    }
    Long commit = parseLongOrNull(s.commitScn);
    long[] rs = oracleRsId(s.rsId);
    return SourcePosition.of("oracle", ORACLE,
        new long[] {commit == null ? scn : commit, scn, rs[0], rs[1], s.ssn == Long.MIN_VALUE ? 0 : s.ssn}, s.scn);
  }

  /** {@code 0x000098.000003e3.0010} (log sequence, block, offset) as {seq<<32|block, offset}; zeros when absent. */
  static long[] oracleRsId(String rsId) {
    if (rsId == null) {
      return new long[2];
    }
    String t = rsId.trim();
    if (t.startsWith("0x")) {
      t = t.substring(2);
    }
    String[] p = t.split("\\.");
    try {
      if (p.length == 3) {
        return new long[] {(Long.parseLong(p[0], 16) << 32) | Long.parseLong(p[1], 16), Long.parseLong(p[2], 16)};
      }
    } catch (NumberFormatException e) {
      return new long[2];
    }
    return new long[2];
  }
}
