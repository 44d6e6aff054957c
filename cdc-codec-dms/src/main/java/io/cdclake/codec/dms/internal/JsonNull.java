package io.cdclake.codec.dms.internal;

/** An explicit JSON {@code null} in a parsed tree (Java null means "not there"). */
public enum JsonNull {
  INSTANCE;

  @Override
  public String toString() {
    return "null";
  }
}
