package io.cdclake.schema;

import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Test helpers for comparing Iceberg schemas without field ids. */
final class Schemas {
  private Schemas() {}

  /** Names, types, optionality and nesting, without ids: {@code id:long!, x:long, s:struct<a:int>}. */
  static String shape(Schema s) {
    return shape(s.asStruct());
  }

  static String shape(Type t) {
    return switch (t.typeId()) {
      case STRUCT -> {
        StringBuilder sb = new StringBuilder("{");
        for (Types.NestedField f : t.asStructType().fields()) {
          if (sb.length() > 1) {
            sb.append(", ");
          }
          sb.append(f.name()).append(':').append(shape(f.type())).append(f.isRequired() ? "!" : "");
        }
        yield sb.append('}').toString();
      }
      case LIST -> "list<" + shape(t.asListType().elementType()) + (t.asListType().isElementRequired() ? "!" : "") + ">";
      case MAP -> "map<" + shape(t.asMapType().keyType()) + "," + shape(t.asMapType().valueType()) + ">";
      default -> IcebergTypes.describe(t);
    };
  }
}
