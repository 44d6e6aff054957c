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

  void acceptString(String name, String v) {
    any = true;
    switch (name) {
      case "connector" -> connector = v;
      case "db" -> db = v;
      case "schema" -> schema = v;
      case "table" -> table = v;
      case "collection" -> collection = v;
      case "snapshot" -> snapshot = v;
      case "txId" -> txId = v;
      case "sequence" -> {
        sequence = v;
        seqParsed = false;
      }
      case "gtid" -> gtid = v;
      case "file" -> file = v;
      case "change_lsn" -> changeLsn = v;
      case "commit_lsn" -> commitLsn = v;
      case "event_serial_no" -> eventSerialNo = v;
      case "scn" -> scn = v;
      case "commit_scn" -> commitScn = v;
      case "rs_id" -> rsId = v;
      case "rs" -> rs = v;
      case "lsn" -> {
        try {
          lsn = Long.parseLong(v.trim());
          hasLsn = true;
        } catch (NumberFormatException e) {
          // not a number: leave unknown (the sequence may still give it)
        }
      }
      case "ts_ms", "ts_us", "ts_ns", "pos", "row", "ssn", "ord" -> {
        try {
          acceptLong(name, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
          // ignore: positions are best effort from malformed metadata
        }
      }
      default -> { }
    }
  }

  void acceptLong(String name, long v) {
    any = true;
    switch (name) {
      case "ts_ms" -> tsMs = v;
      case "ts_us" -> tsUs = v;
      case "ts_ns" -> tsNs = v;
      case "lsn" -> {
        lsn = v;
        hasLsn = true;
      }
      case "pos" -> pos = v;
      case "row" -> row = v;
      case "ssn" -> ssn = v;
      case "ord" -> ord = v;
      case "txId", "event_serial_no", "scn", "commit_scn", "change_lsn", "commit_lsn" -> acceptString(name, Long.toString(v));
      default -> { }
    }
  }

  void acceptBoolean(String name, boolean v) {
    any = true;
    if (name.equals("snapshot")) {
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
