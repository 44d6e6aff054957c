package io.cdclake.iceberg;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The committer of an engine host: takes the {@link WriteResult}s every task returned for one host
 * commit (a Flink checkpoint, a Spark batch) and commits each table's results as one atomic commit
 * through its {@link ChangeCommitter}, with the {@link HostCommit} and the host's summary entries.
 * A table whose host commit is already in its history is skipped, so handing the same results
 * again after a restore commits nothing twice. Tables commit one after another; after a failure
 * between two tables the repeated call commits only the tables still missing. Not thread-safe.
 */
public final class TablesCommitter implements AutoCloseable {
  private final Catalog catalog;
  private final String writerId;
  private final CommitterOptions options;
  private final Map<String, ChangeCommitter> committers = new HashMap<>();

  TablesCommitter(Catalog catalog, String writerId, CommitterOptions options) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.writerId = requireNonNull(writerId, "writerId is null");
    this.options = requireNonNull(options, "options is null");
  }

  /** The outcome of one table's commit. */
  public record TableOutcome(String table, CommitOutcome outcome) {
  }

  /**
   * Commits one host commit.
   *
   * @param host the host's commit (scope and sequence), stored in each snapshot summary
   * @param results what the tasks returned; results of several tables and batches in any order
   * @param extraSummary more summary entries (the engine's own ids)
   * @return one outcome per table, in table-name order
   */
  public List<TableOutcome> commit(HostCommit host, Collection<WriteResult> results, Map<String, String> extraSummary) {
    requireNonNull(host, "host is null");
    TreeMap<String, List<WriteResult>> byTable = new TreeMap<>();
    for (WriteResult r : results) {
      byTable.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r);
    }
    List<TableOutcome> out = new ArrayList<>();
    for (Map.Entry<String, List<WriteResult>> e : byTable.entrySet()) {
      ChangeCommitter c = committer(e.getKey());
      try {
        out.add(new TableOutcome(e.getKey(), c.commit(e.getValue(), new LinkedHashMap<>(extraSummary), host)));
      } catch (RuntimeException ex) {
        committers.remove(e.getKey()); // the next attempt reads the table's history again
        throw ex;
      }
    }
    return out;
  }

  /** The highest host sequence committed to a table in a scope, or -1. */
  public long committedSequence(String table, String scope) {
    return committer(table).committedSequence(scope);
  }

  private ChangeCommitter committer(String tableName) {
    return committers.computeIfAbsent(tableName, n -> ChangeCommitter.create(catalog.loadTable(identifier(n)), writerId, options));
  }

  /** The identifier of a table named as {@link org.apache.iceberg.Table#name()} names it (the catalog name first). */
  TableIdentifier identifier(String tableName) {
    String prefix = catalog.name() + ".";
    return TableIdentifier.parse(tableName.startsWith(prefix) ? tableName.substring(prefix.length()) : tableName);
  }

  @Override
  public void close() {
    committers.clear();
    if (catalog instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("Cannot close catalog (name=" + catalog.name() + ")", e);
      }
    }
  }
}
