package io.cdclake.codec.dms.internal;

import io.cdclake.codec.json.internal.FastJson;
import io.cdclake.codec.json.internal.NameTable;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.Transaction;
import io.cdclake.model.TransportPosition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;

/**
 * The fast path of {@code DmsJsonDecoder}: a plain data record ({@code data}, the before-image
 * object, {@code metadata}, in any order) read straight from its bytes with {@link FastJson},
 * values converted as they are read. DMS writes {@code metadata} last, so the row is read with the
 * columns of the table the last message named and read again from its byte range when this message
 * names another. Everything else (control records, Kinesis wrappers, DMS's own tables, nested
 * values, {@code _doc}, before-image columns, a key taken from the partition key, a value that does
 * not convert, any doubt about the input) gives null, and {@link DmsJsonInput} decodes the message
 * through the tree, which gives the same event or reports the error. Values the fast path has no
 * byte-level reader for go through the same {@link ValueConverter} calls as the tree path, with the
 * same raw representation ({@link String}, {@link JsonNum}, {@link Boolean}). Thread-safe: the only
 * state is caches of immutable values.
 */
public final class DmsFastPath {
  private static final byte[] DATA = ascii("data");
  private static final byte[] METADATA = ascii("metadata");

  private static final String[] META = {"timestamp", "record-type", "operation", "partition-key-type", "partition-key-value", "schema-name",
      "table-name", "transaction-id", "transaction-record-id", "prev-transaction-id", "prev-transaction-record-id", "commit-timestamp",
      "stream-position"};
  private static final int TIMESTAMP = 0;
  private static final int RECORD_TYPE = 1;
  private static final int OPERATION = 2;
  private static final int PK_TYPE = 3;
  private static final int PK_VALUE = 4;
  private static final int SCHEMA_NAME = 5;
  private static final int TABLE_NAME = 6;
  private static final int TX_ID = 7;
  private static final int TX_RECORD = 8;
  private static final int PREV_TX_ID = 9;
  private static final int PREV_TX_RECORD = 10;
  private static final int COMMIT_TIMESTAMP = 11;
  private static final int STREAM_POSITION = 12;
  private static final byte[][] META_BYTES = new byte[META.length][];
  private static final QuotedName[] META_QUOTED = new QuotedName[META.length];
  private static final NameTable META_TABLE;

  static {
    for (int i = 0; i < META.length; i++) {
      META_BYTES[i] = ascii(META[i]);
      META_QUOTED[i] = new QuotedName(META_BYTES[i]);
    }
    META_TABLE = new NameTable(META_BYTES);
  }

  private final DecodeRules rules;
  private final ValueConverter values;
  private final byte[] beforeImageField;
  private final Predicate<TableId> internalTable;
  private final boolean skipInternalTables;
  private final JsonLimits limits;
  /** The columns the last message's table declared: the guess for the next message (racy by design; any value is safe). */
  private volatile Columns last = Columns.NONE;
  private volatile TableId lastTable;
  /** The last value of each repeating metadata text field (racy by design: any String there is a correct one to compare with). */
  private final Literal[] lastText = new Literal[META.length << LITERAL_BITS];
  /** For each metadata field, the field that followed it last time: the name to try first (racy by design; any value is only a guess). */
  private final int[] nextMeta = new int[META.length + 1];
  /** The last transaction handed out: the next event of the same transaction shares it (immutable; racy by design). */
  private volatile Transaction lastTransaction;
  /** The key columns of the last table as an array for {@link Row#wrap}, with the list they were taken from (racy by design). */
  private volatile KeyNames lastKey;

  /**
   * One thread's working arrays for a message: the metadata texts and timestamps and the values of
   * the row being read. Never handed out: a row gets an exact copy of its values. A message is
   * read without calling out, so one set per thread serves every decoder on it.
   */
  private static final class Scratch {
    final String[] meta = new String[META.length];
    final Instant[] instants = new Instant[2];
    Object[] values = new Object[64];
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** A key's column names as the list the rules gave and as the names array of a key row; immutable. */
  private static final class KeyNames {
    final List<String> list;
    final String[] names;

    KeyNames(List<String> list) {
      this.list = list;
      this.names = list.toArray(new String[0]);
    }
  }

  public DmsFastPath(DecodeRules rules, String beforeImageField, Predicate<TableId> internalTable, boolean skipInternalTables,
      JsonLimits limits) {
    this.rules = rules;
    this.values = rules.values();
    this.beforeImageField = beforeImageField.getBytes(StandardCharsets.UTF_8);
    this.internalTable = internalTable;
    this.skipInternalTables = skipInternalTables;
    this.limits = limits;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** A table's declared columns, for reading rows: names as bytes, types, a name table. Immutable. */
  static final class Columns {
    static final Columns NONE = new Columns(null);

    final TableSchema schema;
    final String[] names;
    final byte[][] bytes;
    final ColumnType[] types;
    /** What each column's value usually starts with ({@link DmsFastPath#expected}). */
    final byte[] expected;
    final NameTable table;
    /** The names as compact JSON writes them, for recognising the expected next column in one or two word comparisons. */
    final QuotedName[] quoted;

    Columns(TableSchema schema) {
      this.schema = schema;
      int n = schema == null ? 0 : schema.columns().size();
      names = new String[n];
      bytes = new byte[n][];
      types = new ColumnType[n];
      quoted = new QuotedName[n];
      expected = new byte[n];
      for (int i = 0; i < n; i++) {
        names[i] = schema.columns().get(i).name();
        bytes[i] = names[i].getBytes(StandardCharsets.UTF_8);
        types[i] = schema.columns().get(i).type();
        quoted[i] = new QuotedName(bytes[i]);
        expected[i] = expected(types[i]);
      }
      table = new NameTable(bytes);
    }

    /**
     * Names arrays made for sets of columns, by a hash of the set (racy by design: any entry there
     * is a correct one for its mask). Rows of a table leave out a few NULL columns in varying
     * combinations; a few hundred combinations cover most rows.
     */
    private final NamesEntry[] namesCache = new NamesEntry[NAMES_CACHE];

    /**
     * The names of the columns in {@code mask} (at most 64 columns), in declared order: the same
     * array as last time when the set repeats (DMS leaves NULL columns out, so rows of a table
     * mostly differ in a few columns), all the names when all are there.
     */
    String[] namesFor(long mask, int count) {
      if (count == names.length) {
        return names;
      }
      int slot = (int) ((mask * 0x9E3779B97F4A7C15L) >>> (64 - NAMES_CACHE_BITS));
      NamesEntry e = namesCache[slot];
      if (e != null && e.mask == mask) {
        return e.names;
      }
      String[] a = inOrder(mask, count, count);
      namesCache[slot] = new NamesEntry(mask, a);
      return a;
    }

    /** A new array of {@code length} whose first {@code count} elements are the names of the columns in {@code mask}, in declared order. */
    String[] inOrder(long mask, int count, int length) {
      String[] a = new String[length];
      long m = mask;
      for (int k = 0; k < count; k++) {
        int i = Long.numberOfTrailingZeros(m);
        a[k] = names[i];
        m &= m - 1;
      }
      return a;
    }
  }

  private static final int NAMES_CACHE_BITS = 8;
  private static final int NAMES_CACHE = 1 << NAMES_CACHE_BITS;

  /** A set of columns and its names array; final fields, so a racy read sees both. */
  private static final class NamesEntry {
    final long mask;
    final String[] names;

    NamesEntry(long mask, String[] names) {
      this.mask = mask;
      this.names = names;
    }
  }

  private Columns columns(TableSchema declared) {
    Columns c = last;
    if (c.schema == declared) {
      return c;
    }
    c = declared == null ? Columns.NONE : new Columns(declared);
    last = c;
    return c;
  }

  /** The event of one DMS message, or null to take the tree path. */
  public ChangeEvent decode(byte[] b, TransportPosition transport) {
    if (b.length > limits.maxMessageLength() || limits.maxNestingDepth() < 3 || rules.beforeImageColumns()) {
      return null;
    }
    try {
      return read(b, transport);
    } catch (RuntimeException e) {
      return null; // FastJson.Bail, ConversionFailure, or anything else: the tree path decides
    }
  }

  private ChangeEvent read(byte[] b, TransportPosition transport) {
    FastJson r = new FastJson(b, 0, b.length, limits);
    Columns guess = last;
    Row data = null;
    Row before = null;
    boolean hasBefore = false;
    int dataFrom = -1;
    int dataTo = -1;
    int beforeFrom = -1;
    int beforeTo = -1;
    String[] meta = null;
    Scratch scratch = SCRATCH.get();
    Instant[] instants = scratch.instants;
    instants[0] = null;
    instants[1] = null;
    if (!r.startObject()) {
      return null;
    }
    do {
      r.name();
      if (r.nameIs(DATA)) {
        if (dataFrom >= 0 || r.kind() != '{') {
          return null;
        }
        dataFrom = r.pos;
        data = row(r, guess, scratch);
        dataTo = r.pos;
      } else if (r.nameIs(beforeImageField)) {
        if (hasBefore) {
          return null;
        }
        hasBefore = true;
        if (!r.tryNull()) {
          if (r.kind() != '{') {
            return null;
          }
          beforeFrom = r.pos;
          before = row(r, guess, scratch);
          beforeTo = r.pos;
        }
      } else if (r.nameIs(METADATA)) {
        if (meta != null || r.kind() != '{') {
          return null;
        }
        meta = metadata(r, scratch);
      } else {
        return null; // control, Kinesis wrappers, anything else
      }
    } while (r.nextMember());
    r.expectEnd();
    if (meta == null || dataFrom < 0 || !"data".equals(meta[RECORD_TYPE])) {
      return null;
    }
    String tableName = meta[TABLE_NAME];
    if (tableName == null || tableName.isEmpty() || meta[OPERATION] == null) {
      return null;
    }
    TableId table = table(meta[SCHEMA_NAME], tableName);
    if (skipInternalTables && internalTable.test(table)) {
      return null; // the tree path counts it
    }
    Op op = switch (meta[OPERATION]) {
      case "load" -> Op.SNAPSHOT_READ;
      case "insert" -> Op.INSERT;
      case "update" -> Op.UPDATE;
      case "delete" -> Op.DELETE;
      default -> null;
    };
    if (op == null) {
      return null;
    }
    Instant processed = meta[TIMESTAMP] == INSTANT ? instants[0] : instant(meta[TIMESTAMP]);
    Instant commit = meta[COMMIT_TIMESTAMP] == INSTANT ? instants[1] : instant(meta[COMMIT_TIMESTAMP]);
    long record = meta[TX_RECORD] == null ? -1 : Long.parseLong(meta[TX_RECORD]);
    TableSchema declared = rules.schemaOf(table);
    if (declared == null && rules.requireKnownTables()) {
      return null;
    }
    Columns cols = columns(declared);
    if (cols != guess) {
      data = row(new FastJson(b, dataFrom, dataTo, limits), cols, scratch);
      if (beforeFrom >= 0) {
        before = row(new FastJson(b, beforeFrom, beforeTo, limits), cols, scratch);
      }
    }
    List<String> keyCols = rules.keyColumnsOf(table, declared);
    ChangeEvent.Builder e = ChangeEvent.builder(op).schema(declared);
    switch (op) {
      case SNAPSHOT_READ -> e.after(data).snapshot(true);
      case INSERT -> e.after(data);
      case UPDATE -> e.after(data).before(before);
      case DELETE -> e.before(rules.deleteImage(data, keyCols));
      default -> throw new IllegalStateException();
    }
    if (!keyCols.isEmpty()) {
      Row key = key(data, keyCols);
      if (key == null) {
        return null; // the key comes from the partition key, or is an error: the tree path knows
      }
      e.key(key);
    }
    e.table(table).processedTime(processed).commitTime(commit).transport(transport)
        .position(Positions.of(meta[STREAM_POSITION], commit, record));
    if (meta[TX_ID] != null) {
      e.transaction(transaction(meta[TX_ID], record));
    }
    return e.build();
  }

  /** {@code Transaction.of(id, record, -1)}: the last one when it is equal (a transaction's events follow each other). */
  private Transaction transaction(String id, long record) {
    Transaction t = lastTransaction;
    if (t != null && t.totalOrder() == record && t.id().equals(id)) {
      return t;
    }
    t = Transaction.of(id, record, -1);
    lastTransaction = t;
    return t;
  }

  /** {@code data.project(keyCols)} when the row has every key column (names shared per key); null when it lacks one. */
  private Row key(Row data, List<String> keyCols) {
    KeyNames k = lastKey;
    if (k == null || k.list != keyCols) {
      k = new KeyNames(keyCols);
      lastKey = k;
    }
    String[] names = k.names;
    Object[] values = new Object[names.length];
    for (int j = 0; j < names.length; j++) {
      int i = data.indexOf(names[j]);
      if (i < 0) {
        return null;
      }
      values[j] = data.state(i) == io.cdclake.model.ColumnState.UNCHANGED ? Row.unchangedMarker() : data.value(i);
    }
    return Row.wrap(names, values);
  }

  private static Instant instant(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    Instant i = DmsMessageDecoder.parseInstant(s);
    if (i == null) {
      throw FastJson.bail();
    }
    return i;
  }

  private TableId table(String schema, String name) {
    TableId t = lastTable;
    if (t != null && name.equals(t.table()) && java.util.Objects.equals(schema == null || schema.isEmpty() ? null : schema, t.schema())
        && t.database() == null) {
      return t;
    }
    t = new TableId(null, schema, name);
    lastTable = t;
    return t;
  }

  // ---------------------------------------------------------------- metadata

  /** The metadata fields as text (numbers as their literal), indexed as {@link #META}; bails on anything the tree path would refuse. */
  private String[] metadata(FastJson r, Scratch scratch) {
    String[] m = scratch.meta;
    java.util.Arrays.fill(m, null);
    Instant[] instants = scratch.instants;
    int seen = 0;
    int unknownFrom = -1;
    int[] unknown = null;
    int unknownCount = 0;
    if (!r.startObject()) {
      return m;
    }
    int[] order = nextMeta;
    int prev = META.length;
    do {
      int guess = order[prev];
      int i = META_QUOTED[guess].match(r) ? guess : META_TABLE.next(r, order, prev);
      if (i < 0) {
        // an unknown member: a scalar, and not a repeated name
        if (unknown == null) {
          unknown = new int[8];
        }
        for (int k = 0; k < unknownCount; k += 2) {
          if (r.strEnd - r.strStart == unknown[k + 1] - unknown[k]
              && java.util.Arrays.equals(r.b, r.strStart, r.strEnd, r.b, unknown[k], unknown[k + 1])) {
            throw FastJson.bail();
          }
        }
        if (unknownCount == unknown.length) {
          unknown = java.util.Arrays.copyOf(unknown, unknownCount * 2);
        }
        unknown[unknownCount++] = r.strStart;
        unknown[unknownCount++] = r.strEnd;
        byte k = r.kind();
        if (k == '{' || k == '[') {
          throw FastJson.bail();
        }
        r.skipValue(2);
        continue;
      }
      prev = i;
      if ((seen & (1 << i)) != 0) {
        throw FastJson.bail();
      }
      seen |= 1 << i;
      m[i] = metaValue(r, i, instants);
    } while (r.nextMember());
    return m;
  }

  /** Stands for a timestamp already parsed into {@code instants}. */
  private static final String INSTANT = new String("<instant>");

  private String metaValue(FastJson r, int i, Instant[] instants) {
    byte kind = r.kind();
    if ((REPEATING & (1 << i)) != 0) {
      String s = repeated(r, i);
      if (s != null) {
        return s;
      }
    }
    switch (kind) {
      case 'n' -> {
        r.tryNull();
        if (i == RECORD_TYPE || i == OPERATION || i == TABLE_NAME) {
          throw FastJson.bail(); // required strings
        }
        return null;
      }
      case '"' -> {
        r.scanString();
        if (i == TX_RECORD || i == PREV_TX_RECORD) {
          String s = r.string();
          if (Positions.unsigned(s) < 0) {
            throw FastJson.bail();
          }
          return Long.toString(Positions.unsigned(s));
        }
        if ((i == TIMESTAMP || i == COMMIT_TIMESTAMP) && r.strKind == 0) {
          // the common UTC form straight from the bytes, as DateTimes.parse reads it; anything else as text
          Instant t = DateTimeBytes.instantZ(r.b, r.strStart, r.strEnd);
          if (t != null) {
            instants[i == TIMESTAMP ? 0 : 1] = t;
            return INSTANT;
          }
        }
        return i == RECORD_TYPE || i == OPERATION || i == PK_TYPE || i == SCHEMA_NAME || i == TABLE_NAME ? cachedText(r, i) : r.string();
      }
      case '0' -> {
        r.scanNumber();
        if (r.numIsFloat) {
          throw FastJson.bail();
        }
        if (i == TX_ID || i == PREV_TX_ID) {
          return cachedText(r.b, r.numStart, r.numEnd, r.numStart, r.numEnd, i); // a transaction's events repeat its id
        }
        if (i == TX_RECORD || i == PREV_TX_RECORD) {
          String s = r.numberText();
          if (Positions.unsigned(s) < 0) {
            throw FastJson.bail();
          }
          return Long.toString(Positions.unsigned(s));
        }
        throw FastJson.bail(); // a number where text belongs
      }
      default -> throw FastJson.bail();
    }
  }

  /** The metadata fields whose values repeat from message to message (a table's events, a transaction's). */
  private static final int REPEATING = 1 << RECORD_TYPE | 1 << OPERATION | 1 << PK_TYPE | 1 << SCHEMA_NAME | 1 << TABLE_NAME | 1 << TX_ID
      | 1 << PREV_TX_ID;

  /** A metadata value as written (a string with its quotes, or a number's literal) and its text; immutable. */
  private static final class Literal {
    final byte[] bytes;
    final String text;

    Literal(byte[] bytes, String text) {
      this.bytes = bytes;
      this.text = text;
    }
  }

  /**
   * The field's last value when the reader is at the same literal, followed by what may end a
   * value (so scanning it would read the same string or number): consumed. Null otherwise, nothing
   * consumed.
   */
  private String repeated(FastJson r, int field) {
    byte[] a = r.b;
    int p = r.pos;
    Literal l = lastText[literalSlot(a, p, field)];
    if (l == null) {
      return null;
    }
    byte[] e = l.bytes;
    int len = e.length;
    if (p > r.end - len || !java.util.Arrays.equals(a, p, p + len, e, 0, len)) {
      return null;
    }
    int q = p + len;
    if (q < r.end) {
      byte c = a[q];
      if (!(c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
        return null;
      }
    }
    r.pos = q;
    return l.text;
  }

  private String cachedText(FastJson r, int field) {
    return r.strKind != 0 ? r.string() : cachedText(r.b, r.strStart - 1, r.strEnd + 1, r.strStart, r.strEnd, field);
  }

  /** The ASCII text {@code b[from, to)}, remembered with its literal {@code b[literalFrom, literalTo)} as a recent value of the field. */
  private String cachedText(byte[] b, int literalFrom, int literalTo, int from, int to, int field) {
    String s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    lastText[literalSlot(b, literalFrom, field)] = new Literal(java.util.Arrays.copyOfRange(b, literalFrom, literalTo), s);
    return s;
  }

  /** Recent values kept per field: a few, by the literal's second byte (a field such as the operation takes turns among a few values). */
  private static final int LITERAL_BITS = 3;

  private static int literalSlot(byte[] b, int at, int field) {
    return field << LITERAL_BITS | (at + 1 < b.length ? b[at + 1] & ((1 << LITERAL_BITS) - 1) : 0);
  }

  // ---------------------------------------------------------------- rows

  /** A row object (the reader is at '{') as the tree path fills it: message order, declared columns typed, others untyped. */
  private Row row(FastJson r, Columns cols, Scratch scratch) {
    int n = cols.names.length;
    if (n > 64) {
      throw FastJson.bail();
    }
    if (!r.startObject()) {
      return Row.empty();
    }
    // straight into the row's arrays (Row.wrap): no builder, one copy only when columns were left out.
    // While the declared columns arrive in declared order the names follow from `seen` and no
    // names array is filled: one shared array is taken at the end (Columns.namesFor)
    String[] names = null;
    Object[] values = scratch.values;
    int count = 0;
    long seen = 0;
    int hint = 0;
    int last = -1;
    int[] unknown = null;
    int unknownCount = 0;
    do {
      int i;
      if (hint < n && cols.quoted[hint].match(r)) {
        i = hint;
      } else if (hint + 1 < n && cols.quoted[hint + 1].match(r)) {
        i = hint + 1; // DMS leaves NULL columns out: the next but one is the likeliest miss
      } else if (hint < n && r.tryName(cols.bytes[hint])) { // the expected name with whitespace around it
        i = hint;
      } else {
        r.name();
        // DMS leaves NULL columns out: the next but one is the likeliest
        i = hint + 1 < n && r.nameIs(cols.bytes[hint + 1]) ? hint + 1 : n == 0 ? -1 : cols.table.find(r);
      }
      if (names == null && (i <= last)) { // an unknown column (-1), or out of declared order: name each member from now on
        names = cols.inOrder(seen, count, values.length);
      }
      if (count == values.length) { // only after an unknown column or a repeat: names is filled then
        names = java.util.Arrays.copyOf(names, count * 2);
        values = java.util.Arrays.copyOf(values, count * 2);
        scratch.values = values;
      }
      if (i >= 0) {
        long bit = 1L << i;
        if ((seen & bit) != 0) {
          throw FastJson.bail(); // a repeated member: Jackson's duplicate detection reports it
        }
        seen |= bit;
        hint = i + 1;
        last = i;
        if (names != null) {
          names[count] = cols.names[i];
        }
        values[count++] = value(r, cols.expected[i], cols.types[i]);
        continue;
      }
      if (unknown == null) {
        unknown = new int[8];
      }
      for (int k = 0; k < unknownCount; k += 2) {
        if (r.strEnd - r.strStart == unknown[k + 1] - unknown[k]
            && java.util.Arrays.equals(r.b, r.strStart, r.strEnd, r.b, unknown[k], unknown[k + 1])) {
          throw FastJson.bail();
        }
      }
      if (unknownCount == unknown.length) {
        unknown = java.util.Arrays.copyOf(unknown, unknownCount * 2);
      }
      unknown[unknownCount++] = r.strStart;
      unknown[unknownCount++] = r.strEnd;
      names[count] = r.nameString();
      values[count++] = untyped(r);
    } while (r.nextMember());
    if (names == null) {
      names = cols.namesFor(seen, count);
    } else if (count != names.length) {
      names = java.util.Arrays.copyOf(names, count);
    }
    return Row.wrap(names, java.util.Arrays.copyOf(values, count)); // the row's own values: the scratch array stays here
  }

  /** A declared column's value, as {@code ValueConverter.convert} gives it. */
  private Object typed(FastJson r, ColumnType type) {
    switch (r.kind()) {
      case 'n':
        r.tryNull();
        return null;
      case '"': {
        r.scanString();
        return quotedValue(r, type);
      }
      case '0': {
        r.scanNumber();
        return numberValue(r, type);
      }
      case 't':
      case 'f': {
        Boolean v = bool(r);
        return type.kind() == ColumnType.Kind.BOOLEAN ? v : values.convert(v, type);
      }
      default:
        throw FastJson.bail(); // nested values: the tree path
    }
  }

  /** A declared column's value from the string just scanned, as {@code ValueConverter.convert} gives it. */
  private Object quotedValue(FastJson r, ColumnType type) {
    switch (type.kind()) {
      case STRING:
        return r.string();
      case TIMESTAMP: {
        LocalDateTime t = r.strKind == 0 ? DateTimeBytes.dateTimeZ(r.b, r.strStart, r.strEnd) : null;
        if (t != null) {
          return t;
        }
        break;
      }
      case TIMESTAMP_TZ: {
        LocalDateTime t = r.strKind == 0 ? DateTimeBytes.dateTimeZ(r.b, r.strStart, r.strEnd) : null;
        if (t != null) {
          return OffsetDateTime.of(t, ZoneOffset.UTC);
        }
        break;
      }
      case DATE: {
        LocalDate d = r.strKind == 0 && r.strEnd - r.strStart == 10 ? DateTimeBytes.date(r.b, r.strStart) : null;
        if (d != null) {
          return d;
        }
        break;
      }
      default:
        break;
    }
    return values.convert(r.string(), type);
  }

  /** A declared column's value from the number just scanned, as {@code ValueConverter.convert} gives it. */
  private Object numberValue(FastJson r, ColumnType type) {
    switch (type.kind()) {
      case INT: {
        long v = r.longValue();
        if (!r.isIntRange(v)) {
          throw FastJson.bail();
        }
        return (int) v;
      }
      case LONG:
        return r.longValue();
      case DOUBLE: {
        double d = r.doubleValue();
        if (Double.isInfinite(d)) {
          throw FastJson.bail();
        }
        return d;
      }
      case DECIMAL: {
        java.math.BigDecimal d = r.decimalValue();
        ColumnType.DecimalType t = (ColumnType.DecimalType) type;
        // ValueConverter.toDecimal's checks, for a literal with the column's scale already (setScale would give it back)
        if (d.scale() == t.scale() && (d.precision() <= t.precision() || d.signum() == 0)) {
          return d;
        }
        return values.convert(d, type);
      }
      case STRING:
        return r.numberText();
      default:
        return values.convert(new JsonNum(r.numberText(), !r.numIsFloat), type);
    }
  }

  /** What a column's value usually starts with, by its type: the byte {@link #value} looks for before taking {@link #typed}. */
  static final byte QUOTED = 1;
  static final byte NUMERIC = 2;
  static final byte BOOLEAN = 3;
  static final byte OTHER = 0;

  static byte expected(ColumnType type) {
    return switch (type.kind()) {
      case STRING, TIMESTAMP, TIMESTAMP_TZ, DATE -> QUOTED;
      case INT, LONG, DOUBLE, DECIMAL -> NUMERIC;
      case BOOLEAN -> BOOLEAN;
      default -> OTHER;
    };
  }

  /**
   * A declared column's value, as {@link #typed} gives it: the value the column's type leads one to
   * expect (compact JSON: no whitespace before it) read straight away, anything else through typed.
   */
  private Object value(FastJson r, byte expected, ColumnType type) {
    int p = r.pos;
    if (p < r.end) {
      byte c = r.b[p];
      if (expected == QUOTED) {
        if (c == '"') {
          r.scanString();
          return quotedValue(r, type);
        }
      } else if (expected == NUMERIC) {
        if (c == '-' || (c >= '0' && c <= '9')) {
          r.scanNumber();
          return numberValue(r, type);
        }
      } else if (expected == BOOLEAN && (c == 't' || c == 'f')) {
        return bool(r);
      }
    }
    return typed(r, type);
  }


  private static final java.lang.invoke.VarHandle INTS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final int TRUE = 't' | 'r' << 8 | 'u' << 16 | 'e' << 24;
  private static final int ALSE = 'a' | 'l' << 8 | 's' << 16 | 'e' << 24;

  /** The literal true or false at the reader (at 't' or 'f'), as {@link FastJson#booleanValue} reads it: one word comparison. */
  static Boolean bool(FastJson r) {
    byte[] a = r.b;
    int p = r.pos;
    int end = r.end;
    int q;
    Boolean v;
    if (p <= end - 4 && (int) INTS.get(a, p) == TRUE) {
      q = p + 4;
      v = Boolean.TRUE;
    } else if (p <= end - 5 && a[p] == 'f' && (int) INTS.get(a, p + 1) == ALSE) {
      q = p + 5;
      v = Boolean.FALSE;
    } else {
      return r.booleanValue(); // not the literal: FastJson decides (and gives up)
    }
    if (q < end) {
      byte c = a[q];
      if (!(c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
        return r.booleanValue(); // "truex": FastJson gives up as Jackson refuses it
      }
    }
    r.pos = q;
    return v;
  }

  /** A value of a column the table does not declare, as {@code ValueConverter.untyped} gives it. */
  private Object untyped(FastJson r) {
    switch (r.kind()) {
      case 'n':
        r.tryNull();
        return null;
      case '"':
        r.scanString();
        return r.string();
      case '0':
        r.scanNumber();
        if (!r.numIsFloat && r.fitsLong()) {
          return r.lastLong;
        }
        return values.untyped(new JsonNum(r.numberText(), !r.numIsFloat));
      case 't':
      case 'f':
        return r.booleanValue();
      default:
        throw FastJson.bail();
    }
  }
}
