package io.cdclake.model;

import static java.util.Objects.requireNonNull;

/**
 * A logical decoding message ({@link Op#MESSAGE}), e.g. from PostgreSQL {@code pg_logical_emit_message}.
 *
 * @param prefix the message prefix
 * @param content the content bytes (not copied; never mutated)
 * @param transactional whether the message was emitted inside a transaction
 */
public record LogicalMessage(String prefix, byte[] content, boolean transactional) {
  public LogicalMessage {
    requireNonNull(prefix, "prefix is null");
    requireNonNull(content, "content is null");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogicalMessage m && m.prefix.equals(prefix) && java.util.Arrays.equals(m.content, content)
        && m.transactional == transactional;
  }

  @Override
  public int hashCode() {
    return prefix.hashCode() * 31 + java.util.Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "LogicalMessage[prefix=" + prefix + ", bytes=" + content.length + ", transactional=" + transactional + "]";
  }
}
