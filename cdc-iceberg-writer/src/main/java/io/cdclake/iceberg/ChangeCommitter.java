package io.cdclake.iceberg;

import static java.util.Objects.requireNonNull;

import io.cdclake.iceberg.internal.FileSink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver side: commits {@link WriteResult}s of one table as one atomic Iceberg transaction,
 * with the writer id, a commit id and the checkpoint in the snapshot summary
 * ({@link CdcLakeProperties#WRITER_ID}, {@link CdcLakeProperties#COMMIT_ID},
 * {@link CdcLakeProperties#OFFSETS}, {@link CdcLakeProperties#SOURCE_HIGH_WATER}).
 *
 * <ul>
 *   <li>On creation it reads its checkpoint back from the table history: the newest ancestor of
 *       the current snapshot that carries its writer id (summaries are per snapshot, so foreign
 *       commits on top, such as compactions and appends by others, are walked past).</li>
 *   <li>Results are grouped by {@link WriteResult#batch()}; batches commit in order, each delta
 *       as its own RowDelta (a later sequence number), a truncate as a delete of every file first.
 *       A batch whose transport positions are all covered by the checkpoint was committed before
 *       and is skipped (its new files are deleted: they were never published).</li>
 *   <li>The stored checkpoint is the per-partition maximum of the old one and the batches'
 *       positions: it never goes backwards.</li>
 *   <li>A {@link SnapshotAncestryValidator}, re-checked by Iceberg on every retry, refuses the
 *       commit when another committer with the same writer id committed since this one last read
 *       the table (a zombie), and when this commit id is already in the history.</li>
 *   <li>{@link CommitFailedException} is retried up to {@link CommitterOptions#maxAttempts()}; then
 *       the files are deleted and the exception rethrown. On {@link CommitStateUnknownException}
 *       (and SQLite's busy errors from the JDBC catalog) it first looks for its own commit id in
 *       the history: found means committed; otherwise it retries, and from then on it deletes no file.</li>
 * </ul>
 *
 * Not thread-safe; one committer per table per job.
 */
public final class ChangeCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeCommitter.class);

  private final Table table;
  private final String writerId;
  private final CommitterOptions options;
  private Checkpoint checkpoint;
  private String lastCommitId;
  /** Host scope → highest sequence committed in it (read from the history once per scope). */
  private final Map<String, Long> hostSequences = new java.util.HashMap<>();

  private ChangeCommitter(Table table, String writerId, CommitterOptions options) {
    this.table = requireNonNull(table, "table is null");
    this.writerId = requireNonNull(writerId, "writerId is null");
    this.options = requireNonNull(options, "options is null");
    if (writerId.isEmpty()) {
      throw new IllegalArgumentException("Cannot make committer: empty writer id (table=" + table.name() + ")");
    }
    readBack();
  }

  public static ChangeCommitter create(Table table, String writerId) {
    return new ChangeCommitter(table, writerId, CommitterOptions.defaults());
  }

  public static ChangeCommitter create(Table table, String writerId, CommitterOptions options) {
    return new ChangeCommitter(table, writerId, options);
  }

  /** The checkpoint of a writer id in a table's history, or {@link Checkpoint#EMPTY}. */
  public static Checkpoint readCheckpoint(Table table, String writerId) {
    Snapshot s = newestOf(table, writerId);
    return s == null ? Checkpoint.EMPTY : checkpointOf(s);
  }

  private static Checkpoint checkpointOf(Snapshot s) {
    return Checkpoint.fromJson(s.summary().get(CdcLakeProperties.OFFSETS), s.summary().get(CdcLakeProperties.SOURCE_HIGH_WATER));
  }

  private static Snapshot newestOf(Table table, String writerId) {
    for (Snapshot s : SnapshotUtil.currentAncestors(table)) {
      if (writerId.equals(s.summary().get(CdcLakeProperties.WRITER_ID))) {
        return s;
      }
    }
    return null;
  }

  private void readBack() {
    table.refresh();
    Snapshot s = newestOf(table, writerId);
    this.checkpoint = s == null ? Checkpoint.EMPTY : checkpointOf(s);
    this.lastCommitId = s == null ? null : s.summary().get(CdcLakeProperties.COMMIT_ID);
  }

  public Table table() {
    return table;
  }

  public String writerId() {
    return writerId;
  }

  /** What this writer id has committed to the table: where the host resumes. */
  public Checkpoint checkpoint() {
    return checkpoint;
  }

  /** The commit id of this writer id's newest commit, or null. */
  public String lastCommitId() {
    return lastCommitId;
  }

  public CommitOutcome commit(Collection<WriteResult> results) {
    return commit(results, Map.of());
  }

  /**
   * Commits the results atomically.
   *
   * @param extraSummary more snapshot summary entries (hosts add their own, e.g. {@link CdcLakeProperties#PIPELINE_OFFSETS})
   * @throws StaleWriterException when another committer with this writer id committed since this one read the table
   * @throws CommitFailedException when conflicts outlast the attempts (the files are deleted)
   * @throws CommitStateUnknownException when the state stays unknown after the attempts (no file is deleted)
   */
  public CommitOutcome commit(Collection<WriteResult> results, Map<String, String> extraSummary) {
    return commit(results, extraSummary, null);
  }

  /**
   * The highest sequence this writer id committed in a host scope, or -1. Walks the ancestors of
   * the current snapshot once per scope (later answers come from what this committer committed).
   */
  public long committedSequence(String scope) {
    Long known = hostSequences.get(scope);
    if (known != null) {
      return known;
    }
    long found = -1;
    for (Snapshot s : SnapshotUtil.currentAncestors(table)) {
      Map<String, String> sum = s.summary();
      if (sum != null && writerId.equals(sum.get(CdcLakeProperties.WRITER_ID)) && scope.equals(sum.get(CdcLakeProperties.HOST_SCOPE))) {
        found = Long.parseLong(sum.get(CdcLakeProperties.HOST_SEQUENCE));
        break;
      }
    }
    hostSequences.put(scope, found);
    return found;
  }

  /**
   * Commits the results atomically as one commit of an engine host. A commit whose sequence is at
   * or below the one already committed in its scope is skipped ({@link CommitOutcome.Status#ALREADY_COMMITTED}):
   * engines hand the same committable again after a restore. Files of skipped batches are never
   * deleted here, since a host may hand over files that a commit already published.
   *
   * @param host the host's commit, or null for a plain commit ({@link #commit(Collection, Map)})
   * @throws StaleWriterException when another committer with this writer id committed since this one read the table
   */
  public CommitOutcome commit(Collection<WriteResult> results, Map<String, String> extraSummary, HostCommit host) {
    if (host != null && host.sequence() <= committedSequence(host.scope())) {
      LOG.info("Skipping commit {} of {} to {}: already committed (writer {})", host.sequence(), host.scope(), table.name(), writerId);
      return new CommitOutcome(CommitOutcome.Status.ALREADY_COMMITTED, null, List.of(), checkpoint, 0, 0,
          (int) results.stream().mapToLong(WriteResult::batch).distinct().count());
    }
    TreeMap<Long, List<WriteResult>> batches = new TreeMap<>();
    for (WriteResult r : results) {
      if (!r.table().equals(table.name())) {
        throw new IllegalArgumentException("Cannot commit write result: it is for another table (table=" + table.name()
            + ", result table=" + r.table() + ")");
      }
      batches.computeIfAbsent(r.batch(), b -> new ArrayList<>()).add(r);
    }
    List<List<WriteResult>> toCommit = new ArrayList<>();
    int skipped = 0;
    Checkpoint next = checkpoint;
    for (List<WriteResult> batch : batches.values()) {
      Checkpoint covers = Checkpoint.EMPTY;
      boolean files = false;
      boolean truncate = false;
      for (WriteResult r : batch) {
        covers = covers.merge(r.covers());
        files |= !r.hasNoFiles();
        truncate |= r.truncate();
      }
      List<io.cdclake.model.TransportPosition> offsets = covers.offsets();
      if (!offsets.isEmpty() && offsets.stream().allMatch(checkpoint::covers)) {
        skipped++;
        LOG.info("Skipping a batch already committed to {} (writer {}, checkpoint {})", table.name(), writerId, checkpoint);
        if (host == null) {
          deleteFiles(batch); // a plain host wrote these files again for the replay: never published
        }
        continue;
      }
      if (!files && !truncate && covers.isEmpty()) {
        continue;
      }
      toCommit.add(batch);
      next = next.merge(covers);
    }
    if (toCommit.isEmpty()) {
      return new CommitOutcome(skipped > 0 ? CommitOutcome.Status.ALREADY_COMMITTED : CommitOutcome.Status.NOTHING_TO_COMMIT, null,
          List.of(), checkpoint, 0, 0, skipped);
    }
    String commitId = UUID.randomUUID().toString();
    Map<String, String> summary = new java.util.LinkedHashMap<>(extraSummary);
    summary.put(CdcLakeProperties.WRITER_ID, writerId);
    summary.put(CdcLakeProperties.COMMIT_ID, commitId);
    summary.put(CdcLakeProperties.OFFSETS, next.offsetsJson());
    summary.put(CdcLakeProperties.SOURCE_HIGH_WATER, next.highWaterJson());
    summary.put(CdcLakeProperties.BATCHES, Integer.toString(toCommit.size()));
    if (host != null) {
      summary.put(CdcLakeProperties.HOST_SCOPE, host.scope());
      summary.put(CdcLakeProperties.HOST_SEQUENCE, Long.toString(host.sequence()));
    }
    boolean mayBePublished = false;
    RuntimeException last = null;
    long wait = options.retryWaitMs();
    for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
      try {
        attemptCommit(toCommit, summary, commitId);
        return success(commitId, next, attempt, toCommit.size(), skipped, host);
      } catch (ValidationException e) {
        table.refresh();
        if (isInHistory(commitId)) {
          return success(commitId, next, attempt, toCommit.size(), skipped, host);
        }
        if (!mayBePublished && options.cleanUpOnFailure()) {
          toCommit.forEach(this::deleteFiles);
        }
        throw new StaleWriterException("Cannot commit to table: another committer with the same writer id committed since this one "
            + "read the table; this one is stale and must restart from the table's checkpoint (table=" + table.name() + ", writer-id="
            + writerId + ", expected last commit-id=" + lastCommitId + ")", e);
      } catch (CommitStateUnknownException | UncheckedSQLException e) {
        mayBePublished = true;
        last = e;
        LOG.warn("Commit state unknown for {} (writer {}, commit {}); looking for the commit id in the history", table.name(), writerId,
            commitId);
        if (foundAfterRefresh(commitId)) {
          return success(commitId, next, attempt, toCommit.size(), skipped, host);
        }
      } catch (CommitFailedException e) {
        last = e;
        LOG.info("Commit to {} failed on attempt {} of {}: {}", table.name(), attempt, options.maxAttempts(), e.getMessage());
      }
      if (attempt < options.maxAttempts()) {
        sleep(wait);
        wait = Math.min(wait * 2, 30_000);
      }
    }
    if (!mayBePublished && options.cleanUpOnFailure()) {
      toCommit.forEach(this::deleteFiles);
    }
    throw last;
  }

  private boolean foundAfterRefresh(String commitId) {
    try {
      table.refresh();
      return isInHistory(commitId);
    } catch (RuntimeException e) {
      LOG.warn("Cannot read the history of {} to check commit {}: {}", table.name(), commitId, e.getMessage());
      return false;
    }
  }

  private void attemptCommit(List<List<WriteResult>> toCommit, Map<String, String> summary, String commitId) {
    table.refresh();
    String expected = lastCommitId;
    Validator validator = new Validator(writerId, expected, commitId);
    Transaction txn = table.newTransaction();
    boolean first = true;
    for (List<WriteResult> batch : toCommit) {
      if (batch.stream().anyMatch(WriteResult::truncate)) {
        DeleteFiles del = txn.newDelete().deleteFromRowFilter(Expressions.alwaysTrue());
        decorate(del, summary, first ? validator : null);
        del.set(CdcLakeProperties.TRUNCATE, "true");
        del.commit();
        first = false;
      }
      int deltas = batch.stream().mapToInt(r -> r.deltas().size()).max().orElse(0);
      for (int i = 0; i < deltas; i++) {
        RowDelta rd = txn.newRowDelta();
        boolean any = false;
        for (WriteResult r : batch) {
          if (i < r.deltas().size()) {
            for (DataFile f : r.deltas().get(i).dataFiles()) {
              rd.addRows(f);
              any = true;
            }
            for (DeleteFile f : r.deltas().get(i).deleteFiles()) {
              rd.addDeletes(f);
              any = true;
            }
          }
        }
        if (!any) {
          continue;
        }
        decorate(rd, summary, first ? validator : null);
        rd.commit();
        first = false;
      }
    }
    if (first) {
      // only positions to record (every event was skipped): an empty snapshot carries the checkpoint
      RowDelta rd = txn.newRowDelta();
      decorate(rd, summary, validator);
      rd.commit();
    }
    txn.commitTransaction();
  }

  private void decorate(SnapshotUpdate<?> op, Map<String, String> summary, Validator validator) {
    summary.forEach(op::set);
    if (options.inlineManifestWork()) {
      op.scanManifestsWith(io.cdclake.iceberg.internal.InlineExecutor.INSTANCE);
    }
    if (validator != null) {
      op.validateWith(validator);
    }
  }

  private CommitOutcome success(String commitId, Checkpoint next, int attempts, int committed, int skipped, HostCommit host) {
    table.refresh();
    if (host != null) {
      hostSequences.put(host.scope(), host.sequence());
    }
    List<Long> ids = new ArrayList<>();
    for (Snapshot s : SnapshotUtil.currentAncestors(table)) {
      if (commitId.equals(s.summary().get(CdcLakeProperties.COMMIT_ID))) {
        ids.add(0, s.snapshotId());
      } else if (!ids.isEmpty()) {
        break;
      }
    }
    this.checkpoint = next;
    this.lastCommitId = commitId;
    return new CommitOutcome(CommitOutcome.Status.COMMITTED, commitId, ids, next, attempts, committed, skipped);
  }

  private boolean isInHistory(String commitId) {
    for (Snapshot s : SnapshotUtil.currentAncestors(table)) {
      if (commitId.equals(s.summary().get(CdcLakeProperties.COMMIT_ID))) {
        return true;
      }
    }
    return false;
  }

  private void deleteFiles(List<WriteResult> batch) {
    List<ContentFile<?>> files = new ArrayList<>();
    batch.forEach(r -> files.addAll(r.files()));
    FileSink.deleteQuietly(table.io(), files);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommitFailedException(e, "Interrupted while waiting to retry a commit");
    }
  }

  /**
   * Refuses a commit when the newest snapshot of this writer id in the history is not the one this
   * committer last made or read (a newer copy of the writer committed), or is this commit itself.
   */
  private static final class Validator implements SnapshotAncestryValidator {
    private final String writerId;
    private final String expectedLast;
    private final String commitId;
    private String error = "";

    Validator(String writerId, String expectedLast, String commitId) {
      this.writerId = writerId;
      this.expectedLast = expectedLast;
      this.commitId = commitId;
    }

    @Override
    public boolean validate(Iterable<Snapshot> ancestors) {
      for (Snapshot s : ancestors) {
        Map<String, String> sum = s.summary();
        if (sum != null && writerId.equals(sum.get(CdcLakeProperties.WRITER_ID))) {
          String c = sum.get(CdcLakeProperties.COMMIT_ID);
          if (commitId.equals(c)) {
            error = "commit " + commitId + " is already in the history";
            return false;
          }
          if (!Objects.equals(c, expectedLast)) {
            error = "writer " + writerId + " committed " + c + " after this committer's last known commit " + expectedLast;
            return false;
          }
          return true;
        }
      }
      // no commit of this writer in the (possibly expired) history: nothing proves a newer copy committed
      return true;
    }

    @Override
    public String errorMessage() {
      return error;
    }
  }
}
