package io.cdclake.iceberg;

import io.cdclake.iceberg.internal.FileSink;
import io.cdclake.iceberg.internal.TableShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Keeps equality deletes within a policy: when a table has more delete files than
 * {@code maxDeleteFiles}, every data file is rewritten with the deletes applied and every delete
 * file is removed, in one {@link RewriteFiles} commit.
 *
 * <p>Why our own rewrite: Iceberg's {@code RewriteDataFiles} action runs only inside an engine
 * (Spark, Flink); the core has planners but no engine-free executor. This one reads the table
 * through Iceberg's generic reader (deletes applied) at a starting snapshot, writes new data files
 * with Iceberg's writers, and commits with {@code validateFromSnapshot} and the starting
 * snapshot's data sequence number, so equality deletes committed meanwhile (later sequence
 * numbers) still apply to the new files and concurrent upserts stay correct. It rewrites the
 * whole table: meant for small tables and maintenance windows.
 */
public final class Compaction {
  private Compaction() {
  }

  /**
   * What a compaction did.
   *
   * @param compacted whether a rewrite was committed
   * @param dataFilesRemoved data files replaced
   * @param deleteFilesRemoved delete files removed
   * @param dataFilesAdded clean data files written
   * @param rows rows in the new files
   */
  public record Result(boolean compacted, int dataFilesRemoved, int deleteFilesRemoved, int dataFilesAdded, long rows) {
  }

  /** The number of delete files in the current snapshot. */
  public static int deleteFiles(Table table) {
    table.refresh();
    Snapshot s = table.currentSnapshot();
    if (s == null) {
      return 0;
    }
    String total = s.summary().get("total-delete-files");
    return total == null ? 0 : Integer.parseInt(total);
  }

  /** Compacts when the table has more than {@code maxDeleteFiles} delete files. */
  public static Result compactIfNeeded(Table table, int maxDeleteFiles) {
    if (deleteFiles(table) <= maxDeleteFiles) {
      return new Result(false, 0, 0, 0, 0);
    }
    return compact(table);
  }

  /** Rewrites every data file with its deletes applied and removes every delete file. */
  public static Result compact(Table table) {
    table.refresh();
    Snapshot start = table.currentSnapshot();
    if (start == null) {
      return new Result(false, 0, 0, 0, 0);
    }
    Set<DataFile> oldData = new LinkedHashSet<>();
    Map<String, DeleteFile> oldDeletes = new LinkedHashMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(start.snapshotId()).planFiles()) {
      for (FileScanTask t : tasks) {
        oldData.add(t.file());
        for (DeleteFile d : t.deletes()) {
          oldDeletes.putIfAbsent(d.location(), d);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan compaction (table=" + table.name() + ")", e);
    }
    // delete files that apply to no data file any more are removed too
    for (org.apache.iceberg.ManifestFile m : start.deleteManifests(table.io())) {
      try (CloseableIterable<DeleteFile> files = org.apache.iceberg.ManifestFiles.readDeleteManifest(m, table.io(), table.specs())) {
        for (DeleteFile d : files) {
          oldDeletes.putIfAbsent(d.location(), d.copy());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list delete files (table=" + table.name() + ")", e);
      }
    }
    if (oldDeletes.isEmpty() && oldData.size() <= 1) {
      return new Result(false, 0, 0, 0, 0);
    }
    TableShape shape = new TableShape(table);
    FileSink sink = new FileSink(shape, 0, System.nanoTime() & 0xffff, 0);
    Map<FileSink.PartitionKeyOrNull, List<Record>> rows = new LinkedHashMap<>();
    long count = 0;
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).useSnapshot(start.snapshotId()).build()) {
      for (Record r : it) {
        rows.computeIfAbsent(new FileSink.PartitionKeyOrNull(shape.partitionOf(r)), x -> new ArrayList<>()).add(r.copy());
        count++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read table for compaction (table=" + table.name() + ")", e);
    }
    WriteResult.Delta written = sink.write(rows, Map.of());
    RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(start.snapshotId()).dataSequenceNumber(start.sequenceNumber());
    oldData.forEach(rewrite::deleteFile);
    oldDeletes.values().forEach(rewrite::deleteFile);
    written.dataFiles().forEach(rewrite::addFile);
    rewrite.set("cdc-lake.operation", "compaction");
    try {
      rewrite.commit();
    } catch (RuntimeException e) {
      if (!(e instanceof org.apache.iceberg.exceptions.CommitStateUnknownException)) {
        FileSink.deleteQuietly(table.io(), written.dataFiles());
      }
      throw e;
    }
    return new Result(true, oldData.size(), oldDeletes.size(), written.dataFiles().size(), count);
  }
}
