package io.cdclake.model;

/**
 * The input bytes are not valid in their format: not JSON or Avro, truncated, invalid UTF-8, or
 * over one of the decoder's input limits (nesting depth, number length, string length, document
 * size). Limit errors name the value, the limit and the setting that changes it.
 */
public final class MalformedInputException extends DecodeException {
  private static final long serialVersionUID = 1L;

  public MalformedInputException(String reason, long offset, String path, Throwable cause) {
    super(reason, offset, path, null, null, cause);
  }

  public MalformedInputException(String reason, long offset, String path, TableId table, String field, Throwable cause) {
    super(reason, offset, path, table, field, cause);
  }
}
