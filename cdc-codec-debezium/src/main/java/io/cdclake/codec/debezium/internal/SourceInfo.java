package io.cdclake.codec.debezium.internal;

import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import java.time.Instant;

/**
 * The envelope's {@code source} block (or a flattened record's {@code __source_*} fields), field by
 * field. One per message; mutable while reading.
 */
final class SourceInfo {
  String connector;
  String db;
  String schema;
  String table;
  String collection;
  String snapshot;
  long tsMs = Long.MIN_VALUE;
  long tsUs = Long.MIN_VALUE;
  long tsNs = Long.MIN_VALUE;
  String txId;
  long lsn = Long.MIN_VALUE;
  boolean hasLsn;
  String sequence;
  /**
   * Set by {@link FastReader} when it read {@code sequence} as {@code ["<digits>","<digits>"]}
   * (either element may be null) straight from the bytes: the two values, so positions need not
   * parse the text again. Any other assignment of {@code sequence} clears it.
   */
  boolean seqParsed;
  long seqLast;
  long seqCur;
  boolean seqLastNull;
  boolean seqCurNull;
  String gtid;
  String file;
  long pos = Long.MIN_VALUE;
  long row = Long.MIN_VALUE;
  String changeLsn;
  String commitLsn;
  String eventSerialNo;
  String scn;
  String commitScn;
  String rsId;
  long ssn = Long.MIN_VALUE;
  long ord = Long.MIN_VALUE;
  String rs;
  boolean any;

  /** Back to the state of a new SourceInfo (for reusing one per thread; a test compares with a new one field by field). */
  void reset() {
    connector = null;
    db = null;
    schema = null;
    table = null;
    collection = null;
    snapshot = null;
    tsMs = Long.MIN_VALUE;
    tsUs = Long.MIN_VALUE;
    tsNs = Long.MIN_VALUE;
    txId = null;
    lsn = Long.MIN_VALUE;
    hasLsn = false;
    sequence = null;
    seqParsed = false;
    seqLast = 0;
    seqCur = 0;
    seqLastNull = false;
    seqCurNull = false;
    gtid = null;
    file = null;
    pos = Long.MIN_VALUE;
    row = Long.MIN_VALUE;
    changeLsn = null;
    commitLsn = null;
    eventSerialNo = null;
    scn = null;
    commitScn = null;
    rsId = null;
    ssn = Long.MIN_VALUE;
    ord = Long.MIN_VALUE;
    rs = null;
    any = false;
  }

  /** Field ids for the accept methods: what each known source field name means ({@link #id}); -1 for any other name. */
  static final int CONNECTOR = 0;
  static final int DB = 1;
  static final int SCHEMA = 2;
  static final int TABLE = 3;
  static final int COLLECTION = 4;
  static final int SNAPSHOT = 5;
  static final int TX_ID = 6;
  static final int SEQUENCE = 7;
  static final int GTID = 8;
  static final int FILE = 9;
  static final int CHANGE_LSN = 10;
  static final int COMMIT_LSN = 11;
  static final int EVENT_SERIAL_NO = 12;
  static final int SCN = 13;
  static final int COMMIT_SCN = 14;
  static final int RS_ID = 15;
  static final int RS = 16;
  static final int LSN = 17;
  static final int TS_MS = 18;
  static final int TS_US = 19;
  static final int TS_NS = 20;
  static final int POS = 21;
  static final int ROW = 22;
  static final int SSN = 23;
  static final int ORD = 24;

  /** The id of a source field name, or -1 when SourceInfo does not use it. */
  static int id(String name) {
    return switch (name) {
      case "connector" -> CONNECTOR;
      case "db" -> DB;
      case "schema" -> SCHEMA;
      case "table" -> TABLE;
      case "collection" -> COLLECTION;
      case "snapshot" -> SNAPSHOT;
      case "txId" -> TX_ID;
      case "sequence" -> SEQUENCE;
      case "gtid" -> GTID;
      case "file" -> FILE;
      case "change_lsn" -> CHANGE_LSN;
      case "commit_lsn" -> COMMIT_LSN;
      case "event_serial_no" -> EVENT_SERIAL_NO;
      case "scn" -> SCN;
      case "commit_scn" -> COMMIT_SCN;
      case "rs_id" -> RS_ID;
      case "rs" -> RS;
      case "lsn" -> LSN;
      case "ts_ms" -> TS_MS;
      case "ts_us" -> TS_US;
      case "ts_ns" -> TS_NS;
      case "pos" -> POS;
      case "row" -> ROW;
      case "ssn" -> SSN;
      case "ord" -> ORD;
      default -> -1;
    };
  }

  void acceptString(String name, String v) {
    acceptString(id(name), v);
  }

  void acceptLong(String name, long v) {
    acceptLong(id(name), v);
  }

  void acceptBoolean(String name, boolean v) {
    acceptBoolean(id(name), v);
  }

  /** A string value of the field {@code id} ({@link #id}; -1: a field SourceInfo does not use). */
  void acceptString(int id, String v) {
    any = true;
    switch (id) {
      case CONNECTOR -> connector = v;
      case DB -> db = v;
      case SCHEMA -> schema = v;
      case TABLE -> table = v;
      case COLLECTION -> collection = v;
      case SNAPSHOT -> snapshot = v;
      case TX_ID -> txId = v;
      case SEQUENCE -> {
        sequence = v;
        seqParsed = false;
      }
      case GTID -> gtid = v;
      case FILE -> file = v;
      case CHANGE_LSN -> changeLsn = v;
      case COMMIT_LSN -> commitLsn = v;
      case EVENT_SERIAL_NO -> eventSerialNo = v;
      case SCN -> scn = v;
      case COMMIT_SCN -> commitScn = v;
      case RS_ID -> rsId = v;
      case RS -> rs = v;
      case LSN -> {
        try {
          lsn = Long.parseLong(v.trim());
          hasLsn = true;
        } catch (NumberFormatException e) {
          // not a number: leave unknown (the sequence may still give it)
        }
      }
      case TS_MS, TS_US, TS_NS, POS, ROW, SSN, ORD -> {
        try {
          acceptLong(id, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
          // ignore: positions are best effort from malformed metadata
        }
      }
      default -> { }
    }
  }

  /** A number value of the field {@code id}. */
  void acceptLong(int id, long v) {
    any = true;
    switch (id) {
      case TS_MS -> tsMs = v;
      case TS_US -> tsUs = v;
      case TS_NS -> tsNs = v;
      case LSN -> {
        lsn = v;
        hasLsn = true;
      }
      case POS -> pos = v;
      case ROW -> row = v;
      case SSN -> ssn = v;
      case ORD -> ord = v;
      case TX_ID, EVENT_SERIAL_NO, SCN, COMMIT_SCN, CHANGE_LSN, COMMIT_LSN -> acceptString(id, Long.toString(v));
      default -> { }
    }
  }

  /** A boolean value of the field {@code id}. */
  void acceptBoolean(int id, boolean v) {
    any = true;
    if (id == SNAPSHOT) {
      snapshot = v ? "true" : "false";
    }
  }

  boolean snapshotFlag() {
    return snapshot != null && !snapshot.equals("false") && !snapshot.isEmpty();
  }

  boolean isMongo() {
    return "mongodb".equals(connector);
  }

  /** The table the source names, or null. */
  TableId tableId() {
    if (isMongo() || (table == null && collection != null)) {
      return collection == null || collection.isEmpty() ? null : TableId.of(db, null, collection);
    }
    if (table == null || table.isEmpty()) {
      return null;
    }
    return TableId.of(db, schema, table);
  }

  /** Commit time: ts_ns, else ts_us, else ts_ms (0 means unknown: some snapshots). */
  Instant commitTime() {
    return instant(tsMs, tsUs, tsNs);
  }

  static Instant instant(long ms, long us, long ns) {
    if (ns != Long.MIN_VALUE && ns != 0) {
      return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
    }
    if (us != Long.MIN_VALUE && us != 0) {
      return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
    }
    if (ms != Long.MIN_VALUE && ms != 0) {
      return Instant.ofEpochMilli(ms);
    }
    return null;
  }

  SourcePosition position() {
    return Positions.of(this);
  }
}
