package io.cdclake.codec.debezium.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cdclake.codec.debezium.PayloadForm;
import io.cdclake.codec.json.internal.FastJson;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.LogicalMessage;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debezium JSON (JsonConverter with and without schemas, {@code {"schema":null,...}}, the
 * {@code {"payload":...}} wrapper, flattened rows) into events. One message gives one event.
 *
 * <p>With a {@code schema} block the payload is read in one pass, directed by the compiled schema.
 * The fast path recognises a schema block seen before from its bytes and starts the parser at the
 * payload. Without a schema the payload's top-level fields are indexed first (their byte ranges),
 * then read once the table (and so the caller's table schema) is known.
 */
final class JsonMessageDecoder {
  private static final byte[] SCHEMA_PREFIX = "{\"schema\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PAYLOAD_MID = ",\"payload\":".getBytes(StandardCharsets.US_ASCII);

  private final Options o;
  private final JsonFactory factory;
  private final JsonValues values;
  private final SchemaCache cache;
  private final CallerSchemas callerSchemas;
  /** The row struct of the table the last schemaless envelope named: the guess for the next one (racy by design; any value is safe). */
  private volatile Struct lastStruct = Struct.EMPTY;
  private final FastReader fast;

  JsonMessageDecoder(Options o, JsonFactory factory, JsonValues values, SchemaCache cache, CallerSchemas callerSchemas) {
    this.o = o;
    this.factory = factory;
    this.values = values;
    this.cache = cache;
    this.callerSchemas = callerSchemas;
    this.fast = new FastReader(o, values);
  }

  /** Where the reader is, for errors. */
  static final class Ctx {
    final RawMessage msg;
    JsonParser p;
    long base;
    String prefix = "$";
    TableId table;

    Ctx(RawMessage msg) {
      this.msg = msg;
    }

    TransportPosition transport() {
      return msg == null ? null : msg.transport();
    }

    String topic() {
      return msg == null ? null : msg.topic();
    }
  }

  ChangeEvent decode(byte[] buf, RawMessage msg) {
    if (buf.length > o.maxDocumentBytes()) {
      throw Errors.limitError("document size", buf.length, o.maxDocumentBytes(), "maxDocumentBytes", 0, "$");
    }
    if (o.fastPaths()) {
      ChangeEvent e = bytePath(buf, msg);
      if (e != null) {
        return e;
      }
    }
    Ctx c = new Ctx(msg);
    try {
      if (o.schemaFastPath()) {
        ChangeEvent e = fastPath(buf, c);
        if (e != null) {
          return e;
        }
        c = new Ctx(msg);
      }
      return slowPath(buf, c);
    } catch (IOException e) {
      throw Errors.fromParser(e, c.p, c.base, c.prefix, c.table);
    } catch (BadValue e) {
      throw Errors.atParser(e, c.p, c.base, c.prefix, c.table);
    } catch (NumberFormatException | ArithmeticException e) {
      // Jackson and BigDecimal reject some numbers (e.g. exponents beyond int range) with messages that quote them
      throw Errors.atParser(new BadValue("Cannot read number: out of range or not a number"), c.p, c.base, c.prefix, c.table);
    } finally {
      close(c.p);
    }
  }

  private static void close(JsonParser p) {
    if (p != null) {
      try {
        p.close();
      } catch (IOException e) {
        // nothing to release for byte arrays
      }
    }
  }

  private JsonParser open(Ctx c, byte[] buf, int from, int to, String prefix) throws IOException {
    JsonParser p = factory.createParser(buf, from, to - from);
    c.p = p;
    c.base = from;
    c.prefix = prefix;
    p.nextToken();
    return p;
  }

  private static boolean startsWith(byte[] buf, int at, byte[] prefix) {
    if (buf.length - at < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buf[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The fastest path: the message read with {@link FastJson} straight from its bytes, for
   * {@code {"schema":<cached envelope block>,"payload":<envelope>}} and for a schemaless envelope.
   * Null when the message is anything else or anything goes wrong (then the Jackson paths decode
   * it, or report the error with its offset and path).
   */
  private ChangeEvent bytePath(byte[] buf, RawMessage msg) {
    Ctx c = null;
    Events.Parts x = Events.Parts.acquire();
    try {
      TransportPosition transport = msg == null ? null : msg.transport();
      byte[] key = msg == null ? null : msg.key();
      if (startsWith(buf, 0, SCHEMA_PREFIX)) {
        if (buf.length <= SCHEMA_PREFIX.length || buf[SCHEMA_PREFIX.length] != '{' || o.form() == PayloadForm.FLATTENED) {
          return null;
        }
        SchemaEntry entry = cache.findAt(buf, SCHEMA_PREFIX.length, buf.length);
        if (entry == null || entry.kind != SchemaEntry.Kind.ENVELOPE) {
          return null;
        }
        int at = SCHEMA_PREFIX.length + entry.raw.length;
        if (!startsWith(buf, at, PAYLOAD_MID)) {
          return null;
        }
        FastJson r = new FastJson(buf, at + PAYLOAD_MID.length, buf.length, o);
        fast.envelope(r, entry.beforeStruct, entry.afterStruct, false, 2, x, false);
        r.expect('}');
        r.expectEnd();
        x.table = fast.tableId(x.source);
        Struct keyStruct = null;
        if (key != null) {
          c = new Ctx(msg);
          c.table = x.table;
          KeyResult k = key(key, entry.row, null, c);
          x.key = k.row;
          keyStruct = k.schemaStruct;
        }
        x.schema = entry.tableSchema(keyStruct, null);
        if (x.key == null) {
          x.key = projectKey(x.schema, x.after != null ? x.after : x.before);
        }
        return Events.envelope(x, transport);
      }
      if (o.form() == PayloadForm.FLATTENED) {
        return null;
      }
      Struct guess = lastStruct;
      FastJson r = new FastJson(buf, 0, buf.length, o);
      fast.envelope(r, guess, guess, true, 1, x, true);
      r.expectEnd();
      if (x.source.isMongo()) {
        return null;
      }
      x.table = fast.tableId(x.source);
      TableSchema caller = callerSchema(x.table);
      Struct struct = caller == null ? Struct.EMPTY : callerSchemas.struct(caller, o);
      if (struct != guess) {
        lastStruct = struct;
        x.before = x.beforeFrom < 0 ? null : fast.row(new FastJson(buf, x.beforeFrom, x.beforeTo, o), struct, 2);
        x.after = x.afterFrom < 0 ? null : fast.row(new FastJson(buf, x.afterFrom, x.afterTo, o), struct, 2);
      }
      if (key != null) {
        c = new Ctx(msg);
        c.table = x.table;
        x.key = key(key, struct, caller, c).row;
      }
      x.schema = caller;
      if (x.key == null) {
        x.key = projectKey(caller, x.after != null ? x.after : x.before);
      }
      return Events.envelope(x, transport);
    } catch (IOException | RuntimeException e) {
      return null;
    } finally {
      x.release();
      if (c != null) {
        close(c.p);
      }
    }
  }

  /** The event when the message is {"schema":<cached block>,"payload":...} in compact form; else null. */
  private ChangeEvent fastPath(byte[] buf, Ctx c) throws IOException {
    if (!startsWith(buf, 0, SCHEMA_PREFIX) || buf.length <= SCHEMA_PREFIX.length || buf[SCHEMA_PREFIX.length] != '{') {
      return null;
    }
    SchemaEntry entry = cache.findAt(buf, SCHEMA_PREFIX.length, buf.length);
    if (entry == null) {
      return null;
    }
    int at = SCHEMA_PREFIX.length + entry.raw.length;
    if (!startsWith(buf, at, PAYLOAD_MID)) {
      return null;
    }
    int payloadStart = at + PAYLOAD_MID.length;
    JsonParser p = open(c, buf, payloadStart, buf.length, "$.payload");
    ChangeEvent e = payload(p, buf, entry, false, c);
    // the rest must be the closing brace of the wrapper
    int i = payloadStart + (int) p.currentLocation().getByteOffset();
    while (i < buf.length && isWhitespace(buf[i])) {
      i++;
    }
    if (i >= buf.length || buf[i] != '}') {
      return null;
    }
    i++;
    while (i < buf.length && isWhitespace(buf[i])) {
      i++;
    }
    return i == buf.length ? e : null;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private ChangeEvent slowPath(byte[] buf, Ctx c) throws IOException {
    JsonParser p = open(c, buf, 0, buf.length, "$");
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw Events.notAnEvent("the message is not a JSON object");
    }
    String first = p.nextFieldName();
    if (!"schema".equals(first) && !"payload".equals(first)) {
      if (o.fastPaths()) {
        ChangeEvent e = fastSchemaless(p, first, buf, c);
        if (e != null) {
          return e;
        }
      }
      close(p);
      return schemaless(buf, 0, buf.length, "$", null, c);
    }
    SchemaEntry entry = null;
    boolean sawSchema = false;
    boolean sawPayload = false;
    int payloadFrom = -1;
    int payloadTo = -1;
    ChangeEvent event = null;
    for (String name = first; name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      if (name.equals("schema")) {
        if (sawSchema) {
          throw Events.notAnEvent("the message has two schema fields");
        }
        sawSchema = true;
        if (t == JsonToken.START_OBJECT) {
          int from = (int) p.currentTokenLocation().getByteOffset();
          p.skipChildren();
          int to = (int) p.currentLocation().getByteOffset();
          entry = schemaEntry(buf, from, to);
        } else if (t != JsonToken.VALUE_NULL) {
          throw Events.notAnEvent("the schema field is not an object or null");
        }
      } else if (name.equals("payload")) {
        if (sawPayload) {
          throw Events.notAnEvent("the message has two payload fields");
        }
        sawPayload = true;
        if (t != JsonToken.START_OBJECT) {
          throw Events.notAnEvent("the payload is not a JSON object");
        }
        if (sawSchema) {
          event = payload(p, buf, entry, true, c);
          c.p = p;
          c.base = 0;
          c.prefix = "$";
        } else {
          payloadFrom = (int) p.currentTokenLocation().getByteOffset();
          p.skipChildren();
          payloadTo = (int) p.currentLocation().getByteOffset();
        }
      } else {
        throw Events.notAnEvent("unexpected top-level field next to schema and payload");
      }
    }
    if (p.nextToken() != null) {
      throw Events.notAnEvent("content after the message");
    }
    if (!sawPayload) {
      throw Events.notAnEvent("the message has a schema but no payload");
    }
    if (event == null) {
      JsonParser sub = open(c, buf, payloadFrom, payloadTo, "$.payload");
      try {
        event = payload(sub, buf, entry, false, c);
      } finally {
        close(sub);
      }
    }
    return event;
  }

  private SchemaEntry schemaEntry(byte[] buf, int from, int to) throws IOException {
    int hash = SchemaCache.hash(buf, from, to);
    SchemaEntry e = cache.find(buf, from, to, hash);
    if (e != null) {
      return e;
    }
    Object tree;
    try (JsonParser sp = factory.createParser(buf, from, to - from)) {
      sp.nextToken();
      tree = TreeReader.read(sp);
    }
    byte[] raw = java.util.Arrays.copyOfRange(buf, from, to);
    return cache.add(new SchemaEntry(raw, hash, SchemaCompiler.fromTree(tree, null)));
  }

  /**
   * Reads a payload object at the parser's current START_OBJECT. {@code inPlace}: the parser
   * continues after it (it is the message's parser), so the schemaless path re-reads the range.
   */
  private ChangeEvent payload(JsonParser p, byte[] buf, SchemaEntry entry, boolean inPlace, Ctx c) throws IOException {
    if (entry != null && entry.kind == SchemaEntry.Kind.ENVELOPE && o.form() != PayloadForm.FLATTENED) {
      return envelopeWithSchema(p, entry, c);
    }
    if (entry != null && entry.kind == SchemaEntry.Kind.FLATTENED && o.form() != PayloadForm.ENVELOPE) {
      return flattenedWithSchema(p, entry, c);
    }
    int from = (int) (c.base + p.currentTokenLocation().getByteOffset());
    p.skipChildren();
    int to = (int) (c.base + p.currentLocation().getByteOffset());
    JsonParser saved = c.p;
    long savedBase = c.base;
    String savedPrefix = c.prefix;
    ChangeEvent e = schemaless(buf, from, to, inPlace ? "$.payload" : c.prefix, entry, c);
    c.p = saved;
    c.base = savedBase;
    c.prefix = savedPrefix;
    return e;
  }

  // ---------------------------------------------------------------- with schema

  private ChangeEvent envelopeWithSchema(JsonParser p, SchemaEntry entry, Ctx c) throws IOException {
    Events.Parts x = new Events.Parts();
    Struct root = entry.root.struct;
    Field beforeF = root.field("before");
    Field afterF = root.field("after");
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "before" -> x.before = image(p, t, beforeF);
        case "after" -> x.after = image(p, t, afterF);
        case "source" -> readSource(p, t, x.source);
        case "op" -> x.op = t == JsonToken.VALUE_NULL ? null : p.getText();
        case "ts_ms" -> x.tsMs = tsValue(p, t);
        case "ts_us" -> x.tsUs = tsValue(p, t);
        case "ts_ns" -> x.tsNs = tsValue(p, t);
        case "transaction" -> x.tx = readTx(p, t);
        case "message" -> x.message = readMessage(p, t, x);
        default -> p.skipChildren();
      }
    }
    x.table = x.source.tableId();
    c.table = x.table;
    Struct keyStruct = null;
    if (c.msg != null && c.msg.key() != null) {
      KeyResult k = key(c.msg.key(), entry.row, null, c);
      x.key = k.row;
      keyStruct = k.schemaStruct;
    }
    x.schema = entry.tableSchema(keyStruct, null);
    if (x.key == null) {
      x.key = projectKey(x.schema, x.after != null ? x.after : x.before);
    }
    return Events.envelope(x, c.transport());
  }

  private Row image(JsonParser p, JsonToken t, Field f) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_OBJECT) {
      throw new BadValue("Cannot read row image: not an object");
    }
    return values.readRow(p, f == null || f.struct == null ? Struct.EMPTY : f.struct, null, null);
  }

  private static long tsValue(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT && (p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG)) {
      return p.getLongValue();
    }
    p.skipChildren();
    return Long.MIN_VALUE;
  }

  static void readSource(JsonParser p, JsonToken t, SourceInfo s) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken v = p.nextToken();
      readSourceField(p, v, name, s);
    }
  }

  static void readSourceField(JsonParser p, JsonToken v, String name, SourceInfo s) throws IOException {
    switch (v) {
      case VALUE_STRING -> s.acceptString(name, p.getText());
      case VALUE_NUMBER_INT -> {
        JsonParser.NumberType nt = p.getNumberType();
        if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
          s.acceptLong(name, p.getLongValue());
        } else {
          s.any = true; // out of int64 range (a float-rounded LSN): leave it unknown
        }
      }
      case VALUE_TRUE -> s.acceptBoolean(name, true);
      case VALUE_FALSE -> s.acceptBoolean(name, false);
      default -> p.skipChildren();
    }
  }

  private static Events.TxBlock readTx(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    String id = null;
    long total = -1;
    long coll = -1;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken v = p.nextToken();
      switch (name) {
        case "id" -> id = v == JsonToken.VALUE_NULL ? null : p.getText();
        case "total_order" -> total = tsValue(p, v) == Long.MIN_VALUE ? -1 : p.getLongValue();
        case "data_collection_order" -> coll = tsValue(p, v) == Long.MIN_VALUE ? -1 : p.getLongValue();
        default -> p.skipChildren();
      }
    }
    return id == null ? null : new Events.TxBlock(id, total, coll);
  }

  private static LogicalMessage readMessage(JsonParser p, JsonToken t, Events.Parts x) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    String prefix = null;
    byte[] content = new byte[0];
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken v = p.nextToken();
      switch (name) {
        case "prefix" -> prefix = v == JsonToken.VALUE_NULL ? null : p.getText();
        case "content" -> content = v == JsonToken.VALUE_STRING ? Values.base64(p.getText()) : new byte[0];
        default -> p.skipChildren();
      }
    }
    // transactional messages carry the transaction's id in the source block (PostgreSQL)
    return prefix == null ? null : new LogicalMessage(prefix, content, true);
  }

  private ChangeEvent flattenedWithSchema(JsonParser p, SchemaEntry entry, Ctx c) throws IOException {
    FlatMeta meta = new FlatMeta(o.fieldPrefix());
    Row row = values.readRow(p, entry.row, o.fieldPrefix(), meta);
    TableId table = meta.table(c.topic(), o);
    c.table = table;
    Struct keyStruct = null;
    Row key = null;
    if (c.msg != null && c.msg.key() != null) {
      KeyResult k = key(c.msg.key(), entry.row, null, c);
      key = k.row;
      keyStruct = k.schemaStruct;
    }
    TableSchema schema = entry.tableSchema(keyStruct, o.fieldPrefix());
    return meta.event(row, key == null ? projectKey(schema, row) : key, table, schema, c.transport());
  }

  // ---------------------------------------------------------------- without schema

  private static final int F_BEFORE = 1;
  private static final int F_AFTER = 2;
  private static final int F_SOURCE = 4;
  private static final int F_OP = 8;
  private static final int F_TS_MS = 16;
  private static final int F_TS_US = 32;
  private static final int F_TS_NS = 64;
  private static final int F_TX = 128;
  private static final int F_MESSAGE = 256;

  /**
   * JSON without a schema, the common case in one pass: a plain (non-MongoDB) envelope whose
   * top-level fields are all envelope fields, each once, read straight from the message's parser
   * ({@code p} is at the first field name). Debezium writes {@code source} after the row images,
   * so the images are read with the struct of the table the last message named; when this message
   * names another table they are read again from their byte ranges. Anything else (another payload
   * kind, an unknown or repeated field, a value of an unexpected shape, any error) gives null and
   * the caller takes the general path, which gives the same event or the error with its offset
   * and path; the property tests hold the two paths equal.
   */
  private ChangeEvent fastSchemaless(JsonParser p, String first, byte[] buf, Ctx c) {
    if (o.form() == PayloadForm.FLATTENED) {
      return null;
    }
    Struct guess = lastStruct;
    try {
      Events.Parts x = new Events.Parts();
      int seen = 0;
      int beforeFrom = -1;
      int beforeTo = -1;
      int afterFrom = -1;
      int afterTo = -1;
      for (String name = first; name != null; name = p.nextFieldName()) {
        JsonToken t = p.nextToken();
        int bit;
        switch (name) {
          case "before", "after" -> {
            bit = name.equals("before") ? F_BEFORE : F_AFTER;
            if (t == JsonToken.START_OBJECT) {
              int from = (int) p.currentTokenLocation().getByteOffset();
              Row r = values.readRow(p, guess, null, null);
              int to = (int) p.currentLocation().getByteOffset();
              if (bit == F_BEFORE) {
                x.before = r;
                beforeFrom = from;
                beforeTo = to;
              } else {
                x.after = r;
                afterFrom = from;
                afterTo = to;
              }
            } else if (t != JsonToken.VALUE_NULL) {
              return null;
            }
          }
          case "source" -> {
            bit = F_SOURCE;
            readSource(p, t, x.source);
          }
          case "op" -> {
            bit = F_OP;
            if (t != JsonToken.VALUE_STRING) {
              return null;
            }
            x.op = p.getText();
          }
          case "ts_ms" -> {
            bit = F_TS_MS;
            if (!plainTs(p, t)) {
              return null;
            }
            x.tsMs = tsValue(p, t);
          }
          case "ts_us" -> {
            bit = F_TS_US;
            if (!plainTs(p, t)) {
              return null;
            }
            x.tsUs = tsValue(p, t);
          }
          case "ts_ns" -> {
            bit = F_TS_NS;
            if (!plainTs(p, t)) {
              return null;
            }
            x.tsNs = tsValue(p, t);
          }
          case "transaction" -> {
            bit = F_TX;
            x.tx = readTx(p, t);
          }
          case "message" -> {
            bit = F_MESSAGE;
            x.message = readMessage(p, t, x);
          }
          default -> {
            return null;
          }
        }
        if ((seen & bit) != 0) {
          return null;
        }
        seen |= bit;
      }
      if (p.nextToken() != null || (seen & F_OP) == 0 || (seen & (F_SOURCE | F_BEFORE | F_AFTER)) == 0 || x.source.isMongo()) {
        return null;
      }
      x.table = x.source.tableId();
      c.table = x.table;
      TableSchema caller = callerSchema(x.table);
      Struct struct = caller == null ? Struct.EMPTY : callerSchemas.struct(caller, o);
      if (struct != guess) {
        lastStruct = struct;
        x.before = beforeFrom < 0 ? null : reread(buf, beforeFrom, beforeTo, struct, c);
        x.after = afterFrom < 0 ? null : reread(buf, afterFrom, afterTo, struct, c);
      }
      if (c.msg != null && c.msg.key() != null) {
        x.key = key(c.msg.key(), struct, caller, c).row;
      }
      x.schema = caller;
      if (x.key == null) {
        x.key = projectKey(caller, x.after != null ? x.after : x.before);
      }
      return Events.envelope(x, c.transport());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Whether a top-level timestamp is one the general schemaless path also reads without error (it reads every number). */
  private static boolean plainTs(JsonParser p, JsonToken t) throws IOException {
    return t != JsonToken.VALUE_NUMBER_FLOAT && (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
  }

  private Row reread(byte[] buf, int from, int to, Struct struct, Ctx c) throws IOException {
    JsonParser q = factory.createParser(buf, from, to - from);
    try {
      q.nextToken();
      return values.readRow(q, struct, null, null);
    } finally {
      close(q);
    }
  }

  private ChangeEvent schemaless(byte[] buf, int from, int to, String prefix, SchemaEntry hint, Ctx c) throws IOException {
    JsonParser p = open(c, buf, from, to, prefix);
    try {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw Events.notAnEvent("the payload is not a JSON object");
      }
      Index ix = new Index();
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        JsonToken t = p.nextToken();
        int start = from + (int) p.currentTokenLocation().getByteOffset();
        Object scalar = null;
        switch (t) {
          case START_OBJECT, START_ARRAY -> p.skipChildren();
          case VALUE_STRING -> scalar = p.getText();
          case VALUE_NUMBER_INT -> {
            JsonParser.NumberType nt = p.getNumberType();
            scalar = nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG ? (Object) p.getLongValue() : p.getDecimalValue();
          }
          case VALUE_NUMBER_FLOAT -> scalar = p.getDecimalValue();
          case VALUE_TRUE -> scalar = Boolean.TRUE;
          case VALUE_FALSE -> scalar = Boolean.FALSE;
          default -> { }
        }
        int end = from + (int) p.currentLocation().getByteOffset();
        ix.add(name, t, start, end, scalar);
      }
      if (p.nextToken() != null) {
        throw Events.notAnEvent("content after the message");
      }
      PayloadKind kind = classify(ix, hint, c);
      return switch (kind) {
        case ENVELOPE -> envelopeSchemaless(buf, ix, prefix, c);
        case FLATTENED -> flattenedSchemaless(buf, from, to, ix, prefix, c);
        case TX -> Events.transactionMarker(tree(buf, from, to, prefix, c), c.transport());
        case HEARTBEAT -> Events.heartbeat(tree(buf, from, to, prefix, c), c.transport());
        case SCHEMA_CHANGE -> schemaChange(buf, from, to, prefix, c);
      };
    } finally {
      close(p);
    }
  }

  enum PayloadKind {
    ENVELOPE, FLATTENED, TX, SCHEMA_CHANGE, HEARTBEAT
  }

  private PayloadKind classify(Index ix, SchemaEntry hint, Ctx c) {
    if (hint != null) {
      switch (hint.kind) {
        case TX:
          return PayloadKind.TX;
        case SCHEMA_CHANGE:
          return PayloadKind.SCHEMA_CHANGE;
        case HEARTBEAT:
          return PayloadKind.HEARTBEAT;
        default:
          break;
      }
    }
    boolean hasOp = ix.find("op") >= 0;
    if (o.form() == PayloadForm.FLATTENED) {
      return PayloadKind.FLATTENED;
    }
    if (hasOp && (ix.find("source") >= 0 || ix.find("after") >= 0 || ix.find("before") >= 0)) {
      return PayloadKind.ENVELOPE;
    }
    if (ix.find("status") >= 0 && ix.find("id") >= 0) {
      return PayloadKind.TX;
    }
    if (ix.find("ddl") >= 0 || ix.find("tableChanges") >= 0 || ix.find("historyRecord") >= 0) {
      return PayloadKind.SCHEMA_CHANGE;
    }
    if ((ix.size == 1 && ix.find("ts_ms") == 0) || (c.topic() != null && c.topic().startsWith("__debezium-heartbeat"))) {
      return PayloadKind.HEARTBEAT;
    }
    if (o.form() == PayloadForm.ENVELOPE) {
      throw Events.notAnEvent("expected a Debezium envelope but the payload has no op");
    }
    return PayloadKind.FLATTENED;
  }

  private Map<String, Object> tree(byte[] buf, int from, int to, String prefix, Ctx c) throws IOException {
    JsonParser p = open(c, buf, from, to, prefix);
    try {
      return TreeReader.map(TreeReader.read(p));
    } finally {
      close(p);
    }
  }

  private ChangeEvent schemaChange(byte[] buf, int from, int to, String prefix, Ctx c) throws IOException {
    Map<String, Object> payload = tree(buf, from, to, prefix, c);
    Map<String, Object> history = null;
    Object hr = payload.get("historyRecord");
    if (hr instanceof String s) {
      byte[] hb = s.getBytes(StandardCharsets.UTF_8);
      history = tree(hb, 0, hb.length, prefix + ".historyRecord", c);
    }
    return SchemaChanges.event(payload, history, c.transport());
  }

  private ChangeEvent envelopeSchemaless(byte[] buf, Index ix, String prefix, Ctx c) throws IOException {
    Events.Parts x = new Events.Parts();
    int si = ix.find("source");
    if (si >= 0 && ix.tokens.get(si) == JsonToken.START_OBJECT) {
      JsonParser p = open(c, buf, ix.starts[si], ix.ends[si], prefix + ".source");
      try {
        readSource(p, p.currentToken(), x.source);
      } finally {
        close(p);
      }
    }
    Object op = ix.scalar("op");
    x.op = op == null ? null : op.toString();
    x.tsMs = ix.longScalar("ts_ms");
    x.tsUs = ix.longScalar("ts_us");
    x.tsNs = ix.longScalar("ts_ns");
    x.table = x.source.tableId();
    c.table = x.table;
    int ti = ix.find("transaction");
    if (ti >= 0 && ix.tokens.get(ti) == JsonToken.START_OBJECT) {
      JsonParser p = open(c, buf, ix.starts[ti], ix.ends[ti], prefix + ".transaction");
      try {
        x.tx = readTx(p, p.currentToken());
      } finally {
        close(p);
      }
    }
    int mi = ix.find("message");
    if (mi >= 0 && ix.tokens.get(mi) == JsonToken.START_OBJECT) {
      JsonParser p = open(c, buf, ix.starts[mi], ix.ends[mi], prefix + ".message");
      try {
        x.message = readMessage(p, p.currentToken(), x);
      } finally {
        close(p);
      }
    }
    TableSchema caller = callerSchema(x.table);
    Struct struct = caller == null ? Struct.EMPTY : callerSchemas.struct(caller, o);
    lastStruct = struct;
    boolean mongo = x.source.isMongo();
    x.before = imageSchemaless(buf, ix, "before", struct, prefix, mongo, c);
    x.after = imageSchemaless(buf, ix, "after", struct, prefix, mongo, c);
    if (mongo && x.after == null && "u".equals(x.op)) {
      x.after = mongoPatch(buf, ix, prefix, c);
    }
    if (c.msg != null && c.msg.key() != null) {
      x.key = mongo ? mongoKey(c.msg.key(), c) : key(c.msg.key(), struct, caller, c).row;
    }
    x.schema = caller;
    if (x.key == null) {
      x.key = projectKey(caller, x.after != null ? x.after : x.before);
    }
    return Events.envelope(x, c.transport());
  }

  private Row imageSchemaless(byte[] buf, Index ix, String name, Struct struct, String prefix, boolean mongo, Ctx c) throws IOException {
    int i = ix.find(name);
    if (i < 0) {
      return null;
    }
    JsonToken t = ix.tokens.get(i);
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.VALUE_STRING && mongo) {
      return mongoDocument((String) ix.scalars.get(i), prefix + "." + name, c);
    }
    JsonParser p = open(c, buf, ix.starts[i], ix.ends[i], prefix + "." + name);
    if (t != JsonToken.START_OBJECT) {
      throw new BadValue("Cannot read row image: not an object");
    }
    return values.readRow(p, struct, null, null);
  }

  private Row mongoDocument(String json, String prefix, Ctx c) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    Map<String, Object> m = tree(b, 0, b.length, prefix, c);
    if (m == null) {
      throw new BadValue("Cannot read MongoDB document: not a JSON object");
    }
    try {
      return MongoDocs.document(m);
    } catch (BadValue e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BadValue("Cannot read MongoDB document: invalid Extended JSON");
    }
  }

  private Row mongoPatch(byte[] buf, Index ix, String prefix, Ctx c) throws IOException {
    int i = ix.find("updateDescription");
    if (i < 0 || ix.tokens.get(i) != JsonToken.START_OBJECT) {
      return null;
    }
    Map<String, Object> ud = tree(buf, ix.starts[i], ix.ends[i], prefix + ".updateDescription", c);
    Row.Builder b = Row.builder();
    Object updated = ud.get("updatedFields");
    if (updated instanceof String s) {
      Row r = mongoDocument(s, prefix + ".updateDescription.updatedFields", c);
      for (int k = 0; k < r.size(); k++) {
        b.put(r.name(k), r.value(k));
      }
    }
    List<Object> removed = TreeReader.list(ud.get("removedFields"));
    if (removed != null) {
      for (Object r : removed) {
        b.set(String.valueOf(r), null);
      }
    }
    for (String n : b.build().names()) {
      if (n.indexOf('.') >= 0) {
        throw new BadValue("Cannot read MongoDB update: nested field updates are not supported (capture the full document:"
            + " capture.mode=change_streams_update_full)");
      }
    }
    Row.Builder again = Row.builder();
    if (updated instanceof String s) {
      Row r = mongoDocument(s, prefix, c);
      for (int k = 0; k < r.size(); k++) {
        again.put(r.name(k), r.value(k));
      }
    }
    if (removed != null) {
      for (Object r : removed) {
        again.set(String.valueOf(r), null);
      }
    }
    return again.build();
  }

  private Row mongoKey(byte[] key, Ctx c) throws IOException {
    Map<String, Object> m = tree(key, 0, key.length, "$key", c);
    if (m != null && m.containsKey("payload") && (m.containsKey("schema") || m.size() == 1)) {
      m = TreeReader.map(m.get("payload"));
    }
    if (m == null) {
      return null;
    }
    Object id = m.get("id");
    if (!(id instanceof String s)) {
      return MongoDocs.document(m);
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    JsonParser p = open(c, b, 0, b.length, "$key.id");
    try {
      Object v = TreeReader.read(p);
      return Row.of("_id", MongoDocs.value(v));
    } catch (RuntimeException e) {
      if (e instanceof BadValue bv) {
        throw bv;
      }
      throw new BadValue("Cannot read MongoDB key: invalid Extended JSON");
    } finally {
      close(p);
    }
  }

  private ChangeEvent flattenedSchemaless(byte[] buf, int from, int to, Index ix, String prefix, Ctx c) throws IOException {
    FlatMeta meta = new FlatMeta(o.fieldPrefix());
    for (int i = 0; i < ix.size; i++) {
      String n = ix.names.get(i);
      if (n.startsWith(o.fieldPrefix())) {
        meta.acceptScalar(n, ix.scalars.get(i));
      }
    }
    TableId table = meta.table(c.topic(), o);
    c.table = table;
    TableSchema caller = callerSchema(table);
    Struct struct = caller == null ? Struct.EMPTY : callerSchemas.struct(caller, o);
    JsonParser p = open(c, buf, from, to, prefix);
    Row row;
    try {
      row = values.readRow(p, struct, o.fieldPrefix(), (n, q) -> q.skipChildren());
    } finally {
      close(p);
    }
    Row key = null;
    if (c.msg != null && c.msg.key() != null) {
      key = key(c.msg.key(), struct, caller, c).row;
    }
    return meta.event(row, key == null ? projectKey(caller, row) : key, table, caller, c.transport());
  }

  private TableSchema callerSchema(TableId table) {
    if (table == null || o.tableSchemas() == null) {
      return null;
    }
    return o.tableSchemas().apply(table);
  }

  static Row projectKey(TableSchema schema, Row image) {
    if (schema == null || image == null || !schema.hasPrimaryKey()) {
      return null;
    }
    for (String k : schema.primaryKey()) {
      if (!image.contains(k)) {
        return null;
      }
    }
    return image.project(schema.primaryKey());
  }

  // ---------------------------------------------------------------- keys

  record KeyResult(Row row, Struct schemaStruct) {}

  /** Decodes a JSON key; schemaless keys are typed by the value's row struct. */
  KeyResult key(byte[] key, Struct rowStruct, TableSchema caller, Ctx c) throws IOException {
    JsonParser saved = c.p;
    long savedBase = c.base;
    String savedPrefix = c.prefix;
    JsonParser p = open(c, key, 0, key.length, "$key");
    try {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw new BadValue("Cannot read key: not a JSON object");
      }
      String first = p.nextFieldName();
      if ("schema".equals(first) || "payload".equals(first)) {
        Struct schemaStruct = null;
        Row row = null;
        for (String name = first; name != null; name = p.nextFieldName()) {
          JsonToken t = p.nextToken();
          if (name.equals("schema")) {
            if (t == JsonToken.START_OBJECT) {
              int from = (int) p.currentTokenLocation().getByteOffset();
              p.skipChildren();
              int to = (int) p.currentLocation().getByteOffset();
              SchemaEntry e = schemaEntry(key, from, to);
              schemaStruct = e.root.struct;
            }
          } else if (name.equals("payload")) {
            if (t == JsonToken.START_OBJECT) {
              c.prefix = "$key.payload";
              row = values.readRow(p, schemaStruct != null ? schemaStruct : rowStruct, null, null);
            } else if (t != JsonToken.VALUE_NULL) {
              throw new BadValue("Cannot read key: payload is not an object");
            }
          } else {
            p.skipChildren();
          }
        }
        return new KeyResult(row, schemaStruct);
      }
      // bare key object: re-read from the start with the row's types
      close(p);
      p = open(c, key, 0, key.length, "$key");
      return new KeyResult(values.readRow(p, rowStruct, null, null), null);
    } finally {
      close(c.p);
      c.p = saved;
      c.base = savedBase;
      c.prefix = savedPrefix;
    }
  }

  /** A tombstone: the key decoded with the topic's table schema when known. */
  ChangeEvent tombstone(RawMessage msg) {
    Ctx c = new Ctx(msg);
    TableId table = msg.topic() != null && o.tableForTopic() != null ? o.tableForTopic().apply(msg.topic()) : null;
    c.table = table;
    Row key = null;
    try {
      if (msg.key() != null) {
        TableSchema caller = callerSchema(table);
        key = key(msg.key(), caller == null ? Struct.EMPTY : callerSchemas.struct(caller, o), caller, c).row;
      }
    } catch (IOException e) {
      throw Errors.fromParser(e, c.p, c.base, c.prefix, c.table);
    } catch (BadValue e) {
      throw Errors.atParser(e, c.p, c.base, c.prefix, c.table);
    } catch (NumberFormatException | ArithmeticException e) {
      throw Errors.atParser(new BadValue("Cannot read number: out of range or not a number"), c.p, c.base, c.prefix, c.table);
    }
    return ChangeEvent.builder(Op.TOMBSTONE).table(table).key(key).transport(msg.transport()).build();
  }

  /** Byte ranges of a payload's top-level fields. */
  private static final class Index {
    final List<String> names = new ArrayList<>(16);
    final List<JsonToken> tokens = new ArrayList<>(16);
    final List<Object> scalars = new ArrayList<>(16);
    int[] starts = new int[16];
    int[] ends = new int[16];
    int size;

    void add(String name, JsonToken t, int start, int end, Object scalar) {
      if (find(name) >= 0) {
        throw new BadValue("Cannot read payload: duplicate field");
      }
      if (size == starts.length) {
        starts = java.util.Arrays.copyOf(starts, size * 2);
        ends = java.util.Arrays.copyOf(ends, size * 2);
      }
      names.add(name);
      tokens.add(t);
      scalars.add(scalar);
      starts[size] = start;
      ends[size] = end;
      size++;
    }

    int find(String name) {
      for (int i = 0; i < size; i++) {
        if (names.get(i).equals(name)) {
          return i;
        }
      }
      return -1;
    }

    Object scalar(String name) {
      int i = find(name);
      return i < 0 ? null : scalars.get(i);
    }

    long longScalar(String name) {
      Object v = scalar(name);
      return v instanceof Long l ? l : Long.MIN_VALUE;
    }
  }
}
