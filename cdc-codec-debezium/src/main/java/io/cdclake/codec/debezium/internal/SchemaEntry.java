package io.cdclake.codec.debezium.internal;

import io.cdclake.model.TableSchema;
import java.util.ArrayList;
import java.util.List;

/** One compiled {@code schema} block, keyed by its raw bytes. Immutable apart from a memo. */
final class SchemaEntry {
  enum Kind {
    /** before/after structs, op, source. */
    ENVELOPE,
    /** a MongoDB envelope: before/after are JSON text. */
    MONGO,
    /** any other struct: a flattened row, or a key. */
    FLATTENED,
    TX, SCHEMA_CHANGE, HEARTBEAT
  }

  final byte[] raw;
  final int hash;
  final Kind kind;
  final Field root;
  /** The row struct: before/after of an envelope, the root of a flattened row or key. */
  final Struct row;
  /** ENVELOPE: the before and after structs (EMPTY when the schema lacks one); EMPTY otherwise. */
  final Struct beforeStruct;
  final Struct afterStruct;
  private volatile Object[] keyedMemo;

  SchemaEntry(byte[] raw, int hash, Field root) {
    this.raw = raw;
    this.hash = hash;
    this.root = root;
    Struct s = root.struct;
    if (root.conv != Conv.STRUCT || s == null) {
      this.kind = Kind.FLATTENED;
      this.row = Struct.EMPTY;
      this.beforeStruct = Struct.EMPTY;
      this.afterStruct = Struct.EMPTY;
      return;
    }
    Field before = s.field("before");
    Field after = s.field("after");
    this.beforeStruct = before == null || before.struct == null ? Struct.EMPTY : before.struct;
    this.afterStruct = after == null || after.struct == null ? Struct.EMPTY : after.struct;
    String name = root.sourceType;
    if (s.field("op") != null && s.field("source") != null && (before != null || after != null)) {
      Field img = after != null ? after : before;
      if (img.conv == Conv.STRUCT) {
        this.kind = Kind.ENVELOPE;
        this.row = img.struct;
      } else {
        this.kind = Kind.MONGO;
        this.row = Struct.EMPTY;
      }
    } else if (s.field("op") != null && s.field("source") != null && s.field("message") != null) {
      // a logical decoding message (PostgreSQL MessageValue): an envelope without row images
      this.kind = Kind.ENVELOPE;
      this.row = Struct.EMPTY;
    } else if ("io.debezium.connector.common.TransactionMetadataValue".equals(name)
        || (s.field("status") != null && s.field("id") != null && s.field("op") == null)) {
      this.kind = Kind.TX;
      this.row = Struct.EMPTY;
    } else if (s.field("ddl") != null || s.field("tableChanges") != null || s.field("historyRecord") != null) {
      this.kind = Kind.SCHEMA_CHANGE;
      this.row = Struct.EMPTY;
    } else if ("io.debezium.connector.common.Heartbeat".equals(name)) {
      this.kind = Kind.HEARTBEAT;
      this.row = Struct.EMPTY;
    } else {
      this.kind = Kind.FLATTENED;
      this.row = s;
    }
  }

  /** The row's table schema, with the key struct's fields as primary key when they are all columns. */
  TableSchema tableSchema(Struct key, String skipPrefix) {
    Object[] memo = keyedMemo;
    if (memo != null && memo[0] == key) {
      return (TableSchema) memo[1];
    }
    TableSchema base = row.tableSchema(kind == Kind.FLATTENED ? skipPrefix : null);
    TableSchema t = base;
    if (key != null && key.fields.length > 0) {
      List<String> pk = new ArrayList<>(key.fields.length);
      for (Field f : key.fields) {
        if (base.column(f.name) == null) {
          pk = null;
          break;
        }
        pk.add(f.name);
      }
      if (pk != null) {
        t = base.withPrimaryKey(pk);
      }
    }
    keyedMemo = new Object[] {key, t};
    return t;
  }
}
