package io.cdclake.codec.debezium;

/**
 * How the connector wrote binary columns ({@code binary.handling.mode}). {@code bytes} appears as
 * base64 in JSON (the schema type is {@code bytes}); the other modes give strings (the schema type is
 * {@code string}, so with a schema block such columns decode as STRING). For schemaless JSON this
 * setting says how to read a column the caller types as BINARY.
 */
public enum BinaryHandlingMode {
  BYTES, BASE64, BASE64_URL_SAFE, HEX
}
