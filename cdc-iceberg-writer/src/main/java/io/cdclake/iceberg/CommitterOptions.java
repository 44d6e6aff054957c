package io.cdclake.iceberg;

/**
 * Settings of a {@link ChangeCommitter}.
 *
 * @param maxAttempts commit attempts on {@link org.apache.iceberg.exceptions.CommitFailedException} (each attempt
 *     also runs Iceberg's own retries, {@code commit.retry.num-retries}) before the commit fails for good
 * @param retryWaitMs wait before the second attempt; doubles each attempt, capped at 30 s
 * @param cleanUpOnFailure delete the batch's files when the commit failed for certain (never after an unknown commit state)
 */
public record CommitterOptions(int maxAttempts, long retryWaitMs, boolean cleanUpOnFailure) {
  public CommitterOptions {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("Cannot use committer options: max-attempts must be at least 1 (max-attempts=" + maxAttempts + ")");
    }
    if (retryWaitMs < 0) {
      throw new IllegalArgumentException("Cannot use committer options: negative retry wait (retry-wait-ms=" + retryWaitMs + ")");
    }
  }

  public static CommitterOptions defaults() {
    return new CommitterOptions(5, 200, true);
  }
}
