package io.cdclake.codec.debezium;

/**
 * How the connector wrote temporal values ({@code time.precision.mode}). With a {@code schema}
 * block the semantic type names decide; for schemaless JSON this setting gives the unit of an
 * integer TIME or TIMESTAMP column the caller supplies, unless the column's
 * {@link io.cdclake.model.Column#sourceType()} names a Debezium semantic type
 * ({@code io.debezium.time.Timestamp}, {@code io.debezium.time.MicroTimestamp}, ...) or a database
 * type with a precision ({@code timestamp(3)}, {@code datetime(6)}), which win.
 *
 * <ul>
 *   <li>{@link #ADAPTIVE} and {@link #ADAPTIVE_TIME_MICROSECONDS}: TIME in microseconds; TIMESTAMP in
 *       microseconds unless the source type says a precision of 0-3 (milliseconds) or 7-9 (nanoseconds).</li>
 *   <li>{@link #CONNECT}: TIME and TIMESTAMP in milliseconds.</li>
 *   <li>{@link #ISOSTRING}: ISO-8601 strings (strings are accepted in every mode).</li>
 * </ul>
 */
public enum TimePrecisionMode {
  ADAPTIVE, ADAPTIVE_TIME_MICROSECONDS, CONNECT, ISOSTRING
}
