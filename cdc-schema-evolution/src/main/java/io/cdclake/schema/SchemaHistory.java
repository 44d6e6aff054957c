package io.cdclake.schema;

import static java.util.Objects.requireNonNull;

import io.cdclake.schema.SchemaUpdate.AddColumn;
import io.cdclake.schema.SchemaUpdate.Change;
import io.cdclake.schema.SchemaUpdate.DropColumn;
import io.cdclake.schema.SchemaUpdate.MakeOptional;
import io.cdclake.schema.SchemaUpdate.RedirectColumn;
import io.cdclake.schema.SchemaUpdate.RenameColumn;
import io.cdclake.schema.SchemaUpdate.RetireColumn;
import io.cdclake.schema.SchemaUpdate.SetIdentifierFields;
import io.cdclake.schema.SchemaUpdate.WidenColumn;
import io.cdclake.schema.internal.MiniJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;

/**
 * The record of every schema change cdc-lake applied to a table, kept in snapshot summaries under
 * {@link EvolutionProperties#SCHEMA_CHANGE} (one record per schema change, in a snapshot that changes
 * no data, committed atomically with the change), and read back from a table's snapshots.
 *
 * <p>The record is compact JSON, for example:
 * <pre>{@code
 * {"v":1,"table":"shop.public.orders","schema-id":3,"via":"ddl","position":"mysql{file=7,pos=4411,row=0}",
 *  "transport":"shop/0@120","ddl":"ALTER TABLE orders RENAME COLUMN note TO remark",
 *  "changes":[{"op":"rename-column","column":"remark","field-id":4,"from":"note","text":"rename column note to remark"}]}
 * }</pre>
 * Keys: {@code v} (format version, 1), {@code table} (the source table), {@code schema-id} (the Iceberg schema
 * after the change), {@code via} ({@code ddl}: a schema-change event; {@code event}: a row event whose schema or
 * values differed from the table), {@code position} and {@code transport} (the event's source and transport
 * positions as text, absent when unknown), {@code ddl} (the source's DDL text or DMS control operation, at most
 * 2,000 characters, absent when none), {@code changes} (in order; each with {@code op}, {@code column} (its full
 * name after the change), {@code field-id} (-1 for a key change), {@code text}, and per op: {@code add-column}:
 * {@code type}, {@code first} or {@code after}, {@code default}; {@code widen-column}: {@code from}, {@code to};
 * {@code rename-column}: {@code from}; {@code drop-column}; {@code keep-column}; {@code make-optional};
 * {@code redirect-column}: {@code source}; {@code set-key}).
 *
 * <p>Snapshot expiry removes old records with their snapshots; the table's schema history itself
 * ({@code table.schemas()}) is kept by Iceberg.
 */
public final class SchemaHistory {
  /** The version of the record format. */
  public static final int FORMAT_VERSION = 1;
  private static final int MAX_DDL = 2000;

  private SchemaHistory() {}

  /**
   * One applied change of one column (or of the key).
   *
   * @param op {@code add-column}, {@code widen-column}, {@code rename-column}, {@code drop-column},
   *     {@code keep-column}, {@code make-optional}, {@code redirect-column} or {@code set-key}
   * @param column the column's full name after the change (for {@code set-key}: the key columns, comma-separated)
   * @param fieldId the column's field id, -1 for {@code set-key}
   * @param text the change as a sentence ({@code add column x long after y})
   * @param details per op (see the class comment)
   */
  public record ColumnRecord(String op, String column, int fieldId, String text, Map<String, String> details) {
    public ColumnRecord {
      requireNonNull(op, "op is null");
      requireNonNull(column, "column is null");
      requireNonNull(text, "text is null");
      details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
  }

  /**
   * One applied schema update.
   *
   * @param snapshotId the snapshot that holds the record (0 before it is committed)
   * @param timestampMillis the snapshot's time (0 before it is committed)
   * @param schemaId the table's schema id after the update
   * @param table the source table
   * @param via {@code ddl} or {@code event}
   * @param position the source position as text, or null
   * @param transport the transport position as text, or null
   * @param ddl the DDL text (or DMS control operation), or null
   * @param changes what changed, in order
   */
  public record Entry(long snapshotId, long timestampMillis, int schemaId, String table, String via, String position, String transport,
      String ddl, List<ColumnRecord> changes) {
    public Entry {
      requireNonNull(table, "table is null");
      requireNonNull(via, "via is null");
      changes = List.copyOf(changes);
    }

    /** The compact JSON form stored under {@link EvolutionProperties#SCHEMA_CHANGE}. */
    public String toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("v", (long) FORMAT_VERSION);
      m.put("table", table);
      m.put("schema-id", (long) schemaId);
      m.put("via", via);
      putIf(m, "position", position);
      putIf(m, "transport", transport);
      putIf(m, "ddl", ddl);
      List<Object> cs = new ArrayList<>();
      for (ColumnRecord c : changes) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("op", c.op());
        x.put("column", c.column());
        x.put("field-id", (long) c.fieldId());
        x.putAll(c.details());
        x.put("text", c.text());
        cs.add(x);
      }
      m.put("changes", cs);
      return MiniJson.write(m);
    }

    /** One line: {@code 2024-05-01T10:00:00Z snapshot 42 schema 3 via ddl at <position>: rename column a to b; ...}. */
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (timestampMillis > 0) {
        sb.append(Instant.ofEpochMilli(timestampMillis)).append(' ');
      }
      if (snapshotId != 0) {
        sb.append("snapshot ").append(snapshotId).append(' ');
      }
      sb.append("schema ").append(schemaId).append(" via ").append(via);
      if (position != null) {
        sb.append(" at ").append(position);
      }
      if (transport != null) {
        sb.append(" (").append(transport).append(')');
      }
      sb.append(": ").append(changes.stream().map(ColumnRecord::text).collect(Collectors.joining("; ")));
      return sb.toString();
    }

    /** This entry as committed in a snapshot. */
    Entry committed(long snapshot, long millis) {
      return new Entry(snapshot, millis, schemaId, table, via, position, transport, ddl, changes);
    }
  }

  private static void putIf(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  /**
   * The record of an update as applied: {@code changes} are the changes that took effect, {@code schema}
   * the committed schema (for the field ids of added columns).
   */
  static Entry entry(SchemaUpdate update, List<Change> changes, Schema schema) {
    List<ColumnRecord> out = new ArrayList<>();
    for (Change c : changes) {
      out.add(record(c, schema));
    }
    SchemaUpdate.Origin o = update.origin();
    String ddl = o == null || o.ddl() == null ? null : o.ddl().length() > MAX_DDL ? o.ddl().substring(0, MAX_DDL) : o.ddl();
    return new Entry(0, 0, schema.schemaId(), update.table().toString(), o == null ? "event" : o.via(),
        o == null || o.position() == null ? null : o.position().toString(), o == null || o.transport() == null ? null
        : o.transport().toString(), ddl, out);
  }

  private static ColumnRecord record(Change c, Schema schema) {
    Map<String, String> d = new LinkedHashMap<>();
    if (c instanceof AddColumn a) {
      Types.NestedField f = schema.findField(a.column());
      d.put("type", IcebergTypes.describe(a.type()));
      if (a.first()) {
        d.put("first", "true");
      } else if (a.after() != null) {
        d.put("after", a.after());
      }
      if (a.defaultValue() != null) {
        d.put("default", IcebergTypes.describeValue(a.defaultValue()));
      }
      return new ColumnRecord("add-column", a.column(), f == null ? -1 : f.fieldId(), a.toString(), d);
    }
    if (c instanceof WidenColumn w) {
      d.put("from", IcebergTypes.describe(w.from()));
      d.put("to", IcebergTypes.describe(w.to()));
      return new ColumnRecord("widen-column", name(schema, w.fieldId(), w.column()), w.fieldId(), w.toString(), d);
    }
    if (c instanceof RenameColumn r) {
      d.put("from", r.from());
      return new ColumnRecord("rename-column", name(schema, r.fieldId(), r.column()), r.fieldId(), r.toString(), d);
    }
    if (c instanceof DropColumn x) {
      return new ColumnRecord("drop-column", x.column(), x.fieldId(), x.toString(), d);
    }
    if (c instanceof RetireColumn x) {
      return new ColumnRecord("keep-column", name(schema, x.fieldId(), x.column()), x.fieldId(), x.toString(), d);
    }
    if (c instanceof MakeOptional x) {
      return new ColumnRecord("make-optional", name(schema, x.fieldId(), x.column()), x.fieldId(), x.toString(), d);
    }
    if (c instanceof RedirectColumn x) {
      Types.NestedField f = schema.asStruct().field(x.column());
      d.put("source", x.sourceColumn());
      return new ColumnRecord("redirect-column", x.column(), f == null ? -1 : f.fieldId(), x.toString(), d);
    }
    SetIdentifierFields k = (SetIdentifierFields) c;
    return new ColumnRecord("set-key", k.column(), -1, k.toString(), d);
  }

  private static String name(Schema schema, int id, String fallback) {
    String n = schema.findColumnName(id);
    return n != null ? n : fallback;
  }

  /**
   * Parses a record.
   *
   * @throws IllegalArgumentException when the text is not a record of a known version
   */
  public static Entry parse(String json, long snapshotId, long timestampMillis) {
    Object tree = MiniJson.parse(json);
    if (!(tree instanceof Map<?, ?> m) || !(m.get("v") instanceof Long v) || v != FORMAT_VERSION || !(m.get("changes") instanceof List<?> cs)) {
      throw new IllegalArgumentException("Cannot read schema history: not a cdc-lake schema-change record of version " + FORMAT_VERSION
          + " (snapshot=" + snapshotId + ", summary key=" + EvolutionProperties.SCHEMA_CHANGE + ")");
    }
    List<ColumnRecord> out = new ArrayList<>();
    for (Object o : cs) {
      if (!(o instanceof Map<?, ?> x)) {
        throw new IllegalArgumentException("Cannot read schema history: a change is not an object (snapshot=" + snapshotId + ")");
      }
      Map<String, String> details = new LinkedHashMap<>();
      x.forEach((k, val) -> {
        if (!k.equals("op") && !k.equals("column") && !k.equals("field-id") && !k.equals("text")) {
          details.put((String) k, String.valueOf(val));
        }
      });
      out.add(new ColumnRecord(str(x.get("op")), str(x.get("column")), x.get("field-id") instanceof Long id ? id.intValue() : -1,
          str(x.get("text")), details));
    }
    return new Entry(snapshotId, timestampMillis, m.get("schema-id") instanceof Long id ? id.intValue() : -1, str(m.get("table")),
        str(m.get("via")), (String) m.get("position"), (String) m.get("transport"), (String) m.get("ddl"), out);
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  /**
   * Every recorded schema change of the table's current history (the current snapshot and its
   * ancestors), oldest first. Refresh the table first to see other writers' changes.
   *
   * @throws IllegalArgumentException when a record is malformed (naming the snapshot)
   */
  public static List<Entry> read(Table table) {
    List<Entry> out = new ArrayList<>();
    Snapshot s = table.currentSnapshot();
    while (s != null) {
      String json = s.summary() == null ? null : s.summary().get(EvolutionProperties.SCHEMA_CHANGE);
      if (json != null) {
        out.add(parse(json, s.snapshotId(), s.timestampMillis()));
      }
      s = s.parentId() == null ? null : table.snapshot(s.parentId());
    }
    Collections.reverse(out);
    return out;
  }

  /**
   * What {@code cdc-lake show --table db.tbl --schema} prints: the table's name, format version and schema
   * id, its columns with field ids ({@link #describe}), then the recorded changes oldest first, one per line
   * ({@link Entry#toString()}). Refreshes the table.
   *
   * @param formatVersion the table's format version ({@code TableUtil.formatVersion(table)} in iceberg-core)
   */
  public static String show(Table table, int formatVersion) {
    table.refresh();
    TableState state = TableState.of(table, formatVersion);
    StringBuilder sb = new StringBuilder();
    sb.append(table.name()).append(" (format v").append(formatVersion).append(", schema ").append(table.schema().schemaId()).append(")\n");
    for (String line : describe(state).split("\n")) {
      sb.append("  ").append(line).append('\n');
    }
    List<Entry> history = read(table);
    sb.append("schema changes (").append(history.size()).append(history.isEmpty() ? ")\n" : "):\n");
    for (Entry e : history) {
      sb.append("  ").append(e).append('\n');
    }
    return sb.toString();
  }

  /**
   * The table's columns with their field ids, one per line, nested fields indented, with what cdc-lake
   * knows of them: {@code 3 note string optional (kept: dropped at the source)},
   * {@code 7 price__v2 string optional (values of source column price)}, key columns marked {@code key}.
   */
  public static String describe(TableState state) {
    StringBuilder sb = new StringBuilder();
    if (state.schema() == null) {
      return "(no table)\n";
    }
    Map<Integer, String> redirected = new LinkedHashMap<>();
    state.redirects().forEach((n, id) -> redirected.put(id, n));
    describe(sb, state.schema().asStruct(), "", state, redirected);
    return sb.toString();
  }

  private static void describe(StringBuilder sb, Types.StructType struct, String indent, TableState state, Map<Integer, String> redirected) {
    for (Types.NestedField f : struct.fields()) {
      sb.append(indent).append(f.fieldId()).append(' ').append(f.name()).append(' ')
          .append(f.type().isStructType() ? "struct" : IcebergTypes.describe(f.type())).append(f.isRequired() ? " required" : " optional");
      if (state.schema().identifierFieldIds().contains(f.fieldId())) {
        sb.append(" key");
      }
      if (f.initialDefault() != null) {
        sb.append(" default ").append(f.initialDefault());
      }
      if (state.isRetired(f.fieldId())) {
        sb.append(" (kept: dropped at the source)");
      }
      if (redirected.containsKey(f.fieldId())) {
        sb.append(" (values of source column ").append(redirected.get(f.fieldId())).append(')');
      }
      sb.append('\n');
      if (f.type().isStructType()) {
        describe(sb, f.type().asStructType(), indent + "  ", state, redirected);
      }
    }
  }
}
