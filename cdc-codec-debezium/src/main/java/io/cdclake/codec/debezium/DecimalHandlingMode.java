package io.cdclake.codec.debezium;

/**
 * How the connector wrote decimals ({@code decimal.handling.mode}). With a {@code schema} block the
 * schema says what each field is; this setting matters for schemaless JSON, where a column the
 * caller types as DECIMAL arrives as a JSON string whose meaning depends on it. JSON numbers are
 * read exactly in every mode.
 */
public enum DecimalHandlingMode {
  /** {@code precise} (default): strings are base64 of the unscaled value, structs are VariableScaleDecimal. */
  PRECISE,
  /** {@code double}: numbers; a value with more fraction digits than the column's scale is rounded half-up. */
  DOUBLE,
  /** {@code string}: strings hold the decimal text ({@code "50.50"}). */
  STRING
}
