package io.cdclake.schema.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/** Rebuilds Iceberg types with one field changed, keeping every other field id, doc and default. */
public final class TypeTrees {
  private TypeTrees() {}

  /** The struct with the field of this id (at any depth) replaced by {@code fn}'s result; unchanged when absent. */
  public static Types.StructType rewrite(Types.StructType struct, int fieldId, UnaryOperator<Types.NestedField> fn) {
    List<Types.NestedField> out = new ArrayList<>(struct.fields().size());
    boolean changed = false;
    for (Types.NestedField f : struct.fields()) {
      Types.NestedField g = rewriteField(f, fieldId, fn);
      changed |= g != f;
      out.add(g);
    }
    return changed ? Types.StructType.of(out) : struct;
  }

  private static Types.NestedField rewriteField(Types.NestedField f, int fieldId, UnaryOperator<Types.NestedField> fn) {
    if (f.fieldId() == fieldId) {
      return fn.apply(f);
    }
    Type t = rewriteType(f.type(), fieldId, fn);
    return t == f.type() ? f : Types.NestedField.from(f).ofType(t).build();
  }

  private static Type rewriteType(Type t, int fieldId, UnaryOperator<Types.NestedField> fn) {
    switch (t.typeId()) {
      case STRUCT:
        return rewrite(t.asStructType(), fieldId, fn);
      case LIST: {
        Types.ListType l = t.asListType();
        Types.NestedField e = l.fields().get(0);
        Types.NestedField g = rewriteField(e, fieldId, fn);
        if (g == e) {
          return t;
        }
        return g.isOptional() ? Types.ListType.ofOptional(g.fieldId(), g.type()) : Types.ListType.ofRequired(g.fieldId(), g.type());
      }
      case MAP: {
        Types.MapType m = t.asMapType();
        Types.NestedField k = m.fields().get(0);
        Types.NestedField v = m.fields().get(1);
        Types.NestedField k2 = rewriteField(k, fieldId, fn);
        Types.NestedField v2 = rewriteField(v, fieldId, fn);
        if (k2 == k && v2 == v) {
          return t;
        }
        return v2.isOptional() ? Types.MapType.ofOptional(k2.fieldId(), v2.fieldId(), k2.type(), v2.type())
            : Types.MapType.ofRequired(k2.fieldId(), v2.fieldId(), k2.type(), v2.type());
      }
      default:
        return t;
    }
  }

  /** The struct without the field of this id (top level or inside a nested struct); unchanged when absent. */
  public static Types.StructType remove(Types.StructType struct, int fieldId) {
    if (struct.field(fieldId) != null) {
      List<Types.NestedField> out = new ArrayList<>(struct.fields());
      out.removeIf(f -> f.fieldId() == fieldId);
      return Types.StructType.of(out);
    }
    Types.NestedField holder = null;
    for (Types.NestedField f : TypeUtil.indexById(struct).values()) {
      if (f.type().isStructType() && f.type().asStructType().field(fieldId) != null) {
        holder = f;
      }
    }
    if (holder == null) {
      return struct;
    }
    return rewrite(struct, holder.fieldId(), f -> Types.NestedField.from(f).ofType(remove(f.type().asStructType(), fieldId)).build());
  }

  /** The struct a field's type holds fields in: the field's own struct, or its list's element or map's value struct. */
  public static Types.StructType structOf(Type t) {
    if (t.isStructType()) {
      return t.asStructType();
    }
    if (t.isListType() && t.asListType().elementType().isStructType()) {
      return t.asListType().elementType().asStructType();
    }
    if (t.isMapType() && t.asMapType().valueType().isStructType()) {
      return t.asMapType().valueType().asStructType();
    }
    return null;
  }

  /** The type with every field id replaced by fresh ones from {@code nextId}. */
  public static Type freshIds(Type t, TypeUtil.NextID nextId) {
    return t.isPrimitiveType() ? t : TypeUtil.assignFreshIds(t, nextId);
  }
}
