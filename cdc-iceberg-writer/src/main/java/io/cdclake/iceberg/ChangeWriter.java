package io.cdclake.iceberg;

import io.cdclake.iceberg.internal.ChangelogWriter;
import io.cdclake.iceberg.internal.KeylessWriter;
import io.cdclake.iceberg.internal.UpsertWriter;
import io.cdclake.model.ChangeEvent;
import org.apache.iceberg.Table;

/**
 * The task side: turns reconciled change events of one table into Iceberg data and
 * equality-delete files, one batch at a time. One writer per table per task; not thread-safe.
 *
 * <p>Events must be reconciled against the table's schema (cdc-schema-evolution's
 * {@code SchemaReconciler}): rows keyed by Iceberg column names, values in the canonical classes of
 * the Iceberg column types, and after-images holding every column as VALUE, NULL or UNCHANGED.
 * Only row events (insert, update, delete, snapshot read, truncate) are accepted; schema changes
 * are the host's business (it completes and commits the batch, evolves the table, and makes a new
 * writer).
 *
 * <p>Within a batch, the changes of each key are ordered by source position (or by the
 * precombine column; ties keep arrival order) and collapsed, so each key is written at most once
 * per delta. When a table's partition value can change, the equality delete goes to the old row's
 * partition (from the before-image or this writer's row cache) or, when that cannot be known, is a
 * global delete under the table's unpartitioned spec.
 */
public interface ChangeWriter extends AutoCloseable {

  /**
   * A writer of upserts and deletes: the table's identifier fields are the key; a table without
   * identifier fields is written by the options' {@link WriterOptions.KeylessPolicy}.
   *
   * @param committed the table's checkpoint (from {@link ChangeCommitter#checkpoint()}), for the stale-event guard
   * @throws IllegalArgumentException when the table's setup cannot be written correctly, for example a partition
   *     that is not a function of the key and no unpartitioned spec for global deletes
   */
  static ChangeWriter upsert(Table table, WriterOptions options, Checkpoint committed) {
    if (table.schema().identifierFieldIds().isEmpty()) {
      return new KeylessWriter(table, options);
    }
    return new UpsertWriter(table, options, committed, true);
  }

  /**
   * An upsert writer for one of several parallel tasks routed by {@link EventRouter}: for an update
   * that changes the key it deletes no row of the old key, because the router sends the old key's
   * delete to the old key's task (a task's delete of a key it does not own could land in a later
   * delta than the owner's re-insert and remove it). The old key is still where UNCHANGED columns
   * come from: this task's state of it when the task owns it too (the router hands the update over before
   * the old key's delete), else the old key's committed row, which misses what another task wrote to it
   * in the same host batch (see the module README, "Known limits"). Otherwise the same as
   * {@link #upsert(Table, WriterOptions, Checkpoint)}.
   */
  static ChangeWriter upsertForRoutedTask(Table table, WriterOptions options, Checkpoint committed) {
    if (table.schema().identifierFieldIds().isEmpty()) {
      return new KeylessWriter(table, options);
    }
    return new UpsertWriter(table, options, committed, false);
  }

  /**
   * A writer that appends every row event with {@code _cdc_op}, {@code _cdc_position},
   * {@code _cdc_commit_ts} and {@code _cdc_tx} to a changelog table (see {@link TableSetup#changelogSchema}).
   */
  static ChangeWriter changelog(Table table, WriterOptions options) {
    return new ChangelogWriter(table, options);
  }

  /**
   * Takes one reconciled row event of this writer's table.
   *
   * @throws IllegalArgumentException for an event that is not a row event, or whose rows do not fit the table
   *     (message names the table and column, never values)
   */
  void write(ChangeEvent event);

  /** Writes what is buffered and returns the batch's files; the writer then starts the next batch. */
  WriteResult complete(long batch);

  /** Drops the open batch and deletes its files (they were never committed). The writer can go on. */
  void abort();

  /**
   * Tells the writer what was committed (for the stale-event guard's lane high-water marks).
   * Hosts call it after each successful commit; forgetting it only makes the guard use older marks.
   */
  void committed(Checkpoint checkpoint);

  WriterCounters counters();

  Table table();

  /** Same as {@link #abort()}. */
  @Override
  void close();
}
