package io.cdclake.codec.debezium.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import java.io.IOException;

/**
 * The metadata fields ExtractNewRecordState adds to a flattened row ({@code add.fields}, prefix
 * {@code __} by default): {@code __op}, {@code __deleted} ("true"/"false" strings), {@code __table},
 * {@code __db}, {@code __schema}, {@code __lsn}, {@code __ts_ms}, and {@code __source_<field>} for
 * source fields. Without {@code __op} a row is an upsert ({@link Op#UPDATE} with no before image)
 * keyed by the message key; {@code __deleted=true} makes it a {@link Op#DELETE} of that row.
 */
final class FlatMeta implements JsonValues.MetaSink {
  private final String prefix;
  String op;
  String deleted;
  String table;
  String db;
  String schema;
  long tsMs = Long.MIN_VALUE;
  long tsUs = Long.MIN_VALUE;
  long tsNs = Long.MIN_VALUE;
  final SourceInfo src = new SourceInfo();

  FlatMeta(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public void accept(String name, JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    Object v = switch (t) {
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? null : (Object) p.getLongValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      default -> {
        p.skipChildren();
        yield null;
      }
    };
    acceptScalar(name, v);
  }

  void acceptScalar(String name, Object v) {
    if (v == null) {
      return;
    }
    String k = name.substring(prefix.length());
    switch (k) {
      case "op" -> op = v.toString();
      case "deleted" -> deleted = v.toString();
      case "table" -> table = v.toString();
      case "db" -> db = v.toString();
      case "schema" -> schema = v.toString();
      case "ts_ms" -> tsMs = v instanceof Long l ? l : tsMs;
      case "ts_us" -> tsUs = v instanceof Long l ? l : tsUs;
      case "ts_ns" -> tsNs = v instanceof Long l ? l : tsNs;
      case "lsn" -> feed("lsn", v);
      default -> {
        if (k.startsWith("source_")) {
          feed(k.substring(7), v);
        }
      }
    }
  }

  private void feed(String field, Object v) {
    if (v instanceof Long l) {
      src.acceptLong(field, l);
    } else if (v instanceof Boolean b) {
      src.acceptBoolean(field, b);
    } else {
      src.acceptString(field, v.toString());
    }
  }

  TableId table(String topic, Options o) {
    if (table != null && !table.isEmpty()) {
      return TableId.of(db != null ? db : src.db, schema != null ? schema : src.schema, table);
    }
    TableId t = src.tableId();
    if (t != null) {
      return t;
    }
    if (topic != null && o.tableForTopic() != null) {
      t = o.tableForTopic().apply(topic);
      if (t != null) {
        return t;
      }
    }
    throw Errors.invalid("Cannot decode flattened record: no table (add " + prefix + "table/" + prefix + "db with add.fields, "
        + "or set DebeziumDecoder.Builder.tableForTopic)", null, prefix + "table");
  }

  ChangeEvent event(Row row, Row key, TableId tableId, TableSchema tableSchema, TransportPosition transport) {
    Op kind;
    if ("true".equalsIgnoreCase(deleted)) {
      kind = Op.DELETE;
    } else if (op == null) {
      kind = Op.UPDATE;
    } else {
      kind = switch (op) {
        case "c" -> Op.INSERT;
        case "u" -> Op.UPDATE;
        case "r" -> Op.SNAPSHOT_READ;
        case "d" -> Op.DELETE;
        case "t" -> Op.TRUNCATE;
        default -> throw Errors.invalid("Cannot decode flattened record: unknown op (op=" + Errors.printable(op) + ")", tableId, prefix + "op");
      };
    }
    if (src.connector == null && src.hasLsn) {
      src.connector = "postgresql";
    }
    ChangeEvent.Builder b = ChangeEvent.builder(kind).table(tableId);
    switch (kind) {
      case DELETE -> b.before(row).key(key);
      case TRUNCATE -> { }
      default -> b.after(row).key(key);
    }
    return b.schema(tableSchema)
        .position(src.position())
        .commitTime(src.commitTime())
        .processedTime(SourceInfo.instant(tsMs, tsUs, tsNs))
        .snapshot(kind == Op.SNAPSHOT_READ || src.snapshotFlag())
        .transport(transport)
        .build();
  }
}
