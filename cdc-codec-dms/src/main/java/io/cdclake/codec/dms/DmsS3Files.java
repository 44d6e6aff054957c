package io.cdclake.codec.dms;

import io.cdclake.model.TableId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * File names and folder layout of a DMS S3 target: {@code [BucketFolder/]schema/table/[date or
 * partition folders/]LOAD00000001.csv} for full load, {@code .../20141029-1134010000.csv} for CDC,
 * and {@code CDC_TXN-<timestamp>.csv} transaction files under {@code CdcPath}. Names may end in
 * {@code .csv}, {@code .parquet}, and {@code .gz}.
 */
public final class DmsS3Files {
  private static final Pattern LOAD = Pattern.compile("(?:SEGMENT(\\d{1,9})_)?LOAD([0-9A-Fa-f]{1,32})\\.(?:csv|parquet)(?:\\.gz)?",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern CDC = Pattern.compile("\\d{8}-\\d{6,12}\\.(?:csv|parquet)(?:\\.gz)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern TXN = Pattern.compile("CDC_TXN-\\d+[^/]*\\.csv(?:\\.gz)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DATE_FOLDER = Pattern.compile("\\d{2,10}|\\d{2,4}[-_]\\d{2}(?:[-_]\\d{2}){0,2}|SEGMENT\\d+",
      Pattern.CASE_INSENSITIVE);

  /** Full-load files first (by segment, then counter), then CDC files by name, then by path. */
  public static final Comparator<DmsS3File> TABLE_ORDER = Comparator
      .comparing((DmsS3File f) -> f.kind() == DmsS3FileKind.LOAD ? 0 : 1)
      .thenComparing(f -> loadSegment(f.path()))
      .thenComparing(f -> loadCounter(f.path()))
      .thenComparing(f -> f.path().getFileName().toString())
      .thenComparing(f -> f.path().toString());

  private DmsS3Files() {}

  /** The kind of a file by its name, or null when the name is not one DMS writes. */
  public static DmsS3FileKind kind(String fileName) {
    String n = fileName;
    int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
    if (slash >= 0) {
      n = n.substring(slash + 1);
    }
    if (LOAD.matcher(n).matches()) {
      return DmsS3FileKind.LOAD;
    }
    if (TXN.matcher(n).matches()) {
      return DmsS3FileKind.CDC_TXN;
    }
    if (CDC.matcher(n).matches()) {
      return DmsS3FileKind.CDC;
    }
    return null;
  }

  /**
   * The table of a file below {@code root} (the bucket folder): the first two folders of its
   * relative path are schema and table.
   *
   * @throws IllegalArgumentException when the file is not at least two folders below the root
   */
  public static TableId tableOf(Path root, Path file) {
    Path rel = root.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
    if (rel.getNameCount() < 3 || rel.startsWith("..")) {
      throw new IllegalArgumentException("Cannot derive table: the file is not in a schema/table folder below the root (depth="
          + rel.getNameCount() + ")");
    }
    return TableId.of(rel.getName(0).toString(), rel.getName(1).toString());
  }

  /**
   * The table of a file from its path alone: the two folders above it, after skipping folders
   * that look like date partitions ({@code 2024}, {@code 01}, {@code 20240131}, {@code 2024-01-31})
   * or {@code SEGMENTn}. A table named like a date, or a parallel-load partition folder, defeats
   * this; prefer {@link #tableOf(Path, Path)} or name the table explicitly. Null when the path has
   * too few folders.
   */
  public static TableId tableFromPath(String path) {
    String[] parts = path.replace('\\', '/').split("/");
    int i = parts.length - 2;
    while (i >= 0 && (parts[i].isEmpty() || DATE_FOLDER.matcher(parts[i]).matches())) {
      i--;
    }
    if (i < 1 || parts[i - 1].isEmpty()) {
      return null;
    }
    return TableId.of(parts[i - 1], parts[i]);
  }

  /**
   * Every DMS file below {@code root} in the order to apply them: tables sorted by schema and
   * name, each with its full-load files before its CDC files ({@link #TABLE_ORDER}); transaction
   * files last, by name. Files whose names DMS does not write are left out.
   */
  public static List<DmsS3File> listInOrder(Path root) {
    List<DmsS3File> tables = new ArrayList<>();
    List<DmsS3File> txn = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        DmsS3FileKind kind = kind(p.getFileName().toString());
        if (kind == null) {
          continue;
        }
        if (kind == DmsS3FileKind.CDC_TXN) {
          txn.add(new DmsS3File(p, null, kind));
        } else {
          Path rel = root.relativize(p);
          if (rel.getNameCount() >= 3) {
            tables.add(new DmsS3File(p, tableOf(root, p), kind));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tables.sort(Comparator.comparing((DmsS3File f) -> String.valueOf(f.table().schema()))
        .thenComparing(f -> f.table().table())
        .thenComparing(TABLE_ORDER));
    txn.sort(Comparator.comparing((DmsS3File f) -> f.path().getFileName().toString()).thenComparing(f -> f.path().toString()));
    List<DmsS3File> out = new ArrayList<>(tables);
    out.addAll(txn);
    return out;
  }

  private static long loadSegment(Path p) {
    Matcher m = LOAD.matcher(p.getFileName().toString());
    return m.matches() && m.group(1) != null ? Long.parseLong(m.group(1)) : 0;
  }

  private static BigInteger loadCounter(Path p) {
    Matcher m = LOAD.matcher(p.getFileName().toString());
    return m.matches() ? new BigInteger(m.group(2).toLowerCase(Locale.ROOT), 16) : BigInteger.ZERO;
  }
}
