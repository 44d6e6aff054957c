package io.cdclake.codec.dms.internal;

/**
 * A JSON number kept as the text it was written as, so nothing is lost before the column type is
 * known (BIGINT beyond 2^53, scientific notation, NUMERIC with many digits).
 *
 * @param text the number exactly as written in the input
 * @param integral true for an integer token (no fraction, no exponent)
 */
public record JsonNum(String text, boolean integral) {
  @Override
  public String toString() {
    return text;
  }
}
