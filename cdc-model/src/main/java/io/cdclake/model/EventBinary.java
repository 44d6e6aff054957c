package io.cdclake.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A compact, lossless binary form of a {@link ChangeEvent}, for hosts that move events between
 * processes (a Flink network shuffle, a Spark repartition). Every field, every column state
 * (VALUE, NULL, UNCHANGED; OMITTED by absence) and every value class of {@link ColumnType.Kind}
 * survives the round trip; {@code read(write(e))} equals {@code e}. JDK only, stateless, thread-safe.
 *
 * <p>The form starts with a version byte ({@value #VERSION}); readers refuse other versions. Strings
 * are modified UTF-8 ({@link DataOutput#writeUTF}) when short and length-prefixed UTF-8 otherwise.
 */
public final class EventBinary {
  /** The version byte written first. */
  public static final int VERSION = 1;

  private EventBinary() {
  }

  public static byte[] toBytes(ChangeEvent e) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(e, out);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return bytes.toByteArray();
  }

  /**
   * @throws MalformedInputException when the bytes are not an event in this form
   */
  public static ChangeEvent fromBytes(byte[] b) {
    try {
      return read(new DataInputStream(new ByteArrayInputStream(b)));
    } catch (IOException x) {
      throw new MalformedInputException("Cannot read event: truncated or not an event in binary form (length=" + b.length + ")", -1, null, x);
    }
  }

  /**
   * Writes the event.
   *
   * @throws IllegalArgumentException for a value of a class outside {@link ColumnType.Kind}'s (the message names the class, never the value)
   */
  public static void write(ChangeEvent e, DataOutput out) throws IOException {
    out.writeByte(VERSION);
    out.writeByte(e.op().ordinal());
    writeTable(e.table(), out);
    writeRow(e.key(), out);
    writeRow(e.before(), out);
    writeRow(e.after(), out);
    writeSchema(e.schema(), out);
    writePosition(e.position(), out);
    TransportPosition t = e.transport();
    out.writeBoolean(t != null);
    if (t != null) {
      writeString(t.stream(), out);
      writeString(t.partition(), out);
      writeString(t.offset(), out);
    }
    writeInstant(e.commitTime(), out);
    writeInstant(e.processedTime(), out);
    Transaction tx = e.transaction();
    out.writeBoolean(tx != null);
    if (tx != null) {
      writeString(tx.id(), out);
      out.writeLong(tx.totalOrder());
      out.writeLong(tx.collectionOrder());
      out.writeLong(tx.eventCount());
      out.writeInt(tx.eventsPerTable().size());
      for (Map.Entry<String, Long> c : tx.eventsPerTable().entrySet()) {
        writeString(c.getKey(), out);
        out.writeLong(c.getValue());
      }
    }
    out.writeBoolean(e.snapshot());
    out.writeInt(e.schemaChanges().size());
    for (SchemaChange c : e.schemaChanges()) {
      out.writeByte(c.kind().ordinal());
      writeTable(c.table(), out);
      writeTable(c.previousTable(), out);
      writeSchema(c.schemaAfter(), out);
      out.writeInt(c.columnChanges().size());
      for (SchemaChange.ColumnChange cc : c.columnChanges()) {
        out.writeByte(cc.kind().ordinal());
        writeNullableString(cc.name(), out);
        writeNullableString(cc.newName(), out);
        out.writeBoolean(cc.definition() != null);
        if (cc.definition() != null) {
          writeColumn(cc.definition(), out);
        }
      }
    }
    writeNullableString(e.ddl(), out);
    LogicalMessage m = e.message();
    out.writeBoolean(m != null);
    if (m != null) {
      writeNullableString(m.prefix(), out);
      writeBytes(m.content(), out);
      out.writeBoolean(m.transactional());
    }
  }

  /**
   * Reads an event written by {@link #write}.
   *
   * @throws MalformedInputException for another version or a bad tag
   */
  public static ChangeEvent read(DataInput in) throws IOException {
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new MalformedInputException("Cannot read event: unknown binary version (version=" + version + ")", -1, null, null);
    }
    ChangeEvent.Builder b = ChangeEvent.builder(enumAt(Op.values(), in.readUnsignedByte(), "op"));
    b.table(readTable(in));
    b.key(readRow(in));
    b.before(readRow(in));
    b.after(readRow(in));
    b.schema(readSchema(in));
    b.position(readPosition(in));
    if (in.readBoolean()) {
      b.transport(new TransportPosition(readString(in), readString(in), readString(in)));
    }
    b.commitTime(readInstant(in));
    b.processedTime(readInstant(in));
    if (in.readBoolean()) {
      String id = readString(in);
      long total = in.readLong();
      long collection = in.readLong();
      long count = in.readLong();
      int n = in.readInt();
      Map<String, Long> perTable = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        perTable.put(readString(in), in.readLong());
      }
      b.transaction(new Transaction(id, total, collection, count, perTable));
    }
    b.snapshot(in.readBoolean());
    int changes = in.readInt();
    List<SchemaChange> list = new ArrayList<>(changes);
    for (int i = 0; i < changes; i++) {
      SchemaChange.Kind kind = enumAt(SchemaChange.Kind.values(), in.readUnsignedByte(), "schema change kind");
      TableId table = readTable(in);
      TableId previous = readTable(in);
      TableSchema after = readSchema(in);
      int n = in.readInt();
      List<SchemaChange.ColumnChange> ccs = new ArrayList<>(n);
      for (int j = 0; j < n; j++) {
        SchemaChange.ColumnChange.Kind ck = enumAt(SchemaChange.ColumnChange.Kind.values(), in.readUnsignedByte(), "column change kind");
        String name = readNullableString(in);
        String newName = readNullableString(in);
        Column def = in.readBoolean() ? readColumn(in) : null;
        ccs.add(new SchemaChange.ColumnChange(ck, name, newName, def));
      }
      list.add(new SchemaChange(kind, table, previous, after, ccs));
    }
    b.schemaChanges(list);
    b.ddl(readNullableString(in));
    if (in.readBoolean()) {
      b.message(new LogicalMessage(readNullableString(in), readBytes(in), in.readBoolean()));
    }
    return b.build();
  }

  private static <E extends Enum<E>> E enumAt(E[] values, int i, String what) {
    if (i >= values.length) {
      throw new MalformedInputException("Cannot read event: unknown " + what + " (index=" + i + ")", -1, null, null);
    }
    return values[i];
  }

  // ------------------------------------------------------------------ parts

  private static void writeTable(TableId t, DataOutput out) throws IOException {
    out.writeBoolean(t != null);
    if (t != null) {
      writeNullableString(t.database(), out);
      writeNullableString(t.schema(), out);
      writeString(t.table(), out);
    }
  }

  private static TableId readTable(DataInput in) throws IOException {
    return in.readBoolean() ? new TableId(readNullableString(in), readNullableString(in), readString(in)) : null;
  }

  private static void writePosition(SourcePosition p, DataOutput out) throws IOException {
    out.writeBoolean(p != null);
    if (p != null) {
      writeString(p.kind(), out);
      out.writeInt(p.partCount());
      for (int i = 0; i < p.partCount(); i++) {
        writeString(p.partName(i), out);
        out.writeLong(p.part(i));
      }
      writeNullableString(p.text(), out);
    }
  }

  private static SourcePosition readPosition(DataInput in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    String kind = readString(in);
    int n = in.readInt();
    String[] names = new String[n];
    long[] parts = new long[n];
    for (int i = 0; i < n; i++) {
      names[i] = readString(in);
      parts[i] = in.readLong();
    }
    String text = readNullableString(in);
    if (n == 0) {
      return SourcePosition.opaque(kind, text);
    }
    return SourcePosition.of(kind, names, parts, text);
  }

  private static void writeInstant(Instant i, DataOutput out) throws IOException {
    out.writeBoolean(i != null);
    if (i != null) {
      out.writeLong(i.getEpochSecond());
      out.writeInt(i.getNano());
    }
  }

  private static Instant readInstant(DataInput in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }

  private static void writeSchema(TableSchema s, DataOutput out) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeInt(s.columns().size());
      for (Column c : s.columns()) {
        writeColumn(c, out);
      }
      out.writeInt(s.primaryKey().size());
      for (String k : s.primaryKey()) {
        writeString(k, out);
      }
    }
  }

  private static TableSchema readSchema(DataInput in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    int n = in.readInt();
    List<Column> cols = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      cols.add(readColumn(in));
    }
    int k = in.readInt();
    List<String> key = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      key.add(readString(in));
    }
    return new TableSchema(cols, key);
  }

  private static void writeColumn(Column c, DataOutput out) throws IOException {
    writeString(c.name(), out);
    writeType(c.type(), out);
    out.writeBoolean(c.optional());
    writeNullableString(c.sourceType(), out);
    writeValue(c.defaultValue(), out);
  }

  private static Column readColumn(DataInput in) throws IOException {
    return new Column(readString(in), readType(in), in.readBoolean(), readNullableString(in), readValue(in));
  }

  private static void writeType(ColumnType t, DataOutput out) throws IOException {
    out.writeByte(t.kind().ordinal());
    if (t instanceof ColumnType.DecimalType d) {
      out.writeInt(d.precision());
      out.writeInt(d.scale());
    } else if (t instanceof ColumnType.ListType l) {
      writeType(l.element(), out);
    } else if (t instanceof ColumnType.MapType m) {
      writeType(m.key(), out);
      writeType(m.value(), out);
    } else if (t instanceof ColumnType.StructType s) {
      out.writeInt(s.fields().size());
      for (Column c : s.fields()) {
        writeColumn(c, out);
      }
    }
  }

  private static ColumnType readType(DataInput in) throws IOException {
    ColumnType.Kind kind = enumAt(ColumnType.Kind.values(), in.readUnsignedByte(), "column type");
    return switch (kind) {
      case DECIMAL -> ColumnType.decimal(in.readInt(), in.readInt());
      case LIST -> ColumnType.list(readType(in));
      case MAP -> ColumnType.map(readType(in), readType(in));
      case STRUCT -> {
        int n = in.readInt();
        List<Column> fields = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          fields.add(readColumn(in));
        }
        yield ColumnType.struct(fields);
      }
      default -> ColumnType.of(kind);
    };
  }

  // ------------------------------------------------------------------ rows and values

  private static final int ABSENT_ROW = 0;
  private static final int PRESENT_ROW = 1;

  private static void writeRow(Row r, DataOutput out) throws IOException {
    if (r == null) {
      out.writeByte(ABSENT_ROW);
      return;
    }
    out.writeByte(PRESENT_ROW);
    out.writeInt(r.size());
    for (int i = 0; i < r.size(); i++) {
      writeString(r.name(i), out);
      if (r.state(i) == ColumnState.UNCHANGED) {
        out.writeByte(T_UNCHANGED);
      } else {
        writeValue(r.value(i), out);
      }
    }
  }

  private static Row readRow(DataInput in) throws IOException {
    if (in.readUnsignedByte() == ABSENT_ROW) {
      return null;
    }
    int n = in.readInt();
    Row.Builder b = Row.builder(n);
    for (int i = 0; i < n; i++) {
      String name = readString(in);
      int tag = in.readUnsignedByte();
      if (tag == T_UNCHANGED) {
        b.putUnchanged(name);
      } else {
        b.put(name, readTagged(tag, in));
      }
    }
    return b.build();
  }

  private static final int T_NULL = 0;
  private static final int T_UNCHANGED = 1;
  private static final int T_FALSE = 2;
  private static final int T_TRUE = 3;
  private static final int T_INT = 4;
  private static final int T_LONG = 5;
  private static final int T_FLOAT = 6;
  private static final int T_DOUBLE = 7;
  private static final int T_DECIMAL = 8;
  private static final int T_STRING = 9;
  private static final int T_BYTES = 10;
  private static final int T_DATE = 11;
  private static final int T_TIME = 12;
  private static final int T_TIMESTAMP = 13;
  private static final int T_TIMESTAMP_TZ = 14;
  private static final int T_UUID = 15;
  private static final int T_LIST = 16;
  private static final int T_MAP = 17;
  private static final int T_ROW = 18;
  private static final int T_INSTANT = 19;
  private static final int T_BIG_INTEGER = 20;
  private static final int T_SHORT = 21;
  private static final int T_BYTE = 22;

  private static void writeValue(Object v, DataOutput out) throws IOException {
    if (v == null) {
      out.writeByte(T_NULL);
    } else if (v == Row.unchangedMarker()) {
      out.writeByte(T_UNCHANGED);
    } else if (v instanceof Boolean x) {
      out.writeByte(x ? T_TRUE : T_FALSE);
    } else if (v instanceof Integer x) {
      out.writeByte(T_INT);
      out.writeInt(x);
    } else if (v instanceof Long x) {
      out.writeByte(T_LONG);
      out.writeLong(x);
    } else if (v instanceof Float x) {
      out.writeByte(T_FLOAT);
      out.writeInt(Float.floatToRawIntBits(x));
    } else if (v instanceof Double x) {
      out.writeByte(T_DOUBLE);
      out.writeLong(Double.doubleToRawLongBits(x));
    } else if (v instanceof BigDecimal x) {
      out.writeByte(T_DECIMAL);
      out.writeInt(x.scale());
      writeBytes(x.unscaledValue().toByteArray(), out);
    } else if (v instanceof String x) {
      out.writeByte(T_STRING);
      writeString(x, out);
    } else if (v instanceof byte[] x) {
      out.writeByte(T_BYTES);
      writeBytes(x, out);
    } else if (v instanceof LocalDate x) {
      out.writeByte(T_DATE);
      out.writeLong(x.toEpochDay());
    } else if (v instanceof LocalTime x) {
      out.writeByte(T_TIME);
      out.writeLong(x.toNanoOfDay());
    } else if (v instanceof LocalDateTime x) {
      out.writeByte(T_TIMESTAMP);
      out.writeLong(x.toLocalDate().toEpochDay());
      out.writeLong(x.toLocalTime().toNanoOfDay());
    } else if (v instanceof OffsetDateTime x) {
      out.writeByte(T_TIMESTAMP_TZ);
      out.writeLong(x.toLocalDate().toEpochDay());
      out.writeLong(x.toLocalTime().toNanoOfDay());
      out.writeInt(x.getOffset().getTotalSeconds());
    } else if (v instanceof UUID x) {
      out.writeByte(T_UUID);
      out.writeLong(x.getMostSignificantBits());
      out.writeLong(x.getLeastSignificantBits());
    } else if (v instanceof List<?> x) {
      out.writeByte(T_LIST);
      out.writeInt(x.size());
      for (Object o : x) {
        writeValue(o, out);
      }
    } else if (v instanceof Map<?, ?> x) {
      out.writeByte(T_MAP);
      out.writeInt(x.size());
      for (Map.Entry<?, ?> o : x.entrySet()) {
        writeValue(o.getKey(), out);
        writeValue(o.getValue(), out);
      }
    } else if (v instanceof Row x) {
      out.writeByte(T_ROW);
      writeRow(x, out);
    } else if (v instanceof Instant x) {
      out.writeByte(T_INSTANT);
      writeInstant(x, out);
    } else if (v instanceof BigInteger x) {
      out.writeByte(T_BIG_INTEGER);
      writeBytes(x.toByteArray(), out);
    } else if (v instanceof Short x) {
      out.writeByte(T_SHORT);
      out.writeShort(x);
    } else if (v instanceof Byte x) {
      out.writeByte(T_BYTE);
      out.writeByte(x);
    } else {
      throw new IllegalArgumentException("Cannot write event: a value of an unsupported class (class=" + v.getClass().getName() + ")");
    }
  }

  private static Object readValue(DataInput in) throws IOException {
    int tag = in.readUnsignedByte();
    if (tag == T_UNCHANGED) {
      return Row.unchangedMarker();
    }
    return readTagged(tag, in);
  }

  private static Object readTagged(int tag, DataInput in) throws IOException {
    return switch (tag) {
      case T_NULL -> null;
      case T_FALSE -> Boolean.FALSE;
      case T_TRUE -> Boolean.TRUE;
      case T_INT -> in.readInt();
      case T_LONG -> in.readLong();
      case T_FLOAT -> Float.intBitsToFloat(in.readInt());
      case T_DOUBLE -> Double.longBitsToDouble(in.readLong());
      case T_DECIMAL -> {
        int scale = in.readInt();
        yield new BigDecimal(new BigInteger(readBytes(in)), scale);
      }
      case T_STRING -> readString(in);
      case T_BYTES -> readBytes(in);
      case T_DATE -> LocalDate.ofEpochDay(in.readLong());
      case T_TIME -> LocalTime.ofNanoOfDay(in.readLong());
      case T_TIMESTAMP -> LocalDateTime.of(LocalDate.ofEpochDay(in.readLong()), LocalTime.ofNanoOfDay(in.readLong()));
      case T_TIMESTAMP_TZ -> OffsetDateTime.of(LocalDate.ofEpochDay(in.readLong()), LocalTime.ofNanoOfDay(in.readLong()),
          ZoneOffset.ofTotalSeconds(in.readInt()));
      case T_UUID -> new UUID(in.readLong(), in.readLong());
      case T_LIST -> {
        int n = in.readInt();
        List<Object> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          l.add(readValue(in));
        }
        yield Collections.unmodifiableList(l);
      }
      case T_MAP -> {
        int n = in.readInt();
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          m.put(readValue(in), readValue(in));
        }
        yield Collections.unmodifiableMap(m);
      }
      case T_ROW -> readRow(in);
      case T_INSTANT -> readInstant(in);
      case T_BIG_INTEGER -> new BigInteger(readBytes(in));
      case T_SHORT -> in.readShort();
      case T_BYTE -> in.readByte();
      default -> throw new MalformedInputException("Cannot read event: unknown value tag (tag=" + tag + ")", -1, null, null);
    };
  }

  private static void writeBytes(byte[] b, DataOutput out) throws IOException {
    out.writeInt(b == null ? -1 : b.length);
    if (b != null) {
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  private static void writeString(String s, DataOutput out) throws IOException {
    if (s.length() <= 16_383) {
      out.writeByte(0);
      out.writeUTF(s); // modified UTF-8 takes at most 3 bytes per char: fits the 65,535-byte limit
    } else {
      out.writeByte(1);
      writeBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), out);
    }
  }

  private static String readString(DataInput in) throws IOException {
    int form = in.readUnsignedByte();
    if (form == 0) {
      return in.readUTF();
    }
    if (form != 1) {
      throw new MalformedInputException("Cannot read event: unknown string form (form=" + form + ")", -1, null, null);
    }
    return new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void writeNullableString(String s, DataOutput out) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      writeString(s, out);
    }
  }

  private static String readNullableString(DataInput in) throws IOException {
    return in.readBoolean() ? readString(in) : null;
  }
}
