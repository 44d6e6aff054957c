package io.cdclake.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A message that could not be decoded or applied, kept whole so nothing is lost: the raw bytes,
 * where they came from and why they were set aside.
 *
 * @param message the raw message as received
 * @param errorType the exception's class name
 * @param reason the exception's message (never holds row values)
 * @param at when it was set aside
 */
public record DeadLetter(RawMessage message, String errorType, String reason, Instant at) {
  public DeadLetter {
    requireNonNull(message, "message is null");
    requireNonNull(errorType, "errorType is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(at, "at is null");
  }

  public static DeadLetter of(RawMessage message, Throwable error) {
    return new DeadLetter(message, error.getClass().getName(), String.valueOf(error.getMessage()), Instant.now());
  }

  /** Where dead letters go. Implementations must keep every letter they accept (or throw). */
  @FunctionalInterface
  public interface Sink {
    void accept(DeadLetter letter);
  }
}
