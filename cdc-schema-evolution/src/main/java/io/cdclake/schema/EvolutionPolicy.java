package io.cdclake.schema;

import static java.util.Objects.requireNonNull;

import io.cdclake.schema.ReconcileOptions.TypeConflictPolicy;
import java.util.Locale;

/**
 * How a table follows the schema changes of its source, per rule. Set per table in the table config
 * ({@link TableConfigs}); {@link #DEFAULTS} when a config says nothing.
 *
 * <table>
 *   <caption>rules, their table-config keys and values (default first)</caption>
 *   <tr><th>source change</th><th>key</th><th>values</th><th>what happens</th></tr>
 *   <tr><td>column dropped</td><td>{@code drop-columns}</td><td>{@code keep}, {@code drop}</td>
 *       <td>keep: the column stays (made optional), is no longer expected in events, and keeps its values: rows
 *       updated after the drop carry their old value forward (the after image marks it UNCHANGED, the writer
 *       reads it back), rows inserted after it hold NULL. drop: the column is deleted from the Iceberg table
 *       (its data is no longer readable).</td></tr>
 *   <tr><td>column renamed (when the source says so)</td><td>{@code rename-columns}</td><td>{@code rename},
 *       {@code drop-and-add}</td><td>rename: an Iceberg rename, field id and data kept. drop-and-add: the old
 *       column is dropped by {@code drop-columns} and a new empty one added.</td></tr>
 *   <tr><td>type change Iceberg cannot make in place (narrowing, int to string, decimal scale)</td>
 *       <td>{@code type-changes}</td><td>{@code fail}, {@code new-column}, {@code dead-letter}</td>
 *       <td>see {@link TypeConflictPolicy}; unset: the source's {@link ReconcileOptions#typeConflicts()}</td></tr>
 *   <tr><td>narrowing stated by a DDL event (bigint to int, double to float, decimal precision down at the same
 *       scale)</td><td>{@code narrowing}</td><td>{@code fail}, {@code keep-wider}</td>
 *       <td>fail: {@link TypeConflictException} naming the table, the column, the old (table) and new (source) type,
 *       before anything is committed. keep-wider: the column keeps its wider type; every value of the narrower type
 *       still fits exactly, so nothing is coerced. Row events whose message schema is narrower than the table
 *       (messages written before a widening, still in flight or replayed) always keep the wider column.</td></tr>
 *   <tr><td>primary key changed</td><td>{@code key-changes}</td><td>{@code update}, {@code keep}</td>
 *       <td>update: the table's identifier fields follow the source's key (ignored when {@code primary_key} is
 *       configured). keep: the identifier fields never change.</td></tr>
 *   <tr><td>column added with a DEFAULT</td><td>{@code column-defaults}</td><td>{@code apply}, {@code ignore}</td>
 *       <td>apply: on a format-v3 table the default becomes the column's initial and write default, so rows
 *       written before read it; on v2 (no column defaults) those rows read NULL. ignore: never set.</td></tr>
 *   <tr><td>column added</td><td>{@code column-positions}</td><td>{@code source}, {@code last}</td>
 *       <td>source: placed after the column that precedes it in the source (first when it is first), when the
 *       source states its column order; else last. last: always last.</td></tr>
 * </table>
 * Widening (int to long, float to double, decimal precision up at the same scale) and relaxing
 * nullability (a required column becomes optional) always happen in place; they need no policy. Other
 * changes to a type the table's type holds exactly (a string column the source makes int, a double column
 * made int) keep the table's type.
 *
 * @param drops what a dropped source column does to the table
 * @param renames what a source rename does
 * @param typeChanges what a type change Iceberg cannot make does, or null for the source's
 *     {@link ReconcileOptions#typeConflicts()}
 * @param keyChanges whether identifier fields follow the source key
 * @param defaults whether source defaults become Iceberg column defaults (format v3)
 * @param positions where added columns go
 * @param narrowing what a DDL event that narrows a column's type does
 */
public record EvolutionPolicy(DropPolicy drops, RenamePolicy renames, TypeConflictPolicy typeChanges, KeyPolicy keyChanges,
    DefaultsPolicy defaults, PositionPolicy positions, NarrowingPolicy narrowing) {

  /**
   * keep, rename, type changes as the source's options say (fail by default), update keys, apply defaults, source positions,
   * fail on narrowing.
   */
  public static final EvolutionPolicy DEFAULTS = new EvolutionPolicy(DropPolicy.KEEP, RenamePolicy.RENAME, null, KeyPolicy.UPDATE,
      DefaultsPolicy.APPLY, PositionPolicy.SOURCE, NarrowingPolicy.FAIL);

  public EvolutionPolicy {
    requireNonNull(drops, "drops is null");
    requireNonNull(renames, "renames is null");
    requireNonNull(keyChanges, "keyChanges is null");
    requireNonNull(defaults, "defaults is null");
    requireNonNull(positions, "positions is null");
    requireNonNull(narrowing, "narrowing is null");
  }

  /** The policy with {@link NarrowingPolicy#FAIL} (the form before the {@code narrowing} key existed). */
  public EvolutionPolicy(DropPolicy drops, RenamePolicy renames, TypeConflictPolicy typeChanges, KeyPolicy keyChanges,
      DefaultsPolicy defaults, PositionPolicy positions) {
    this(drops, renames, typeChanges, keyChanges, defaults, positions, NarrowingPolicy.FAIL);
  }

  /** The type-change policy in effect: this policy's, else the options'. */
  public TypeConflictPolicy typeChanges(ReconcileOptions options) {
    return typeChanges != null ? typeChanges : options.typeConflicts();
  }

  public EvolutionPolicy withDrops(DropPolicy value) {
    return new EvolutionPolicy(value, renames, typeChanges, keyChanges, defaults, positions, narrowing);
  }

  public EvolutionPolicy withRenames(RenamePolicy value) {
    return new EvolutionPolicy(drops, value, typeChanges, keyChanges, defaults, positions, narrowing);
  }

  public EvolutionPolicy withTypeChanges(TypeConflictPolicy value) {
    return new EvolutionPolicy(drops, renames, value, keyChanges, defaults, positions, narrowing);
  }

  public EvolutionPolicy withKeyChanges(KeyPolicy value) {
    return new EvolutionPolicy(drops, renames, typeChanges, value, defaults, positions, narrowing);
  }

  public EvolutionPolicy withDefaults(DefaultsPolicy value) {
    return new EvolutionPolicy(drops, renames, typeChanges, keyChanges, value, positions, narrowing);
  }

  public EvolutionPolicy withPositions(PositionPolicy value) {
    return new EvolutionPolicy(drops, renames, typeChanges, keyChanges, defaults, value, narrowing);
  }

  public EvolutionPolicy withNarrowing(NarrowingPolicy value) {
    return new EvolutionPolicy(drops, renames, typeChanges, keyChanges, defaults, positions, value);
  }

  /** Key {@code drop-columns}. */
  public enum DropPolicy {
    /** Keep the column as optional, stop writing it, keep its values (the default). */
    KEEP,
    /** Delete the column from the Iceberg table. */
    DROP;

    public static DropPolicy parse(String text) {
      return switch (norm(text)) {
        case "keep" -> KEEP;
        case "drop" -> DROP;
        default -> throw unknown("drop-columns", text, "keep or drop");
      };
    }
  }

  /** Key {@code rename-columns}. */
  public enum RenamePolicy {
    /** Rename the Iceberg column: same field id, data kept (the default). */
    RENAME,
    /** Treat a rename as a drop (by {@link DropPolicy}) plus a new column. */
    DROP_AND_ADD;

    public static RenamePolicy parse(String text) {
      return switch (norm(text)) {
        case "rename" -> RENAME;
        case "drop-and-add" -> DROP_AND_ADD;
        default -> throw unknown("rename-columns", text, "rename or drop-and-add");
      };
    }
  }

  /** Key {@code key-changes}. */
  public enum KeyPolicy {
    /** Identifier fields follow the source's key (the default). */
    UPDATE,
    /** Identifier fields never change after the table is created. */
    KEEP;

    public static KeyPolicy parse(String text) {
      return switch (norm(text)) {
        case "update" -> UPDATE;
        case "keep" -> KEEP;
        default -> throw unknown("key-changes", text, "update or keep");
      };
    }
  }

  /** Key {@code column-defaults}. */
  public enum DefaultsPolicy {
    /** A source default becomes the initial and write default of an added column on format-v3 tables (the default). */
    APPLY,
    /** Never set column defaults. */
    IGNORE;

    public static DefaultsPolicy parse(String text) {
      return switch (norm(text)) {
        case "apply" -> APPLY;
        case "ignore" -> IGNORE;
        default -> throw unknown("column-defaults", text, "apply or ignore");
      };
    }
  }

  /** Key {@code column-positions}. */
  public enum PositionPolicy {
    /** Added columns go where the source has them (the default). */
    SOURCE,
    /** Added columns go last. */
    LAST;

    public static PositionPolicy parse(String text) {
      return switch (norm(text)) {
        case "source" -> SOURCE;
        case "last" -> LAST;
        default -> throw unknown("column-positions", text, "source or last");
      };
    }
  }

  /**
   * Key {@code narrowing}: a DDL event gives a column a type its table type is a promotion of (bigint to int,
   * double to float, decimal precision down at the same scale).
   */
  public enum NarrowingPolicy {
    /** Refuse the change with a {@link TypeConflictException} naming table, column, old and new type (the default). */
    FAIL,
    /** Keep the wider Iceberg column: every value of the narrower type fits it exactly. */
    KEEP_WIDER;

    public static NarrowingPolicy parse(String text) {
      return switch (norm(text)) {
        case "fail" -> FAIL;
        case "keep-wider" -> KEEP_WIDER;
        default -> throw unknown("narrowing", text, "fail or keep-wider");
      };
    }
  }

  /** Parses {@code fail}, {@code new-column} or {@code dead-letter} (key {@code type-changes}). */
  public static TypeConflictPolicy parseTypeChanges(String text) {
    return switch (norm(text)) {
      case "fail" -> TypeConflictPolicy.FAIL;
      case "new-column" -> TypeConflictPolicy.NEW_COLUMN;
      case "dead-letter" -> TypeConflictPolicy.DEAD_LETTER;
      default -> throw unknown("type-changes", text, "fail, new-column or dead-letter");
    };
  }

  private static String norm(String text) {
    return text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static IllegalArgumentException unknown(String key, String text, String expected) {
    return new IllegalArgumentException("Cannot parse table config: unknown value (" + key + "=" + text + ", expected " + expected + ")");
  }
}
