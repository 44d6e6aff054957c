package io.cdclake.model;

/**
 * The input is well formed but is not a valid change event: an unknown operation, a missing
 * envelope field or key, a value that does not fit its declared type, a row with the wrong column
 * count.
 */
public final class InvalidEventException extends DecodeException {
  private static final long serialVersionUID = 1L;

  public InvalidEventException(String reason, long offset, String path, TableId table, String field) {
    super(reason, offset, path, table, field, null);
  }

  public InvalidEventException(String reason, long offset, String path, TableId table, String field, Throwable cause) {
    super(reason, offset, path, table, field, cause);
  }
}
