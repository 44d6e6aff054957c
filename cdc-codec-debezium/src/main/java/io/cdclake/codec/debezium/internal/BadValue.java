package io.cdclake.codec.debezium.internal;

/** A value that does not fit its type. The reason names the type, never the value. Caught and located by the readers. */
final class BadValue extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadValue(String reason) {
    super(reason, null, false, false);
  }
}
