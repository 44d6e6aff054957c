package io.cdclake.codec.debezium.internal;

import java.math.BigDecimal;

/** Schema {@code default}s in the canonical value classes; null when a default cannot be mapped. */
final class DefaultValues {
  private DefaultValues() {}

  static Object convert(Field f, Object raw) {
    try {
      return switch (f.conv) {
        case BOOLEAN -> raw instanceof Boolean ? raw : null;
        case INT -> raw instanceof Number n ? Values.toInt(n.longValue(), "int32") : null;
        case LONG -> raw instanceof Number n ? n.longValue() : null;
        case FLOAT -> raw instanceof Number n ? n.floatValue() : null;
        case DOUBLE -> raw instanceof Number n ? n.doubleValue() : null;
        case STRING -> raw instanceof String ? raw : null;
        case DATE -> raw instanceof Number n ? Values.date(n.longValue()) : null;
        case TIMESTAMP -> raw instanceof Number n ? Values.timestamp(n.longValue(), f.unit) : null;
        case DECIMAL -> raw instanceof String s ? Values.decimalFromUnscaled(Values.base64(s), f.scale)
            : raw instanceof BigDecimal d ? Values.scale(d, f.scale, false) : null;
        default -> null;
      };
    } catch (BadValue e) {
      return null;
    }
  }
}
