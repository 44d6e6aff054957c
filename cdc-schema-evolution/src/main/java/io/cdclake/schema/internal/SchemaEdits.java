package io.cdclake.schema.internal;

import io.cdclake.schema.IcebergTypes;
import io.cdclake.schema.SchemaUpdate;
import io.cdclake.schema.SchemaUpdate.AddColumn;
import io.cdclake.schema.SchemaUpdate.Change;
import io.cdclake.schema.SchemaUpdate.DropColumn;
import io.cdclake.schema.SchemaUpdate.MakeOptional;
import io.cdclake.schema.SchemaUpdate.RedirectColumn;
import io.cdclake.schema.SchemaUpdate.RenameColumn;
import io.cdclake.schema.SchemaUpdate.RetireColumn;
import io.cdclake.schema.SchemaUpdate.SetIdentifierFields;
import io.cdclake.schema.SchemaUpdate.WidenColumn;
import io.cdclake.schema.TypeConflictException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.iceberg.Schema;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * Applies a {@link SchemaUpdate} to a schema ({@link #apply}), or stages it on Iceberg
 * {@link UpdateSchema}s ({@link #stage}). Every change is checked against the schema as it stands
 * when the change comes: one already there is skipped, one that no longer fits throws
 * {@link TypeConflictException}.
 */
public final class SchemaEdits {
  private SchemaEdits() {}

  /** The schema after the update; {@code current} null builds the schema of a new table. */
  public static Schema apply(SchemaUpdate update, Schema current) {
    if (current == null) {
      return create(update);
    }
    Schema now = current;
    for (Change c : update.changes()) {
      now = applyOne(update, now, c);
    }
    return now;
  }

  private static Schema create(SchemaUpdate update) {
    AtomicInteger ids = new AtomicInteger();
    List<Types.NestedField> fields = new ArrayList<>();
    for (Change c : update.changes()) {
      if (!(c instanceof AddColumn a) || a.parent() != null) {
        throw new IllegalArgumentException("Cannot build schema: the update changes columns of an existing table, and no schema was given "
            + "(table=" + update.table() + ", change=" + c + ")");
      }
      fields.add(Types.NestedField.of(ids.incrementAndGet(), !a.required(), a.name(), a.type()));
    }
    List<Types.NestedField> fresh = new ArrayList<>(fields.size());
    for (Types.NestedField f : fields) {
      fresh.add(Types.NestedField.of(f.fieldId(), f.isOptional(), f.name(), TypeTrees.freshIds(f.type(), ids::incrementAndGet)));
    }
    Set<Integer> identifiers = new HashSet<>();
    for (String k : update.identifierFields()) {
      Types.NestedField f = fresh.stream().filter(x -> x.name().equals(k)).findFirst().orElseThrow(() -> new IllegalArgumentException(
          "Cannot build schema: key column is not a column (table=" + update.table() + ", column=" + k + ")"));
      identifiers.add(f.fieldId());
    }
    try {
      return new Schema(fresh, identifiers);
    } catch (IllegalArgumentException e) {
      throw new TypeConflictException("Cannot create table schema: Iceberg refuses the key columns (" + e.getMessage() + ")",
          update.table(), String.join(",", update.identifierFields()), null, null, null, null);
    }
  }

  /** The schema after one change; {@code now} itself when the change is already there or changes no column. */
  static Schema applyOne(SchemaUpdate u, Schema now, Change c) {
    Types.StructType root = now.asStruct();
    Set<Integer> keys = now.identifierFieldIds();
    Types.StructType out = root;
    Set<Integer> outKeys = keys;
    if (c instanceof AddColumn a) {
      out = add(u, root, a, new AtomicInteger(now.highestFieldId()));
    } else if (c instanceof WidenColumn w) {
      out = widen(u, now, w);
    } else if (c instanceof RenameColumn r) {
      out = rename(u, now, r);
    } else if (c instanceof DropColumn d) {
      if (now.findField(d.fieldId()) != null) {
        if (keys.contains(d.fieldId())) {
          throw conflict(u, d.column(), "Cannot drop column: it is a key (identifier) column of the table; set primary_key to the new key "
              + "in the table config first", "key column", "dropped");
        }
        out = TypeTrees.remove(root, d.fieldId());
      }
    } else if (c instanceof RetireColumn r) {
      out = optional(u, now, r.fieldId(), r.column());
    } else if (c instanceof MakeOptional m) {
      out = optional(u, now, m.fieldId(), m.column());
    } else if (c instanceof RedirectColumn r) {
      if (root.field(r.column()) == null) {
        throw conflict(u, r.column(), "Cannot redirect column: the target column is not in the table", "none", r.sourceColumn());
      }
    } else if (c instanceof SetIdentifierFields k) {
      Set<Integer> ids = new LinkedHashSet<>();
      for (String n : k.columns()) {
        Types.NestedField f = now.findField(n);
        if (f == null) {
          throw conflict(u, n, "Cannot change key: the key column is not in the table", "none", "key column");
        }
        ids.add(f.fieldId());
        if (f.isOptional()) {
          out = TypeTrees.rewrite(out, f.fieldId(), x -> Types.NestedField.from(x).asRequired().build());
        }
      }
      outKeys = ids;
    }
    if (out == root && outKeys.equals(keys)) {
      return now;
    }
    try {
      return new Schema(out.fields(), outKeys);
    } catch (IllegalArgumentException e) {
      throw new TypeConflictException("Cannot apply schema update: Iceberg refuses the result (" + e.getMessage() + ")", u.table(),
          c.column(), null, null, position(u), transport(u));
    }
  }

  private static Types.StructType add(SchemaUpdate u, Types.StructType root, AddColumn a, AtomicInteger ids) {
    Types.StructType parentStruct;
    if (a.parent() == null) {
      parentStruct = root;
    } else {
      Types.NestedField parent = TypeUtil.indexById(root).get(a.parentId());
      if (parent == null || !parent.type().isStructType()) {
        throw conflict(u, a.column(), "Cannot apply schema update: the parent struct is gone", parent == null ? "none"
            : IcebergTypes.describe(parent.type()), IcebergTypes.describe(a.type()));
      }
      parentStruct = parent.type().asStructType();
    }
    Types.NestedField existing = parentStruct.field(a.name());
    if (existing != null) {
      if (!covers(existing.type(), a.type())) {
        throw conflict(u, a.column(), "Cannot apply schema update: the column exists with another type", IcebergTypes.describe(existing.type()),
            IcebergTypes.describe(a.type()));
      }
      return root;
    }
    Types.NestedField.Builder b = Types.NestedField.builder().withId(ids.incrementAndGet()).withName(a.name())
        .ofType(TypeTrees.freshIds(a.type(), ids::incrementAndGet)).asOptional();
    if (a.defaultValue() != null) {
      b.withInitialDefault(Defaults.literal(a.defaultValue(), a.type())).withWriteDefault(Defaults.literal(a.defaultValue(), a.type()));
    }
    Types.NestedField added = b.build();
    if (a.parent() == null) {
      return Types.StructType.of(insert(root.fields(), added, a));
    }
    return TypeTrees.rewrite(root, a.parentId(), f -> Types.NestedField.from(f)
        .ofType(Types.StructType.of(insert(f.type().asStructType().fields(), added, a))).build());
  }

  private static List<Types.NestedField> insert(List<Types.NestedField> siblings, Types.NestedField added, AddColumn a) {
    List<Types.NestedField> fs = new ArrayList<>(siblings);
    int at = fs.size();
    if (a.first()) {
      at = 0;
    } else if (a.after() != null) {
      for (int i = 0; i < fs.size(); i++) {
        if (fs.get(i).name().equals(a.after())) {
          at = i + 1;
        }
      }
    }
    fs.add(at, added);
    return fs;
  }

  private static Types.StructType widen(SchemaUpdate u, Schema now, WidenColumn w) {
    Types.NestedField f = now.findField(w.fieldId());
    if (f == null) {
      throw conflict(u, w.column(), "Cannot apply schema update: the column is gone", "none", IcebergTypes.describe(w.to()));
    }
    if (TypeRules.accepts(f.type(), w.to())) {
      return now.asStruct();
    }
    if (!IcebergTypes.isPromotion(f.type(), w.to())) {
      throw conflict(u, w.column(), "Cannot apply schema update: Iceberg cannot change the type in place", IcebergTypes.describe(f.type()),
          IcebergTypes.describe(w.to()));
    }
    return TypeTrees.rewrite(now.asStruct(), w.fieldId(), x -> Types.NestedField.from(x).ofType(w.to()).build());
  }

  private static Types.StructType rename(SchemaUpdate u, Schema now, RenameColumn r) {
    Types.NestedField f = now.findField(r.fieldId());
    if (f == null) {
      throw conflict(u, r.from(), "Cannot rename column: the column is gone", "none", r.newName());
    }
    if (f.name().equals(r.newName())) {
      return now.asStruct();
    }
    String full = now.findColumnName(r.fieldId());
    int dot = full.lastIndexOf('.');
    String sibling = dot < 0 ? r.newName() : full.substring(0, dot + 1) + r.newName();
    if (now.findField(sibling) != null) {
      throw conflict(u, r.from(), "Cannot rename column: the table already has a column of the new name", full, sibling);
    }
    return TypeTrees.rewrite(now.asStruct(), r.fieldId(), x -> Types.NestedField.from(x).withName(r.newName()).build());
  }

  private static Types.StructType optional(SchemaUpdate u, Schema now, int fieldId, String column) {
    Types.NestedField f = now.findField(fieldId);
    if (f == null || f.isOptional()) {
      return now.asStruct();
    }
    if (now.identifierFieldIds().contains(fieldId)) {
      throw conflict(u, column, "Cannot make column optional: it is a key (identifier) column and Iceberg requires key columns to be "
          + "required; set primary_key to the new key in the table config", "required key column", "optional");
    }
    return TypeTrees.rewrite(now.asStruct(), fieldId, x -> Types.NestedField.from(x).asOptional().build());
  }

  /** True when a column of type {@code have} already holds what {@code want} asks for (nested: field by field). */
  static boolean covers(Type have, Type want) {
    if (have.isPrimitiveType() || want.isPrimitiveType()) {
      return TypeRules.accepts(have, want);
    }
    if (have.typeId() != want.typeId()) {
      return false;
    }
    switch (have.typeId()) {
      case LIST:
        return covers(have.asListType().elementType(), want.asListType().elementType());
      case MAP:
        return covers(have.asMapType().keyType(), want.asMapType().keyType())
            && covers(have.asMapType().valueType(), want.asMapType().valueType());
      default:
        for (Types.NestedField w : want.asStructType().fields()) {
          Types.NestedField h = have.asStructType().field(w.name());
          if (h == null || !covers(h.type(), w.type())) {
            return false;
          }
        }
        return true;
    }
  }

  /**
   * The changes of an update that take effect on this table: those that change its schema, retire a
   * column not retired yet, or redirect a source column elsewhere than it goes now. Throws like
   * {@link #apply} when a change no longer fits.
   */
  public static List<Change> effective(SchemaUpdate update, Schema start, Set<Integer> retired, java.util.Map<String, Integer> redirects) {
    List<Change> out = new ArrayList<>();
    Schema now = start;
    Set<Integer> r = new HashSet<>(retired);
    for (Change c : update.changes()) {
      Schema next = applyOne(update, now, c);
      boolean takes = next != now;
      if (c instanceof RetireColumn x && now.findField(x.fieldId()) != null) {
        takes = r.add(x.fieldId()) || takes;
      } else if (c instanceof RedirectColumn x) {
        Types.NestedField f = now.asStruct().field(x.column());
        takes = f == null || !java.util.Objects.equals(redirects.get(x.sourceColumn()), f.fieldId());
      } else if (c instanceof SetIdentifierFields) {
        takes = !next.identifierFieldIds().equals(now.identifierFieldIds()) || next != now;
      }
      if (takes) {
        out.add(c);
      }
      now = next;
    }
    return out;
  }

  /** Stages the update on one pending schema update (the caller commits it); throws when it needs two. */
  public static void stage(SchemaUpdate update, UpdateSchema pending) {
    boolean[] used = {false};
    stage(update, pending.apply(), () -> {
      if (used[0]) {
        throw new TypeConflictException("Cannot stage schema update on one Iceberg update: a column is renamed away from a name that a "
            + "later change uses again; apply it with SchemaApplier", update.table(), null, null, null, position(update), transport(update));
      }
      used[0] = true;
      return pending;
    }, false, f -> false);
  }

  /**
   * Stages the update on as many pending updates as it needs: a new one (from {@code open}) starts when a
   * change adds or renames to a name the current one's base schema has. Every pending update but the last
   * is committed here; the last too when {@code commitLast}.
   *
   * @param start the schema the first pending update starts from
   * @param mayRequire whether an optional column may be made required to become a key column (the proof
   *     that it holds no NULL); when false the key change throws
   * @return the schema after the update
   */
  public static Schema stage(SchemaUpdate update, Schema start, Supplier<UpdateSchema> open, boolean commitLast,
      Predicate<Types.NestedField> mayRequire) {
    Stager s = new Stager(update, start, open, mayRequire);
    for (Change c : update.changes()) {
      s.stage(c);
    }
    if (commitLast && s.pending != null) {
      s.pending.commit();
    }
    return s.now;
  }

  private static final class Stager {
    final SchemaUpdate update;
    final Supplier<UpdateSchema> open;
    final Predicate<Types.NestedField> mayRequire;
    UpdateSchema pending;
    Schema base;
    Schema now;

    Stager(SchemaUpdate update, Schema start, Supplier<UpdateSchema> open, Predicate<Types.NestedField> mayRequire) {
      this.update = update;
      this.open = open;
      this.mayRequire = mayRequire;
      this.base = start;
      this.now = start;
    }

    void stage(Change c) {
      Schema next = applyOne(update, now, c);
      if (next == now && !(c instanceof SetIdentifierFields)) {
        return;
      }
      if (c instanceof SetIdentifierFields k && next.identifierFieldIds().equals(now.identifierFieldIds())) {
        return;
      }
      if (needsNewUpdate(c)) {
        pending.commit();
        pending = null;
        base = now;
      }
      if (pending == null) {
        pending = open.get();
      }
      if (c instanceof AddColumn a) {
        String parent = a.parent() == null ? null : nameIn(a.parentId(), a.parent());
        if (a.defaultValue() != null) {
          pending.addColumn(parent, a.name(), a.type(), Defaults.literal(a.defaultValue(), a.type()));
        } else {
          pending.addColumn(parent, a.name(), a.type());
        }
        String full = parent == null ? a.name() : parent + "." + a.name();
        if (a.first()) {
          pending.moveFirst(full);
        } else if (a.after() != null) {
          String sibling = siblingName(a, parent);
          if (sibling != null) {
            pending.moveAfter(full, sibling);
          }
        }
      } else if (c instanceof WidenColumn w) {
        pending.updateColumn(nameIn(w.fieldId(), w.column()), w.to());
      } else if (c instanceof RenameColumn r) {
        pending.renameColumn(nameIn(r.fieldId(), r.from()), r.newName());
      } else if (c instanceof DropColumn d) {
        pending.deleteColumn(nameIn(d.fieldId(), d.column()));
      } else if (c instanceof RetireColumn r) {
        pending.makeColumnOptional(nameIn(r.fieldId(), r.column()));
      } else if (c instanceof MakeOptional m) {
        pending.makeColumnOptional(nameIn(m.fieldId(), m.column()));
      } else if (c instanceof SetIdentifierFields k) {
        for (String n : k.columns()) {
          Types.NestedField f = now.findField(n);
          if (f.isOptional()) {
            if (!mayRequire.test(f)) {
              throw conflict(update, n, "Cannot change key: the new key column is optional in the table and nothing proves it holds no "
                  + "NULL (rows written before it was filled read NULL); keep the old key with key-changes=keep or set primary_key in the "
                  + "table config", "optional", "required key column");
            }
            pending.allowIncompatibleChanges();
            pending.requireColumn(nameIn(f.fieldId(), n));
          }
        }
        pending.setIdentifierFields(k.columns());
      }
      now = next;
    }

    /** Iceberg checks added and renamed-to names against the base schema: a name still there needs a fresh update. */
    private boolean needsNewUpdate(Change c) {
      if (pending == null) {
        return false;
      }
      if (c instanceof AddColumn a) {
        String parent = a.parent() == null ? null : base.findColumnName(a.parentId());
        if (a.parent() != null && parent == null) {
          return true;
        }
        return base.findField(parent == null ? a.name() : parent + "." + a.name()) != null;
      }
      if (c instanceof RenameColumn r) {
        String full = now.findColumnName(r.fieldId());
        int dot = full.lastIndexOf('.');
        String target = dot < 0 ? r.newName() : full.substring(0, dot + 1) + r.newName();
        return base.findField(target) != null || base.findField(r.fieldId()) == null;
      }
      if (c instanceof WidenColumn || c instanceof DropColumn || c instanceof RetireColumn || c instanceof MakeOptional) {
        return base.findField(fieldIdOf(c)) == null;
      }
      return false;
    }

    private int fieldIdOf(Change c) {
      if (c instanceof WidenColumn w) {
        return w.fieldId();
      }
      if (c instanceof DropColumn d) {
        return d.fieldId();
      }
      if (c instanceof RetireColumn r) {
        return r.fieldId();
      }
      return ((MakeOptional) c).fieldId();
    }

    /** A column's name for Iceberg's API: its name in the base schema of the pending update. */
    private String nameIn(int fieldId, String fallback) {
      String n = base.findColumnName(fieldId);
      return n != null ? n : fallback;
    }

    /** The full name (for Iceberg's API) of the sibling an added column goes after, or null when it is not there. */
    private String siblingName(AddColumn a, String parentBaseName) {
      Types.StructType siblings = a.parent() == null ? now.asStruct() : structOf(now.findField(a.parentId()));
      if (siblings == null) {
        return null;
      }
      Types.NestedField s = siblings.field(a.after());
      if (s == null) {
        return null;
      }
      String inBase = base.findColumnName(s.fieldId());
      if (inBase != null) {
        return inBase;
      }
      return parentBaseName == null ? a.after() : parentBaseName + "." + a.after();
    }

    private static Types.StructType structOf(Types.NestedField f) {
      return f == null || !f.type().isStructType() ? null : f.type().asStructType();
    }
  }

  private static io.cdclake.model.SourcePosition position(SchemaUpdate u) {
    return u.origin() == null ? null : u.origin().position();
  }

  private static io.cdclake.model.TransportPosition transport(SchemaUpdate u) {
    return u.origin() == null ? null : u.origin().transport();
  }

  private static TypeConflictException conflict(SchemaUpdate u, String column, String reason, String tableType, String newType) {
    return new TypeConflictException(reason + " (old type=" + tableType + ", new type=" + newType + ")", u.table(), column, tableType,
        newType, position(u), transport(u));
  }
}
