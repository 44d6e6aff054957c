package io.cdclake.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cdclake.iceberg.Catalogs;
import io.cdclake.model.Row;
import io.cdclake.schema.SchemaHistory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cdc-lake show}: a table's current rows read back through Iceberg (deletes applied), sorted
 * by key, or the list of tables with their row counts.
 *
 * <p>Output forms ({@link OutputFormat}): {@code json} is one object per row, column → value
 * exactly as {@code decode} prints values ({@link EventJson}), NULL as {@code null}; {@code csv} has a
 * header row and the same value text ({@link EventJson#valueToText}), NULL as an empty unquoted
 * field and an empty string as {@code ""}. {@code --schema} prints the table's schema and its change
 * history instead ({@link #printSchema}). Each view is its own method, so further ones plug in beside them.
 */
@Command(name = "show", sortOptions = false, mixinStandardHelpOptions = true,
    description = {
        "Prints a table's current rows, read back through Iceberg with deletes applied, sorted by key (or, with --schema, its schema"
            + " and schema changes); without --table, lists the tables with their row counts.",
        "json: one object per row, values exactly as decode prints them (NULL as null). csv: a header row, the same value text, NULL"
            + " as an empty unquoted field, an empty string as \"\"."},
    footer = {"", "Exit codes: 0 done; 2 usage error, no such table or warehouse; 3 the table could not be read."})
final class ShowCommand implements Callable<Integer> {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** How rows are printed. */
  enum OutputFormat { csv, json }

  private final PrintStream stdout;
  private final PrintStream stderr;

  @Option(names = "--table", paramLabel = "NAMESPACE.TABLE", description = "The Iceberg table, e.g. inventory.orders.")
  String table;

  @Mixin
  CatalogOptions catalog = new CatalogOptions();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
      description = "csv or json. Default: ${DEFAULT-VALUE}.")
  OutputFormat format;

  @Option(names = "--schema",
      description = "With --table: print the table's schema (columns with field ids, key, kept and redirected columns) and its"
          + " recorded schema changes, oldest first, instead of its rows.")
  boolean schema;

  ShowCommand(PrintStream stdout, PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() throws IOException {
    Catalog cat;
    try {
      cat = catalog.open(false);
    } catch (CatalogOptions.BadCatalogOptions e) {
      stderr.println("cdc-lake show: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    try {
      Writer out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
      if (schema && table == null) {
        stderr.println("cdc-lake show: Cannot show a schema: name the table (see --table)");
        return Main.EXIT_USAGE;
      }
      if (table == null) {
        listTables(cat, out);
        out.flush();
        return 0;
      }
      Table t;
      try {
        t = cat.loadTable(TableIdentifier.parse(table));
      } catch (NoSuchTableException | IllegalArgumentException e) {
        stderr.println("cdc-lake show: Cannot show table: no such table (table=" + table + ", in " + catalog.describe() + ")");
        return Main.EXIT_USAGE;
      }
      if (schema) {
        printSchema(t, out);
      } else {
        printRows(t, out);
      }
      out.flush();
      return 0;
    } catch (RuntimeException e) {
      stderr.println("cdc-lake show: Cannot read " + (table == null ? "tables" : "table " + table) + ": " + e.getMessage());
      return Main.EXIT_WRITE_FAILED;
    } finally {
      if (cat instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // read-only
        }
      }
    }
  }

  /** The rows of one table, sorted by key. */
  void printRows(Table t, Writer out) throws IOException {
    List<String> columns = TableRows.columns(t);
    List<Row> rows = TableRows.read(t);
    if (format == OutputFormat.csv) {
      Csv.writeRecord(out, columns);
      List<String> cells = new ArrayList<>(columns.size());
      for (Row r : rows) {
        cells.clear();
        for (String c : columns) {
          cells.add(EventJson.valueToText(r.get(c)));
        }
        Csv.writeRecord(out, cells);
      }
      return;
    }
    for (Row r : rows) {
      try (JsonGenerator g = JSON.createGenerator(out)) {
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartObject();
        for (String c : columns) {
          g.writeFieldName(c);
          EventJson.writeValue(g, r.get(c));
        }
        g.writeEndObject();
      }
      out.write('\n');
    }
  }

  /** The table's schema and its change history ({@link SchemaHistory#show}). */
  void printSchema(Table t, Writer out) throws IOException {
    out.write(SchemaHistory.show(t, TableUtil.formatVersion(t)));
  }

  /** Every table of the catalog (namespaces walked recursively) with its current row count, by name. */
  void listTables(Catalog cat, Writer out) throws IOException {
    List<TableIdentifier> ids = new ArrayList<>(Catalogs.listTables(cat));
    ids.sort(Comparator.comparing(TableIdentifier::toString));
    if (format == OutputFormat.csv) {
      Csv.writeRecord(out, List.of("table", "rows"));
    }
    for (TableIdentifier id : ids) {
      long rows = TableRows.count(cat.loadTable(id));
      if (format == OutputFormat.csv) {
        Csv.writeRecord(out, List.of(id.toString(), Long.toString(rows)));
      } else {
        try (JsonGenerator g = JSON.createGenerator(out)) {
          g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
          g.writeStartObject();
          g.writeStringField("table", id.toString());
          g.writeNumberField("rows", rows);
          g.writeEndObject();
        }
        out.write('\n');
      }
    }
  }
}
