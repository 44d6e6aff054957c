package io.cdclake.codec.dms.internal;

import io.cdclake.codec.dms.DmsS3FileKind;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import java.time.Instant;
import java.util.List;

/**
 * Turns one row of a DMS S3 file (CSV or Parquet) into a change event. Shared by both S3
 * decoders; stateless and thread-safe.
 */
public final class S3RowMapper {
  /** A CSV field equal to {@code CsvNoSupValue}: a column the source's supplemental log did not hold. */
  public enum NotSupplied {
    INSTANCE
  }

  private final DecodeRules rules;

  public S3RowMapper(DecodeRules rules) {
    this.rules = rules;
  }

  public DecodeRules rules() {
    return rules;
  }

  /**
   * Where a row sits, for errors and transport positions.
   *
   * @param file the file name, or null
   * @param line the line (CSV) or row number (Parquet), 1-based
   * @param offsets the input offset of each value, or null
   * @param recordOffset the offset of the row, or -1
   */
  public record At(String file, long line, long[] offsets, long recordOffset) {
    long offset(int i) {
      return offsets == null ? recordOffset : offsets[i];
    }

    String input() {
      return (file == null ? "<input>" : file) + ":" + line;
    }

    TransportPosition transport() {
      return file == null ? null : TransportPosition.file(file, line);
    }
  }

  /**
   * The operation of a row: full-load rows are snapshot reads (their {@code Op}, when present, must
   * be {@code I}); CDC rows map {@code I}/{@code U}/{@code D}, and rows without an {@code Op} column
   * ({@code CdcInsertsOnly}) are inserts.
   */
  public Op op(DmsS3FileKind kind, String code, TableId table, At at, int opIndex) {
    if (code == null) {
      return kind == DmsS3FileKind.LOAD ? Op.SNAPSHOT_READ : Op.INSERT;
    }
    Op op = switch (code) {
      case "I", "i" -> Op.INSERT;
      case "U", "u" -> Op.UPDATE;
      case "D", "d" -> Op.DELETE;
      default -> null;
    };
    if (op == null) {
      // the field is not shown: with a wrong Op setting it is a row value
      throw error("Cannot decode DMS S3 row: unknown operation, the Op column holds neither I, U nor D (length=" + code.length()
          + ", see includeOpForFullLoad, cdcInsertsOnly)", at, at.offset(opIndex), "Op", table, "Op");
    }
    if (kind == DmsS3FileKind.LOAD) {
      if (op != Op.INSERT) {
        throw error("Cannot decode DMS S3 row: a full-load row must have Op I", at, at.offset(opIndex), "Op", table, "Op");
      }
      return Op.SNAPSHOT_READ;
    }
    return op;
  }

  /**
   * Builds the event.
   *
   * @param names column names, parallel to {@code raws}
   * @param raws raw values from {@code first} on: strings or Parquet values, {@link JsonNull#INSTANCE}
   *     for NULL, {@link NotSupplied#INSTANCE} for a column the source did not supply
   * @param first index of the first column value in {@code raws} and {@code at.offsets()}
   * @param timestamp the timestamp column's value, or null
   */
  public ChangeEvent event(Op op, TableId table, TableSchema declared, String[] names, Object[] raws, int first, Instant timestamp,
      At at, DmsS3FileKind kind) {
    Row.Builder main = Row.builder(names.length);
    Row.Builder bi = rules.beforeImageColumns() ? Row.builder(4) : null;
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      Row.Builder target = main;
      String col = name;
      if (bi != null) {
        String stripped = rules.stripBi(name);
        if (stripped != null) {
          col = stripped;
          target = bi;
        }
      }
      Object raw = raws[first + i];
      if (raw == NotSupplied.INSTANCE) {
        if (op == Op.UPDATE) {
          target.putUnchanged(col); // not in the supplemental log: the update did not change it
        }
        continue; // elsewhere: not given (OMITTED)
      }
      target.put(col, cell(col, raw, declared, table, at, first + i));
    }
    Row row = main.build();
    List<String> keyCols = rules.keyColumnsOf(table, declared);
    ChangeEvent.Builder b = ChangeEvent.builder(op).table(table).schema(declared).transport(at.transport());
    switch (op) {
      case SNAPSHOT_READ -> b.after(row).snapshot(true).processedTime(timestamp);
      case INSERT -> b.after(row);
      case UPDATE -> {
        Row before = bi == null ? null : bi.build();
        b.after(row).before(before == null || before.isEmpty() ? null : before);
      }
      case DELETE -> b.before(rules.deleteImage(row, keyCols));
      default -> throw new IllegalStateException();
    }
    if (op != Op.SNAPSHOT_READ && timestamp != null) {
      b.commitTime(timestamp).position(Positions.s3(timestamp));
    }
    if (!keyCols.isEmpty()) {
      Row key = row.project(keyCols);
      if (key.size() != keyCols.size()) {
        for (String k : keyCols) {
          if (!row.contains(k)) {
            throw error("Cannot decode key: a key column is missing from the row (column=" + k + ", see keyColumns)", at, at.recordOffset(),
                k, table, k);
          }
        }
      }
      b.key(key);
    }
    return b.build();
  }

  private Object cell(String col, Object raw, TableSchema declared, TableId table, At at, int index) {
    Column c = declared == null ? null : declared.column(col);
    try {
      return c == null ? rules.values().untyped(raw) : rules.values().convert(raw, c.type());
    } catch (ConversionFailure f) {
      String type = c == null ? "untyped" : c.type().toString();
      throw error("Cannot convert value: " + f.getMessage() + " (column=" + col + ", type=" + type + ")", at, at.offset(index), col, table,
          col);
    }
  }

  public static InvalidEventException error(String reason, At at, long offset, String path, TableId table, String field) {
    InvalidEventException e = new InvalidEventException(reason, offset, path, table, field);
    e.atInput(at.input());
    return e;
  }
}
