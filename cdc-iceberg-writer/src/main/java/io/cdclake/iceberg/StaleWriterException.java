package io.cdclake.iceberg;

/**
 * The committer was fenced: another committer with the same writer id committed to the table
 * after this one read its checkpoint (this one is a zombie: a stale task, a second copy of a
 * pipeline). Nothing was committed. Restart from the table's checkpoint.
 */
public final class StaleWriterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StaleWriterException(String message, Throwable cause) {
    super(message, cause);
  }
}
