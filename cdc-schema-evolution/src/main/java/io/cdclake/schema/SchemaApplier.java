package io.cdclake.schema;

import static java.util.Objects.requireNonNull;

import io.cdclake.schema.SchemaUpdate.Change;
import io.cdclake.schema.SchemaUpdate.DropColumn;
import io.cdclake.schema.SchemaUpdate.RetireColumn;
import io.cdclake.schema.internal.SchemaEdits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortField;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * Commits a {@link SchemaUpdate} to an existing Iceberg table, atomically: in one Iceberg transaction
 * the schema operations (split into as many schema updates as Iceberg needs), cdc-lake's table
 * properties ({@link EvolutionProperties#RETIRED_COLUMNS}, {@link EvolutionProperties#COLUMN_REDIRECTS})
 * and a snapshot without data whose summary holds the history record
 * ({@link EvolutionProperties#SCHEMA_CHANGE}, see {@link SchemaHistory}) plus any summary properties
 * the caller adds (a writer id, a checkpoint). Either all of it is committed or none: a change that
 * cannot be applied throws and leaves the table exactly as it was.
 *
 * <p>Another writer may change the table first. Each attempt refreshes the table and re-validates the
 * update against what it finds: changes already there are skipped (the same column added with the
 * same or a wider type, a rename or drop already done), a change that no longer fits throws
 * {@link TypeConflictException}; when nothing is left to do nothing is committed. A commit that loses
 * the race ({@link CommitFailedException}) is retried up to {@code maxAttempts} times. Replaying an
 * update after a crash is therefore a no-op.
 *
 * <p>Rules that need the table itself: a {@link DropColumn} of a column a partition spec or sort order
 * uses is kept instead ({@link RetireColumn}), since Iceberg cannot drop it; an optional column that
 * becomes a key column is made required only when the statistics of every live data file show it
 * holds no NULL there (files without statistics for it prove nothing), else the key change fails.
 *
 * <p>Creating a table is not this class's work: build its schema with {@link SchemaUpdate#newSchema
 * newSchema(null)} and create it through the catalog. Thread-safe.
 */
public final class SchemaApplier {
  private final int maxAttempts;

  private SchemaApplier(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("Cannot make schema applier: maxAttempts must be positive (maxAttempts=" + maxAttempts + ")");
    }
    this.maxAttempts = maxAttempts;
  }

  /** An applier that tries a commit up to 10 times. */
  public static SchemaApplier create() {
    return new SchemaApplier(10);
  }

  /** An applier that tries a commit up to {@code maxAttempts} times. */
  public static SchemaApplier withMaxAttempts(int maxAttempts) {
    return new SchemaApplier(maxAttempts);
  }

  /**
   * What an apply did.
   *
   * @param state the table's state after it (the committed one when something was committed)
   * @param entry the history record committed, or null when every change was already there
   * @param attempts how many commits were tried (0 when nothing had to be committed)
   */
  public record Applied(TableState state, SchemaHistory.Entry entry, int attempts) {
    public Applied {
      requireNonNull(state, "state is null");
    }

    /** True when this apply committed a change. */
    public boolean committed() {
      return entry != null;
    }
  }

  /** {@link #apply(Table, int, SchemaUpdate, Map)} without extra summary properties. */
  public Applied apply(Table table, int formatVersion, SchemaUpdate update) {
    return apply(table, formatVersion, update, Map.of());
  }

  /**
   * Commits the update (see the class comment).
   *
   * @param table the table (its handle is refreshed)
   * @param formatVersion the table's format version ({@code TableUtil.formatVersion(table)} in iceberg-core)
   * @param update an update made for an existing table
   * @param summary extra properties for the history snapshot's summary
   * @throws TypeConflictException when a change does not fit the table as it is now; nothing is committed
   * @throws CommitFailedException when every attempt lost the race to another writer; nothing is committed
   */
  public Applied apply(Table table, int formatVersion, SchemaUpdate update, Map<String, String> summary) {
    requireNonNull(table, "table is null");
    requireNonNull(update, "update is null");
    requireNonNull(summary, "summary is null");
    if (update.createsTable()) {
      throw new IllegalArgumentException("Cannot apply schema update: it creates a table; create it from newSchema(null) through the "
          + "catalog (table=" + update.table() + ")");
    }
    CommitFailedException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      table.refresh();
      try {
        // the transaction starts from freshly loaded metadata: validate against exactly that
        Transaction tx = table.newTransaction();
        Table base = tx.table();
        TableState before = TableState.of(base, formatVersion);
        SchemaUpdate fitted = fitToTable(update, base);
        List<Change> effective = SchemaEdits.effective(fitted, before.schema(), before.retired(), before.redirects());
        if (effective.isEmpty()) {
          return new Applied(before, null, attempt - 1);
        }
        SchemaUpdate effectiveUpdate = SchemaUpdate.of(update.table(), effective).withOrigin(update.origin());
        SchemaEdits.stage(effectiveUpdate, before.schema(), tx::updateSchema, true, f -> holdsNoNull(table, base.currentSnapshot(), f));
        Schema committed = tx.table().schema();
        TableState after = before.after(effectiveUpdate, committed);
        Map<String, String> props = after.properties();
        if (!props.equals(before.properties())) {
          UpdateProperties up = tx.updateProperties();
          props.forEach((k, v) -> {
            if (v == null) {
              up.remove(k);
            } else {
              up.set(k, v);
            }
          });
          up.commit();
        }
        SchemaHistory.Entry entry = SchemaHistory.entry(effectiveUpdate, effective, committed);
        AppendFiles note = tx.newAppend();
        note.set(EvolutionProperties.SCHEMA_CHANGE, entry.toJson());
        summary.forEach(note::set);
        note.commit();
        tx.commitTransaction();
        org.apache.iceberg.Snapshot ours = tx.table().currentSnapshot();
        SchemaHistory.Entry done = entry.committed(ours.snapshotId(), ours.timestampMillis());
        table.refresh();
        return new Applied(TableState.of(table, formatVersion), done, attempt);
      } catch (CommitFailedException e) {
        last = e;
      } catch (IllegalArgumentException | IllegalStateException | ValidationException e) {
        if (e instanceof TypeConflictException) {
          throw e;
        }
        throw new TypeConflictException("Cannot apply schema update: Iceberg refuses it (" + e.getMessage() + "); the table is unchanged",
            update.table(), null, null, null, update.origin() == null ? null : update.origin().position(),
            update.origin() == null ? null : update.origin().transport());
      }
    }
    throw last;
  }

  /** Drops of columns a partition spec or sort order uses become retirements (Iceberg cannot drop them). */
  private static SchemaUpdate fitToTable(SchemaUpdate update, Table table) {
    Set<Integer> used = new HashSet<>();
    for (PartitionSpec spec : table.specs().values()) {
      for (PartitionField f : spec.fields()) {
        used.add(f.sourceId());
      }
    }
    for (SortOrder order : table.sortOrders().values()) {
      for (SortField f : order.fields()) {
        used.add(f.sourceId());
      }
    }
    List<Change> out = new ArrayList<>(update.changes().size());
    boolean changed = false;
    for (Change c : update.changes()) {
      if (c instanceof DropColumn d && used.contains(d.fieldId())) {
        out.add(new RetireColumn(d.column(), d.fieldId()));
        changed = true;
      } else {
        out.add(c);
      }
    }
    return changed ? SchemaUpdate.of(update.table(), out).withOrigin(update.origin()) : update;
  }

  /** True when every live data file's statistics show the column holds no NULL (no rows proves it too). */
  private static boolean holdsNoNull(Table table, org.apache.iceberg.Snapshot snapshot, Types.NestedField field) {
    if (snapshot == null) {
      return true;
    }
    int id = field.fieldId();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId()).includeColumnStats().planFiles()) {
      for (FileScanTask t : tasks) {
        DataFile f = t.file();
        Map<Integer, Long> nulls = f.nullValueCounts();
        Map<Integer, Long> values = f.valueCounts();
        if (f.recordCount() == 0) {
          continue;
        }
        if (nulls == null || values == null || !nulls.containsKey(id) || !values.containsKey(id) || nulls.get(id) != 0L) {
          return false;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read table files (table=" + table.name() + ")", e);
    }
    return true;
  }
}
