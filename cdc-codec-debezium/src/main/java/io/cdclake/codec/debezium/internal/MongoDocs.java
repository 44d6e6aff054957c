package io.cdclake.codec.debezium.internal;

import io.cdclake.model.Row;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * MongoDB Extended JSON (relaxed or canonical, as the connector's {@code after}, {@code before} and
 * key {@code id} strings hold it) to canonical values: {@code $oid} → hex String, {@code $numberLong}
 * → Long, {@code $numberInt} → Integer, {@code $numberDouble} → Double, {@code $numberDecimal} →
 * BigDecimal (NaN/Infinity as text), {@code $date} → OffsetDateTime (UTC), {@code $binary} → byte[]
 * (subtype 4 → UUID), {@code $uuid} → UUID, {@code $timestamp} → Long ({@code t << 32 | i}),
 * {@code $regularExpression} → {@code /pattern/options}, {@code $symbol}/{@code $code} → String,
 * {@code $undefined} → null, {@code $minKey}/{@code $maxKey} → "MinKey"/"MaxKey"; documents → Row,
 * arrays → List; relaxed numbers: integers Long, others Double.
 */
final class MongoDocs {
  private MongoDocs() {}

  static Row document(Map<String, Object> m) {
    Row.Builder b = Row.builder(m.size());
    for (Map.Entry<String, Object> e : m.entrySet()) {
      b.put(e.getKey(), value(e.getValue()));
    }
    return b.build();
  }

  static Object value(Object v) {
    if (v instanceof Map<?, ?> raw) {
      Map<String, Object> m = TreeReader.map(raw);
      if (!m.isEmpty() && m.keySet().iterator().next().startsWith("$")) {
        Object special = special(m);
        if (special != NOT_SPECIAL) {
          return special;
        }
      }
      return document(m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(value(o));
      }
      return Collections.unmodifiableList(out);
    }
    if (v instanceof BigDecimal d) {
      return d.doubleValue();
    }
    return v;
  }

  private static final Object NOT_SPECIAL = new Object();

  private static Object special(Map<String, Object> m) {
    String k = m.keySet().iterator().next();
    Object v = m.get(k);
    switch (k) {
      case "$oid", "$symbol", "$code":
        return v == null ? null : v.toString();
      case "$numberLong":
        return Long.parseLong(String.valueOf(v).trim());
      case "$numberInt":
        return Integer.parseInt(String.valueOf(v).trim());
      case "$numberDouble":
        return Values.parseSpecialDouble(String.valueOf(v), "double");
      case "$numberDecimal": {
        String s = String.valueOf(v);
        try {
          return new BigDecimal(s);
        } catch (NumberFormatException e) {
          return s;
        }
      }
      case "$date": {
        if (v instanceof Number n) {
          return OffsetDateTime.ofInstant(Instant.ofEpochMilli(n.longValue()), ZoneOffset.UTC);
        }
        if (v instanceof Map<?, ?> inner) {
          Object l = inner.get("$numberLong");
          return OffsetDateTime.ofInstant(Instant.ofEpochMilli(Long.parseLong(String.valueOf(l))), ZoneOffset.UTC);
        }
        return Values.zoned(String.valueOf(v));
      }
      case "$binary": {
        String b64;
        String subtype;
        if (v instanceof Map<?, ?> inner) {
          b64 = String.valueOf(inner.get("base64"));
          subtype = String.valueOf(inner.get("subType"));
        } else {
          b64 = String.valueOf(v);
          subtype = String.valueOf(m.get("$type"));
        }
        byte[] bytes = Values.base64(b64);
        if (("4".equals(subtype) || "04".equals(subtype)) && bytes.length == 16) {
          ByteBuffer bb = ByteBuffer.wrap(bytes);
          return new UUID(bb.getLong(), bb.getLong());
        }
        return bytes;
      }
      case "$uuid":
        return Values.uuid(String.valueOf(v));
      case "$timestamp": {
        Map<String, Object> ts = TreeReader.map(v);
        return (TreeReader.longOr(ts, "t", 0) << 32) | (TreeReader.longOr(ts, "i", 0) & 0xffffffffL);
      }
      case "$regularExpression": {
        Map<String, Object> re = TreeReader.map(v);
        return "/" + TreeReader.string(re, "pattern") + "/" + TreeReader.string(re, "options");
      }
      case "$undefined":
        return null;
      case "$minKey":
        return "MinKey";
      case "$maxKey":
        return "MaxKey";
      default:
        return NOT_SPECIAL;
    }
  }
}
