package io.cdclake.schema.internal;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.schema.CoercionException;
import io.cdclake.schema.IcebergTypes;
import io.cdclake.schema.ImageMode;
import io.cdclake.schema.ReconcileException;
import io.cdclake.schema.ReconcileOptions;
import io.cdclake.schema.SchemaUpdate;
import io.cdclake.schema.SchemaUpdate.AddColumn;
import io.cdclake.schema.SchemaUpdate.Change;
import io.cdclake.schema.SchemaUpdate.WidenColumn;
import io.cdclake.schema.TypeConflictException;
import java.util.ArrayList;
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
 * Fits one event's images to a table schema: first plans each column's type (table type, declared
 * type, source schema, the event's own values; widening where Iceberg allows), then coerces and
 * fills the images for the planned schema. Stateless and thread-safe; the reconciler keeps the state.
 */
public final class Planner {
  private final TableId table;
  private final ReconcileOptions options;
  private final Coercions coercions;
  private final Map<String, ColumnType> declared;
  private final List<String> configKey;

  /**
   * @param declared declared column types by Iceberg column name (config column-types and timestamp.fields)
   * @param configKey key columns from the config (Iceberg names), empty for the source's
   */
  public Planner(TableId table, ReconcileOptions options, Map<String, ColumnType> declared, List<String> configKey) {
    this.table = table;
    this.options = options;
    this.coercions = new Coercions(options);
    this.declared = Map.copyOf(declared);
    this.configKey = List.copyOf(configKey);
  }

  /** The images of one event, already under Iceberg column names; any may be null. */
  public record Images(Row key, Row before, Row after) {}

  /**
   * The outcome.
   *
   * @param key the reconciled key, or null
   * @param before the reconciled before image, or null
   * @param after the reconciled, filled after image, or null
   * @param update the schema update, or null when the table fits
   * @param typed every column of the planned table schema
   */
  public record Plan(Row key, Row before, Row after, SchemaUpdate update, Set<String> typed) {}

  /**
   * @param afterMode what an omitted column of the after image means; null to leave the after image unfilled
   * @param source the source schema under Iceberg names, or null
   * @param event the event, for positions in errors
   */
  public Plan plan(Images images, ImageMode afterMode, Schema current, TableSchema source, ChangeEvent event) {
    Ctx ctx = new Ctx(event);
    Types.StructType cur = current == null ? null : current.asStruct();
    AtomicInteger ids = new AtomicInteger(current == null ? 0 : current.highestFieldId());
    LinkedHashMap<String, Type> planned = new LinkedHashMap<>();
    if (cur != null) {
      for (Types.NestedField f : cur.fields()) {
        planned.put(f.name(), f.type());
      }
    }
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
      Types.NestedField existing = cur == null ? null : cur.field(name);
      ColumnType authority = declared.get(name);
      if (authority == null && source != null && source.column(name) != null) {
        authority = source.column(name).type();
      }
      Type wanted = authority == null ? null : icebergOf(authority, name, ids, ctx);
      Type type = existing == null ? null : existing.type();
      if (wanted != null) {
        type = type == null ? wanted : merge(type, wanted, name, ids, ctx);
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
        type = fit(v, type, wanted == null, name, ids, ctx);
      }
      planned.put(name, type);
    }

    List<String> key = List.of();
    SchemaUpdate update;
    if (cur == null) {
      key = newTableKey(source, images.key(), planned, ctx);
      if (planned.isEmpty()) {
        throw new ReconcileException("Cannot create table: no column has a type yet (the event holds only NULL or omitted columns and "
            + "there is no source schema; declare column-types)", table, null, ctx.position(), ctx.transport(), null);
      }
      List<Change> adds = new ArrayList<>();
      for (Map.Entry<String, Type> e : planned.entrySet()) {
        adds.add(new AddColumn(null, -1, e.getKey(), e.getValue(), key.contains(e.getKey())));
      }
      update = SchemaUpdate.createTable(table, adds, key);
    } else {
      List<Change> changes = new ArrayList<>();
      for (Map.Entry<String, Type> e : planned.entrySet()) {
        Types.NestedField have = cur.field(e.getKey());
        if (have == null) {
          changes.add(new AddColumn(null, -1, e.getKey(), e.getValue(), false));
        } else {
          diff(have, e.getValue(), e.getKey(), changes);
        }
      }
      update = changes.isEmpty() ? null : SchemaUpdate.of(table, changes);
    }

    Map<String, Boolean> required = new LinkedHashMap<>();
    for (String n : planned.keySet()) {
      Types.NestedField f = cur == null ? null : cur.field(n);
      required.put(n, f != null ? f.isRequired() : key.contains(n));
    }
    Row after = image(images.after(), afterMode, planned, required, ctx);
    Row before = image(images.before(), null, planned, required, ctx);
    Row keyRow = image(images.key(), null, planned, required, ctx);
    if (!configKey.isEmpty()) {
      Row from = after != null ? after : before;
      if (from != null && configKey.stream().allMatch(k -> from.state(k) == ColumnState.VALUE)) {
        keyRow = from.project(configKey);
      }
    }
    return new Plan(keyRow, before, after, update, Set.copyOf(planned.keySet()));
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
        for (Types.NestedField w : want.asStructType().fields()) {
          int i = indexOf(fs, w.name());
          if (i < 0) {
            fs.add(Types.NestedField.optional(ids.incrementAndGet(), w.name(), TypeTrees.freshIds(w.type(), ids::incrementAndGet)));
            changed = true;
          } else {
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
  private static void diff(Types.NestedField have, Type want, String path, List<Change> out) {
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
        for (Types.NestedField w : want.asStructType().fields()) {
          Types.NestedField f = h.asStructType().field(w.name());
          if (f == null) {
            out.add(new AddColumn(path, have.fieldId(), w.name(), w.type(), false));
          } else {
            diff(f, w.type(), path + "." + w.name(), out);
          }
        }
      }
    }
  }

  /** The image fit for the planned schema; filled per {@code mode} (null: not filled). */
  private Row image(Row image, ImageMode mode, Map<String, Type> planned, Map<String, Boolean> required, Ctx ctx) {
    if (image == null) {
      return null;
    }
    Row.Builder b = Row.builder(Math.max(planned.size(), image.size()));
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

  private record Ctx(io.cdclake.model.SourcePosition position, io.cdclake.model.TransportPosition transport) {
    Ctx(ChangeEvent e) {
      this(e == null ? null : e.position(), e == null ? null : e.transport());
    }
  }
}
