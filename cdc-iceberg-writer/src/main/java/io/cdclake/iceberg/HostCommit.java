package io.cdclake.iceberg;

import static java.util.Objects.requireNonNull;

/**
 * Names one commit of an engine host so that a repeated commit is recognised: a scope (a Flink
 * job and sink operator, a Spark streaming query) and a sequence number that only grows within it
 * (the Flink checkpoint id, the Spark batch id). {@link ChangeCommitter#commit(java.util.Collection,
 * java.util.Map, HostCommit)} stores both in the snapshot summary ({@link CdcLakeProperties#HOST_SCOPE},
 * {@link CdcLakeProperties#HOST_SEQUENCE}) and skips a commit whose sequence is at or below the one
 * committed in its scope.
 *
 * @param scope what the sequence numbers count in; non-empty, at most 512 characters
 * @param sequence the commit's number within the scope; not negative
 */
public record HostCommit(String scope, long sequence) {
  public HostCommit {
    requireNonNull(scope, "scope is null");
    if (scope.isEmpty() || scope.length() > 512) {
      throw new IllegalArgumentException("Cannot make host commit: the scope must have 1 to 512 characters (length=" + scope.length() + ")");
    }
    if (sequence < 0) {
      throw new IllegalArgumentException("Cannot make host commit: negative sequence (sequence=" + sequence + ", scope=" + scope + ")");
    }
  }
}
