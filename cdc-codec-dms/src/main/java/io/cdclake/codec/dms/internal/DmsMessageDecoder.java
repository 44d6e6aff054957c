package io.cdclake.codec.dms.internal;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.Transaction;
import io.cdclake.model.TransportPosition;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Maps one parsed DMS message (a {@link JsonObj}) to change events. Stateless and thread-safe;
 * every rule is documented on {@code DmsJsonDecoder}.
 */
public final class DmsMessageDecoder {
  private final DecodeRules rules;
  private final TableDefs tableDefs;
  private final String beforeImageField;
  private final Predicate<TableId> internalTable;
  private final boolean skipInternalTables;
  private final SkipCounter skips;
  private final boolean partitionIncludeSchemaTable;

  public DmsMessageDecoder(DecodeRules rules, TableDefs tableDefs, String beforeImageField, Predicate<TableId> internalTable,
      boolean skipInternalTables, SkipCounter skips, boolean partitionIncludeSchemaTable) {
    this.partitionIncludeSchemaTable = partitionIncludeSchemaTable;
    this.rules = rules;
    this.tableDefs = tableDefs;
    this.beforeImageField = beforeImageField;
    this.internalTable = internalTable;
    this.skipInternalTables = skipInternalTables;
    this.skips = skips;
  }

  /**
   * Where a message sits, for errors: a path prefix for JSON that was nested in base64 (null for
   * top-level messages) and, for such nested JSON, the outer offset to report instead of offsets
   * inside the decoded bytes (-1 to report the message's own offsets).
   */
  public record Where(String pathPrefix, long fixedOffset) {
    public static final Where TOP = new Where(null, -1);

    String path(String p) {
      return pathPrefix == null ? p : pathPrefix + p;
    }

    long offset(long own) {
      return fixedOffset >= 0 ? fixedOffset : own;
    }
  }

  /**
   * Decodes a DMS message object.
   *
   * @param transportKey the partition key the transport carried (Kafka key, Kinesis partitionKey), or
   *     null; stands in for a missing {@code partition-key-value}
   */
  public void decode(JsonObj msg, Where where, TransportPosition transport, String transportKey, Consumer<? super ChangeEvent> out) {
    Object md = msg.get("metadata");
    if (!(md instanceof JsonObj meta)) {
      throw invalid("Cannot decode DMS message: metadata is missing or not an object", where, msg.offsetOf("metadata"), "$.metadata",
          null, "metadata");
    }
    String recordType = requiredString(meta, "record-type", where, null);
    String operation = requiredString(meta, "operation", where, null);
    String schemaName = optionalString(meta, "schema-name", where, null);
    Object tn = meta.get("table-name");
    if (!(tn instanceof String tableName) || tableName.isEmpty()) {
      throw invalid("Cannot decode DMS " + safe(recordType) + " record: table-name is missing or empty, so the table is unknown (operation="
          + safe(operation) + ")", where, meta.offsetOf("table-name"), "$.metadata.table-name", null, "table-name");
    }
    TableId table = new TableId(null, schemaName, tableName);
    if (skipInternalTables && internalTable.test(table)) {
      skips.count(tableName);
      return;
    }
    Instant processed = instant(meta, "timestamp", where, table);
    Instant commit = instant(meta, "commit-timestamp", where, table);
    String txId = transactionId(meta, "transaction-id", where, table);
    long record = optionalLong(meta, "transaction-record-id", where, table);
    transactionId(meta, "prev-transaction-id", where, table); // validated; the model has no field for the chain
    optionalLong(meta, "prev-transaction-record-id", where, table);
    String streamPosition = optionalString(meta, "stream-position", where, table);
    String partitionKeyType = optionalString(meta, "partition-key-type", where, table);
    String partitionKeyValue = optionalString(meta, "partition-key-value", where, table);
    if (partitionKeyValue == null) {
      partitionKeyValue = transportKey;
    }

    ChangeEvent.Builder b;
    switch (recordType) {
      case "data" -> b = data(msg, operation, table, partitionKeyType, partitionKeyValue, where);
      case "control" -> b = control(msg, operation, table, where);
      default -> throw invalid("Cannot decode DMS message: unknown record-type (record-type=" + safe(recordType) + ")", where,
          meta.offsetOf("record-type"), "$.metadata.record-type", table, "record-type");
    }
    b.table(table).processedTime(processed).commitTime(commit).transport(transport)
        .position(Positions.of(streamPosition, commit, record));
    if (txId != null) {
      b.transaction(Transaction.of(txId, record, -1));
    }
    out.accept(b.build());
  }

  private ChangeEvent.Builder data(JsonObj msg, String operation, TableId table, String pkType, String pkValue, Where where) {
    Op op = switch (operation) {
      case "load" -> Op.SNAPSHOT_READ;
      case "insert" -> Op.INSERT;
      case "update" -> Op.UPDATE;
      case "delete" -> Op.DELETE;
      default -> throw invalid("Cannot decode DMS data record: unknown operation (operation=" + safe(operation) + ")", where,
          offsetOfMeta(msg, "operation"), "$.metadata.operation", table, "operation");
    };
    Object d = msg.get("data");
    if (!(d instanceof JsonObj data)) {
      throw invalid("Cannot decode DMS data record: data is missing or not an object (operation=" + operation + ")", where,
          msg.offsetOf("data"), "$.data", table, "data");
    }
    TableSchema declared = rules.schemaOf(table);
    if (declared == null && rules.requireKnownTables()) {
      throw invalid("Cannot decode DMS data record: the table is unknown (operation=" + operation + ", see requireKnownTables)", where,
          msg.offsetOf("metadata"), "$.metadata.table-name", table, "table-name");
    }
    Row.Builder main = Row.builder(data.size());
    Row.Builder bi = rules.beforeImageColumns() ? Row.builder(4) : null;
    Object doc = data.size() >= 1 ? data.get("_doc") : null;
    if (doc instanceof JsonObj docObj) {
      // map-record-to-document: the columns sit in data._doc; other members of data are kept beside them
      Set<String> seen = new HashSet<>();
      fill(docObj, "$.data._doc", declared, table, where, main, bi, seen);
      JsonObj rest = without(data, "_doc");
      fill(rest, "$.data", declared, table, where, main, bi, seen);
    } else {
      fill(data, "$.data", declared, table, where, main, bi, null);
    }
    Row row = main.build();
    Row biRow = bi == null ? null : bi.build();
    List<String> keyCols = rules.keyColumnsOf(table, declared);
    ChangeEvent.Builder b = ChangeEvent.builder(op).schema(declared);
    switch (op) {
      case SNAPSHOT_READ -> b.after(row).snapshot(true);
      case INSERT -> b.after(row);
      case UPDATE -> {
        Row beforeObj = beforeImage(msg, declared, table, where);
        b.after(row).before(DecodeRules.mergeBefore(beforeObj, biRow != null && biRow.isEmpty() ? null : biRow));
      }
      case DELETE -> b.before(rules.deleteImage(row, keyCols));
      default -> throw new IllegalStateException();
    }
    if (!keyCols.isEmpty()) {
      b.key(key(row, keyCols, declared, table, pkType, pkValue, where, msg));
    }
    return b;
  }

  private static JsonObj without(JsonObj o, String name) {
    JsonObj r = new JsonObj(o.offset(), Math.max(o.size(), 1));
    for (int i = 0; i < o.size(); i++) {
      if (!o.name(i).equals(name)) {
        r.add(o.name(i), o.value(i), o.valueOffset(i));
      }
    }
    return r;
  }

  private void fill(JsonObj data, String base, TableSchema declared, TableId table, Where where, Row.Builder main, Row.Builder bi,
      Set<String> seen) {
    for (int i = 0; i < data.size(); i++) {
      String name = data.name(i);
      Row.Builder target = main;
      String col = name;
      if (bi != null) {
        String stripped = rules.stripBi(name);
        if (stripped != null) {
          col = stripped;
          target = bi;
        }
      }
      if (seen != null && !seen.add(name)) {
        throw invalid("Cannot decode DMS data record: a column appears both in data._doc and in data (column=" + name + ")", where,
            data.valueOffset(i), base + "." + name, table, name);
      }
      target.put(col, cell(col, data.value(i), declared, table, where, base + "." + name, data.valueOffset(i)));
    }
  }

  private Object cell(String col, Object raw, TableSchema declared, TableId table, Where where, String path, long offset) {
    Column c = declared == null ? null : declared.column(col);
    try {
      return c == null ? rules.values().untyped(raw) : rules.values().convert(raw, c.type());
    } catch (ConversionFailure f) {
      String type = c == null ? "untyped" : c.type().toString();
      throw invalid("Cannot convert value: " + f.getMessage() + " (column=" + col + ", type=" + type + ")", where, offset, path, table, col);
    }
  }

  private Row beforeImage(JsonObj msg, TableSchema declared, TableId table, Where where) {
    Object v = msg.get(beforeImageField);
    if (v == null || v == JsonNull.INSTANCE) {
      return null;
    }
    if (!(v instanceof JsonObj o)) {
      throw invalid("Cannot decode DMS update: the before image is not an object (field=" + beforeImageField + ", see beforeImageField)",
          where, msg.offsetOf(beforeImageField), "$." + beforeImageField, table, beforeImageField);
    }
    Row.Builder b = Row.builder(o.size());
    for (int i = 0; i < o.size(); i++) {
      b.put(o.name(i), cell(o.name(i), o.value(i), declared, table, where, "$." + beforeImageField + "." + o.name(i), o.valueOffset(i)));
    }
    return b.build();
  }

  private Row key(Row row, List<String> keyCols, TableSchema declared, TableId table, String pkType, String pkValue, Where where,
      JsonObj msg) {
    Row key = row.project(keyCols);
    if (key.size() == keyCols.size()) {
      return key;
    }
    if (keyCols.size() == 1 && "primary-key".equals(pkType) && pkValue != null) {
      String col = keyCols.get(0);
      String text = partitionKeyText(pkValue, table, partitionIncludeSchemaTable);
      if (text == null) {
        throw invalid("Cannot decode key: the key column is missing from data and partition-key-value does not start with the message's"
            + " schema and table (column=" + col + ", see partitionIncludeSchemaTable)", where, offsetOfMeta(msg, "partition-key-value"),
            "$.metadata.partition-key-value", table, col);
      }
      return Row.of(col, cell(col, text, declared, table, where, "$.metadata.partition-key-value", offsetOfMeta(msg, "partition-key-value")));
    }
    for (String k : keyCols) {
      if (!row.contains(k)) {
        throw invalid("Cannot decode key: a key column is missing from data (column=" + k + ", see keyColumns)", where,
            msg.offsetOf("data"), "$.data." + k, table, k);
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /**
   * The key text of a primary-key partition value: the whole value, or with
   * {@code PartitionIncludeSchemaTable} the value after {@code schema.table.} (null when it does not start so).
   */
  static String partitionKeyText(String value, TableId table, boolean includesSchemaTable) {
    if (!includesSchemaTable) {
      return value;
    }
    String prefix = (table.schema() == null ? "" : table.schema() + ".") + table.table() + ".";
    return value.startsWith(prefix) ? value.substring(prefix.length()) : null;
  }

  private ChangeEvent.Builder control(JsonObj msg, String operation, TableId table, Where where) {
    SchemaChange.Kind kind = switch (operation) {
      case "create-table" -> SchemaChange.Kind.CREATE_TABLE;
      case "drop-table" -> SchemaChange.Kind.DROP_TABLE;
      case "change-columns", "add-column", "drop-column", "rename-column", "column-type-change" -> SchemaChange.Kind.ALTER_TABLE;
      case "rename-table" -> throw invalid("Cannot decode DMS rename-table control record: the message names one table only and DMS does"
          + " not document whether it is the old or the new name, so the rename cannot be applied safely (operation=rename-table)", where,
          offsetOfMeta(msg, "operation"), "$.metadata.operation", table, "operation");
      default -> throw invalid("Cannot decode DMS control record: unknown operation (operation=" + safe(operation) + ")", where,
          offsetOfMeta(msg, "operation"), "$.metadata.operation", table, "operation");
    };
    if (kind != SchemaChange.Kind.CREATE_TABLE && rules.requireKnownTables() && rules.schemaOf(table) == null) {
      throw invalid("Cannot decode DMS control record: the table is unknown (operation=" + operation + ", see requireKnownTables)", where,
          offsetOfMeta(msg, "table-name"), "$.metadata.table-name", table, "table-name");
    }
    TableSchema schema = null;
    Object c = msg.get("control");
    if (c instanceof JsonObj ctl) {
      Object td = ctl.get("table-def");
      if (td instanceof JsonObj def) {
        schema = tableDef(def, table, where);
      } else if (td != null && td != JsonNull.INSTANCE) {
        throw invalid("Cannot decode DMS control record: table-def is not an object", where, ctl.offsetOf("table-def"),
            "$.control.table-def", table, "table-def");
      }
    } else if (c != null && c != JsonNull.INSTANCE) {
      throw invalid("Cannot decode DMS control record: control is not an object", where, msg.offsetOf("control"), "$.control", table,
          "control");
    }
    SchemaChange change = new SchemaChange(kind, table, null, schema, List.of());
    // the control operation is the only DDL DMS gives; schema evolution reads rename-column from it (a true rename)
    return ChangeEvent.builder(Op.SCHEMA_CHANGE).schema(schema).schemaChanges(List.of(change)).ddl(operation);
  }

  /** Parses a table-def object into a schema, reporting errors at {@code $.control.table-def...}. */
  public TableSchema tableDef(JsonObj def, TableId table, Where where) {
    try {
      TableDefs.Parsed p = tableDefs.parse(def);
      return new TableSchema(p.columns(), p.primaryKey());
    } catch (TableDefs.Invalid e) {
      throw invalid(e.getMessage(), where, e.offset(), "$.control.table-def" + e.member(), table, "table-def");
    }
  }

  // ---------------------------------------------------------------- metadata fields

  private static long offsetOfMeta(JsonObj msg, String field) {
    Object m = msg.get("metadata");
    return m instanceof JsonObj meta ? meta.offsetOf(field) : msg.offset();
  }

  private static String requiredString(JsonObj meta, String field, Where where, TableId table) {
    Object v = meta.get(field);
    if (!(v instanceof String s)) {
      throw invalid("Cannot decode DMS message: metadata field is missing or not a string (field=" + field + ")", where, meta.offsetOf(field),
          "$.metadata." + field, table, field);
    }
    return s;
  }

  private static String optionalString(JsonObj meta, String field, Where where, TableId table) {
    Object v = meta.get(field);
    if (v == null || v == JsonNull.INSTANCE) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw invalid("Cannot decode DMS message: metadata field is not a string (field=" + field + ")", where, meta.offsetOf(field),
          "$.metadata." + field, table, field);
    }
    return s;
  }

  private static Instant instant(JsonObj meta, String field, Where where, TableId table) {
    String s = optionalString(meta, field, where, table);
    if (s == null || s.isEmpty()) {
      return null;
    }
    Instant i = parseInstant(s);
    if (i == null) {
      throw invalid("Cannot decode DMS message: metadata timestamp is not an ISO-8601 instant (field=" + field + ")", where,
          meta.offsetOf(field), "$.metadata." + field, table, field);
    }
    return i;
  }

  /** The instant a metadata timestamp names, or null when it is not an ISO-8601 instant. */
  static Instant parseInstant(String s) {
    try {
      DateTimes.Parsed p = DateTimes.parse(s, false);
      if (p.offset() != null) {
        return p.dateTime().toInstant(p.offset()); // the hand parser: Instant.parse costs a microsecond a call
      }
    } catch (ConversionFailure e) {
      // fall through to java.time, which knows more forms
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A transaction id, number or string, as text; null when absent. */
  private static String transactionId(JsonObj meta, String field, Where where, TableId table) {
    Object v = meta.get(field);
    if (v == null || v == JsonNull.INSTANCE) {
      return null;
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof JsonNum n && n.integral()) {
      return n.text();
    }
    throw invalid("Cannot decode DMS message: transaction id is neither an integer nor a string (field=" + field + ")", where,
        meta.offsetOf(field), "$.metadata." + field, table, field);
  }

  private static long optionalLong(JsonObj meta, String field, Where where, TableId table) {
    Object v = meta.get(field);
    if (v == null || v == JsonNull.INSTANCE) {
      return -1;
    }
    String text = v instanceof JsonNum n && n.integral() ? n.text() : v instanceof String s ? s : null;
    long l = text == null ? -1 : Positions.unsigned(text);
    if (l < 0) {
      throw invalid("Cannot decode DMS message: metadata field is not a non-negative integer (field=" + field + ")", where,
          meta.offsetOf(field), "$.metadata." + field, table, field);
    }
    return l;
  }

  /** Operation and record-type names are DMS vocabulary, not row values; still, cut anything long. */
  private static String safe(String s) {
    if (s == null) {
      return null;
    }
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  static InvalidEventException invalid(String reason, Where where, long offset, String path, TableId table, String field) {
    return new InvalidEventException(reason, where.offset(offset), where.path(path), table, field);
  }
}
