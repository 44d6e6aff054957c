package io.cdclake.codec.dms;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.TableId;
import java.nio.file.Path;

/**
 * One file of a DMS S3 target.
 *
 * @param path the file
 * @param table the table its folder names ({@code schema/table/...}); null for {@link DmsS3FileKind#CDC_TXN}
 *     files, whose rows name their tables
 * @param kind what the file holds
 */
public record DmsS3File(Path path, TableId table, DmsS3FileKind kind) {
  public DmsS3File {
    requireNonNull(path, "path is null");
    requireNonNull(kind, "kind is null");
    if (table == null && kind != DmsS3FileKind.CDC_TXN) {
      throw new IllegalArgumentException("Cannot make S3 file: only transaction files have no table (kind=" + kind + ")");
    }
  }
}
