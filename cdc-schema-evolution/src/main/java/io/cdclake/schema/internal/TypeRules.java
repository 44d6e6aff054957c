package io.cdclake.schema.internal;

import io.cdclake.schema.IcebergTypes;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Type.TypeID;
import org.apache.iceberg.types.Types;

/** Which column types hold which values without a change. */
public final class TypeRules {
  private TypeRules() {}

  /**
   * True when a column of type {@code table} holds every value of type {@code incoming} exactly, so
   * no change is needed: equal types; the reverse of a promotion (long holds int); double holds int
   * and float; decimal(p,s) holds int/long/decimals with room; string holds every primitive but
   * binary; binary holds fixed. Only primitives; nested types are compared field by field elsewhere.
   */
  public static boolean accepts(Type table, Type incoming) {
    if (!table.isPrimitiveType() || !incoming.isPrimitiveType()) {
      return false;
    }
    if (table.equals(incoming) || IcebergTypes.isPromotion(incoming, table)) {
      return true;
    }
    TypeID t = table.typeId();
    TypeID i = incoming.typeId();
    switch (t) {
      case STRING:
        return i != TypeID.BINARY && i != TypeID.FIXED;
      case BINARY:
        return i == TypeID.FIXED;
      case DOUBLE:
        return i == TypeID.INTEGER || i == TypeID.FLOAT;
      case DECIMAL: {
        Types.DecimalType d = (Types.DecimalType) table;
        int intDigits = d.precision() - d.scale();
        if (i == TypeID.INTEGER) {
          return intDigits >= 10;
        }
        if (i == TypeID.LONG) {
          return intDigits >= 19;
        }
        if (i == TypeID.DECIMAL) {
          Types.DecimalType x = (Types.DecimalType) incoming;
          return x.scale() <= d.scale() && x.precision() - x.scale() <= intDigits;
        }
        return false;
      }
      case TIMESTAMP_NANO:
        return i == TypeID.TIMESTAMP
            && ((Types.TimestampType) incoming).shouldAdjustToUTC() == ((Types.TimestampNanoType) table).shouldAdjustToUTC();
      default:
        return false;
    }
  }

  /** The promoted type that holds the value when {@code type} does not, or null (int → long, float → double, decimal precision up). */
  public static Type.PrimitiveType promotionFor(Misfit.Kind why, Object value, Type type) {
    switch (type.typeId()) {
      case INTEGER:
        return why == Misfit.Kind.OUT_OF_RANGE ? Types.LongType.get() : null;
      case FLOAT:
        return why == Misfit.Kind.INEXACT || why == Misfit.Kind.OUT_OF_RANGE ? Types.DoubleType.get() : null;
      case DECIMAL: {
        if (why != Misfit.Kind.PRECISION) {
          return null;
        }
        int scale = ((Types.DecimalType) type).scale();
        int p = Coercions.decimalPrecision(value, scale);
        return p > 0 && p <= 38 ? Types.DecimalType.of(p, scale) : null;
      }
      default:
        return null;
    }
  }
}
