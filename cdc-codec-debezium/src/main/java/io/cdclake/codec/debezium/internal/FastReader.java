package io.cdclake.codec.debezium.internal;

import io.cdclake.codec.json.internal.FastJson;
import io.cdclake.codec.json.internal.NameTable;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Reads envelopes, source blocks and row images with {@link FastJson}, converting values as
 * {@link JsonValues} does: the same conversions ({@link JsonValues#fromString} for every string
 * it has no byte-level reader for), the same placeholder rule, the same duplicate rule. Anything
 * it does not handle (nested values in rows, the {@code message} block, numbers beyond long,
 * strings with an unusual shape) bails to the Jackson path. Thread-safe: the only state is two
 * caches of immutable values.
 */
final class FastReader {
  private static final byte[] BEFORE = ascii("before");
  private static final byte[] AFTER = ascii("after");
  private static final byte[] SOURCE = ascii("source");
  private static final byte[] OP = ascii("op");
  private static final byte[] TS_MS = ascii("ts_ms");
  private static final byte[] TS_US = ascii("ts_us");
  private static final byte[] TS_NS = ascii("ts_ns");
  private static final byte[] TRANSACTION = ascii("transaction");
  private static final byte[] MESSAGE = ascii("message");
  private static final byte[] ID = ascii("id");
  private static final byte[] TOTAL_ORDER = ascii("total_order");
  private static final byte[] COLLECTION_ORDER = ascii("data_collection_order");
  /** The envelope's fields in the order Debezium writes them. */
  private static final byte[][] ENVELOPE_NAMES = {BEFORE, AFTER, SOURCE, OP, TS_MS, TS_US, TS_NS, TRANSACTION, MESSAGE};
  private static final NameTable ENVELOPE_TABLE = new NameTable(ENVELOPE_NAMES);
  private static final FastJson.Name[] ENVELOPE_FAST = new FastJson.Name[ENVELOPE_NAMES.length];

  static {
    for (int i = 0; i < ENVELOPE_NAMES.length; i++) {
      ENVELOPE_FAST[i] = new FastJson.Name(ENVELOPE_NAMES[i]);
    }
  }

  /** The source fields {@link SourceInfo} reads; any other is skipped (SourceInfo ignores it). */
  private static final String[] SOURCE_NAMES = {"version", "connector", "name", "ts_ms", "snapshot", "db", "sequence", "ts_us", "ts_ns",
      "schema", "table", "txId", "lsn", "xmin", "collection", "gtid", "file", "pos", "row", "change_lsn", "commit_lsn", "event_serial_no",
      "scn", "commit_scn", "rs_id", "ssn", "ord", "rs"};
  private static final byte[][] SOURCE_NAME_BYTES = new byte[SOURCE_NAMES.length][];
  private static final NameTable SOURCE_TABLE;
  private static final int SEQUENCE = java.util.Arrays.asList(SOURCE_NAMES).indexOf("sequence");
  /** Values that repeat from message to message and are worth keeping: connector, snapshot, db, schema, table, ... */
  private static final boolean[] SOURCE_CACHED = new boolean[SOURCE_NAMES.length];
  /** Fields SourceInfo does not use at all (read only to be validated). */
  private static final boolean[] SOURCE_UNUSED = new boolean[SOURCE_NAMES.length];
  /** Each source field's {@link SourceInfo#id}. */
  private static final int[] SOURCE_IDS = new int[SOURCE_NAMES.length];

  static {
    for (int i = 0; i < SOURCE_NAMES.length; i++) {
      SOURCE_NAMES[i] = SOURCE_NAMES[i].intern();
      SOURCE_NAME_BYTES[i] = ascii(SOURCE_NAMES[i]);
      SOURCE_IDS[i] = SourceInfo.id(SOURCE_NAMES[i]);
      switch (SOURCE_NAMES[i]) {
        case "connector", "snapshot", "db", "schema", "table", "collection", "file" -> SOURCE_CACHED[i] = true;
        case "version", "name", "xmin" -> SOURCE_UNUSED[i] = true;
        default -> { }
      }
    }
    SOURCE_TABLE = new NameTable(SOURCE_NAME_BYTES);
  }

  static final String OP_C = "c";
  static final String OP_U = "u";
  static final String OP_D = "d";
  static final String OP_R = "r";

  private final Options o;
  private final Placeholder placeholder;
  private final JsonValues values;
  /** For each source field, the field that followed it last time: the name to try first (racy by design; any value is only a guess). */
  private final int[] nextSourceField = new int[SOURCE_NAMES.length + 1];
  /** For each source field whose values repeat, the last value (racy by design: any String there is a correct one to compare with). */
  private final String[] lastText = new String[SOURCE_NAMES.length];
  private volatile TableId lastTable;

  FastReader(Options o, JsonValues values) {
    this.o = o;
    this.values = values;
    this.placeholder = values.placeholder();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  // ---------------------------------------------------------------- envelope

  /**
   * Reads the envelope object at the reader's position into {@code x}.
   *
   * @param strict JSON without a schema: every field must be an envelope field and appear once (the
   *     general path would classify anything else differently); with a schema, unknown fields are
   *     skipped and a repeated field replaces the earlier one, as the Jackson path does
   * @param noteRanges whether to note the byte ranges of the row images read in {@code x} (for
   *     reading them again with another struct)
   */
  void envelope(FastJson r, Struct before, Struct after, boolean strict, int depth, Events.Parts x, boolean noteRanges) {
    if (depth + 1 >= o.maxNestingDepth()) {
      throw FastJson.bail();
    }
    if (!r.startObject()) {
      if (strict) {
        throw FastJson.bail();
      }
      return;
    }
    int seen = 0;
    int next = 0;
    do {
      int f;
      if (next < ENVELOPE_NAMES.length && r.tryName(ENVELOPE_FAST[next])) {
        f = next;
      } else {
        r.name();
        f = ENVELOPE_TABLE.find(r);
      }
      next = f + 1;
      int bit;
      if (f == 0 || f == 1) {
        boolean isBefore = f == 0;
        bit = isBefore ? 1 : 2;
        Row row = null;
        if (!r.tryNull()) {
          if (r.kind() != '{') {
            throw FastJson.bail();
          }
          int from = r.pos;
          row = row(r, isBefore ? before : after, depth + 1);
          if (noteRanges) {
            if (isBefore) {
              x.beforeFrom = from;
              x.beforeTo = r.pos;
            } else {
              x.afterFrom = from;
              x.afterTo = r.pos;
            }
          }
        }
        if (isBefore) {
          x.before = row;
        } else {
          x.after = row;
        }
      } else if (f == 2) {
        bit = 4;
        source(r, x.source, depth + 1);
      } else if (f == 3) {
        bit = 8;
        x.op = op(r);
      } else if (f == 4) {
        bit = 16;
        x.tsMs = ts(r, depth + 1, strict);
      } else if (f == 5) {
        bit = 32;
        x.tsUs = ts(r, depth + 1, strict);
      } else if (f == 6) {
        bit = 64;
        x.tsNs = ts(r, depth + 1, strict);
      } else if (f == 7) {
        bit = 128;
        x.tx = transaction(r, depth + 1);
      } else if (f == 8 || strict) {
        throw FastJson.bail();
      } else {
        r.skipValue(depth + 1);
        continue;
      }
      if (strict && (seen & bit) != 0) {
        throw FastJson.bail();
      }
      seen |= bit;
    } while (r.nextMember());
    if (strict && ((seen & 8) == 0 || (seen & 7) == 0)) {
      throw FastJson.bail(); // not an envelope: the general path classifies it
    }
  }

  private static String op(FastJson r) {
    if (r.tryNull()) {
      return null;
    }
    if (r.kind() != '"') {
      throw FastJson.bail();
    }
    r.scanString();
    if (r.strKind == 0 && r.strEnd - r.strStart == 1) {
      switch (r.b[r.strStart]) {
        case 'c':
          return OP_C;
        case 'u':
          return OP_U;
        case 'd':
          return OP_D;
        case 'r':
          return OP_R;
        default:
          break;
      }
    }
    return r.string();
  }

  /**
   * An int64 timestamp, or Long.MIN_VALUE for anything else (skipped), as the Jackson path reads
   * it. {@code strict}: JSON without a schema, whose general path reads every top-level number
   * (a fraction as BigDecimal, which can fail): leave fractions and big integers to it.
   */
  private static long ts(FastJson r, int depth, boolean strict) {
    if (r.kind() == '0') {
      r.scanNumber();
      if (!r.numIsFloat && r.fitsLong()) {
        return r.lastLong;
      }
      if (strict) {
        throw FastJson.bail();
      }
      return Long.MIN_VALUE;
    }
    r.skipValue(depth);
    return Long.MIN_VALUE;
  }

  private static Events.TxBlock transaction(FastJson r, int depth) {
    if (r.kind() != '{') {
      r.skipValue(depth);
      return null;
    }
    String id = null;
    long total = -1;
    long coll = -1;
    if (r.startObject()) {
      do {
        r.name();
        if (r.nameIs(ID)) {
          if (!r.tryNull()) {
            if (r.kind() != '"') {
              throw FastJson.bail();
            }
            r.scanString();
            id = r.string();
          } else {
            id = null;
          }
        } else if (r.nameIs(TOTAL_ORDER)) {
          long v = ts(r, depth + 1, false);
          total = v == Long.MIN_VALUE ? -1 : v;
        } else if (r.nameIs(COLLECTION_ORDER)) {
          long v = ts(r, depth + 1, false);
          coll = v == Long.MIN_VALUE ? -1 : v;
        } else {
          r.skipValue(depth + 1);
        }
      } while (r.nextMember());
    }
    return id == null ? null : new Events.TxBlock(id, total, coll);
  }

  // ---------------------------------------------------------------- source

  void source(FastJson r, SourceInfo s, int depth) {
    if (r.kind() != '{') {
      r.skipValue(depth);
      return;
    }
    if (!r.startObject()) {
      return;
    }
    int[] order = nextSourceField;
    int prev = SOURCE_NAMES.length; // the slot for "first field"
    do {
      int i = SOURCE_TABLE.next(r, order, prev);
      if (i < 0) {
        r.skipValue(depth + 1);
        continue;
      }
      prev = i;
      if (SOURCE_UNUSED[i]) {
        r.skipValue(depth + 1);
        continue;
      }
      int name = SOURCE_IDS[i];
      switch (r.kind()) {
        case '"' -> {
          if (i == SEQUENCE) {
            r.scanStringUnvalidated();
            if (r.strKind == 2 && sequence(r, s)) {
              break; // its shape is checked byte by byte: no other escapes to validate
            }
            r.validateString();
            s.acceptString(name, r.string());
            break;
          }
          r.scanString();
          s.acceptString(name, SOURCE_CACHED[i] ? cachedText(r, i) : r.string());
        }
        case '0' -> {
          r.scanNumber();
          if (!r.numIsFloat && r.fitsLong()) {
            s.acceptLong(name, r.lastLong);
          }
        }
        case 't', 'f' -> s.acceptBoolean(name, r.booleanValue());
        default -> r.skipValue(depth + 1);
      }
    } while (r.nextMember());
  }

  /**
   * PostgreSQL's {@code sequence}, {@code "[\"<lastCommitLsn>\",\"<lsn>\"]"} with either element
   * possibly {@code null}, read from the escaped bytes: the text without a StringBuilder and the two
   * numbers for {@link Positions} (at most 18 digits each, so they fit). False for any other shape.
   */
  private static boolean sequence(FastJson r, SourceInfo s) {
    byte[] b = r.b;
    int end = r.strEnd;
    int p = r.strStart;
    if (p >= end || b[p] != '[') {
      return false;
    }
    p = sequenceElement(r, p + 1, end);
    long last = r.lastLong;
    if (p < 0 || p >= end || b[p] != ',') {
      return false;
    }
    p = sequenceElement(r, p + 1, end);
    long cur = r.lastLong;
    if (p < 0 || p + 1 != end || b[p] != ']') {
      return false;
    }
    // the text: the bytes without the escaping backslashes
    int from = r.strStart;
    char[] text = FastJson.scratch(end - from);
    int n = 0;
    for (int i = from; i < end; i++) {
      byte c = b[i];
      if (c != '\\') {
        text[n++] = (char) c;
      }
    }
    s.acceptString(SourceInfo.SEQUENCE, new String(text, 0, n));
    s.seqParsed = true;
    s.seqLast = Math.max(last, 0);
    s.seqCur = Math.max(cur, 0);
    s.seqLastNull = last < 0;
    s.seqCurNull = cur < 0;
    return true;
  }

  /** One element of a sequence at {@code p}: its value (at most 18 digits, or -1 for null) in {@code r.lastLong}; the position after it, or -1. */
  private static int sequenceElement(FastJson r, int p, int end) {
    byte[] b = r.b;
    if (p + 4 <= end && b[p] == 'n' && b[p + 1] == 'u' && b[p + 2] == 'l' && b[p + 3] == 'l') {
      r.lastLong = -1;
      return p + 4;
    }
    if (p + 2 > end || b[p] != '\\' || b[p + 1] != '"') {
      return -1;
    }
    p += 2;
    int start = p;
    long x = 0;
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      x = x * 10 + (b[p] - '0');
      p++;
    }
    int digits = p - start;
    if (digits == 0 || digits > 18 || (digits > 1 && b[start] == '0') || p + 2 > end || b[p] != '\\' || b[p + 1] != '"') {
      return -1;
    }
    r.lastLong = x;
    return p + 2;
  }

  /** The last scanned string, as the same String instance as last time when the text repeats. */
  private String cachedText(FastJson r, int field) {
    int len = r.strEnd - r.strStart;
    if (r.strKind != 0) {
      return r.string();
    }
    String s = lastText[field];
    if (s != null && s.length() == len) {
      byte[] b = r.b;
      int from = r.strStart;
      int i = 0;
      while (i < len && s.charAt(i) == b[from + i]) {
        i++;
      }
      if (i == len) {
        return s;
      }
    }
    s = r.string();
    lastText[field] = s;
    return s;
  }

  /** The table the source names: the same TableId instance as last time when it is the same table. */
  TableId tableId(SourceInfo s) {
    TableId last = lastTable;
    if (last != null && !s.isMongo() && s.table != null && !s.table.isEmpty() && s.table.equals(last.table())
        && Objects.equals(emptyToNull(s.schema), last.schema()) && Objects.equals(emptyToNull(s.db), last.database())) {
      return last;
    }
    TableId t = s.tableId();
    if (t != null) {
      lastTable = t;
    }
    return t;
  }

  private static String emptyToNull(String v) {
    return v == null || v.isEmpty() ? null : v;
  }

  // ---------------------------------------------------------------- rows

  /**
   * A row image (the reader is at '{'), as {@link JsonValues#readRow} reads it without meta fields.
   * While the columns arrive in the struct's order the values go straight into an array, and a
   * complete row shares the struct's names array ({@link Row#wrap}); otherwise a builder takes over.
   */
  Row row(FastJson r, Struct s, int depth) {
    Field[] fields = s.fields;
    FastJson.Name[] names = s.fastNames;
    int n = fields.length;
    if (n > 64 || depth >= o.maxNestingDepth()) {
      throw FastJson.bail();
    }
    if (!r.startObject()) {
      return Row.empty();
    }
    Object[] vals = new Object[n];
    int count = 0;
    do {
      if (count < n && r.tryName(names[count])) {
        vals[count] = value(r, fields[count]);
        count++;
        continue;
      }
      r.name();
      // out of order, an unknown column, or a repeat: a builder takes over
      Row.Builder b = Row.builder(Math.max(n, 4));
      for (int i = 0; i < count; i++) {
        b.put(fields[i].name, vals[i]);
      }
      long seen = count == 64 ? -1L : (1L << count) - 1;
      return rowBuilt(r, s, b, seen, count);
    } while (r.nextMember());
    if (count == n) {
      return Row.wrap(s.names, vals);
    }
    Row.Builder b = Row.builder(Math.max(count, 4));
    for (int i = 0; i < count; i++) {
      b.put(fields[i].name, vals[i]);
    }
    return b.build();
  }

  /** The rest of a row with a builder; the reader is just after the current member's name. */
  private Row rowBuilt(FastJson r, Struct s, Row.Builder b, long seen, int hint) {
    Field[] fields = s.fields;
    byte[][] names = s.nameBytes;
    while (true) {
      int i = hint < names.length && r.nameIs(names[hint]) ? hint : s.nameTable().find(r);
      if (i < 0) {
        String name = r.nameString();
        Object v = value(r, Field.DYNAMIC);
        int before = b.size();
        b.set(name, v);
        if (b.size() == before) {
          throw FastJson.bail(); // duplicate: the Jackson path reports it
        }
      } else {
        hint = i + 1;
        long bit = 1L << i;
        if ((seen & bit) != 0) {
          throw FastJson.bail();
        }
        seen |= bit;
        b.put(fields[i].name, value(r, fields[i]));
      }
      if (!r.nextMember()) {
        return b.build();
      }
      r.name();
    }
  }

  /** One scalar value for the field; objects and arrays bail. */
  Object value(FastJson r, Field f) {
    switch (r.kind()) {
      case 'n':
        r.tryNull();
        return null;
      case '"':
        r.scanString();
        return fromString(r, f);
      case '0':
        r.scanNumber();
        return r.numIsFloat ? fromFloat(r, f) : fromInt(r, f);
      case 't':
      case 'f': {
        boolean v = r.booleanValue();
        return switch (f.conv) {
          case BOOLEAN, DYNAMIC -> v;
          case STRING, JSON -> v ? "true" : "false";
          default -> throw FastJson.bail();
        };
      }
      default:
        throw FastJson.bail();
    }
  }

  private Object fromString(FastJson r, Field f) {
    if (placeholder.lengthMatches(r.stringLength())) {
      String s = r.string();
      if (placeholder.isString(s)) {
        return JsonValues.UNCHANGED;
      }
      return values.fromString(s, f);
    }
    switch (f.conv) {
      case STRING, JSON, VSD_STRING, DYNAMIC:
        return r.string();
      case DECIMAL:
        if (f.unit == Field.DEC_BASE64 && r.strKind == 0) {
          java.math.BigDecimal d = FastValues.base64Decimal(r.b, r.strStart, r.strEnd, Math.max(f.scale, 0));
          if (d != null) {
            return d;
          }
        }
        return values.fromString(r.string(), f);
      case TIMESTAMP_TZ:
        if (r.strKind == 0) {
          java.time.OffsetDateTime t = FastValues.zoned(r.b, r.strStart, r.strEnd);
          if (t != null) {
            return t;
          }
        }
        return values.fromString(r.string(), f);
      default:
        return values.fromString(r.string(), f);
    }
  }

  /** A day and its date, one slot of {@link #days}: immutable, so a racy read sees a whole one. */
  private record Day(long epochDay, LocalDate date) {}

  /** The dates of recently seen days, by the day's low bits (racy by design: any slot holds a correct pair). */
  private final Day[] days = new Day[64];

  /** {@code LocalDate.ofEpochDay(epochDay)}, the same instance as last time for a day seen recently. */
  private LocalDate day(long epochDay) {
    int i = (int) epochDay & 63;
    Day d = days[i];
    if (d != null && d.epochDay == epochDay) {
      return d.date;
    }
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    days[i] = new Day(epochDay, date);
    return date;
  }

  /** {@link Values#date(long)}, the date of a day seen recently (by a timestamp) shared. */
  LocalDate date(long epochDay) {
    Day d = days[(int) epochDay & 63];
    if (d != null && d.epochDay == epochDay) {
      return d.date;
    }
    return Values.date(epochDay);
  }

  /**
   * {@link Values#timestamp(long, int)}: the same value, built as {@code LocalDateTime.ofEpochSecond}
   * builds it but with the date part from {@link #day} (timestamps of one table cluster on a few days).
   */
  LocalDateTime timestamp(long v, int unit) {
    if (v == Long.MAX_VALUE || v == Long.MIN_VALUE || v == Values.PG_POSITIVE_INFINITY || v == Values.PG_NEGATIVE_INFINITY) {
      return Values.timestamp(v, unit); // the infinities
    }
    long secs;
    long nano;
    if (unit == Field.NANOS) {
      secs = Math.floorDiv(v, 1_000_000_000L);
      nano = Math.floorMod(v, 1_000_000_000L);
    } else if (unit == Field.MILLIS) {
      secs = Math.floorDiv(v, 1_000L);
      nano = Math.floorMod(v, 1_000L) * 1_000_000L;
    } else {
      secs = Math.floorDiv(v, 1_000_000L);
      nano = Math.floorMod(v, 1_000_000L) * 1_000L;
    }
    long epochDay = Math.floorDiv(secs, 86_400L);
    if (epochDay < MIN_CACHED_DAY || epochDay > MAX_CACHED_DAY) {
      return Values.timestamp(v, unit); // far from today: the general conversion (and its range check)
    }
    long secondOfDay = Math.floorMod(secs, 86_400L);
    return LocalDateTime.of(day(epochDay), LocalTime.ofNanoOfDay(secondOfDay * 1_000_000_000L + nano));
  }

  /** Days the cache takes: years 0 to 9999 (well inside LocalDate's range). */
  private static final long MIN_CACHED_DAY = LocalDate.of(0, 1, 1).toEpochDay();
  private static final long MAX_CACHED_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

  /** {@link Values#timestampTz(long, int)} with {@link #timestamp(long, int)}. */
  OffsetDateTime timestampTz(long v, int unit) {
    LocalDateTime l = timestamp(v, unit);
    if (l == LocalDateTime.MAX || l == LocalDateTime.MIN) {
      return Values.timestampTz(v, unit);
    }
    return OffsetDateTime.of(l, ZoneOffset.UTC);
  }

  private Object fromInt(FastJson r, Field f) {
    switch (f.conv) {
      case INT: {
        long v = r.longValue();
        if (!r.isIntRange(v)) {
          throw FastJson.bail();
        }
        return (int) v;
      }
      case LONG:
      case DURATION_MICROS:
      case DYNAMIC:
        return r.longValue();
      case DOUBLE:
        return r.doubleValue();
      case FLOAT:
        return r.floatValue();
      case BOOLEAN:
        return r.longValue() != 0;
      case DECIMAL:
        return Values.scale(r.decimalValue(), f.scale, f.unit == Field.DEC_DOUBLE);
      case DATE:
        return date(r.longValue());
      case TIME:
        return Values.time(r.longValue(), f.unit);
      case TIMESTAMP:
        return timestamp(r.longValue(), f.unit);
      case TIMESTAMP_TZ:
        return timestampTz(r.longValue(), f.unit);
      case STRING:
      case VSD_STRING:
      case JSON:
        return r.numberText();
      default:
        throw FastJson.bail();
    }
  }

  private static Object fromFloat(FastJson r, Field f) {
    switch (f.conv) {
      case DOUBLE:
        return r.doubleValue();
      case FLOAT:
        return r.floatValue();
      case DECIMAL:
        return Values.scale(r.decimalValue(), f.scale, f.unit == Field.DEC_DOUBLE);
      case DURATION_MICROS:
        return Values.durationMicros(r.doubleValue());
      case STRING:
      case VSD_STRING:
      case JSON:
        return r.numberText();
      case DYNAMIC:
        return r.decimalValue();
      default:
        throw FastJson.bail();
    }
  }
}
