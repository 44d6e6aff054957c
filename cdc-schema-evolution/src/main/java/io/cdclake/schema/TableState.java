package io.cdclake.schema;

import static java.util.Objects.requireNonNull;

import io.cdclake.schema.SchemaUpdate.Change;
import io.cdclake.schema.SchemaUpdate.DropColumn;
import io.cdclake.schema.SchemaUpdate.RedirectColumn;
import io.cdclake.schema.SchemaUpdate.RenameColumn;
import io.cdclake.schema.SchemaUpdate.RetireColumn;
import io.cdclake.schema.internal.MiniJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;

/**
 * What schema evolution needs to know of an Iceberg table: its schema, its format version (column
 * defaults need v3), the columns the source dropped but the table keeps ({@code retired}), and the
 * source columns whose values go to another column since a type change ({@code redirects}). The last
 * two live in the table's properties ({@link EvolutionProperties}), so every writer and every restart
 * sees them.
 *
 * @param schema the table's schema, or null when the table does not exist yet
 * @param formatVersion the table's Iceberg format version (for a table not created yet: the version it will have)
 * @param retired field ids of top-level columns kept after the source dropped them
 * @param redirects source column name (after {@code column-names} mapping) to the field id of the top-level
 *     column that receives its values
 */
public record TableState(Schema schema, int formatVersion, Set<Integer> retired, Map<String, Integer> redirects) {

  public TableState {
    if (formatVersion < 1) {
      throw new IllegalArgumentException("Cannot make table state: format version must be positive (format-version=" + formatVersion + ")");
    }
    retired = retired == null ? Set.of() : Set.copyOf(new TreeSet<>(retired));
    redirects = redirects == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(redirects));
    if (schema == null && (!retired.isEmpty() || !redirects.isEmpty())) {
      throw new IllegalArgumentException("Cannot make table state: a table that does not exist has no retired or redirected columns");
    }
  }

  /** A table that does not exist yet and will be created with this format version. */
  public static TableState none(int formatVersion) {
    return new TableState(null, formatVersion, Set.of(), Map.of());
  }

  /** A table (or none, for null) of format version 2 with no retired or redirected columns. */
  public static TableState of(Schema schema) {
    return new TableState(schema, 2, Set.of(), Map.of());
  }

  /**
   * The state of a loaded table (refresh it first to see other writers' changes).
   *
   * @param formatVersion the table's format version (Iceberg's API does not expose it; {@code TableUtil.formatVersion(table)}
   *     in iceberg-core does)
   * @throws IllegalArgumentException when cdc-lake's table properties are malformed
   */
  public static TableState of(Table table, int formatVersion) {
    return of(table.schema(), formatVersion, table.properties());
  }

  /**
   * The state of a table from its schema and properties. Retired ids and redirects that point at fields
   * the schema no longer has are left out.
   *
   * @throws IllegalArgumentException when cdc-lake's table properties are malformed
   */
  public static TableState of(Schema schema, int formatVersion, Map<String, String> properties) {
    requireNonNull(schema, "schema is null");
    Set<Integer> retired = new LinkedHashSet<>();
    Map<String, Integer> redirects = new LinkedHashMap<>();
    String r = properties.get(EvolutionProperties.RETIRED_COLUMNS);
    if (r != null && !r.isBlank()) {
      if (!(parse(r, EvolutionProperties.RETIRED_COLUMNS) instanceof List<?> l)) {
        throw malformed(EvolutionProperties.RETIRED_COLUMNS, "expected a JSON array of field ids");
      }
      for (Object o : l) {
        if (!(o instanceof Long id)) {
          throw malformed(EvolutionProperties.RETIRED_COLUMNS, "expected a JSON array of field ids");
        }
        if (schema.asStruct().field(id.intValue()) != null) {
          retired.add(id.intValue());
        }
      }
    }
    String d = properties.get(EvolutionProperties.COLUMN_REDIRECTS);
    if (d != null && !d.isBlank()) {
      if (!(parse(d, EvolutionProperties.COLUMN_REDIRECTS) instanceof Map<?, ?> m)) {
        throw malformed(EvolutionProperties.COLUMN_REDIRECTS, "expected a JSON object of column name to field id");
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getValue() instanceof Long id)) {
          throw malformed(EvolutionProperties.COLUMN_REDIRECTS, "expected a JSON object of column name to field id");
        }
        if (schema.asStruct().field(id.intValue()) != null && !retired.contains(id.intValue())) {
          redirects.put((String) e.getKey(), id.intValue());
        }
      }
    }
    return new TableState(schema, formatVersion, retired, redirects);
  }

  private static Object parse(String text, String key) {
    try {
      return MiniJson.parse(text);
    } catch (IllegalArgumentException e) {
      throw malformed(key, e.getMessage());
    }
  }

  private static IllegalArgumentException malformed(String key, String why) {
    return new IllegalArgumentException("Cannot read table state: malformed table property (" + why + "; property=" + key + ")");
  }

  /** True when the table exists. */
  public boolean exists() {
    return schema != null;
  }

  /** True when the column of this field id is kept but no longer written. */
  public boolean isRetired(int fieldId) {
    return retired.contains(fieldId);
  }

  /** The top-level columns events fill: every column but the retired ones, in table order (empty for no table). */
  public List<Types.NestedField> liveColumns() {
    List<Types.NestedField> out = new ArrayList<>();
    if (schema != null) {
      for (Types.NestedField f : schema.columns()) {
        if (!retired.contains(f.fieldId())) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /** The retired top-level columns, in table order. */
  public List<Types.NestedField> retiredColumns() {
    List<Types.NestedField> out = new ArrayList<>();
    if (schema != null) {
      for (Types.NestedField f : schema.columns()) {
        if (retired.contains(f.fieldId())) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /**
   * cdc-lake's table properties for this state: {@link EvolutionProperties#RETIRED_COLUMNS} and
   * {@link EvolutionProperties#COLUMN_REDIRECTS}, each null when empty (to be removed).
   */
  public Map<String, String> properties() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(EvolutionProperties.RETIRED_COLUMNS, retired.isEmpty() ? null : MiniJson.write(new ArrayList<>(new TreeSet<>(retired))));
    out.put(EvolutionProperties.COLUMN_REDIRECTS, redirects.isEmpty() ? null : MiniJson.write(redirects));
    return out;
  }

  /**
   * The state after an update, computed without a table: the schema from {@link SchemaUpdate#newSchema},
   * retired columns and redirects from its changes. The committed table may number new fields differently;
   * {@link SchemaApplier} returns the committed state.
   *
   * @throws TypeConflictException when a change no longer fits
   */
  public TableState after(SchemaUpdate update) {
    return after(update, update.newSchema(schema));
  }

  /** The state after an update whose committed schema is {@code next}. */
  TableState after(SchemaUpdate update, Schema next) {
    Set<Integer> r = new LinkedHashSet<>(retired);
    Map<String, Integer> d = new LinkedHashMap<>(redirects);
    for (Change c : update.changes()) {
      if (c instanceof RetireColumn x && next.findField(x.fieldId()) != null) {
        r.add(x.fieldId());
        d.values().removeIf(id -> id == x.fieldId());
      } else if (c instanceof DropColumn x) {
        r.remove(x.fieldId());
        d.values().removeIf(id -> id == x.fieldId());
      } else if (c instanceof RenameColumn x) {
        d.values().removeIf(id -> id == x.fieldId());
      } else if (c instanceof RedirectColumn x) {
        Types.NestedField f = next.asStruct().field(x.column());
        if (f != null) {
          d.put(x.sourceColumn(), f.fieldId());
        }
      }
    }
    r.removeIf(id -> next.findField(id) == null);
    d.values().removeIf(id -> next.findField(id) == null || r.contains(id));
    return new TableState(next, formatVersion, r, d);
  }
}
