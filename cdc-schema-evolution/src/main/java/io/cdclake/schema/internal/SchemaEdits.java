package io.cdclake.schema.internal;

import io.cdclake.schema.IcebergTypes;
import io.cdclake.schema.SchemaUpdate;
import io.cdclake.schema.SchemaUpdate.AddColumn;
import io.cdclake.schema.SchemaUpdate.Change;
import io.cdclake.schema.SchemaUpdate.WidenColumn;
import io.cdclake.schema.TypeConflictException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/** Applies a {@link SchemaUpdate} to a schema, or stages it on an Iceberg {@link UpdateSchema}. */
public final class SchemaEdits {
  private SchemaEdits() {}

  public static Schema apply(SchemaUpdate update, Schema current) {
    if (current == null) {
      return create(update);
    }
    Types.StructType struct = current.asStruct();
    AtomicInteger ids = new AtomicInteger(current.highestFieldId());
    for (Change c : update.changes()) {
      if (c instanceof AddColumn a) {
        struct = add(update, struct, a, ids);
      } else if (c instanceof WidenColumn w) {
        struct = widen(update, struct, w);
      }
    }
    try {
      return new Schema(struct.fields(), current.identifierFieldIds());
    } catch (IllegalArgumentException e) {
      throw new TypeConflictException("Cannot apply schema update: Iceberg refuses the result (" + e.getMessage() + ")", update.table(),
          null, null, null, null, null);
    }
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

  private static Types.StructType add(SchemaUpdate update, Types.StructType root, AddColumn a, AtomicInteger ids) {
    Types.StructType parentStruct;
    if (a.parent() == null) {
      parentStruct = root;
    } else {
      Types.NestedField parent = TypeUtil.indexById(root).get(a.parentId());
      if (parent == null || !parent.type().isStructType()) {
        throw conflict(update, a.column(), "the parent struct is gone", parent == null ? "none" : IcebergTypes.describe(parent.type()),
            IcebergTypes.describe(a.type()));
      }
      parentStruct = parent.type().asStructType();
    }
    Types.NestedField existing = parentStruct.field(a.name());
    if (existing != null) {
      if (!covers(existing.type(), a.type())) {
        throw conflict(update, a.column(), "the column exists with another type", IcebergTypes.describe(existing.type()),
            IcebergTypes.describe(a.type()));
      }
      return root;
    }
    Types.NestedField added = Types.NestedField.optional(ids.incrementAndGet(), a.name(),
        TypeTrees.freshIds(a.type(), ids::incrementAndGet));
    if (a.parent() == null) {
      List<Types.NestedField> fs = new ArrayList<>(root.fields());
      fs.add(added);
      return Types.StructType.of(fs);
    }
    return TypeTrees.rewrite(root, a.parentId(), f -> {
      List<Types.NestedField> fs = new ArrayList<>(f.type().asStructType().fields());
      fs.add(added);
      return Types.NestedField.from(f).ofType(Types.StructType.of(fs)).build();
    });
  }

  private static Types.StructType widen(SchemaUpdate update, Types.StructType root, WidenColumn w) {
    Types.NestedField f = TypeUtil.indexById(root).get(w.fieldId());
    if (f == null) {
      throw conflict(update, w.column(), "the column is gone", "none", IcebergTypes.describe(w.to()));
    }
    if (TypeRules.accepts(f.type(), w.to())) {
      return root;
    }
    if (!IcebergTypes.isPromotion(f.type(), w.to())) {
      throw conflict(update, w.column(), "Iceberg cannot change the type in place", IcebergTypes.describe(f.type()),
          IcebergTypes.describe(w.to()));
    }
    return TypeTrees.rewrite(root, w.fieldId(), x -> Types.NestedField.from(x).ofType(w.to()).build());
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

  public static void stage(SchemaUpdate update, UpdateSchema pending) {
    Schema base = pending.apply();
    Types.StructType struct = base.asStruct();
    for (Change c : update.changes()) {
      if (c instanceof AddColumn a) {
        Types.StructType parentStruct = struct;
        String parentName = null;
        if (a.parent() != null) {
          Types.NestedField parent = base.findField(a.parentId());
          if (parent == null || !parent.type().isStructType()) {
            throw conflict(update, a.column(), "the parent struct is gone", "none", IcebergTypes.describe(a.type()));
          }
          parentStruct = parent.type().asStructType();
          parentName = base.findColumnName(a.parentId());
        }
        Types.NestedField existing = parentStruct.field(a.name());
        if (existing != null) {
          if (!covers(existing.type(), a.type())) {
            throw conflict(update, a.column(), "the column exists with another type", IcebergTypes.describe(existing.type()),
                IcebergTypes.describe(a.type()));
          }
        } else if (parentName == null) {
          pending.addColumn(a.name(), a.type());
        } else {
          pending.addColumn(parentName, a.name(), a.type());
        }
      } else if (c instanceof WidenColumn w) {
        Types.NestedField f = base.findField(w.fieldId());
        if (f == null) {
          throw conflict(update, w.column(), "the column is gone", "none", IcebergTypes.describe(w.to()));
        }
        if (TypeRules.accepts(f.type(), w.to())) {
          continue;
        }
        if (!IcebergTypes.isPromotion(f.type(), w.to())) {
          throw conflict(update, w.column(), "Iceberg cannot change the type in place", IcebergTypes.describe(f.type()),
              IcebergTypes.describe(w.to()));
        }
        pending.updateColumn(base.findColumnName(w.fieldId()), w.to());
      }
    }
  }

  private static TypeConflictException conflict(SchemaUpdate u, String column, String reason, String tableType, String newType) {
    return new TypeConflictException("Cannot apply schema update: " + reason + " (old type=" + tableType + ", new type=" + newType + ")",
        u.table(), column, tableType, newType, null, null);
  }
}
