package io.cdclake.iceberg.internal;

import io.cdclake.iceberg.WriteResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.ClusteredDataWriter;
import org.apache.iceberg.io.ClusteredEqualityDeleteWriter;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.DeleteWriteResult;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Writes one delta with Iceberg's own writers: data rows grouped by partition (sorted by the
 * table's sort order inside each partition) through a {@link ClusteredDataWriter}, equality deletes
 * grouped by spec and partition through a {@link ClusteredEqualityDeleteWriter}.
 */
public final class FileSink {
  private final TableShape shape;
  private final GenericFileWriterFactory factory;
  private final OutputFileFactory dataFiles;
  private final OutputFileFactory deleteFiles;
  private final long targetFileSize;
  private final Comparator<StructLike> sortComparator;
  private final InternalRecordWrapper sortWrapper;

  public FileSink(TableShape shape, int partitionId, long taskId, long targetFileSizeOrZero) {
    this.shape = shape;
    FileFormat format = FileFormat.fromString(PropertyUtil.propertyAsString(shape.table.properties(),
        TableProperties.DEFAULT_FILE_FORMAT, TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
    FileFormat deleteFormat = FileFormat.fromString(PropertyUtil.propertyAsString(shape.table.properties(),
        TableProperties.DELETE_DEFAULT_FILE_FORMAT, format.name()));
    SortOrder order = shape.table.sortOrder();
    this.factory = new GenericFileWriterFactory.Builder(shape.table)
        .dataFileFormat(format)
        .dataSchema(shape.schema)
        .dataSortOrder(order)
        .deleteFileFormat(deleteFormat)
        .equalityFieldIds(shape.keyFieldIds)
        .equalityDeleteRowSchema(shape.deleteSchema)
        .build();
    String operationId = java.util.UUID.randomUUID().toString();
    this.dataFiles = OutputFileFactory.builderFor(shape.table, partitionId, taskId).format(format).operationId(operationId).build();
    this.deleteFiles = OutputFileFactory.builderFor(shape.table, partitionId, taskId).format(deleteFormat)
        .operationId(operationId).suffix("eq-deletes").build();
    this.targetFileSize = targetFileSizeOrZero > 0 ? targetFileSizeOrZero : shape.targetFileSize;
    this.sortComparator = order.isUnsorted() ? null : SortOrderComparators.forSchema(shape.schema, order);
    this.sortWrapper = order.isUnsorted() ? null : new InternalRecordWrapper(shape.schema.asStruct());
  }

  /** Where an equality delete goes: a spec and a partition of it (null for unpartitioned specs). */
  public record Target(int specId, PartitionKey partition) {
  }

  /**
   * Writes the rows and deletes; on failure deletes what it wrote and rethrows.
   *
   * @param rows full-schema records with their partition in the current spec (null when unpartitioned)
   * @param deletes delete-schema records with the spec and partition they apply to
   */
  public WriteResult.Delta write(Map<PartitionKeyOrNull, List<Record>> rows, Map<Target, List<Record>> deletes) {
    List<DataFile> data = new ArrayList<>();
    List<DeleteFile> dels = new ArrayList<>();
    FileIO io = shape.table.io();
    try {
      if (!rows.isEmpty()) {
        ClusteredDataWriter<Record> w = new ClusteredDataWriter<>(factory, dataFiles, io, targetFileSize);
        try (w) {
          for (Map.Entry<PartitionKeyOrNull, List<Record>> e : rows.entrySet()) {
            List<Record> group = e.getValue();
            if (sortComparator != null && group.size() > 1) {
              InternalRecordWrapper a = sortWrapper.copyFor(null);
              InternalRecordWrapper b = sortWrapper.copyFor(null);
              group.sort((x, y) -> sortComparator.compare(a.wrap(x), b.wrap(y)));
            }
            for (Record r : group) {
              w.write(r, shape.spec, e.getKey().key());
            }
          }
        }
        DataWriteResult res = w.result();
        data.addAll(res.dataFiles());
      }
      if (!deletes.isEmpty()) {
        Map<Target, List<Record>> bySpec = new LinkedHashMap<>();
        deletes.entrySet().stream().sorted(Comparator.comparingInt(e -> e.getKey().specId()))
            .forEach(e -> bySpec.put(e.getKey(), e.getValue()));
        ClusteredEqualityDeleteWriter<Record> w = new ClusteredEqualityDeleteWriter<>(factory, deleteFiles, io, targetFileSize);
        try (w) {
          for (Map.Entry<Target, List<Record>> e : bySpec.entrySet()) {
            PartitionSpec spec = shape.table.specs().get(e.getKey().specId());
            for (Record r : e.getValue()) {
              w.write(r, spec, e.getKey().partition());
            }
          }
        }
        DeleteWriteResult res = w.result();
        dels.addAll(res.deleteFiles());
      }
    } catch (IOException | RuntimeException e) {
      List<ContentFile<?>> written = new ArrayList<>(data);
      written.addAll(dels);
      deleteQuietly(io, written);
      if (e instanceof IOException io2) {
        throw new UncheckedIOException("Cannot write files: " + io2.getMessage() + " (table=" + shape.table.name() + ")", io2);
      }
      throw (RuntimeException) e;
    }
    return new WriteResult.Delta(data, dels);
  }

  /** Deletes files that were never published; failures are ignored (they are orphans then). */
  public static void deleteQuietly(FileIO io, List<? extends ContentFile<?>> files) {
    for (ContentFile<?> f : files) {
      try {
        io.deleteFile(f.location());
      } catch (RuntimeException ignored) {
        // an orphan file is harmless; orphan-file removal finds it
      }
    }
  }

  /** A map key for a partition that may be null (unpartitioned). */
  public record PartitionKeyOrNull(PartitionKey key) {
    @Override
    public boolean equals(Object o) {
      return o instanceof PartitionKeyOrNull p && Objects.equals(p.key, key);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(key);
    }
  }
}
