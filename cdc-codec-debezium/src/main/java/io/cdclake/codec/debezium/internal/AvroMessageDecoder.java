package io.cdclake.codec.debezium.internal;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.DecodeException;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.MalformedInputException;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;

/**
 * Avro in the Confluent wire format: byte 0, a big-endian int32 schema id, then the Avro binary
 * datum. Writer schemas come from the {@link io.cdclake.codec.debezium.SchemaLookup}; their Kafka
 * Connect properties ({@code connect.name}, {@code connect.parameters}) or Avro logical types give
 * the semantic types, mapped exactly as in JSON.
 */
final class AvroMessageDecoder {
  private final Options o;
  private final Placeholder placeholder;
  private final JsonValues values;
  private final JsonMessageDecoder json;
  private final ConcurrentHashMap<Integer, Compiled> compiled = new ConcurrentHashMap<>();

  /**
   * A writer schema made ready: its field tree and, when Avro's fast reader is on (its default), the
   * datum reader for it, built once. Building one resolves the whole schema, which cost more than reading
   * a message; Avro itself shares such readers between threads (they hold no per-read state).
   */
  private record Compiled(Schema schema, Field root, SchemaEntry entry, DatumReader<Object> reader) {}

  AvroMessageDecoder(Options o, JsonValues values, JsonMessageDecoder json) {
    this.o = o;
    this.placeholder = values.placeholder();
    this.values = values;
    this.json = json;
  }

  private Compiled compiled(int id) {
    Compiled c = compiled.get(id);
    if (c != null) {
      return c;
    }
    Schema s = o.schemaLookup().schema(id);
    if (s == null) {
      throw new InvalidEventException("Cannot decode Avro message: the schema lookup found no schema (schemaId=" + id + ")", 1, "$", null, null);
    }
    Field root;
    try {
      root = fromAvro(s, null, new HashMap<>());
    } catch (BadValue e) {
      throw new InvalidEventException(e.getMessage() + " (schemaId=" + id + ")", 1, "$", null, null);
    }
    c = new Compiled(s, root, new SchemaEntry(new byte[0], 0, root), fastReader(s));
    if (compiled.size() >= o.maxCachedSchemas()) {
      compiled.clear();
    }
    compiled.putIfAbsent(id, c);
    return c;
  }

  private static int schemaId(byte[] b, String what) {
    if (b.length < 5 || b[0] != 0) {
      throw new MalformedInputException("Cannot decode Avro " + what + ": shorter than the 5-byte Confluent header or no magic byte 0", 0, "$",
          null);
    }
    return ((b[1] & 0xff) << 24) | ((b[2] & 0xff) << 16) | ((b[3] & 0xff) << 8) | (b[4] & 0xff);
  }

  /** Avro's fast datum reader for the schema (what {@link GenericDatumReader} builds on its first read), or null. */
  private static DatumReader<Object> fastReader(Schema s) {
    GenericData data = GenericData.get();
    if (!data.isFastReaderEnabled()) {
      return null;
    }
    try {
      return data.getFastReaderBuilder().createDatumReader(s, s);
    } catch (IOException | RuntimeException e) {
      return null; // each read builds its own reader and reports the problem as before
    }
  }

  private Object read(byte[] b, Compiled c, int id, String what) {
    BinaryDecoder d = DecoderFactory.get().binaryDecoder(b, 5, b.length - 5, null);
    Object datum;
    try {
      datum = (c.reader != null ? c.reader : new GenericDatumReader<Object>(c.schema)).read(null, d);
      if (!d.isEnd()) {
        throw new MalformedInputException("Cannot decode Avro " + what + ": bytes left after the datum (schemaId=" + id + ")", -1, "$", null);
      }
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException | OutOfMemoryError e) {
      throw new MalformedInputException("Cannot decode Avro " + what + ": the bytes do not match the writer schema or end early (schemaId=" + id
          + ")", -1, "$", null);
    } catch (RuntimeException e) {
      if (e instanceof DecodeException de) {
        throw de;
      }
      throw new MalformedInputException("Cannot decode Avro " + what + ": the bytes do not match the writer schema (schemaId=" + id + ")", -1, "$",
          null);
    }
    return datum;
  }

  ChangeEvent decode(RawMessage m) {
    byte[] v = m.value();
    int id = schemaId(v, "message");
    Compiled c = compiled(id);
    Object datum = read(v, c, id, "message");
    if (!(datum instanceof GenericRecord r)) {
      throw new InvalidEventException("Cannot decode Avro message: the value is not a record (schemaId=" + id + ")", 5, "$", null, null);
    }
    String[] path = {"$"};
    try {
      return switch (c.entry.kind) {
        case ENVELOPE -> envelope(r, c, m, path);
        case FLATTENED -> flattened(r, c, m, path);
        case TX -> Events.transactionMarker(TreeReader.map(tree(r)), m.transport());
        case HEARTBEAT -> Events.heartbeat(TreeReader.map(tree(r)), m.transport());
        case SCHEMA_CHANGE -> SchemaChanges.event(TreeReader.map(tree(r)), null, m.transport());
        case MONGO -> throw new InvalidEventException("Cannot decode Avro message: MongoDB envelopes in Avro are not supported (schemaId=" + id
            + ")", 5, "$", null, null);
      };
    } catch (BadValue e) {
      throw new InvalidEventException(e.getMessage(), -1, path[0], null, lastSegment(path[0]));
    }
  }

  private static String lastSegment(String path) {
    int i = path.lastIndexOf('.');
    return i < 0 ? null : path.substring(i + 1);
  }

  private ChangeEvent envelope(GenericRecord r, Compiled c, RawMessage m, String[] path) {
    Events.Parts x = new Events.Parts();
    Struct root = c.root.struct;
    Object op = get(r, "op");
    x.op = op == null ? null : op.toString();
    Object src = get(r, "source");
    if (src instanceof GenericRecord s) {
      for (Schema.Field f : s.getSchema().getFields()) {
        Object v = s.get(f.pos());
        if (v instanceof CharSequence cs) {
          x.source.acceptString(f.name(), cs.toString());
        } else if (v instanceof Long l) {
          x.source.acceptLong(f.name(), l);
        } else if (v instanceof Integer i) {
          x.source.acceptLong(f.name(), i);
        } else if (v instanceof Boolean b) {
          x.source.acceptBoolean(f.name(), b);
        }
      }
    }
    x.tsMs = longOr(get(r, "ts_ms"));
    x.tsUs = longOr(get(r, "ts_us"));
    x.tsNs = longOr(get(r, "ts_ns"));
    x.table = x.source.tableId();
    Object tx = get(r, "transaction");
    if (tx instanceof GenericRecord t) {
      Object txid = get(t, "id");
      x.tx = txid == null ? null : new Events.TxBlock(txid.toString(), longOr(get(t, "total_order"), -1), longOr(get(t, "data_collection_order"), -1));
    }
    Object msg = get(r, "message");
    if (msg instanceof GenericRecord mr && get(mr, "prefix") != null) {
      Object content = get(mr, "content");
      x.message = new io.cdclake.model.LogicalMessage(get(mr, "prefix").toString(), content instanceof ByteBuffer bb ? bytes(bb) : new byte[0], true);
    }
    Field beforeF = root.field("before");
    Field afterF = root.field("after");
    path[0] = "$.before";
    x.before = (Row) convert(get(r, "before"), beforeF, path);
    path[0] = "$.after";
    x.after = (Row) convert(get(r, "after"), afterF, path);
    path[0] = "$key";
    Struct keyStruct = null;
    if (m.key() != null) {
      Object[] k = key(m, c.entry.row, path);
      x.key = (Row) k[0];
      keyStruct = (Struct) k[1];
    }
    x.schema = c.entry.tableSchema(keyStruct, null);
    if (x.key == null) {
      x.key = JsonMessageDecoder.projectKey(x.schema, x.after != null ? x.after : x.before);
    }
    return Events.envelope(x, m.transport());
  }

  private ChangeEvent flattened(GenericRecord r, Compiled c, RawMessage m, String[] path) {
    FlatMeta meta = new FlatMeta(o.fieldPrefix());
    Struct s = c.root.struct;
    Row.Builder b = Row.builder(s.fields.length);
    for (Field f : s.fields) {
      Object v = get(r, f.name);
      if (f.name.startsWith(o.fieldPrefix())) {
        meta.acceptScalar(f.name, v instanceof CharSequence cs ? cs.toString() : v instanceof Integer i ? (Object) (long) i : v);
      } else {
        path[0] = "$." + f.name;
        b.put(f.name, convert(v, f, path));
      }
    }
    Row row = b.build();
    TableId table = meta.table(m.topic(), o);
    Struct keyStruct = null;
    Row key = null;
    if (m.key() != null) {
      Object[] k = key(m, s, path);
      key = (Row) k[0];
      keyStruct = (Struct) k[1];
    }
    TableSchema schema = c.entry.tableSchema(keyStruct, o.fieldPrefix());
    return meta.event(row, key == null ? JsonMessageDecoder.projectKey(schema, row) : key, table, schema, m.transport());
  }

  /** {row, key struct or null}. */
  private Object[] key(RawMessage m, Struct rowStruct, String[] path) {
    byte[] k = m.key();
    if (k.length > 0 && k[0] == 0) {
      int id = schemaId(k, "key");
      Compiled kc = compiled(id);
      Object datum = read(k, kc, id, "key");
      if (kc.root.conv != Conv.STRUCT) {
        throw new InvalidEventException("Cannot decode Avro key: not a record (schemaId=" + id + ")", 5, "$key", null, null);
      }
      return new Object[] {convert(datum, kc.root, path), kc.root.struct};
    }
    try {
      return new Object[] {json.key(k, rowStruct, null, new JsonMessageDecoder.Ctx(m)).row(), null};
    } catch (IOException e) {
      throw new MalformedInputException("Cannot decode key: not valid JSON", -1, "$key", null);
    }
  }

  ChangeEvent tombstone(RawMessage m) {
    TableId table = m.topic() != null && o.tableForTopic() != null ? o.tableForTopic().apply(m.topic()) : null;
    String[] path = {"$key"};
    try {
      Row key = (Row) key(m, Struct.EMPTY, path)[0];
      return ChangeEvent.builder(Op.TOMBSTONE).table(table).key(key).transport(m.transport()).build();
    } catch (BadValue e) {
      throw new InvalidEventException(e.getMessage(), -1, path[0], table, null);
    }
  }

  private static Object get(GenericRecord r, String name) {
    Schema.Field f = r.getSchema().getField(name);
    return f == null ? null : r.get(f.pos());
  }

  private static long longOr(Object v) {
    return longOr(v, Long.MIN_VALUE);
  }

  private static long longOr(Object v, long dflt) {
    return v instanceof Number n ? n.longValue() : dflt;
  }

  private static byte[] bytes(ByteBuffer bb) {
    ByteBuffer d = bb.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  /** An Avro datum value to its canonical value, directed by the field. */
  Object convert(Object v, Field f, String[] path) {
    if (v == null) {
      return null;
    }
    if (v instanceof CharSequence cs) {
      String s = cs.toString();
      if (placeholder.isString(s)) {
        return JsonValues.UNCHANGED;
      }
      return values.fromString(s, f);
    }
    if (v instanceof ByteBuffer || v instanceof GenericFixed) {
      byte[] b = v instanceof ByteBuffer bb ? bytes(bb) : ((GenericFixed) v).bytes().clone();
      if (Arrays.equals(b, placeholder.bytes)) {
        return JsonValues.UNCHANGED;
      }
      return switch (f.conv) {
        case BINARY, DYNAMIC -> b;
        case DECIMAL -> Values.decimalFromUnscaled(b, Math.max(f.scale, 0));
        case BITS -> Values.bitsBigEndian(b);
        case STRING, JSON -> new String(b, java.nio.charset.StandardCharsets.UTF_8);
        default -> throw new BadValue("Cannot read " + f.conv.name().toLowerCase(java.util.Locale.ROOT) + ": got bytes");
      };
    }
    if (v instanceof Integer || v instanceof Long) {
      long l = ((Number) v).longValue();
      return switch (f.conv) {
        case INT -> Values.toInt(l, "int32");
        case LONG, DURATION_MICROS -> l;
        case DYNAMIC -> v;
        case FLOAT -> (float) l;
        case DOUBLE -> (double) l;
        case BOOLEAN -> l != 0;
        case DATE -> Values.date(l);
        case TIME -> Values.time(l, f.unit);
        case TIMESTAMP -> Values.timestamp(l, f.unit);
        case TIMESTAMP_TZ -> Values.timestampTz(l, f.unit);
        case DECIMAL -> Values.scale(java.math.BigDecimal.valueOf(l), f.scale, false);
        case STRING -> Long.toString(l);
        default -> throw new BadValue("Cannot read " + f.conv.name().toLowerCase(java.util.Locale.ROOT) + ": got a number");
      };
    }
    if (v instanceof Float || v instanceof Double) {
      double d = ((Number) v).doubleValue();
      return switch (f.conv) {
        case FLOAT -> v instanceof Float ? v : (float) d;
        case DOUBLE -> d;
        case DYNAMIC -> v;
        case DURATION_MICROS -> Values.durationMicros(d);
        default -> throw new BadValue("Cannot read " + f.conv.name().toLowerCase(java.util.Locale.ROOT) + ": got a fractional number");
      };
    }
    if (v instanceof Boolean) {
      if (f.conv == Conv.BOOLEAN || f.conv == Conv.DYNAMIC) {
        return v;
      }
      throw new BadValue("Cannot read " + f.conv.name().toLowerCase(java.util.Locale.ROOT) + ": got a boolean");
    }
    if (v instanceof GenericData.EnumSymbol e) {
      return e.toString();
    }
    if (v instanceof GenericRecord r) {
      if (f.conv == Conv.DECIMAL || f.conv == Conv.VSD_STRING) {
        Object scale = get(r, "scale");
        Object value = get(r, "value");
        if (value == null) {
          return null;
        }
        java.math.BigDecimal d = Values.decimalFromUnscaled(bytes((ByteBuffer) value), ((Number) scale).intValue());
        return f.conv == Conv.VSD_STRING ? d.toPlainString() : Values.scale(d, f.scale, false);
      }
      Struct s = f.struct != null ? f.struct : Struct.EMPTY;
      Row.Builder b = Row.builder(r.getSchema().getFields().size());
      String base = path[0];
      for (Schema.Field af : r.getSchema().getFields()) {
        Field cf = s.field(af.name());
        path[0] = base + "." + af.name();
        b.put(cf != null ? cf.name : af.name(), convert(r.get(af.pos()), cf != null ? cf : Field.DYNAMIC, path));
      }
      path[0] = base;
      return b.build();
    }
    if (v instanceof List<?> l) {
      Field el = f.conv == Conv.LIST ? f.element : Field.DYNAMIC;
      List<Object> out = new ArrayList<>(l.size());
      for (Object e : l) {
        Object c = convert(e, el, path);
        out.add(c == JsonValues.UNCHANGED ? e.toString() : c);
      }
      if (placeholder.isList(out)) {
        return JsonValues.UNCHANGED;
      }
      return Collections.unmodifiableList(out);
    }
    if (v instanceof Map<?, ?> mm) {
      Field vf = f.conv == Conv.MAP ? f.element : Field.DYNAMIC;
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : mm.entrySet()) {
        Object c = convert(e.getValue(), vf, path);
        out.put(e.getKey().toString(), c == JsonValues.UNCHANGED ? String.valueOf(e.getValue()) : c);
      }
      if (placeholder.isMap(out)) {
        return JsonValues.UNCHANGED;
      }
      return Collections.unmodifiableMap(out);
    }
    throw new BadValue("Cannot read value: unsupported Avro datum");
  }

  /** An Avro datum as plain Java objects (for transaction and schema-change messages). */
  static Object tree(Object v) {
    if (v instanceof GenericRecord r) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Schema.Field f : r.getSchema().getFields()) {
        m.put(f.name(), tree(r.get(f.pos())));
      }
      return m;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object e : l) {
        out.add(tree(e));
      }
      return out;
    }
    if (v instanceof Map<?, ?> mm) {
      Map<String, Object> m = new LinkedHashMap<>();
      mm.forEach((k, val) -> m.put(k.toString(), tree(val)));
      return m;
    }
    if (v instanceof CharSequence || v instanceof GenericData.EnumSymbol) {
      return v.toString();
    }
    if (v instanceof Integer i) {
      return (long) i;
    }
    return v;
  }

  // ---------------------------------------------------------------- schemas

  static Field fromAvro(Schema s, String fieldName, Map<String, Field> named) {
    boolean optional = false;
    if (s.getType() == Schema.Type.UNION) {
      List<Schema> branches = new ArrayList<>();
      for (Schema b : s.getTypes()) {
        if (b.getType() == Schema.Type.NULL) {
          optional = true;
        } else {
          branches.add(b);
        }
      }
      if (branches.size() != 1) {
        return Field.DYNAMIC.withName(fieldName);
      }
      s = branches.get(0);
    }
    String name = s.getProp("connect.name");
    Object paramsProp = s.getObjectProp("connect.parameters");
    Map<String, Object> params = paramsProp instanceof Map<?, ?> pm ? TreeReader.map(pm) : null;
    LogicalType lt = s.getLogicalType();
    if (name == null && lt != null) {
      if (lt instanceof LogicalTypes.Decimal dec) {
        name = "org.apache.kafka.connect.data.Decimal";
        params = Map.of("scale", Integer.toString(dec.getScale()), "connect.decimal.precision", Integer.toString(dec.getPrecision()));
      } else {
        name = switch (lt.getName()) {
          case "date" -> "org.apache.kafka.connect.data.Date";
          case "time-millis" -> "io.debezium.time.Time";
          case "time-micros" -> "io.debezium.time.MicroTime";
          case "timestamp-millis" -> "org.apache.kafka.connect.data.Timestamp";
          case "timestamp-micros" -> "io.debezium.time.MicroTimestamp";
          case "uuid" -> "io.debezium.data.Uuid";
          default -> null;
        };
      }
    } else if ("org.apache.kafka.connect.data.Decimal".equals(name) && lt instanceof LogicalTypes.Decimal dec
        && (params == null || !params.containsKey("connect.decimal.precision"))) {
      Map<String, Object> p = params == null ? new HashMap<>() : new HashMap<>(params);
      p.putIfAbsent("scale", Integer.toString(dec.getScale()));
      p.put("connect.decimal.precision", Integer.toString(dec.getPrecision()));
      params = p;
    }
    String connectType = s.getProp("connect.type");
    switch (s.getType()) {
      case INT:
        return SchemaCompiler.fromConnect(fieldName, connectType != null ? connectType : "int32", name, optional, params, null, null, null, null);
      case LONG:
        return SchemaCompiler.fromConnect(fieldName, "int64", name, optional, params, null, null, null, null);
      case FLOAT:
        return SchemaCompiler.fromConnect(fieldName, "float32", name, optional, params, null, null, null, null);
      case DOUBLE:
        return SchemaCompiler.fromConnect(fieldName, "float64", name, optional, params, null, null, null, null);
      case BOOLEAN:
        return SchemaCompiler.fromConnect(fieldName, "boolean", name, optional, params, null, null, null, null);
      case STRING, ENUM:
        return SchemaCompiler.fromConnect(fieldName, "string", name, optional, params, null, null, null, null);
      case BYTES, FIXED:
        return SchemaCompiler.fromConnect(fieldName, "bytes", name, optional, params, null, null, null, null);
      case ARRAY:
        return SchemaCompiler.fromConnect(fieldName, "array", name, optional, params, fromAvro(s.getElementType(), null, named), null, null, null);
      case MAP:
        return SchemaCompiler.fromConnect(fieldName, "map", name, optional, params, null, Field.simple(null, Conv.STRING,
            io.cdclake.model.ColumnType.STRING), fromAvro(s.getValueType(), null, named), null);
      case RECORD: {
        if (named.containsKey(s.getFullName())) {
          throw new BadValue("Cannot read Avro schema: recursive records are not supported");
        }
        named.put(s.getFullName(), Field.DYNAMIC);
        Field[] fs = new Field[s.getFields().size()];
        for (int i = 0; i < fs.length; i++) {
          Schema.Field af = s.getFields().get(i);
          fs[i] = fromAvro(af.schema(), af.name(), named);
        }
        named.remove(s.getFullName());
        return SchemaCompiler.fromConnect(fieldName, "struct", name != null ? name : s.getFullName(), optional, params, null, null, null,
            new Struct(fs));
      }
      default:
        return Field.DYNAMIC.withName(fieldName);
    }
  }
}
