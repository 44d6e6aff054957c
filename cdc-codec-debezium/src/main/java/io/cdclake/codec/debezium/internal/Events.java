package io.cdclake.codec.debezium.internal;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.LogicalMessage;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.Transaction;
import io.cdclake.model.TransportPosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds canonical events from the parts a reader collected. Stateless. */
final class Events {
  private Events() {}

  /** The per-event {@code transaction} block. */
  record TxBlock(String id, long totalOrder, long collectionOrder) {}

  /** Everything an envelope gave, from whichever wire form. */
  static final class Parts {
    String op;
    final SourceInfo source = new SourceInfo();
    Row before;
    Row after;
    Row key;
    TableSchema schema;
    long tsMs = Long.MIN_VALUE;
    long tsUs = Long.MIN_VALUE;
    long tsNs = Long.MIN_VALUE;
    TxBlock tx;
    LogicalMessage message;
    TableId table;
    /** Byte ranges of the row images a fast envelope read held (when asked to note them); -1 when absent. */
    int beforeFrom = -1;
    int beforeTo;
    int afterFrom = -1;
    int afterTo;
    /** Whether a reader holds this Parts (see {@link #acquire}). */
    boolean inUse;

    /** Back to the state of a new Parts (a test compares with a new one field by field). */
    void reset() {
      op = null;
      source.reset();
      before = null;
      after = null;
      key = null;
      schema = null;
      tsMs = Long.MIN_VALUE;
      tsUs = Long.MIN_VALUE;
      tsNs = Long.MIN_VALUE;
      tx = null;
      message = null;
      table = null;
      beforeFrom = -1;
      beforeTo = 0;
      afterFrom = -1;
      afterTo = 0;
      inUse = false;
    }

    private static final ThreadLocal<Parts> SCRATCH = ThreadLocal.withInitial(Parts::new);

    /**
     * This thread's Parts, as new, for reading one message: a Parts and its SourceInfo were 13% of a
     * fast decode's allocation. Events never hold a Parts (they copy the immutable values out of it).
     * A nested read on the same thread gets a new one. Give it back with {@link #release}.
     */
    static Parts acquire() {
      Parts x = SCRATCH.get();
      if (x.inUse) {
        x = new Parts();
      }
      x.inUse = true;
      return x;
    }

    /** Clears the parts (so they keep no rows alive) and lets this thread's next read have them. */
    void release() {
      reset();
    }
  }

  static ChangeEvent envelope(Parts x, TransportPosition transport) {
    if (x.op == null) {
      throw Errors.invalid("Cannot decode event: the envelope has no op", x.table, "op");
    }
    Op op = switch (x.op) {
      case "c" -> Op.INSERT;
      case "u" -> Op.UPDATE;
      case "d" -> Op.DELETE;
      case "r" -> Op.SNAPSHOT_READ;
      case "t" -> Op.TRUNCATE;
      case "m" -> Op.MESSAGE;
      default -> throw Errors.invalid("Cannot decode event: unknown op (op=" + Errors.printable(x.op) + ")", x.table, "op");
    };
    TableId table = x.table;
    ChangeEvent.Builder b = ChangeEvent.builder(op);
    switch (op) {
      case INSERT, SNAPSHOT_READ, UPDATE -> {
        need(table, op);
        if (x.after == null) {
          throw Errors.invalid("Cannot decode event: op " + x.op + " has no after image", table, "after");
        }
        b.table(table).after(x.after).before(op == Op.UPDATE ? x.before : null).key(x.key);
      }
      case DELETE -> {
        need(table, op);
        if (x.key == null && x.before == null) {
          throw Errors.invalid("Cannot decode event: a delete without before image needs the message key", table, "before");
        }
        b.table(table).before(x.before).key(x.key);
      }
      case TRUNCATE -> {
        need(table, op);
        b.table(table);
      }
      case MESSAGE -> {
        if (x.message == null) {
          throw Errors.invalid("Cannot decode event: op m has no message block", table, "message");
        }
        b.message(x.message);
      }
      default -> { }
    }
    SourceInfo s = x.source;
    b.schema(op.isRowChange() ? x.schema : null)
        .position(s.position())
        .transport(transport)
        .commitTime(s.commitTime())
        .processedTime(SourceInfo.instant(x.tsMs, x.tsUs, x.tsNs))
        .snapshot(op == Op.SNAPSHOT_READ || s.snapshotFlag())
        .transaction(transaction(x.tx, s));
    return b.build();
  }

  private static void need(TableId table, Op op) {
    if (table == null) {
      throw Errors.invalid("Cannot decode event: the source block names no table (op=" + op + ")", null, "source");
    }
  }

  static Transaction transaction(TxBlock tx, SourceInfo s) {
    if (tx != null && tx.id() != null) {
      String id = "postgresql".equals(s.connector) && s.txId != null ? s.txId : normalizeTxId(tx.id());
      return Transaction.of(id, tx.totalOrder(), tx.collectionOrder());
    }
    return null;
  }

  /**
   * PostgreSQL transaction ids are {@code txId:LSN} with a different LSN on BEGIN, events and END;
   * the txId part is the transaction. Other connectors' ids (GTIDs {@code uuid:n}, SQL Server LSNs
   * {@code a:b:c}, Oracle XIDs) are kept whole.
   */
  static String normalizeTxId(String id) {
    int c = id.indexOf(':');
    if (c > 0 && c == id.lastIndexOf(':') && c < id.length() - 1 && digits(id, 0, c) && digits(id, c + 1, id.length())) {
      return id.substring(0, c);
    }
    return id;
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        return false;
      }
    }
    return true;
  }

  /** A transaction-topic message: {status: BEGIN|END, id, event_count, data_collections, ts_ms}. */
  static ChangeEvent transactionMarker(Map<String, Object> m, TransportPosition transport) {
    String status = TreeReader.string(m, "status");
    String id = TreeReader.string(m, "id");
    if (id == null) {
      throw Errors.invalid("Cannot decode transaction marker: no id", null, "id");
    }
    Op op;
    if ("BEGIN".equals(status)) {
      op = Op.TX_BEGIN;
    } else if ("END".equals(status)) {
      op = Op.TX_END;
    } else {
      throw Errors.invalid("Cannot decode transaction marker: unknown status (status=" + Errors.printable(status) + ")", null, "status");
    }
    long count = -1;
    Map<String, Long> perTable = new LinkedHashMap<>();
    if (op == Op.TX_END) {
      count = TreeReader.longOr(m, "event_count", -1);
      List<Object> cols = TreeReader.list(m.get("data_collections"));
      if (cols != null) {
        for (Object o : cols) {
          Map<String, Object> dc = TreeReader.map(o);
          String name = TreeReader.string(dc, "data_collection");
          if (name != null) {
            perTable.put(name, TreeReader.longOr(dc, "event_count", -1));
          }
        }
      }
    }
    long ts = TreeReader.longOr(m, "ts_ms", Long.MIN_VALUE);
    return ChangeEvent.builder(op)
        .transaction(new Transaction(normalizeTxId(id), -1, -1, count, perTable))
        .commitTime(SourceInfo.instant(ts, Long.MIN_VALUE, Long.MIN_VALUE))
        .transport(transport)
        .build();
  }

  static ChangeEvent heartbeat(Map<String, Object> m, TransportPosition transport) {
    long ts = TreeReader.longOr(m, "ts_ms", Long.MIN_VALUE);
    return ChangeEvent.builder(Op.HEARTBEAT).processedTime(SourceInfo.instant(ts, Long.MIN_VALUE, Long.MIN_VALUE)).transport(transport).build();
  }

  static SourceInfo sourceOf(Map<String, Object> m) {
    SourceInfo s = new SourceInfo();
    if (m != null) {
      for (Map.Entry<String, Object> e : m.entrySet()) {
        Object v = e.getValue();
        if (v instanceof String str) {
          s.acceptString(e.getKey(), str);
        } else if (v instanceof Long l) {
          s.acceptLong(e.getKey(), l);
        } else if (v instanceof Integer i) {
          s.acceptLong(e.getKey(), i);
        } else if (v instanceof Boolean bo) {
          s.acceptBoolean(e.getKey(), bo);
        }
      }
    }
    return s;
  }

  static InvalidEventException notAnEvent(String what) {
    return Errors.invalid("Cannot decode message: " + what, null, null);
  }
}
