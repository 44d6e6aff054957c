package io.cdclake.codec.debezium.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Debezium's unavailable-value placeholder ({@code unavailable.value.placeholder}) in every form it
 * takes (SPEC B.6): the text; its bytes as base64, base64url or hex (binary columns, Decimal); a
 * one-element text array; the byte values as an int or bigint array; a one-entry map; a one-element
 * uuid array of {@code UUID.nameUUIDFromBytes(bytes)}. A value in any of these forms means
 * UNCHANGED, whatever the column's type. A configured {@code hex:...} placeholder gives the bytes;
 * its text form is those bytes read as UTF-8 (as Debezium does).
 */
final class Placeholder {
  final String text;
  final byte[] bytes;
  private final String[] strings;
  private final int minLen;
  private final int maxLen;
  private final UUID uuid;

  Placeholder(String configured) {
    if (configured.startsWith("hex:")) {
      bytes = HexFormat.of().parseHex(configured.substring(4));
      text = new String(bytes, StandardCharsets.UTF_8);
    } else {
      text = configured;
      bytes = configured.getBytes(StandardCharsets.UTF_8);
    }
    strings = new String[] {text, Base64.getEncoder().encodeToString(bytes), Base64.getUrlEncoder().encodeToString(bytes),
        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), HexFormat.of().formatHex(bytes)};
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (String s : strings) {
      min = Math.min(min, s.length());
      max = Math.max(max, s.length());
    }
    minLen = min;
    maxLen = max;
    uuid = UUID.nameUUIDFromBytes(bytes);
  }

  /** True when a JSON string of this length could be a placeholder (a cheap first check). */
  boolean lengthMatches(int len) {
    return len >= minLen && len <= maxLen;
  }

  boolean isString(String s) {
    if (s == null || !lengthMatches(s.length())) {
      return false;
    }
    for (String p : strings) {
      if (p.equals(s)) {
        return true;
      }
    }
    return false;
  }

  /** The list forms; {@code list} holds converted elements (Integer, Long, String, UUID, LocalDate as epoch day). */
  boolean isList(List<?> list) {
    if (list.size() == 1) {
      Object e = list.get(0);
      return (e instanceof String s && isString(s)) || uuid.equals(e);
    }
    if (list.size() != bytes.length) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      Object e = list.get(i);
      long v;
      if (e instanceof Integer n) {
        v = n;
      } else if (e instanceof Long n) {
        v = n;
      } else if (e instanceof java.time.LocalDate d) {
        v = d.toEpochDay();
      } else {
        return false;
      }
      if (v != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  boolean isMap(Map<?, ?> map) {
    if (map.size() != 1) {
      return false;
    }
    Map.Entry<?, ?> e = map.entrySet().iterator().next();
    return e.getKey() instanceof String k && isString(k) && (e.getValue() == null || (e.getValue() instanceof String v && isString(v)));
  }
}
