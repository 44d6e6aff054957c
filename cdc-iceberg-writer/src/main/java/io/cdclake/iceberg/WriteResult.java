package io.cdclake.iceberg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.ContentFileParser;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.JsonUtil;

/**
 * What one {@link ChangeWriter} produced for one batch of one table: files not yet committed, in
 * one or more {@link Delta}s that must be committed in order (a batch larger than the writer's
 * memory limit is split; each later delta gets a later sequence number), whether the table is
 * truncated first, and the transport and source positions the batch covers.
 *
 * <p>Serializable with Java serialization and as JSON ({@link #toJson()}, {@link #fromJson(String, Table)})
 * so engines can ship it from tasks to the committer. Files are Iceberg's own and are written in
 * Iceberg's content-file JSON.
 */
public final class WriteResult implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String table;
  private final int schemaId;
  private final long batch;
  private final boolean truncate;
  private final List<Delta> deltas;
  private final Checkpoint covers;
  private final long rowsWritten;
  private final long keysDeleted;

  /**
   * @param table the table's name as the catalog names it
   * @param schemaId the id of the table schema the files were written with
   * @param batch the host's batch number; results of lower batches commit first
   * @param truncate whether every row committed before this batch is removed first
   * @param deltas the files, in commit order
   * @param covers the highest transport offsets and source positions of the events the batch consumed
   */
  public WriteResult(String table, int schemaId, long batch, boolean truncate, List<Delta> deltas, Checkpoint covers,
      long rowsWritten, long keysDeleted) {
    this.table = requireNonNull(table, "table is null");
    this.schemaId = schemaId;
    this.batch = batch;
    this.truncate = truncate;
    this.deltas = List.copyOf(requireNonNull(deltas, "deltas is null"));
    this.covers = requireNonNull(covers, "covers is null");
    this.rowsWritten = rowsWritten;
    this.keysDeleted = keysDeleted;
  }

  public String table() {
    return table;
  }

  public int schemaId() {
    return schemaId;
  }

  public long batch() {
    return batch;
  }

  public boolean truncate() {
    return truncate;
  }

  public List<Delta> deltas() {
    return deltas;
  }

  public Checkpoint covers() {
    return covers;
  }

  public long rowsWritten() {
    return rowsWritten;
  }

  public long keysDeleted() {
    return keysDeleted;
  }

  /** True when there is nothing to commit but positions (every event was skipped, or none came). */
  public boolean hasNoFiles() {
    return deltas.stream().allMatch(d -> d.dataFiles().isEmpty() && d.deleteFiles().isEmpty());
  }

  /** Every file of this result. */
  public List<ContentFile<?>> files() {
    List<ContentFile<?>> out = new ArrayList<>();
    for (Delta d : deltas) {
      out.addAll(d.dataFiles());
      out.addAll(d.deleteFiles());
    }
    return out;
  }

  /** This result with other covered positions (hosts that consumed more than this table's events). */
  public WriteResult withCovers(Checkpoint newCovers) {
    return new WriteResult(table, schemaId, batch, truncate, deltas, newCovers, rowsWritten, keysDeleted);
  }

  /** This result renumbered as another batch. */
  public WriteResult withBatch(long newBatch) {
    return new WriteResult(table, schemaId, newBatch, truncate, deltas, covers, rowsWritten, keysDeleted);
  }

  /** The result as JSON; files in Iceberg's content-file JSON with their partition spec. */
  public String toJson(Map<Integer, PartitionSpec> specs) {
    return JsonUtil.generate(g -> {
      g.writeStartObject();
      g.writeNumberField("version", 1);
      g.writeStringField("table", table);
      g.writeNumberField("schema-id", schemaId);
      g.writeNumberField("batch", batch);
      g.writeBooleanField("truncate", truncate);
      g.writeNumberField("rows-written", rowsWritten);
      g.writeNumberField("keys-deleted", keysDeleted);
      g.writeStringField("offsets", covers.offsetsJson());
      g.writeStringField("source-high-water", covers.highWaterJson());
      g.writeArrayFieldStart("deltas");
      for (Delta d : deltas) {
        g.writeStartObject();
        g.writeArrayFieldStart("data-files");
        for (DataFile f : d.dataFiles()) {
          ContentFileParser.toJson(f, spec(specs, f), g);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("delete-files");
        for (DeleteFile f : d.deleteFiles()) {
          ContentFileParser.toJson(f, spec(specs, f), g);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }, false);
  }

  public String toJson(Table t) {
    return toJson(t.specs());
  }

  private static PartitionSpec spec(Map<Integer, PartitionSpec> specs, ContentFile<?> f) {
    PartitionSpec s = specs.get(f.specId());
    if (s == null) {
      throw new IllegalArgumentException("Cannot write result as JSON: the table has no partition spec of a file (spec-id="
          + f.specId() + ", file=" + f.location() + ")");
    }
    return s;
  }

  /** Reads {@link #toJson(Map)} output back; the specs are the table's ({@code table.specs()}). */
  public static WriteResult fromJson(String json, Map<Integer, PartitionSpec> specs) {
    return JsonUtil.parse(json, node -> {
      int version = JsonUtil.getInt("version", node);
      if (version != 1) {
        throw new IllegalArgumentException("Cannot read write result: unknown version (version=" + version + ")");
      }
      List<Delta> deltas = new ArrayList<>();
      for (JsonNode d : node.get("deltas")) {
        List<DataFile> data = new ArrayList<>();
        for (JsonNode f : d.get("data-files")) {
          data.add((DataFile) ContentFileParser.fromJson(f, specs));
        }
        List<DeleteFile> deletes = new ArrayList<>();
        for (JsonNode f : d.get("delete-files")) {
          deletes.add((DeleteFile) ContentFileParser.fromJson(f, specs));
        }
        deltas.add(new Delta(data, deletes));
      }
      return new WriteResult(JsonUtil.getString("table", node), JsonUtil.getInt("schema-id", node), JsonUtil.getLong("batch", node),
          node.get("truncate").asBoolean(), deltas,
          Checkpoint.fromJson(JsonUtil.getString("offsets", node), JsonUtil.getString("source-high-water", node)),
          JsonUtil.getLong("rows-written", node), JsonUtil.getLong("keys-deleted", node));
    });
  }

  public static WriteResult fromJson(String json, Table t) {
    return fromJson(json, t.specs());
  }

  @Override
  public String toString() {
    return "WriteResult[table=" + table + ", batch=" + batch + ", deltas=" + deltas.size() + ", files=" + files().size()
        + (truncate ? ", truncate" : "") + ", covers=" + covers + "]";
  }

  /**
   * Files committed together in one RowDelta. Within a delta each key is written at most once, so
   * its equality deletes remove only older rows.
   */
  public record Delta(List<DataFile> dataFiles, List<DeleteFile> deleteFiles) implements Serializable {
    public Delta {
      dataFiles = Collections.unmodifiableList(new ArrayList<>(requireNonNull(dataFiles, "dataFiles is null")));
      deleteFiles = Collections.unmodifiableList(new ArrayList<>(requireNonNull(deleteFiles, "deleteFiles is null")));
    }
  }
}
