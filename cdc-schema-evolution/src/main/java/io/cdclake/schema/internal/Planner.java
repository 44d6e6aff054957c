package io.cdclake.schema.internal;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.schema.CoercionException;
import io.cdclake.schema.EvolutionPolicy;
import io.cdclake.schema.EvolutionProperties;
import io.cdclake.schema.IcebergTypes;
import io.cdclake.schema.ImageMode;
import io.cdclake.schema.ReconcileException;
import io.cdclake.schema.ReconcileOptions;
import io.cdclake.schema.ReconcileOptions.TypeConflictPolicy;
import io.cdclake.schema.RejectedTypeChangeException;
import io.cdclake.schema.SchemaUpdate;
import io.cdclake.schema.SchemaUpdate.AddColumn;
import io.cdclake.schema.SchemaUpdate.Change;
import io.cdclake.schema.SchemaUpdate.MakeOptional;
import io.cdclake.schema.SchemaUpdate.RedirectColumn;
import io.cdclake.schema.SchemaUpdate.RenameColumn;
import io.cdclake.schema.SchemaUpdate.RetireColumn;
import io.cdclake.schema.SchemaUpdate.SetIdentifierFields;
import io.cdclake.schema.SchemaUpdate.WidenColumn;
import io.cdclake.schema.TableState;
import io.cdclake.schema.TypeConflictException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Fits one event's images to a table: first plans each column's type (table type, declared type,
 * source schema, the event's own values; widening where Iceberg allows; type changes Iceberg cannot
 * make by the table's policy), then coerces and fills the images for the planned schema. Source
 * columns resolve to table columns through the table's redirects; retired columns are not planned
 * but filled (UNCHANGED in updates, NULL in inserts). Stateless and thread-safe; the reconciler keeps
 * the state.
 */
public final class Planner {
  private final TableId table;
  private final ReconcileOptions options;
  private final Coercions coercions;
  private final Map<String, ColumnType> declared;
  private final List<String> configKey;
  private final EvolutionPolicy policy;
  private final TypeConflictPolicy typeChanges;
  /** The view of the last table state planned against: events of one table come against the same state for long runs. */
  private final java.util.concurrent.atomic.AtomicReference<View> lastView = new java.util.concurrent.atomic.AtomicReference<>();
  /** The steady-state columns of the last view and source schema (see {@link #steadyPlan}). */
  private final java.util.concurrent.atomic.AtomicReference<Steady> lastSteady = new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * @param declared declared column types by Iceberg column name (config column-types and timestamp.fields)
   * @param configKey key columns from the config (Iceberg names), empty for the source's
   */
  public Planner(TableId table, ReconcileOptions options, Map<String, ColumnType> declared, List<String> configKey) {
    this(table, options, declared, configKey, EvolutionPolicy.DEFAULTS);
  }

  public Planner(TableId table, ReconcileOptions options, Map<String, ColumnType> declared, List<String> configKey,
      EvolutionPolicy policy) {
    this.table = table;
    this.options = options;
    this.coercions = new Coercions(options);
    this.declared = Map.copyOf(declared);
    this.configKey = List.copyOf(configKey);
    this.policy = policy;
    this.typeChanges = policy.typeChanges(options);
  }

  /** The images of one event, under source column names after config mapping (before redirects); any may be null. */
  public record Images(Row key, Row before, Row after) {}

  /**
   * The outcome.
   *
   * @param key the reconciled key, or null
   * @param before the reconciled before image, or null
   * @param after the reconciled, filled after image, or null
   * @param changes the schema changes, empty when the table fits (for a new table: its columns)
   * @param createsTable true when the changes create the table
   * @param identifierFields for a new table: its key columns
   * @param typed every column name the plan typed (Iceberg names, and source names that resolve to a column)
   */
  public record Plan(Row key, Row before, Row after, List<Change> changes, boolean createsTable, List<String> identifierFields,
      Set<String> typed) {

    /** The changes as an update, or null when there are none. */
    public SchemaUpdate update(TableId table, List<Change> before, SchemaUpdate.Origin origin) {
      List<Change> all = new ArrayList<>(before);
      all.addAll(changes);
      if (all.isEmpty()) {
        return null;
      }
      SchemaUpdate u = createsTable ? SchemaUpdate.createTable(table, all, identifierFields) : SchemaUpdate.of(table, all);
      return u.withOrigin(origin);
    }
  }

  /**
   * What the source says beyond column types.
   *
   * @param source the source schema under Iceberg names, or null
   * @param ordered true when {@code source} lists every column in the source's order (positions of added columns follow it)
   * @param keyChange the source's new key (names as in {@code source}) when the key changed, else null
   */
  public record Source(TableSchema source, boolean ordered, List<String> keyChange) {
    public static final Source NONE = new Source(null, false, null);
  }

  /** For callers without DDL: the source schema, unordered, no key change. */
  public Plan plan(Images images, ImageMode afterMode, Schema current, TableSchema source, ChangeEvent event) {
    return plan(images, event == null ? Op.INSERT : event.op(), afterMode, TableState.of(current), new Source(source, false, null), event);
  }

  /**
   * @param op the event's op (UPDATE keeps retired columns UNCHANGED, other ops leave them NULL)
   * @param afterMode what an omitted column of the after image means; null to leave the after image unfilled
   * @param state the table (its schema null when it does not exist)
   * @param src what the source says
   * @param event the event, for positions in errors
   */
  public Plan plan(Images images, Op op, ImageMode afterMode, TableState state, Source src, ChangeEvent event) {
    // a DDL event always takes the full plan: only it may narrow a column (the narrowing policy decides)
    if (op != Op.SCHEMA_CHANGE && state.schema() != null && src.keyChange() == null) {
      Plan p = steadyPlan(images, op, afterMode, state, src.source());
      if (p != null) {
        return p;
      }
    }
    return planFully(images, op, afterMode, state, src, event);
  }

  /** {@link #plan} without the steady-state shortcut (tests compare the two). */
  Plan planFully(Images images, Op op, ImageMode afterMode, TableState state, Source src, ChangeEvent event) {
    Ctx ctx = new Ctx(event, op == Op.SCHEMA_CHANGE);
    Schema current = state.schema();
    TableSchema source = src.source();
    View view = viewOf(state);
    AtomicInteger ids = new AtomicInteger(current == null ? 0 : current.highestFieldId());
    LinkedHashMap<String, Type> planned = new LinkedHashMap<>();
    view.live.forEach((n, f) -> planned.put(n, f.type()));
    Target target = new Target(planned);
    List<Change> early = new ArrayList<>();
    List<Change> late = new ArrayList<>();
    Map<String, TypeConflictException> refused = new LinkedHashMap<>();
    Map<String, String> placeAfter = new LinkedHashMap<>();
    List<String> movedAway = new ArrayList<>();

    LinkedHashSet<String> names = new LinkedHashSet<>();
    if (source != null) {
      for (Column c : source.columns()) {
        names.add(c.name());
      }
    }
    addNames(names, images.key());
    addNames(names, images.after());
    addNames(names, images.before());
    names.addAll(declared.keySet());

    for (String name : names) {
      Types.NestedField existing = view.resolve(name, ctx);
      ColumnType authority = declared.get(name);
      if (authority == null && source != null && source.column(name) != null) {
        authority = source.column(name).type();
      }
      Type wanted = authority == null ? null : icebergOf(authority, name, ids, ctx);
      String iceberg = existing != null ? existing.name() : name;
      Type type = existing == null ? null : existing.type();
      boolean fresh = existing == null;
      if (wanted != null && type != null) {
        try {
          type = merge(type, wanted, iceberg, ids, ctx);
        } catch (TypeConflictException e) {
          switch (typeChanges) {
            case DEAD_LETTER -> {
              refused.put(name, e);
              target.put(name, iceberg);
              continue;
            }
            case NEW_COLUMN -> {
              if (current.identifierFieldIds().contains(existing.fieldId())) {
                throw advice(e, "a key column cannot move to a new column; set primary_key to another key in the table config, or "
                    + "recreate the table with the new type");
              }
              String moved = view.versionName(name, planned.keySet());
              late.add(new RetireColumn(existing.name(), existing.fieldId()));
              late.add(new RedirectColumn(name, moved));
              planned.remove(existing.name());
              movedAway.add(existing.name());
              placeAfter.put(moved, existing.name());
              iceberg = moved;
              type = wanted;
              fresh = true;
            }
            default -> throw advice(e, null);
          }
        }
      }
      if (type == null) {
        type = wanted;
      }
      List<Object> values = values(name, images);
      if (type == null) {
        ColumnType joined = null;
        for (Object v : values) {
          joined = joinValue(joined, v, name, ctx);
        }
        if (joined == null) {
          continue;
        }
        type = icebergOf(joined, name, ids, ctx);
      }
      for (Object v : values) {
        try {
          type = fit(v, type, wanted == null, iceberg, ids, ctx);
        } catch (TypeConflictException e) {
          if (typeChanges == TypeConflictPolicy.DEAD_LETTER && current != null && !fresh) {
            throw rejected(e, ctx);
          }
          throw e;
        }
      }
      if (fresh && current != null && view.retiredNames().containsKey(iceberg)) {
        early.add(view.moveAway(iceberg));
      }
      planned.put(iceberg, type);
      target.put(name, iceberg);
    }

    for (Map.Entry<String, TypeConflictException> e : refused.entrySet()) {
      if (hasValue(images, e.getKey())) {
        throw rejected(e.getValue(), ctx);
      }
    }

    List<String> key = List.of();
    List<Change> changes = new ArrayList<>();
    boolean creates = current == null;
    if (creates) {
      key = newTableKey(source, images.key(), planned, ctx);
      if (planned.isEmpty()) {
        throw new ReconcileException("Cannot create table: no column has a type yet (the event holds only NULL or omitted columns and "
            + "there is no source schema; declare column-types)", table, null, ctx.position(), ctx.transport(), null);
      }
      for (Map.Entry<String, Type> e : planned.entrySet()) {
        changes.add(new AddColumn(null, -1, e.getKey(), e.getValue(), key.contains(e.getKey())));
      }
    } else {
      changes.addAll(early);
      Placement placing = null;
      for (Map.Entry<String, Type> e : planned.entrySet()) {
        Types.NestedField have = view.live.get(e.getKey());
        if (have != null && !movedAway.contains(e.getKey())) {
          diff(have, e.getValue(), e.getKey(), changes);
          continue;
        }
        if (placing == null) {
          placing = new Placement(current, early, target.renamed(), view, movedAway);
        }
        String src0 = placing.sourceOf.getOrDefault(e.getKey(), e.getKey());
        AddColumn add = new AddColumn(null, -1, e.getKey(), e.getValue(), false, defaultOf(source, src0, e.getValue(), state), null, false);
        if (policy.positions() == EvolutionPolicy.PositionPolicy.SOURCE) {
          if (placeAfter.containsKey(e.getKey())) {
            add = add.placed(false, placeAfter.get(e.getKey()));
          } else if (src.ordered() && source != null && source.column(src0) != null) {
            add = position(add, source, src0, target, placing.placed);
          }
        }
        changes.add(placing.place(add));
      }
      if (source != null) {
        for (Column c : source.columns()) {
          String t = target.get(c.name());
          Types.NestedField f = t == null ? null : view.live.get(t);
          if (c.optional() && f != null && f.isRequired() && !movedAway.contains(t) && !refused.containsKey(c.name())
              && !current.identifierFieldIds().contains(f.fieldId())) {
            changes.add(new MakeOptional(t, f.fieldId()));
          }
        }
      }
      SetIdentifierFields keyChange = keyChange(src, target, current, ctx);
      if (keyChange != null) {
        changes.add(keyChange);
      }
      changes.addAll(late);
    }

    Map<String, Boolean> required = new LinkedHashMap<>();
    for (String n : planned.keySet()) {
      Types.NestedField f = view.live.get(n);
      required.put(n, f != null && !movedAway.contains(n) ? f.isRequired() : key.contains(n));
    }
    List<String> retiredNames;
    if (movedAway.isEmpty()) {
      retiredNames = view.retiredNames().isEmpty() ? List.of() : new ArrayList<>(view.retiredNames().keySet());
    } else {
      retiredNames = new ArrayList<>(view.retiredNames().keySet());
      retiredNames.addAll(movedAway);
    }
    Row after = image(rename(images.after(), target), op, afterMode, planned, required, retiredNames, ctx);
    Row before = image(rename(images.before(), target), op, null, planned, required, List.of(), ctx);
    Row keyRow = image(rename(images.key(), target), op, null, planned, required, List.of(), ctx);
    if (!configKey.isEmpty()) {
      Row from = after != null ? after : before;
      if (from != null && configKey.stream().allMatch(k -> from.state(k) == ColumnState.VALUE)) {
        keyRow = from.project(configKey);
      }
    }
    Set<String> typed = planned.keySet();
    if (!target.renamed().isEmpty()) {
      typed = new LinkedHashSet<>(planned.keySet());
      typed.addAll(target.renamed().keySet());
    }
    return new Plan(keyRow, before, after, changes, creates, key, typed);
  }

  private View viewOf(TableState state) {
    return sharedView(state).fresh();
  }

  private View sharedView(TableState state) {
    View v = lastView.get();
    if (v == null || !v.serves(state)) {
      v = new View(state);
      lastView.set(v);
    }
    return v;
  }

  // ---------------------------------------------------------------- steady state

  /**
   * The plan of an event that changes nothing, made without planning: the common case of a table that
   * already has every column the event, the source schema and the declared types name, with exactly
   * their types. Null when the event might need more (a new column, a value that does not fit as it is,
   * a NULL in a required column, a key change): the full plan decides then, so the outcome (result or
   * exception) is always the full plan's.
   */
  private Plan steadyPlan(Images images, Op op, ImageMode afterMode, TableState state, TableSchema source) {
    View view = sharedView(state);
    Steady st = lastSteady.get();
    if (st == null || st.view != view || !st.sameSource(source)) {
      st = steadyOf(view, source);
      lastSteady.set(st);
    }
    if (!st.steady) {
      return null;
    }
    try {
      if (!st.covers(images.key(), images) || !st.covers(images.after(), images) || !st.covers(images.before(), images)) {
        return null;
      }
      Row after = st.image(images.after(), op, afterMode, coercions);
      Row before = st.image(images.before(), op, null, coercions);
      Row keyRow = st.image(images.key(), op, null, coercions);
      if ((images.after() != null && after == null) || (images.before() != null && before == null)
          || (images.key() != null && keyRow == null)) {
        return null;
      }
      if (!configKey.isEmpty()) {
        Row from = after != null ? after : before;
        if (from != null && configKey.stream().allMatch(k -> from.state(k) == ColumnState.VALUE)) {
          keyRow = from.project(configKey);
        }
      }
      return new Plan(keyRow, before, after, List.of(), false, List.of(), st.typed);
    } catch (RuntimeException e) {
      return null; // the full plan says what is wrong, in its own words
    }
  }

  /** Whether the table needs no change for the source schema and the declared types (nor for values that fit its columns). */
  private Steady steadyOf(View view, TableSchema source) {
    if (!view.plain) {
      return new Steady(view, source, null, null, null, null);
    }
    int n = view.live.size();
    String[] names = new String[n];
    Type[] types = new Type[n];
    boolean[] required = new boolean[n];
    int i = 0;
    for (Types.NestedField f : view.live.values()) {
      if (!f.type().isPrimitiveType()) {
        return new Steady(view, source, null, null, null, null);
      }
      names[i] = f.name();
      types[i] = f.type();
      required[i] = f.isRequired();
      i++;
    }
    try {
      for (Map.Entry<String, ColumnType> d : declared.entrySet()) {
        if (!keeps(view.live.get(d.getKey()), d.getValue())) {
          return new Steady(view, source, null, null, null, null);
        }
      }
      if (source != null) {
        Set<Integer> keys = view.state.schema().identifierFieldIds();
        for (Column c : source.columns()) {
          Types.NestedField f = view.live.get(c.name());
          ColumnType authority = declared.get(c.name());
          if (!keeps(f, authority != null ? authority : c.type())
              || (c.optional() && f.isRequired() && !keys.contains(f.fieldId()))) {
            return new Steady(view, source, null, null, null, null);
          }
        }
      }
    } catch (RuntimeException e) {
      return new Steady(view, source, null, null, null, null);
    }
    return new Steady(view, source, names, types, required, java.util.Collections.unmodifiableSet(new LinkedHashSet<>(view.live.keySet())));
  }

  /** True when the table column exists and the authoritative type leaves its type as it is. */
  private boolean keeps(Types.NestedField f, ColumnType authority) {
    if (f == null) {
      return false;
    }
    Ctx none = new Ctx(null, false);
    AtomicInteger ids = new AtomicInteger(Integer.MAX_VALUE / 2);
    Type wanted = icebergOf(authority, f.name(), ids, none);
    return wanted.isPrimitiveType() && merge(f.type(), wanted, f.name(), ids, none) == f.type();
  }

  /** The table's columns for {@link #steadyPlan}; {@code steady} false when events must take the full plan. */
  private static final class Steady {
    final View view;
    final TableSchema source;
    final boolean steady;
    final String[] names;
    final Type[] types;
    final boolean[] required;
    final Set<String> typed;

    Steady(View view, TableSchema source, String[] names, Type[] types, boolean[] required, Set<String> typed) {
      this.view = view;
      this.source = source;
      this.steady = names != null;
      this.names = names;
      this.types = types;
      this.required = required;
      this.typed = typed;
    }

    boolean sameSource(TableSchema other) {
      return other == source || (other != null && other.equals(source));
    }

    /** Every column of the image is a table column, or has no value in any image (the full plan skips it: nothing types it). */
    boolean covers(Row image, Images images) {
      if (image == null) {
        return true;
      }
      for (int j = 0; j < image.size(); j++) {
        String n = image.name(j);
        if (indexOf(n, j) < 0 && hasValue(images, n)) {
          return false;
        }
      }
      return true;
    }

    int indexOf(String name, int hint) {
      if (hint < names.length && (names[hint] == name || names[hint].equals(name))) {
        return hint;
      }
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(name)) {
          return i;
        }
      }
      return -1;
    }

    /** As {@link Planner#image} with no retired columns; null where that would throw. */
    Row image(Row image, Op op, ImageMode mode, Coercions coercions) {
      if (image == null) {
        return null;
      }
      int n = names.length;
      Object[] values = new Object[n];
      String[] out = null;
      int size = 0;
      for (int c = 0; c < n; c++) {
        String name = names[c];
        int i = c < image.size() && (image.name(c) == name || image.name(c).equals(name)) ? c : image.indexOf(name);
        ColumnState st = i < 0 ? ColumnState.OMITTED : image.state(i);
        Object v;
        switch (st) {
          case VALUE -> v = coercions.coerce(image.value(i), types[c]);
          case NULL -> {
            if (mode != null && required[c]) {
              return null;
            }
            v = null;
          }
          case UNCHANGED -> v = Row.unchangedMarker();
          default -> {
            if (mode == ImageMode.PARTIAL) {
              v = Row.unchangedMarker();
            } else if (mode == ImageMode.FULL) {
              if (required[c]) {
                switch (types[c].typeId()) {
                  case STRING -> v = "";
                  case BINARY -> v = new byte[0];
                  default -> {
                    return null;
                  }
                }
              } else {
                v = null;
              }
            } else {
              // left out: this image holds only some of the columns
              if (out == null) {
                out = new String[n];
                System.arraycopy(names, 0, out, 0, size);
              }
              continue;
            }
          }
        }
        if (out != null) {
          out[size] = name;
        }
        values[size++] = v;
      }
      if (out == null) {
        return Row.wrap(names, values);
      }
      return Row.wrap(java.util.Arrays.copyOf(out, size), java.util.Arrays.copyOf(values, size));
    }
  }

  /**
   * The top-level columns of the table as events see them: live ones by name, retired ones, redirects.
   * The maps are built once per table state and shared; what a plan renames or reserves goes to its own
   * overlay ({@link #fresh()}).
   */
  private final class View {
    final TableState state;
    final Map<String, Types.NestedField> live;
    final Map<String, Types.NestedField> retired;
    final Map<String, Types.NestedField> redirects;
    final Set<Integer> redirectTargets;
    final boolean plain;
    private Map<String, Types.NestedField> retiredOverlay;
    private Set<String> takenOverlay;

    View(TableState state) {
      this.state = state;
      Map<String, Types.NestedField> l = new LinkedHashMap<>();
      Map<String, Types.NestedField> r = new LinkedHashMap<>();
      Map<String, Types.NestedField> d = new LinkedHashMap<>();
      Set<Integer> targets = new HashSet<>();
      if (state.schema() != null) {
        for (Types.NestedField f : state.schema().columns()) {
          (state.isRetired(f.fieldId()) ? r : l).put(f.name(), f);
        }
        state.redirects().forEach((n, id) -> {
          Types.NestedField f = state.schema().asStruct().field(id);
          if (f != null && !state.isRetired(id)) {
            d.put(n, f);
            targets.add(id);
          }
        });
      }
      this.live = java.util.Collections.unmodifiableMap(l);
      this.retired = java.util.Collections.unmodifiableMap(r);
      this.redirects = java.util.Collections.unmodifiableMap(d);
      this.redirectTargets = Set.copyOf(targets);
      this.plain = r.isEmpty() && d.isEmpty();
    }

    private View(View shared) {
      this.state = shared.state;
      this.live = shared.live;
      this.retired = shared.retired;
      this.redirects = shared.redirects;
      this.redirectTargets = shared.redirectTargets;
      this.plain = shared.plain;
    }

    /** True when this view is the view of {@code other} (the same schema object, retired columns and redirects). */
    boolean serves(TableState other) {
      return other == state || (other.schema() == state.schema() && other.retired().equals(state.retired())
          && other.redirects().equals(state.redirects()));
    }

    /** A view for one plan, sharing the maps. */
    View fresh() {
      return new View(this);
    }

    /** The retired columns by their (possibly moved) names. */
    Map<String, Types.NestedField> retiredNames() {
      return retiredOverlay != null ? retiredOverlay : retired;
    }

    private boolean taken(String name) {
      return live.containsKey(name) || retiredNames().containsKey(name) || (takenOverlay != null && takenOverlay.contains(name));
    }

    private void take(String name) {
      if (takenOverlay == null) {
        takenOverlay = new HashSet<>();
      }
      takenOverlay.add(name);
    }

    /** The table column that holds a source column's values, or null when it has none yet. */
    Types.NestedField resolve(String name, Ctx ctx) {
      if (plain) {
        return live.get(name);
      }
      Types.NestedField r = redirects.get(name);
      if (r != null) {
        return r;
      }
      Types.NestedField f = live.get(name);
      if (f != null && redirectTargets.contains(f.fieldId())) {
        throw new TypeConflictException("Cannot add column: its name is taken by the column that holds another source column's values "
            + "since a type change (see " + EvolutionProperties.COLUMN_REDIRECTS + "); rename the Iceberg column, or map the source "
            + "column with column-names", table, name, "none", "none", ctx.position(), ctx.transport());
      }
      return f;
    }

    /** {@code <name>__v<n>}: the first n from 2 that no column uses. */
    String versionName(String name, Set<String> alsoTaken) {
      for (int n = 2; ; n++) {
        String c = name + EvolutionProperties.NEW_COLUMN_SUFFIX + n;
        if (!taken(c) && !alsoTaken.contains(c)) {
          take(c);
          return c;
        }
      }
    }

    /** Renames a retired column away from a name the source uses again ({@code x__dropped}, {@code x__dropped2}, ...). */
    RenameColumn moveAway(String name) {
      if (retiredOverlay == null) {
        retiredOverlay = new LinkedHashMap<>(retired);
      }
      Types.NestedField f = retiredOverlay.remove(name);
      String to = name + EvolutionProperties.DROPPED_SUFFIX;
      for (int n = 2; taken(to); n++) {
        to = name + EvolutionProperties.DROPPED_SUFFIX + n;
      }
      take(to);
      retiredOverlay.put(to, f);
      return new RenameColumn(name, f.fieldId(), to);
    }
  }

  /**
   * Which table column each source column (under its config-mapped name) lands in: the same name unless
   * a redirect or a type change moves it. Only the moved names are stored.
   */
  private static final class Target {
    private final Map<String, Type> planned;
    private Map<String, String> renamed;

    Target(Map<String, Type> planned) {
      this.planned = planned;
    }

    void put(String source, String iceberg) {
      if (!source.equals(iceberg)) {
        if (renamed == null) {
          renamed = new LinkedHashMap<>();
        }
        renamed.put(source, iceberg);
      } else if (renamed != null) {
        renamed.remove(source);
      }
    }

    /** The table column of a source column, or null when it has none (not typed yet). */
    String get(String source) {
      if (renamed != null) {
        String t = renamed.get(source);
        if (t != null) {
          return t;
        }
      }
      return planned.containsKey(source) ? source : null;
    }

    Map<String, String> renamed() {
      return renamed == null ? Map.of() : renamed;
    }
  }

  /** Where added top-level columns go: the table's column order as the plan's changes make it. */
  private static final class Placement {
    final Map<String, String> sourceOf = new LinkedHashMap<>();
    final Set<String> placed;
    final List<String> order = new ArrayList<>();

    Placement(Schema current, List<Change> early, Map<String, String> target, View view, List<String> movedAway) {
      target.forEach((s, i) -> sourceOf.putIfAbsent(i, s));
      placed = new HashSet<>(view.live.keySet());
      placed.removeAll(movedAway);
      for (Types.NestedField f : current.columns()) {
        order.add(f.name());
      }
      for (Change c : early) {
        RenameColumn r = (RenameColumn) c;
        order.set(order.indexOf(r.from()), r.newName());
      }
    }

    /** The add as placed: a position only where it would not land anyway (last). */
    AddColumn place(AddColumn add) {
      if (add.first() && order.isEmpty() || add.after() != null && add.after().equals(order.get(order.size() - 1))) {
        add = add.placed(false, null);
      }
      int at = add.first() ? 0 : add.after() != null ? order.indexOf(add.after()) + 1 : order.size();
      order.add(at, add.name());
      placed.add(add.name());
      return add;
    }
  }

  /** Placed after the nearest preceding source column the table has (or gets first), first when there is none. */
  private static AddColumn position(AddColumn add, TableSchema source, String sourceName, Target target, Set<String> placed) {
    int i = source.indexOf(sourceName);
    for (int j = i - 1; j >= 0; j--) {
      String t = target.get(source.columns().get(j).name());
      if (t != null && placed.contains(t)) {
        return add.placed(false, t);
      }
    }
    return add.placed(true, null);
  }

  /** The source's default for an added column, when the table can hold one (format v3, a primitive type, policy apply). */
  private Object defaultOf(TableSchema source, String sourceName, Type type, TableState state) {
    if (source == null || policy.defaults() != EvolutionPolicy.DefaultsPolicy.APPLY || state.formatVersion() < 3 || !Defaults.supports(type)) {
      return null;
    }
    Column c = source.column(sourceName);
    if (c == null || c.defaultValue() == null) {
      return null;
    }
    try {
      Object v = coercions.coerce(c.defaultValue(), type);
      Defaults.literal(v, type);
      return v;
    } catch (Misfit | IllegalArgumentException e) {
      return null; // a default that is not a value of the column's type is left out (documented)
    }
  }

  private SetIdentifierFields keyChange(Source src, Target target, Schema current, Ctx ctx) {
    if (src.keyChange() == null || src.keyChange().isEmpty() || !configKey.isEmpty() || policy.keyChanges() != EvolutionPolicy.KeyPolicy.UPDATE) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (String k : src.keyChange()) {
      String t = target.get(k);
      if (t == null) {
        throw new ReconcileException("Cannot change key: a new key column has no type (see primary_key)", table, k, ctx.position(),
            ctx.transport(), null);
      }
      names.add(t);
    }
    Set<String> now = current.identifierFieldNames();
    if (now.equals(new HashSet<>(names))) {
      return null;
    }
    return new SetIdentifierFields(names);
  }

  private TypeConflictException advice(TypeConflictException e, String what) {
    String advice = what != null ? what : "set type-changes to new-column (the values go to a new column) or dead-letter (events with such "
        + "values are set aside) for this table in the table config, or recreate the table with the new type";
    return new TypeConflictException(e.reason().replace(", see type-conflicts option)", ")") + "; to go on: " + advice, e.table(),
        e.column(), e.tableType(), e.sourceType(), e.position(), e.transport());
  }

  private RejectedTypeChangeException rejected(TypeConflictException e, Ctx ctx) {
    return new RejectedTypeChangeException("Cannot write event: the column's type change is refused (type-changes=dead-letter) and the "
        + "event holds a value of the new type (table type=" + e.tableType() + ", source type=" + e.sourceType()
        + "); route the event to the dead letters", table, e.column(), e.tableType(), e.sourceType(), ctx.position(), ctx.transport());
  }

  private static boolean hasValue(Images images, String name) {
    for (Row r : new Row[] {images.key(), images.after(), images.before()}) {
      if (r != null) {
        int i = r.indexOf(name);
        if (i >= 0 && r.state(i) == ColumnState.VALUE) {
          return true;
        }
      }
    }
    return false;
  }

  /** The row under Iceberg names: source columns that map to another table column renamed. */
  private static Row rename(Row r, Target targets) {
    Map<String, String> target = targets.renamed();
    if (r == null || target.isEmpty()) {
      return r;
    }
    boolean any = false;
    for (String n : r.names()) {
      String t = target.get(n);
      if (t != null && !t.equals(n)) {
        any = true;
        break;
      }
    }
    if (!any) {
      return r;
    }
    Row.Builder b = Row.builder(r.size());
    for (int i = 0; i < r.size(); i++) {
      String n = target.getOrDefault(r.name(i), r.name(i));
      switch (r.state(i)) {
        case UNCHANGED -> b.putUnchanged(n);
        case NULL -> b.putNull(n);
        default -> b.put(n, r.value(i));
      }
    }
    return b.build();
  }

  private static void addNames(Set<String> names, Row r) {
    if (r != null) {
      names.addAll(r.names());
    }
  }

  private static List<Object> values(String name, Images images) {
    List<Object> out = new ArrayList<>(3);
    for (Row r : new Row[] {images.key(), images.after(), images.before()}) {
      if (r != null) {
        int i = r.indexOf(name);
        if (i >= 0 && r.state(i) == ColumnState.VALUE) {
          out.add(r.value(i));
        }
      }
    }
    return out;
  }

  private List<String> newTableKey(TableSchema source, Row key, Map<String, Type> planned, Ctx ctx) {
    List<String> names = !configKey.isEmpty() ? configKey
        : source != null && source.hasPrimaryKey() ? source.primaryKey()
        : key != null ? key.names() : List.of();
    for (String k : names) {
      if (!planned.containsKey(k)) {
        throw new ReconcileException("Cannot create table: key column has no type (it is neither in the source schema, nor declared, "
            + "nor given a value; see primary_key)", table, k, ctx.position(), ctx.transport(), null);
      }
    }
    return names;
  }

  private Type icebergOf(ColumnType t, String column, AtomicInteger ids, Ctx ctx) {
    try {
      return IcebergTypes.toIceberg(t, ids::incrementAndGet, options.wideDecimals());
    } catch (IllegalArgumentException e) {
      throw new TypeConflictException("Cannot type column: " + e.getMessage(), table, column, "none", t.toString(), ctx.position(),
          ctx.transport());
    }
  }

  private ColumnType joinValue(ColumnType joined, Object v, String column, Ctx ctx) {
    ColumnType t;
    try {
      t = ValueTypes.infer(v);
    } catch (Misfit m) {
      throw new CoercionException(m.getMessage(), table, column, Coercions.valueType(v), "none", ctx.position(), ctx.transport());
    }
    try {
      return ValueTypes.join(joined, t);
    } catch (ValueTypes.Clash c) {
      throw new TypeConflictException("Cannot type column: the event's values have types no column type holds both of (type="
          + c.left() + ", other type=" + c.right() + ")", table, column, c.left().toString(), c.right().toString(), ctx.position(),
          ctx.transport());
    }
  }

  /** The table type changed as the source's authoritative type asks, where Iceberg allows it. */
  private Type merge(Type have, Type want, String path, AtomicInteger ids, Ctx ctx) {
    if (have.isPrimitiveType() && want.isPrimitiveType()) {
      if (TypeRules.accepts(have, want)) {
        if (ctx.ddl() && policy.narrowing() == EvolutionPolicy.NarrowingPolicy.FAIL && IcebergTypes.isPromotion(want, have)) {
          throw narrowing(path, have, want, ctx);
        }
        return have;
      }
      if (IcebergTypes.isPromotion(have, want)) {
        return want;
      }
      throw conflict(path, have, want, ctx);
    }
    if (have.typeId() != want.typeId()) {
      throw conflict(path, have, want, ctx);
    }
    switch (have.typeId()) {
      case LIST: {
        Types.NestedField e = have.asListType().fields().get(0);
        Type t = merge(e.type(), want.asListType().elementType(), path + ".element", ids, ctx);
        return t == e.type() ? have : list(e, t);
      }
      case MAP: {
        Types.MapType m = have.asMapType();
        Type k = merge(m.keyType(), want.asMapType().keyType(), path + ".key", ids, ctx);
        Type v = merge(m.valueType(), want.asMapType().valueType(), path + ".value", ids, ctx);
        return k == m.keyType() && v == m.valueType() ? have : map(m, k, v);
      }
      default: {
        List<Types.NestedField> fs = new ArrayList<>(have.asStructType().fields());
        boolean changed = false;
        int prev = -1;
        for (Types.NestedField w : want.asStructType().fields()) {
          int i = indexOf(fs, w.name());
          if (i < 0) {
            // a new field goes where the source has it (after its preceding field), or last
            int at = policy.positions() == EvolutionPolicy.PositionPolicy.SOURCE ? prev + 1 : fs.size();
            fs.add(at, Types.NestedField.optional(ids.incrementAndGet(), w.name(), TypeTrees.freshIds(w.type(), ids::incrementAndGet)));
            prev = at;
            changed = true;
          } else {
            prev = i;
            Type t = merge(fs.get(i).type(), w.type(), path + "." + w.name(), ids, ctx);
            if (t != fs.get(i).type()) {
              fs.set(i, Types.NestedField.from(fs.get(i)).ofType(t).build());
              changed = true;
            }
          }
        }
        return changed ? Types.StructType.of(fs) : have;
      }
    }
  }

  /** The type that holds the value: {@code type} itself, or (when allowed) a promotion or a struct with the value's new fields. */
  private Type fit(Object v, Type type, boolean mayWiden, String path, AtomicInteger ids, Ctx ctx) {
    if (v == null || v == Row.unchangedMarker()) {
      return type;
    }
    switch (type.typeId()) {
      case LIST: {
        if (!(v instanceof List<?> l)) {
          throw error(new Misfit(Misfit.Kind.WRONG_KIND, "Cannot coerce " + Coercions.valueType(v) + " to list: not a value of that kind"),
              v, path, type, ctx);
        }
        Types.NestedField e = type.asListType().fields().get(0);
        Type t = e.type();
        for (Object x : l) {
          t = fit(x, t, mayWiden, path + ".element", ids, ctx);
        }
        return t == e.type() ? type : list(e, t);
      }
      case MAP: {
        if (!(v instanceof Map<?, ?> m)) {
          throw error(new Misfit(Misfit.Kind.WRONG_KIND, "Cannot coerce " + Coercions.valueType(v) + " to map: not a value of that kind"),
              v, path, type, ctx);
        }
        Types.MapType mt = type.asMapType();
        Type k = mt.keyType();
        Type val = mt.valueType();
        for (Map.Entry<?, ?> x : m.entrySet()) {
          k = fit(x.getKey(), k, mayWiden, path + ".key", ids, ctx);
          val = fit(x.getValue(), val, mayWiden, path + ".value", ids, ctx);
        }
        return k == mt.keyType() && val == mt.valueType() ? type : map(mt, k, val);
      }
      case STRUCT: {
        Map<String, Object> fields = fieldsOf(v);
        if (fields == null) {
          throw error(new Misfit(Misfit.Kind.WRONG_KIND, "Cannot coerce " + Coercions.valueType(v) + " to struct: not a value of that kind"),
              v, path, type, ctx);
        }
        List<Types.NestedField> fs = new ArrayList<>(type.asStructType().fields());
        boolean changed = false;
        for (Map.Entry<String, Object> x : fields.entrySet()) {
          int i = indexOf(fs, x.getKey());
          if (i >= 0) {
            Type t = fit(x.getValue(), fs.get(i).type(), mayWiden, path + "." + x.getKey(), ids, ctx);
            if (t != fs.get(i).type()) {
              fs.set(i, Types.NestedField.from(fs.get(i)).ofType(t).build());
              changed = true;
            }
          } else if (x.getValue() != null && x.getValue() != Row.unchangedMarker()) {
            String fieldPath = path + "." + x.getKey();
            if (!mayWiden) {
              throw new TypeConflictException("Cannot coerce struct: the value has a field the column's declared or source type lacks",
                  table, fieldPath, "none", Coercions.valueType(x.getValue()), ctx.position(), ctx.transport());
            }
            ColumnType inferred = joinValue(null, x.getValue(), fieldPath, ctx);
            if (inferred != null) {
              fs.add(Types.NestedField.optional(ids.incrementAndGet(), x.getKey(), icebergOf(inferred, fieldPath, ids, ctx)));
              changed = true;
            }
          }
        }
        return changed ? Types.StructType.of(fs) : type;
      }
      default: {
        try {
          coercions.coerce(v, type);
          return type;
        } catch (Misfit m) {
          Type.PrimitiveType p = mayWiden ? TypeRules.promotionFor(m.kind(), v, type) : null;
          if (p == null) {
            throw error(m, v, path, type, ctx);
          }
          try {
            coercions.coerce(v, p);
            return p;
          } catch (Misfit m2) {
            throw error(m2, v, path, p, ctx);
          }
        }
      }
    }
  }

  private static Map<String, Object> fieldsOf(Object v) {
    if (v instanceof Row r) {
      return r.toMap();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), x));
      return out;
    }
    return null;
  }

  private static int indexOf(List<Types.NestedField> fs, String name) {
    for (int i = 0; i < fs.size(); i++) {
      if (fs.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static Type list(Types.NestedField element, Type t) {
    return element.isOptional() ? Types.ListType.ofOptional(element.fieldId(), t) : Types.ListType.ofRequired(element.fieldId(), t);
  }

  private static Type map(Types.MapType m, Type k, Type v) {
    return m.isValueOptional() ? Types.MapType.ofOptional(m.keyId(), m.valueId(), k, v) : Types.MapType.ofRequired(m.keyId(), m.valueId(), k, v);
  }

  /** The changes that turn the table field into the planned type (only promotions and added struct fields occur). */
  private void diff(Types.NestedField have, Type want, String path, List<Change> out) {
    Type h = have.type();
    if (h.equals(want)) {
      return;
    }
    if (h.isPrimitiveType()) {
      out.add(new WidenColumn(path, have.fieldId(), h.asPrimitiveType(), want.asPrimitiveType()));
      return;
    }
    switch (h.typeId()) {
      case LIST -> diff(h.asListType().fields().get(0), want.asListType().elementType(), path + ".element", out);
      case MAP -> {
        diff(h.asMapType().fields().get(0), want.asMapType().keyType(), path + ".key", out);
        diff(h.asMapType().fields().get(1), want.asMapType().valueType(), path + ".value", out);
      }
      default -> {
        String prev = null;
        List<Types.NestedField> ws = want.asStructType().fields();
        for (int i = 0; i < ws.size(); i++) {
          Types.NestedField w = ws.get(i);
          Types.NestedField f = h.asStructType().field(w.name());
          if (f == null) {
            AddColumn add = new AddColumn(path, have.fieldId(), w.name(), w.type(), false);
            boolean beforeExisting = false;
            for (int j = i + 1; j < ws.size(); j++) {
              beforeExisting |= h.asStructType().field(ws.get(j).name()) != null;
            }
            // placed only where it would not land anyway: before a field the table already has
            if (beforeExisting && policy.positions() == EvolutionPolicy.PositionPolicy.SOURCE) {
              add = prev != null ? add.placed(false, prev) : add.placed(true, null);
            }
            out.add(add);
          } else {
            diff(f, w.type(), path + "." + w.name(), out);
          }
          prev = w.name();
        }
      }
    }
  }

  /**
   * The image fit for the planned schema; filled per {@code mode} (null: not filled). Retired columns
   * are filled only in after images: UNCHANGED for updates (the writer keeps the row's value), NULL for
   * inserts and reads (UNCHANGED in partial mode).
   */
  private Row image(Row image, Op op, ImageMode mode, Map<String, Type> planned, Map<String, Boolean> required, List<String> retired,
      Ctx ctx) {
    if (image == null) {
      return null;
    }
    Row.Builder b = Row.builder(Math.max(planned.size() + retired.size(), image.size()));
    for (Map.Entry<String, Type> e : planned.entrySet()) {
      String name = e.getKey();
      int i = image.indexOf(name);
      ColumnState st = i < 0 ? ColumnState.OMITTED : image.state(i);
      boolean req = required.get(name);
      switch (st) {
        case VALUE -> b.put(name, coerce(image.value(i), e.getValue(), name, ctx));
        case NULL -> {
          if (mode != null && req) {
            throw new CoercionException("Cannot fit row: a required column is NULL", table, name, "null", IcebergTypes.describe(e.getValue()),
                ctx.position(), ctx.transport());
          }
          b.putNull(name);
        }
        case UNCHANGED -> b.putUnchanged(name);
        case OMITTED -> {
          if (mode == ImageMode.PARTIAL) {
            b.putUnchanged(name);
          } else if (mode == ImageMode.FULL) {
            b.put(name, req ? emptyFor(e.getValue(), name, ctx) : null);
          }
        }
      }
    }
    if (mode != null) {
      for (String name : retired) {
        if (!planned.containsKey(name)) {
          if (op == Op.UPDATE || mode == ImageMode.PARTIAL) {
            b.putUnchanged(name);
          } else {
            b.putNull(name);
          }
        }
      }
    }
    return b.build();
  }

  /** DMS leaves out empty values too: an omitted required string or binary column was empty, since NULL is impossible there. */
  private Object emptyFor(Type t, String column, Ctx ctx) {
    return switch (t.typeId()) {
      case STRING -> "";
      case BINARY -> new byte[0];
      default -> throw new CoercionException("Cannot fit row: a required column is omitted from a full row image, so it would be NULL",
          table, column, "omitted", IcebergTypes.describe(t), ctx.position(), ctx.transport());
    };
  }

  private Object coerce(Object v, Type t, String column, Ctx ctx) {
    try {
      return coercions.coerce(v, t);
    } catch (Misfit m) {
      throw error(m, v, column, t, ctx);
    }
  }

  private ReconcileException error(Misfit m, Object v, String column, Type type, Ctx ctx) {
    if (m.kind() == Misfit.Kind.WRONG_KIND && !(v instanceof String)) {
      String valueType;
      try {
        ColumnType inferred = ValueTypes.infer(v);
        valueType = inferred == null ? Coercions.valueType(v) : inferred.toString();
      } catch (RuntimeException e) {
        valueType = Coercions.valueType(v);
      }
      return new TypeConflictException("Cannot change column type: Iceberg cannot change the column's type to hold the value's type ("
          + m.getMessage() + "; table type=" + IcebergTypes.describe(type) + ", value type=" + valueType + ", see type-conflicts option)",
          table, column, IcebergTypes.describe(type), valueType, ctx.position(), ctx.transport());
    }
    return new CoercionException(m.getMessage() + " (column type=" + IcebergTypes.describe(type) + ", value type="
        + Coercions.valueType(v) + ")", table, column, Coercions.valueType(v), IcebergTypes.describe(type), ctx.position(), ctx.transport());
  }

  private TypeConflictException conflict(String column, Type have, Type want, Ctx ctx) {
    return new TypeConflictException("Cannot change column type: Iceberg cannot change it in place (old type=" + IcebergTypes.describe(have)
        + ", new type=" + IcebergTypes.describe(want) + ", see type-conflicts option)", table, column, IcebergTypes.describe(have),
        IcebergTypes.describe(want), ctx.position(), ctx.transport());
  }

  /** A DDL event narrows a column (its table type is a promotion of the new one) and {@code narrowing} is fail. */
  private TypeConflictException narrowing(String column, Type have, Type want, Ctx ctx) {
    return new TypeConflictException("Cannot change column type: the source narrows it and the table keeps a wider type only when "
        + "told to (old type=" + IcebergTypes.describe(have) + ", new type=" + IcebergTypes.describe(want) + ", see narrowing); "
        + "to go on: set narrowing to keep-wider for this table in the table config (every value of the new type fits the old "
        + "one exactly), or recreate the table with the new type", table, column, IcebergTypes.describe(have),
        IcebergTypes.describe(want), ctx.position(), ctx.transport());
  }

  /**
   * Where the plan comes from, for errors and rules.
   *
   * @param ddl true for a DDL event (the source states its types); false for row events, whose message schema may be
   *     older than the table (written before a widening, still in flight or replayed)
   */
  private record Ctx(io.cdclake.model.SourcePosition position, io.cdclake.model.TransportPosition transport, boolean ddl) {
    Ctx(ChangeEvent e, boolean ddl) {
      this(e == null ? null : e.position(), e == null ? null : e.transport(), ddl);
    }
  }
}
