package io.cdclake.cli;

import io.cdclake.codec.dms.DmsDateTimeMode;
import io.cdclake.codec.dms.DmsJsonDecoder;
import io.cdclake.codec.dms.DmsS3CsvDecoder;
import io.cdclake.codec.dms.DmsS3ParquetDecoder;
import io.cdclake.codec.dms.DmsTableDef;
import io.cdclake.model.DecodeException;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The {@code decode} options of the AWS DMS formats ({@code dms-json}, {@code dms-s3-csv},
 * {@code dms-s3-parquet}), named after the DMS endpoint settings they declare. Other formats ignore
 * them.
 */
final class DmsOptions {
  @Option(names = "--include-null-and-empty",
      description = "DMS: the endpoint had IncludeNullAndEmpty=true (recorded for consumers; a column missing from data stays omitted).")
  boolean includeNullAndEmpty;

  @Option(names = "--table-def", paramLabel = "FILE",
      description = "DMS: a table-def (a control message, or {\"columns\":…,\"primary-key\":…}) giving column names, types and key;"
          + " a control message applies to the table it names, a bare table-def to every table. Repeatable.")
  List<Path> tableDefs = new ArrayList<>();

  @Option(names = "--key-columns", paramLabel = "COLS", split = ",",
      description = "DMS: key columns of every table that no --table-def gives a primary key (comma-separated).")
  List<String> keyColumns = new ArrayList<>();

  @Option(names = "--datetime-utc",
      description = "DMS: the source's DATETIME values are UTC instants (default: wall-clock times; DMS writes a Z on both).")
  boolean datetimeUtc;

  @Option(names = "--before-image-prefix", paramLabel = "PREFIX",
      description = "DMS: data holds before-image columns with this prefix (add-before-image-columns, usually BI_). Default: none.")
  String beforeImagePrefix;

  @Option(names = "--table", paramLabel = "SCHEMA.TABLE",
      description = "DMS S3: the table of the input file (default: the schema/table folders of its path).")
  String table;

  @Option(names = "--header", description = "DMS S3 CSV: files start with a header row (AddColumnName=true).")
  boolean header;

  @Option(names = "--timestamp-column", paramLabel = "NAME", description = "DMS S3: files have a timestamp column (TimestampColumnName).")
  String timestampColumn;

  @Option(names = "--include-op-for-full-load", description = "DMS S3: full-load rows have an Op column (IncludeOpForFullLoad=true).")
  boolean includeOpForFullLoad;

  @Option(names = "--cdc-inserts-only", description = "DMS S3: CDC files hold only inserts (CdcInsertsOnly=true).")
  boolean cdcInsertsOnly;

  @Option(names = "--csv-null-value", paramLabel = "TOKEN",
      description = "DMS S3 CSV: the token written for NULL (CsvNullValue). Default: an unquoted empty field.")
  String csvNullValue;

  @Option(names = "--csv-delimiter", paramLabel = "CHAR", description = "DMS S3 CSV: the field delimiter (CsvDelimiter). Default: ','.")
  char csvDelimiter = ',';

  private DmsDateTimeMode mode() {
    return datetimeUtc ? DmsDateTimeMode.UTC : DmsDateTimeMode.WALL_CLOCK;
  }

  /** The schemas the table-def files give; throws IllegalArgumentException for a file that cannot be read. */
  private Function<TableId, TableSchema> schemas() {
    if (tableDefs.isEmpty()) {
      return t -> null;
    }
    DmsJsonDecoder reader = DmsJsonDecoder.builder().dateTimeMode(mode()).build();
    Map<TableId, TableSchema> byTable = new HashMap<>();
    TableSchema any = null;
    for (Path p : tableDefs) {
      DmsTableDef def;
      try {
        def = reader.parseTableDef(Files.readAllBytes(p));
      } catch (IOException e) {
        throw new IllegalArgumentException("Cannot read table-def: " + e.getClass().getSimpleName() + " (file=" + p + ", see --table-def)");
      } catch (DecodeException e) {
        throw new IllegalArgumentException("Cannot read table-def: " + e.getMessage() + " (file=" + p + ", see --table-def)");
      }
      if (def.table() != null) {
        byTable.put(def.table(), def.schema());
      } else if (any != null) {
        throw new IllegalArgumentException("Cannot read table-def: two table-defs name no table (file=" + p + ", see --table-def)");
      } else {
        any = def.schema();
      }
    }
    TableSchema fallback = any;
    return t -> byTable.getOrDefault(t, fallback);
  }

  private Function<TableId, List<String>> keys() {
    List<String> k = List.copyOf(keyColumns);
    return t -> k.isEmpty() ? null : k;
  }

  private TableId tableId() {
    if (table == null) {
      return null;
    }
    try {
      return TableId.parse(table);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot use --table: " + e.getMessage());
    }
  }

  DmsJsonDecoder json() {
    return DmsJsonDecoder.builder().includeNullAndEmpty(includeNullAndEmpty).schemas(schemas()).keyColumns(keys()).dateTimeMode(mode())
        .beforeImageColumns(beforeImagePrefix, "").build();
  }

  DmsS3CsvDecoder csv() {
    return DmsS3CsvDecoder.builder().schemas(schemas()).keyColumns(keys()).dateTimeMode(mode()).beforeImageColumns(beforeImagePrefix, "")
        .table(tableId()).addColumnName(header).timestampColumnName(timestampColumn).includeOpForFullLoad(includeOpForFullLoad)
        .cdcInsertsOnly(cdcInsertsOnly).nullValue(csvNullValue).delimiter(csvDelimiter).build();
  }

  DmsS3ParquetDecoder parquet() {
    return DmsS3ParquetDecoder.builder().schemas(schemas()).keyColumns(keys()).dateTimeMode(mode()).beforeImageColumns(beforeImagePrefix, "")
        .table(tableId()).timestampColumnName(timestampColumn).includeOpForFullLoad(includeOpForFullLoad).cdcInsertsOnly(cdcInsertsOnly)
        .build();
  }
}
