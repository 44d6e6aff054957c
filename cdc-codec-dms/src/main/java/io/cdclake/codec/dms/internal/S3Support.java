package io.cdclake.codec.dms.internal;

import io.cdclake.codec.dms.DmsS3FileKind;
import io.cdclake.codec.dms.DmsS3Files;
import io.cdclake.model.TableId;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.GZIPInputStream;

/** What the S3 decoders share: file kind, table, row layout, gzip detection, the timestamp column. Immutable. */
public final class S3Support {
  private final TableId table;
  private final DmsS3FileKind fileKind;
  private final boolean includeOpForFullLoad;
  private final boolean cdcInsertsOnly;
  private final boolean timestampColumn;

  public S3Support(TableId table, DmsS3FileKind fileKind, boolean includeOpForFullLoad, boolean cdcInsertsOnly, boolean timestampColumn) {
    this.table = table;
    this.fileKind = fileKind;
    this.includeOpForFullLoad = includeOpForFullLoad;
    this.cdcInsertsOnly = cdcInsertsOnly;
    this.timestampColumn = timestampColumn;
  }

  /** The configured kind, else the kind the name says, else CDC. */
  public DmsS3FileKind kind(String fileName) {
    if (fileKind != null) {
      return fileKind;
    }
    DmsS3FileKind k = fileName == null ? null : DmsS3Files.kind(fileName);
    return k == null ? DmsS3FileKind.CDC : k;
  }

  /** The configured table, else the table the path names, else null. */
  public TableId table(String fileName) {
    if (table != null) {
      return table;
    }
    return fileName == null ? null : DmsS3Files.tableFromPath(fileName);
  }

  /** Whether rows of this kind start with an Op column (the IncludeOpForFullLoad/CdcInsertsOnly table of the DMS guide). */
  public boolean hasOp(DmsS3FileKind kind) {
    return switch (kind) {
      case LOAD -> includeOpForFullLoad;
      case CDC -> !(cdcInsertsOnly && !includeOpForFullLoad);
      case CDC_TXN -> true;
    };
  }

  public boolean hasTimestamp(DmsS3FileKind kind) {
    return timestampColumn && kind != DmsS3FileKind.CDC_TXN;
  }

  /** The stream, gunzipped when it starts with the gzip magic bytes. */
  public static InputStream maybeGunzip(InputStream in) throws IOException {
    BufferedInputStream b = new BufferedInputStream(in, 65536);
    b.mark(2);
    int b1 = b.read();
    int b2 = b.read();
    b.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      return new GZIPInputStream(b, 65536);
    }
    return b;
  }

  /** A timestamp column value ({@code yyyy-MM-dd HH:mm:ss.SSSSSS}, UTC unless it states an offset). */
  public static Instant timestamp(String s, S3RowMapper.At at, int index, TableId table) {
    try {
      DateTimes.Parsed p = DateTimes.parse(s, false);
      return p.dateTime().toInstant(p.offset() == null ? ZoneOffset.UTC : p.offset());
    } catch (ConversionFailure e) {
      throw S3RowMapper.error("Cannot decode DMS S3 row: the timestamp column is not a timestamp: " + e.getMessage(), at, at.offset(index),
          "timestamp", table, "timestamp");
    }
  }
}
