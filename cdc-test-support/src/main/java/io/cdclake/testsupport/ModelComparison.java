package io.cdclake.testsupport;

import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The result of comparing a {@link ChangeModel} with a {@link DatabaseState}: every table, row and
 * cell of the database, value by value ({@link ValueComparison}), plus the model's anomalies.
 *
 * <p>Cells are compared over the database's current columns. A column the model never received
 * for a row (it was added after the row's last event) matches when the database holds NULL there,
 * and is a {@link Kind#NOT_CARRIED} difference otherwise (for example a column added with a
 * DEFAULT: the database shows the default for rows no event touched since). Model columns the
 * database no longer has (dropped columns) are not compared; {@link #droppedColumns()} lists them.
 */
public final class ModelComparison {
  /** What kind of difference. */
  public enum Kind {
    /** The database has the row, the model does not. */
    MISSING_ROW,
    /** The model has a row the database does not. */
    EXTRA_ROW,
    /** Both have the cell and the values differ. */
    VALUE,
    /** The model never received a value for a column the database holds a non-NULL value in. */
    NOT_CARRIED,
    /** The model still holds UNCHANGED for the cell: no event ever gave its value. */
    UNRESOLVED_UNCHANGED,
    /** The database table has a key, yet the events carried none (or the reverse). */
    KEYING,
    /** The model could not apply an event cleanly ({@link ChangeModel#anomalies()}). */
    ANOMALY
  }

  /**
   * One difference.
   *
   * @param kind what differs
   * @param table the table, or null for anomalies
   * @param key the row's key (or the whole row for keyless tables), or null
   * @param column the column, for cell differences
   * @param expected the database's value (cell differences) or row
   * @param actual the model's value (cell differences) or row
   * @param detail one readable line
   */
  public record Difference(Kind kind, TableId table, Row key, String column, Object expected, Object actual, String detail) {
    @Override
    public String toString() {
      return detail;
    }
  }

  private final List<Difference> differences;
  private final int tables;
  private final int rows;
  private final int cells;
  private final int nullForMissingColumn;
  private final Set<String> droppedColumns;

  private ModelComparison(List<Difference> differences, int tables, int rows, int cells, int nullForMissingColumn, Set<String> droppedColumns) {
    this.differences = Collections.unmodifiableList(differences);
    this.tables = tables;
    this.rows = rows;
    this.cells = cells;
    this.nullForMissingColumn = nullForMissingColumn;
    this.droppedColumns = Collections.unmodifiableSet(droppedColumns);
  }

  public boolean matches() {
    return differences.isEmpty();
  }

  public List<Difference> differences() {
    return differences;
  }

  /** The differences that the predicate does not accept: what is left once documented ones are taken out. */
  public List<Difference> differencesExcept(Predicate<Difference> documented) {
    return differences.stream().filter(documented.negate()).toList();
  }

  public int comparedTables() {
    return tables;
  }

  /** Database rows that found their model row. */
  public int comparedRows() {
    return rows;
  }

  /** Cells compared value by value (matching or not). */
  public int comparedCells() {
    return cells;
  }

  /** Cells where the database holds NULL in a column the model never received for that row. */
  public int nullForMissingColumn() {
    return nullForMissingColumn;
  }

  /** {@code table.column} of model columns the database no longer has. */
  public Set<String> droppedColumns() {
    return droppedColumns;
  }

  /** A summary line and every difference, one a line. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(differences.isEmpty() ? "model equals database" : "model differs from database").append(": ").append(tables).append(" tables, ")
        .append(rows).append(" rows, ").append(cells).append(" cells compared; ").append(differences.size()).append(" differences");
    if (nullForMissingColumn > 0) {
      sb.append("; ").append(nullForMissingColumn).append(" NULL cells in columns added after the row's last event");
    }
    if (!droppedColumns.isEmpty()) {
      sb.append("; dropped columns not compared: ").append(droppedColumns);
    }
    int shown = 0;
    for (Difference d : differences) {
      if (shown++ == 200) {
        sb.append("\n  … ").append(differences.size() - 200).append(" more");
        break;
      }
      sb.append("\n  ").append(d.detail());
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return describe();
  }

  // ---- comparing ----

  static ModelComparison compare(ChangeModel model, DatabaseState db) {
    List<Difference> diffs = new ArrayList<>();
    for (String a : model.anomalies()) {
      diffs.add(new Difference(Kind.ANOMALY, null, null, null, null, null, "anomaly: " + a));
    }
    int[] counters = new int[3]; // rows, cells, null-for-missing
    Set<String> dropped = new TreeSet<>();
    Map<TableId, ChangeModel.ModelTable> modelTables = new LinkedHashMap<>(model.tableMap());
    for (TableId table : db.tables()) {
      TableSchema schema = db.schema(table);
      ChangeModel.ModelTable mt = removeMatching(modelTables, table);
      List<Row> dbRows = db.rows(table);
      if (mt == null) {
        for (Row r : dbRows) {
          diffs.add(new Difference(Kind.MISSING_ROW, table, keyOf(schema, r), null, r, null,
              table + ": row " + keyOf(schema, r) + " is in the database, the events never made it"));
        }
        continue;
      }
      for (Row r : mt.rows()) {
        for (String name : r.names()) {
          if (schema.column(name) == null) {
            dropped.add(table.table() + "." + name);
          }
        }
      }
      if (schema.hasPrimaryKey() && Boolean.TRUE.equals(mt.keyed)) {
        compareKeyed(table, schema, db.rowsByKey(table), mt.byKey, diffs, counters);
      } else {
        if (schema.hasPrimaryKey() != Boolean.TRUE.equals(mt.keyed) && mt.keyed != null) {
          diffs.add(new Difference(Kind.KEYING, table, null, null, schema.primaryKey(), mt.keyed, table + ": the database table "
              + (schema.hasPrimaryKey() ? "has key " + schema.primaryKey() + " but the events carried no key" : "has no key but the events carried keys")));
        }
        compareMultiset(table, schema, dbRows, mt.rows(), diffs, counters);
      }
    }
    for (Map.Entry<TableId, ChangeModel.ModelTable> e : modelTables.entrySet()) {
      for (Row r : e.getValue().rows()) {
        diffs.add(new Difference(Kind.EXTRA_ROW, e.getKey(), null, null, null, r, e.getKey() + ": the events made a row in a table the database does not have: " + r));
      }
    }
    return new ModelComparison(diffs, db.tables().size(), counters[0], counters[1], counters[2], dropped);
  }

  private static ChangeModel.ModelTable removeMatching(Map<TableId, ChangeModel.ModelTable> modelTables, TableId table) {
    ChangeModel.ModelTable exact = modelTables.remove(table);
    if (exact != null) {
      return exact;
    }
    for (TableId t : List.copyOf(modelTables.keySet())) {
      boolean dbMatches = t.database() == null || table.database() == null || t.database().equals(table.database());
      boolean schemaMatches = t.schema() == null || table.schema() == null || t.schema().equals(table.schema());
      if (dbMatches && schemaMatches && t.table().equals(table.table())) {
        return modelTables.remove(t);
      }
    }
    return null;
  }

  private static void compareKeyed(TableId table, TableSchema schema, Map<Row, Row> dbByKey, Map<Row, Row> modelByKey, List<Difference> diffs,
      int[] counters) {
    Map<Row, Row> remaining = new LinkedHashMap<>(modelByKey);
    for (Map.Entry<Row, Row> e : dbByKey.entrySet()) {
      Row key = e.getKey();
      Row mine = remaining.remove(key);
      if (mine == null) {
        diffs.add(new Difference(Kind.MISSING_ROW, table, key, null, e.getValue(), null,
            table + " " + describeKey(key) + ": row is in the database, not in the model"));
        continue;
      }
      counters[0]++;
      compareCells(table, schema, key, e.getValue(), mine, diffs, counters);
    }
    for (Map.Entry<Row, Row> e : remaining.entrySet()) {
      diffs.add(new Difference(Kind.EXTRA_ROW, table, e.getKey(), null, null, e.getValue(),
          table + " " + describeKey(e.getKey()) + ": row is in the model, not in the database"));
    }
  }

  private static void compareMultiset(TableId table, TableSchema schema, List<Row> dbRows, List<Row> modelRows, List<Difference> diffs, int[] counters) {
    List<Row> remaining = new ArrayList<>(modelRows);
    List<Row> unmatched = new ArrayList<>();
    for (Row r : dbRows) {
      int found = -1;
      for (int i = 0; i < remaining.size(); i++) {
        if (sameRow(schema, r, remaining.get(i))) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        unmatched.add(r);
      } else {
        Row mine = remaining.remove(found);
        counters[0]++;
        compareCells(table, schema, r, r, mine, diffs, counters);
      }
    }
    for (Row r : unmatched) {
      // pair the row with the most similar model row left, so the diff names the cells that differ
      int best = -1;
      int bestScore = 0;
      for (int i = 0; i < remaining.size(); i++) {
        int score = similarity(schema, r, remaining.get(i));
        if (score > bestScore) {
          best = i;
          bestScore = score;
        }
      }
      if (best >= 0 && bestScore * 2 >= schema.columns().size()) {
        Row mine = remaining.remove(best);
        counters[0]++;
        compareCells(table, schema, r, r, mine, diffs, counters);
      } else {
        diffs.add(new Difference(Kind.MISSING_ROW, table, r, null, r, null, table + ": row " + r + " is in the database, not in the model"));
      }
    }
    for (Row r : remaining) {
      diffs.add(new Difference(Kind.EXTRA_ROW, table, r, null, null, r, table + ": row " + r + " is in the model, not in the database"));
    }
  }

  private static boolean sameRow(TableSchema schema, Row db, Row mine) {
    for (Column c : schema.columns()) {
      ColumnState s = mine.state(c.name());
      Object theirs = db.get(c.name());
      if (s == ColumnState.UNCHANGED || (s == ColumnState.OMITTED && theirs != null) || !ValueComparison.same(theirs, mine.get(c.name()))) {
        return false;
      }
    }
    return true;
  }

  private static int similarity(TableSchema schema, Row db, Row mine) {
    int n = 0;
    for (Column c : schema.columns()) {
      ColumnState s = mine.state(c.name());
      if (s != ColumnState.UNCHANGED && s != ColumnState.OMITTED && ValueComparison.same(db.get(c.name()), mine.get(c.name()))) {
        n++;
      }
    }
    return n;
  }

  private static void compareCells(TableId table, TableSchema schema, Row key, Row db, Row mine, List<Difference> diffs, int[] counters) {
    for (Column c : schema.columns()) {
      String name = c.name();
      Object expected = db.get(name);
      ColumnState s = mine.state(name);
      String where = table + " " + describeKey(key) + " column " + name;
      switch (s) {
        case OMITTED -> {
          if (expected == null) {
            counters[2]++;
          } else {
            diffs.add(new Difference(Kind.NOT_CARRIED, table, key, name, expected, null,
                where + ": database " + ValueComparison.describe(expected) + ", no event carried the column for this row"));
          }
        }
        case UNCHANGED -> diffs.add(new Difference(Kind.UNRESOLVED_UNCHANGED, table, key, name, expected, Row.unchangedMarker(),
            where + ": database " + ValueComparison.describe(expected) + ", model still UNCHANGED (no event gave the value)"));
        default -> {
          counters[1]++;
          Object actual = mine.get(name);
          if (!ValueComparison.same(expected, actual)) {
            diffs.add(new Difference(Kind.VALUE, table, key, name, expected, actual,
                where + " (" + c.sourceType() + " as " + c.type() + "): database " + ValueComparison.describe(expected) + ", model "
                    + ValueComparison.describe(actual)));
          }
        }
      }
    }
  }

  private static Row keyOf(TableSchema schema, Row r) {
    return schema.hasPrimaryKey() ? r.project(schema.primaryKey()) : r;
  }

  private static String describeKey(Row key) {
    return key.size() <= 4 ? "key " + key : "row " + key;
  }
}
