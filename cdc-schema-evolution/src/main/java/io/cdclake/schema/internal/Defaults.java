package io.cdclake.schema.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Column defaults: canonical values (already coerced to the column's type) as Iceberg literals. */
public final class Defaults {
  private Defaults() {}

  /** True for the types a default can be set on (primitives; Iceberg v3 allows no nested defaults here). */
  public static boolean supports(Type type) {
    return type.isPrimitiveType() && type.typeId() != Type.TypeID.FIXED && type.typeId() != Type.TypeID.TIMESTAMP_NANO;
  }

  /**
   * The literal of {@code value} for a column of {@code type}.
   *
   * @throws IllegalArgumentException when the value's class is not the canonical class of the type
   */
  public static Literal<?> literal(Object value, Type type) {
    Literal<?> lit;
    if (value instanceof Boolean b) {
      lit = Literal.of(b);
    } else if (value instanceof Integer i) {
      lit = Literal.of(i);
    } else if (value instanceof Long l) {
      lit = Literal.of(l);
    } else if (value instanceof Float f) {
      lit = Literal.of(f);
    } else if (value instanceof Double d) {
      lit = Literal.of(d);
    } else if (value instanceof BigDecimal d) {
      lit = Literal.of(d);
    } else if (value instanceof String s) {
      lit = Literal.of(s);
    } else if (value instanceof UUID u) {
      lit = Literal.of(u);
    } else if (value instanceof byte[] b) {
      lit = Literal.of(b);
    } else if (value instanceof LocalDate d) {
      lit = Literal.of((int) d.toEpochDay()).to(Types.DateType.get());
    } else if (value instanceof LocalTime t) {
      lit = Literal.of(t.toNanoOfDay() / 1000L).to(Types.TimeType.get());
    } else if (value instanceof LocalDateTime t) {
      lit = Literal.of(micros(t.atOffset(ZoneOffset.UTC))).to(Types.TimestampType.withoutZone());
    } else if (value instanceof OffsetDateTime t) {
      lit = Literal.of(micros(t)).to(Types.TimestampType.withZone());
    } else {
      throw new IllegalArgumentException("Cannot make column default: unsupported value class (class="
          + (value == null ? "null" : value.getClass().getSimpleName()) + ", type=" + type + ")");
    }
    Literal<?> out = lit.to(type);
    if (out == null) {
      throw new IllegalArgumentException("Cannot make column default: the value does not convert to the column type (type=" + type + ")");
    }
    return out;
  }

  private static long micros(OffsetDateTime t) {
    return ChronoUnit.MICROS.between(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), t);
  }
}
