package io.cdclake.codec.dms.internal;

import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * Input limits for one JSON message, each below Jackson's default.
 *
 * @param maxNestingDepth deepest object/array nesting (Jackson's default is 500 or more)
 * @param maxNumberLength longest number token in characters (Jackson: 1000)
 * @param maxStringLength longest string value in characters (Jackson: 20,000,000)
 * @param maxNameLength longest member name in characters (Jackson: 50,000)
 * @param maxMessageLength largest message, counted as the characters of its names and values plus
 *     one per token (Jackson: unlimited)
 */
public record JsonLimits(int maxNestingDepth, int maxNumberLength, int maxStringLength, int maxNameLength, long maxMessageLength)
    implements io.cdclake.codec.json.internal.FastJson.Limits {

  public static final int DEFAULT_MAX_NESTING_DEPTH = 64;
  public static final int DEFAULT_MAX_NUMBER_LENGTH = 200;
  public static final int DEFAULT_MAX_STRING_LENGTH = 8 * 1024 * 1024;
  public static final int DEFAULT_MAX_NAME_LENGTH = 1024;
  public static final long DEFAULT_MAX_MESSAGE_LENGTH = 16L * 1024 * 1024;

  public JsonLimits {
    positive(maxNestingDepth, "maxNestingDepth");
    positive(maxNumberLength, "maxNumberLength");
    positive(maxStringLength, "maxStringLength");
    positive(maxNameLength, "maxNameLength");
    positive(maxMessageLength, "maxMessageLength");
  }

  public static JsonLimits defaults() {
    return new JsonLimits(DEFAULT_MAX_NESTING_DEPTH, DEFAULT_MAX_NUMBER_LENGTH, DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_NAME_LENGTH,
        DEFAULT_MAX_MESSAGE_LENGTH);
  }

  StreamReadConstraints constraints() {
    return StreamReadConstraints.builder()
        .maxNestingDepth(maxNestingDepth)
        .maxNumberLength(maxNumberLength)
        .maxStringLength(maxStringLength)
        .maxNameLength(maxNameLength)
        .build();
  }

  private static void positive(long v, String name) {
    if (v < 1) {
      throw new IllegalArgumentException("Cannot set limit: must be positive (" + name + "=" + v + ")");
    }
  }
}
