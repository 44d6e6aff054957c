package io.cdclake.codec.dms.internal;

/**
 * A value that does not fit its column type. Carries only a reason that never contains the value;
 * callers add the table, column, path and offset. No stack trace: it is control flow.
 */
public final class ConversionFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConversionFailure(String reason) {
    super(reason, null, false, false);
  }
}
