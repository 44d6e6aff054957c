package io.cdclake.iceberg;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.TableId;
import io.cdclake.schema.TableConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Names the Iceberg table of a source table. The pattern is dot-separated; each part may use
 * {@code {db}}, {@code {schema}} and {@code {table}}. The last part is the table name, the others
 * the namespace levels. Default {@code {db}.{table}}.
 *
 * <p>Missing parts: {@code {db}} is the database, or the schema when the source has no database
 * level (DMS, PostgreSQL events without database); {@code {schema}} is the schema, or the database
 * when the source has no schema level (MySQL). A part that is empty after substitution is left
 * out; a namespace left empty becomes {@code default}. A table config's {@code iceberg.table}
 * ({@link TableConfig#target()}) overrides the pattern for its tables and may use the same
 * placeholders. Changelog tables are named {@code <table>_changelog} beside the upsert table.
 */
public final class TableRouter {
  public static final String DEFAULT_PATTERN = "{db}.{table}";
  public static final String DEFAULT_NAMESPACE = "default";
  public static final String CHANGELOG_SUFFIX = "_changelog";

  private final String pattern;

  private TableRouter(String pattern) {
    this.pattern = requireNonNull(pattern, "pattern is null");
    if (!pattern.contains("{table}") && !pattern.contains(".")) {
      // a fixed single name would send every table to one Iceberg table
      throw new IllegalArgumentException("Cannot use table pattern: it must contain {table} (pattern=" + pattern + ")");
    }
  }

  public static TableRouter of(String pattern) {
    return new TableRouter(pattern);
  }

  public static TableRouter defaults() {
    return new TableRouter(DEFAULT_PATTERN);
  }

  public String pattern() {
    return pattern;
  }

  /** The upsert (or, in changelog-only mode, changelog) table of the source table. */
  public TableIdentifier route(TableId id, TableConfig config) {
    String p = config != null && config.target() != null ? config.target() : pattern;
    return identifier(p, id);
  }

  /** The changelog table beside the upsert table. */
  public TableIdentifier changelog(TableId id, TableConfig config) {
    TableIdentifier t = route(id, config);
    return TableIdentifier.of(t.namespace(), t.name() + CHANGELOG_SUFFIX);
  }

  static TableIdentifier identifier(String pattern, TableId id) {
    String db = id.database() != null ? id.database() : id.schema();
    String schema = id.schema() != null ? id.schema() : id.database();
    List<String> parts = new ArrayList<>();
    for (String part : pattern.split("\\.", -1)) {
      String v = part.replace("{db}", db == null ? "" : db).replace("{schema}", schema == null ? "" : schema)
          .replace("{table}", id.table());
      if (!v.isEmpty()) {
        parts.add(v);
      }
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("Cannot route table: the pattern gives an empty name (pattern=" + pattern + ", table=" + id + ")");
    }
    String name = parts.remove(parts.size() - 1);
    Namespace ns = parts.isEmpty() ? Namespace.of(DEFAULT_NAMESPACE) : Namespace.of(parts.toArray(new String[0]));
    return TableIdentifier.of(ns, name);
  }
}
