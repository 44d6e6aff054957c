package io.cdclake.codec.debezium.internal;

/** How one field's wire value becomes a canonical value. */
enum Conv {
  BOOLEAN, INT, LONG, FLOAT, DOUBLE, STRING,
  /** bytes: base64 (JSON) or raw (Avro); string modes by {@link Field#binaryMode}. */
  BINARY,
  /** Connect Decimal / a caller DECIMAL column: base64 unscaled, JSON number, decimal text, or VariableScaleDecimal struct. */
  DECIMAL,
  /** VariableScaleDecimal with a schema: no canonical precision, kept as plain decimal text (STRING). */
  VSD_STRING,
  DATE,
  /** time of day; unit in {@link Field#unit}. */
  TIME,
  /** wall-clock timestamp; unit in {@link Field#unit}. */
  TIMESTAMP,
  /** ZonedTimestamp string (or epoch number in {@link Field#unit}). */
  TIMESTAMP_TZ,
  JSON, UUID,
  /** io.debezium.data.Bits: little-endian bytes, returned big-endian. */
  BITS,
  /** MicroDuration (int64 or float64) as LONG microseconds. */
  DURATION_MICROS,
  LIST, MAP, STRUCT,
  /** No type known: JSON scalars as they are. */
  DYNAMIC
}
