package io.cdclake.schema.internal;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.SchemaChange.ColumnChange;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.schema.EvolutionPolicy;
import io.cdclake.schema.EvolutionProperties;
import io.cdclake.schema.SchemaUpdate;
import io.cdclake.schema.SchemaUpdate.Change;
import io.cdclake.schema.SchemaUpdate.DropColumn;
import io.cdclake.schema.SchemaUpdate.RenameColumn;
import io.cdclake.schema.SchemaUpdate.RetireColumn;
import io.cdclake.schema.TableState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.iceberg.types.Types;

/**
 * What a DDL event asks of a table beyond column types: renames and drops (which a column list alone
 * cannot tell apart, so a rename is taken only where the source says so) and the key. Column types,
 * additions, positions and nullability are left to the {@link Planner}, which handles DDL and message
 * schemas alike.
 *
 * <p>Renames come from, in order: {@link ColumnChange.Kind#RENAME} entries; the DDL text
 * ({@link DdlText}); a DMS {@code rename-column} control record (the event's {@code ddl} is the operation
 * name) whose new column list differs from the table by exactly one column gone and one new. Each is
 * confirmed against the column lists (the old name is gone, the new one is there) before it is taken.
 */
public final class DdlPlanner {
  /** The DMS control operation that says a column was renamed (the decoder puts it in the event's ddl). */
  public static final String DMS_RENAME_COLUMN = "rename-column";

  private final TableId table;
  private final Set<String> declared;
  private final EvolutionPolicy policy;
  private final UnaryOperator<String> icebergName;

  /**
   * @param declared columns the table config declares (never dropped for missing from a column list)
   * @param icebergName the config's mapping of source column names to Iceberg names
   */
  public DdlPlanner(TableId table, Set<String> declared, EvolutionPolicy policy, UnaryOperator<String> icebergName) {
    this.table = table;
    this.declared = Set.copyOf(declared);
    this.policy = policy;
    this.icebergName = icebergName;
  }

  /**
   * The outcome for one table.
   *
   * @param renames renames (and moves of kept columns out of the way), to apply before anything else
   * @param drops drops or retirements, to apply last (after a key change that may release a key column)
   * @param state the table after the renames
   * @param source the source schema under Iceberg names for the planner, or null
   * @param ordered true when {@code source} lists all columns in source order
   * @param keyChange the source's key when it differs from the table's identifier fields, else null
   * @param sourceAfter the source schema to remember (may be partial), or null to keep the previous one
   */
  public record Prepass(List<Change> renames, List<Change> drops, TableState state, TableSchema source, boolean ordered,
      List<String> keyChange, TableSchema sourceAfter) {}

  /**
   * @param c a CREATE_TABLE, ALTER_TABLE or RENAME_TABLE change of this table (source names)
   * @param previous the source schema remembered so far, under Iceberg names, or null
   * @param state the table
   * @param event the event (its DDL text)
   */
  public Prepass prepass(SchemaChange c, TableSchema previous, TableState state, ChangeEvent event) {
    TableSchema stated = c.schemaAfter() == null ? null : mapped(c.schemaAfter());
    TableSchema source;
    boolean ordered;
    if (stated != null) {
      source = stated;
      ordered = true;
    } else if (!c.columnChanges().isEmpty()) {
      source = withColumnChanges(previous, c.columnChanges());
      ordered = previous != null;
    } else {
      source = null;
      ordered = false;
    }
    if (!state.exists()) {
      return new Prepass(List.of(), List.of(), state, source, ordered, null, source);
    }
    Names names = new Names(state);
    List<Change> renames = new ArrayList<>();
    if (policy.renames() == EvolutionPolicy.RenamePolicy.RENAME) {
      for (String[] hint : hints(c, stated, names, event)) {
        rename(hint[0], hint[1], stated, names, renames);
      }
    }
    TableState renamed = renames.isEmpty() ? state : state.after(SchemaUpdate.of(table, renames));
    names = new Names(renamed);

    Map<String, Types.NestedField> dropped = new LinkedHashMap<>();
    for (ColumnChange cc : c.columnChanges()) {
      if (cc.kind() == ColumnChange.Kind.DROP || (cc.kind() == ColumnChange.Kind.RENAME
          && policy.renames() == EvolutionPolicy.RenamePolicy.DROP_AND_ADD)) {
        Types.NestedField f = names.resolve(icebergName.apply(cc.name()));
        if (f != null) {
          dropped.put(f.name(), f);
        }
      }
    }
    if (stated != null) {
      Set<Integer> referenced = new HashSet<>();
      for (Column s : stated.columns()) {
        Types.NestedField f = names.resolve(s.name());
        if (f != null) {
          referenced.add(f.fieldId());
        }
      }
      for (Types.NestedField f : renamed.liveColumns()) {
        if (!referenced.contains(f.fieldId()) && !declared.contains(f.name())) {
          dropped.put(f.name(), f);
        }
      }
    }
    List<Change> drops = new ArrayList<>();
    for (Types.NestedField f : dropped.values()) {
      drops.add(policy.drops() == EvolutionPolicy.DropPolicy.DROP ? new DropColumn(f.name(), f.fieldId())
          : new RetireColumn(f.name(), f.fieldId()));
    }

    List<String> keyChange = null;
    if (stated != null && stated.hasPrimaryKey()) {
      Set<String> now = renamed.schema().identifierFieldNames();
      Set<String> want = new HashSet<>();
      for (String k : stated.primaryKey()) {
        Types.NestedField f = names.resolve(k);
        want.add(f != null ? f.name() : k);
      }
      if (!want.equals(now)) {
        keyChange = stated.primaryKey();
      }
    }
    TableSchema remember = stated != null ? stated : source;
    return new Prepass(renames, drops, renamed, source, ordered, keyChange, remember);
  }

  /** Candidate renames (old, new) under Iceberg names, in the order the source states them. */
  private List<String[]> hints(SchemaChange c, TableSchema stated, Names names, ChangeEvent event) {
    List<String[]> out = new ArrayList<>();
    for (ColumnChange cc : c.columnChanges()) {
      if (cc.kind() == ColumnChange.Kind.RENAME) {
        out.add(new String[] {icebergName.apply(cc.name()), icebergName.apply(cc.newName())});
      }
    }
    String ddl = event == null ? null : event.ddl();
    for (DdlText.Rename r : DdlText.renames(ddl)) {
      String from = names.spelling(icebergName.apply(r.from()));
      String to = stated == null ? icebergName.apply(r.to()) : spelling(stated, icebergName.apply(r.to()));
      if (from != null && to != null) {
        out.add(new String[] {from, to});
      }
    }
    if (ddl != null && ddl.trim().equalsIgnoreCase(DMS_RENAME_COLUMN) && stated != null) {
      List<String> gone = new ArrayList<>();
      for (Types.NestedField f : names.state.liveColumns()) {
        boolean listed = false;
        for (Column s : stated.columns()) {
          Types.NestedField g = names.resolve(s.name());
          listed |= g != null && g.fieldId() == f.fieldId();
        }
        if (!listed && !declared.contains(f.name())) {
          gone.add(names.sourceNameOf(f));
        }
      }
      List<String> fresh = new ArrayList<>();
      for (Column s : stated.columns()) {
        if (names.resolve(s.name()) == null) {
          fresh.add(s.name());
        }
      }
      if (gone.size() == 1 && fresh.size() == 1) {
        out.add(new String[] {gone.get(0), fresh.get(0)});
      }
    }
    return out;
  }

  /** Takes one confirmed rename (from, to: the source column's old and new name). */
  private void rename(String from, String to, TableSchema stated, Names names, List<Change> out) {
    if (from.equals(to)) {
      return;
    }
    Types.NestedField f = names.resolve(from);
    if (f == null) {
      return; // nothing to rename (already done, or never in the table): the column lists decide
    }
    if (stated != null && (stated.column(to) == null || stated.column(from) != null)) {
      return; // the new column list contradicts the hint
    }
    if (names.live.containsKey(to)) {
      return; // the new name is a column already: the rename is done, or it is not one
    }
    Types.NestedField kept = names.retired.get(to);
    if (kept != null) {
      String away = names.freeName(to + EvolutionProperties.DROPPED_SUFFIX);
      out.add(new RenameColumn(kept.name(), kept.fieldId(), away));
      names.retired.remove(to);
      names.retired.put(away, kept);
    }
    out.add(new RenameColumn(f.name(), f.fieldId(), to));
    names.live.remove(f.name());
    names.live.put(to, f);
    names.redirects.remove(from);
  }

  private TableSchema mapped(TableSchema s) {
    List<Column> cols = new ArrayList<>(s.columns().size());
    for (Column c : s.columns()) {
      cols.add(new Column(icebergName.apply(c.name()), c.type(), c.optional(), c.sourceType(), c.defaultValue()));
    }
    return TableSchema.of(cols, s.primaryKey().stream().map(icebergName).toList());
  }

  /** The remembered schema with the column operations applied (added columns last); only the stated columns when none is remembered. */
  private TableSchema withColumnChanges(TableSchema base, List<ColumnChange> changes) {
    List<Column> cols = base == null ? new ArrayList<>() : new ArrayList<>(base.columns());
    List<String> key = base == null ? new ArrayList<>() : new ArrayList<>(base.primaryKey());
    for (ColumnChange cc : changes) {
      String name = icebergName.apply(cc.name());
      switch (cc.kind()) {
        case ADD, TYPE_CHANGE -> {
          Column def = new Column(name, cc.definition().type(), cc.definition().optional(), cc.definition().sourceType(),
              cc.definition().defaultValue());
          int i = indexOf(cols, name);
          if (i >= 0) {
            cols.set(i, def);
          } else {
            cols.add(def);
          }
        }
        case DROP -> {
          cols.removeIf(x -> x.name().equals(name));
          key.remove(name);
        }
        case RENAME -> {
          String to = icebergName.apply(cc.newName());
          int i = indexOf(cols, name);
          if (i >= 0 && indexOf(cols, to) < 0) {
            Column old = cols.get(i);
            cols.set(i, new Column(to, old.type(), old.optional(), old.sourceType(), old.defaultValue()));
            key.replaceAll(k -> k.equals(name) ? to : k);
          }
        }
      }
    }
    return TableSchema.of(cols, key);
  }

  private static int indexOf(List<Column> cols, String name) {
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** A name as the column list spells it: exact, else the one column equal ignoring case, else null. */
  private static String spelling(TableSchema s, String name) {
    if (s.column(name) != null) {
      return name;
    }
    String found = null;
    for (Column c : s.columns()) {
      if (c.name().equalsIgnoreCase(name)) {
        if (found != null) {
          return null;
        }
        found = c.name();
      }
    }
    return found;
  }

  /** The table's top-level columns by name: live, retired, and redirected source names. */
  private static final class Names {
    final TableState state;
    final Map<String, Types.NestedField> live = new LinkedHashMap<>();
    final Map<String, Types.NestedField> retired = new LinkedHashMap<>();
    final Map<String, Types.NestedField> redirects = new LinkedHashMap<>();

    Names(TableState state) {
      this.state = state;
      for (Types.NestedField f : state.liveColumns()) {
        live.put(f.name(), f);
      }
      for (Types.NestedField f : state.retiredColumns()) {
        retired.put(f.name(), f);
      }
      state.redirects().forEach((n, id) -> {
        Types.NestedField f = state.schema().asStruct().field(id);
        if (f != null) {
          redirects.put(n, f);
        }
      });
    }

    Types.NestedField resolve(String name) {
      Types.NestedField r = redirects.get(name);
      return r != null ? r : live.get(name);
    }

    /** The source name whose values a live column holds (the redirecting name, else its own). */
    String sourceNameOf(Types.NestedField f) {
      for (Map.Entry<String, Types.NestedField> e : redirects.entrySet()) {
        if (e.getValue().fieldId() == f.fieldId()) {
          return e.getKey();
        }
      }
      return f.name();
    }

    /** A source name as the table spells it (exact, else the one equal ignoring case), or null. */
    String spelling(String name) {
      if (resolve(name) != null) {
        return name;
      }
      String found = null;
      for (String n : redirects.keySet()) {
        if (n.equalsIgnoreCase(name)) {
          found = found == null ? n : "";
        }
      }
      for (String n : live.keySet()) {
        if (n.equalsIgnoreCase(name)) {
          found = found == null ? n : "";
        }
      }
      return found == null || found.isEmpty() ? null : found;
    }

    String freeName(String base) {
      String n = base;
      for (int i = 2; live.containsKey(n) || retired.containsKey(n); i++) {
        n = base + i;
      }
      return n;
    }
  }
}
