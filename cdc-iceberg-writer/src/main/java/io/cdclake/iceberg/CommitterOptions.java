package io.cdclake.iceberg;

/**
 * Settings of a {@link ChangeCommitter}.
 *
 * @param maxAttempts commit attempts on {@link org.apache.iceberg.exceptions.CommitFailedException} (each attempt
 *     also runs Iceberg's own retries, {@code commit.retry.num-retries}) before the commit fails for good
 * @param retryWaitMs wait before the second attempt; doubles each attempt, capped at 30 s
 * @param cleanUpOnFailure delete the batch's files when the commit failed for certain (never after an unknown commit state)
 * @param inlineManifestWork run Iceberg's manifest work (writing, filtering, merging) on the committing thread instead of
 *     Iceberg's shared worker pool: for small, frequent CDC commits it saves Iceberg's 10 ms polling per parallel step
 *     (several per commit); for tables with many manifests the pool's parallelism is worth more
 */
public record CommitterOptions(int maxAttempts, long retryWaitMs, boolean cleanUpOnFailure, boolean inlineManifestWork) implements java.io.Serializable {
  public CommitterOptions {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("Cannot use committer options: max-attempts must be at least 1 (max-attempts=" + maxAttempts + ")");
    }
    if (retryWaitMs < 0) {
      throw new IllegalArgumentException("Cannot use committer options: negative retry wait (retry-wait-ms=" + retryWaitMs + ")");
    }
  }

  public CommitterOptions withInlineManifestWork(boolean v) {
    return new CommitterOptions(maxAttempts, retryWaitMs, cleanUpOnFailure, v);
  }

  public CommitterOptions withMaxAttempts(int v) {
    return new CommitterOptions(v, retryWaitMs, cleanUpOnFailure, inlineManifestWork);
  }

  public CommitterOptions withRetryWaitMs(long v) {
    return new CommitterOptions(maxAttempts, v, cleanUpOnFailure, inlineManifestWork);
  }

  public static CommitterOptions defaults() {
    return new CommitterOptions(5, 200, true, false);
  }
}

