package io.cdclake.schema;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * How a {@link SchemaReconciler} reads what a source sends. Immutable; start from a preset for the
 * source and change what differs with {@link #toBuilder()}.
 *
 * <h2>Full or partial after images, per source (SPEC.md A.5-A.7, B.6)</h2>
 * <table>
 *   <caption>what an omitted column in an after image means</caption>
 *   <tr><th>source</th><th>insert / load / read</th><th>update</th><th>preset</th></tr>
 *   <tr><td>DMS, IncludeNullAndEmpty=false (the DMS default): omitted = NULL or empty</td><td>FULL</td><td>FULL</td>
 *       <td>{@link #forDms(boolean) forDms(false)}, {@link #defaults()}</td></tr>
 *   <tr><td>DMS, IncludeNullAndEmpty=true: NULLs are explicit, so omitted = not sent (LOBs)</td><td>PARTIAL</td><td>PARTIAL</td>
 *       <td>{@link #forDms(boolean) forDms(true)}</td></tr>
 *   <tr><td>DMS from Oracle without full supplemental logging (updates hold changed columns only)</td><td>FULL</td>
 *       <td>PARTIAL</td><td>{@link #forDmsOracle()}</td></tr>
 *   <tr><td>Debezium relational connectors: whole rows; unchanged TOAST/LOB values arrive as UNCHANGED</td><td>FULL</td>
 *       <td>FULL</td><td>{@link #forDebezium()}</td></tr>
 *   <tr><td>Debezium MongoDB change streams without full documents (updates are patches)</td><td>FULL</td><td>PARTIAL</td>
 *       <td>{@link #forDebeziumMongo()}</td></tr>
 *   <tr><td>a schemaless source the user declares partial</td><td colspan="2">table config
 *       {@code insert-images} / {@code update-images}</td><td>any</td></tr>
 * </table>
 * UNCHANGED columns (Debezium placeholders) stay UNCHANGED in every mode. Before images and keys are
 * never filled.
 *
 * <h2>Numbers and strings as times</h2>
 * A column whose type is a timestamp, date or time (declared in the table config, stated by the
 * source schema, or already so in the table) reads: a JSON number, or a string of only digits, as
 * an epoch value in {@link #epochUnit()} (dates: days since 1970-01-01; times: units past
 * midnight); any other string as ISO-8601 ({@code 2024-01-31T10:15:30.123456}, a space instead of
 * {@code T}, 0-9 fraction digits, optional {@code Z} or offset). A timestamp without zone drops a
 * {@code Z} and turns another offset into UTC wall-clock time (DMS appends {@code Z} to zone-less
 * values); a timestamp with zone reads a value without offset as UTC. A value finer than
 * microseconds is an error unless {@link #truncateSubMicros()} is set.
 */
public final class ReconcileOptions {

  /** The unit of a number read as a timestamp or time. */
  public enum EpochUnit {
    SECONDS(1_000_000_000L), MILLIS(1_000_000L), MICROS(1_000L), NANOS(1L);

    private final long nanos;

    EpochUnit(long nanos) {
      this.nanos = nanos;
    }

    /** Nanoseconds in one unit. */
    public long nanos() {
      return nanos;
    }
  }

  /** How a string is read as binary. */
  public enum BinaryEncoding {
    /** Hexadecimal, with or without a {@code 0x} or {@code \x} prefix (DMS, PostgreSQL text form). */
    HEX,
    /** Base64, standard or URL-safe alphabet (Debezium JSON without schema). */
    BASE64
  }

  /**
   * What happens when a column's type would have to change in a way Iceberg cannot do in place
   * (narrowing, {@code int} to {@code string}, a decimal scale change), as a source schema or DDL says.
   * Per table: {@link EvolutionPolicy#typeChanges()} (table config key {@code type-changes}).
   */
  public enum TypeConflictPolicy {
    /**
     * Throw {@link TypeConflictException} naming table, column, old and new type and what to do (the
     * default); nothing is written or changed.
     */
    FAIL,
    /**
     * Add a new column {@code <column>__v<n>} (n = 2, 3, ... the first name the table does not use) of the
     * new type; from then on the source column's values go there. The old column is kept like a dropped one
     * ({@link EvolutionPolicy.DropPolicy#KEEP}). The mapping is stored in the table's properties
     * ({@link EvolutionProperties#COLUMN_REDIRECTS}), so every writer and every restart follows it.
     */
    NEW_COLUMN,
    /**
     * Keep the column's type; an event that holds a value for the column under its new type cannot be
     * written without a coercion, so reconciling it throws {@link RejectedTypeChangeException}: the caller
     * routes the event to its dead-letter sink. Events with NULL there, or without the column, go on.
     */
    DEAD_LETTER
  }

  /** What a decimal with precision above 38 (Iceberg's limit) becomes. */
  public enum WideDecimalPolicy {
    /** Throw {@link TypeConflictException} (the default). */
    FAIL,
    /** An Iceberg {@code string} column holding the plain decimal text. */
    STRING
  }

  private static final ReconcileOptions DEFAULTS = new Builder().build();

  private final ImageMode insertImages;
  private final ImageMode updateImages;
  private final EpochUnit epochUnit;
  private final BinaryEncoding binaryStrings;
  private final TypeConflictPolicy typeConflicts;
  private final WideDecimalPolicy wideDecimals;
  private final boolean truncateSubMicros;

  private ReconcileOptions(Builder b) {
    this.insertImages = b.insertImages;
    this.updateImages = b.updateImages;
    this.epochUnit = b.epochUnit;
    this.binaryStrings = b.binaryStrings;
    this.typeConflicts = b.typeConflicts;
    this.wideDecimals = b.wideDecimals;
    this.truncateSubMicros = b.truncateSubMicros;
  }

  /**
   * Full images for inserts and updates, epoch milliseconds, hex binary, fail on type conflicts and
   * on decimals wider than 38 digits, no truncation of sub-microsecond times.
   */
  public static ReconcileOptions defaults() {
    return DEFAULTS;
  }

  /**
   * DMS to Kinesis or Kafka. With IncludeNullAndEmpty=false (the DMS default) an omitted column is
   * NULL or empty, so images are full; with true, NULLs are explicit and an omitted column was not
   * sent, so images are partial.
   */
  public static ReconcileOptions forDms(boolean includeNullAndEmpty) {
    ImageMode m = includeNullAndEmpty ? ImageMode.PARTIAL : ImageMode.FULL;
    return builder().insertImages(m).updateImages(m).binaryStrings(BinaryEncoding.HEX).build();
  }

  /** DMS from Oracle with supplemental logging of changed columns only: updates are partial. */
  public static ReconcileOptions forDmsOracle() {
    return builder().updateImages(ImageMode.PARTIAL).binaryStrings(BinaryEncoding.HEX).build();
  }

  /** Debezium relational connectors: full images, base64 binary, epoch milliseconds. */
  public static ReconcileOptions forDebezium() {
    return builder().binaryStrings(BinaryEncoding.BASE64).build();
  }

  /** Debezium MongoDB without full documents on update: updates are partial. */
  public static ReconcileOptions forDebeziumMongo() {
    return builder().updateImages(ImageMode.PARTIAL).binaryStrings(BinaryEncoding.BASE64).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.insertImages = insertImages;
    b.updateImages = updateImages;
    b.epochUnit = epochUnit;
    b.binaryStrings = binaryStrings;
    b.typeConflicts = typeConflicts;
    b.wideDecimals = wideDecimals;
    b.truncateSubMicros = truncateSubMicros;
    return b;
  }

  /** What an omitted column means in the after image of INSERT and SNAPSHOT_READ events. */
  public ImageMode insertImages() {
    return insertImages;
  }

  /** What an omitted column means in the after image of UPDATE events. */
  public ImageMode updateImages() {
    return updateImages;
  }

  /** The unit of numbers read as timestamps or times (dates are always days). */
  public EpochUnit epochUnit() {
    return epochUnit;
  }

  /** How strings are read into binary columns. */
  public BinaryEncoding binaryStrings() {
    return binaryStrings;
  }

  public TypeConflictPolicy typeConflicts() {
    return typeConflicts;
  }

  public WideDecimalPolicy wideDecimals() {
    return wideDecimals;
  }

  /** True to cut times finer than microseconds (what Iceberg stores) instead of failing. */
  public boolean truncateSubMicros() {
    return truncateSubMicros;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReconcileOptions r && r.insertImages == insertImages && r.updateImages == updateImages
        && r.epochUnit == epochUnit && r.binaryStrings == binaryStrings && r.typeConflicts == typeConflicts
        && r.wideDecimals == wideDecimals && r.truncateSubMicros == truncateSubMicros;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(insertImages, updateImages, epochUnit, binaryStrings, typeConflicts, wideDecimals, truncateSubMicros);
  }

  @Override
  public String toString() {
    return "ReconcileOptions[insert-images=" + insertImages.name().toLowerCase(Locale.ROOT) + ", update-images="
        + updateImages.name().toLowerCase(Locale.ROOT) + ", epoch-unit=" + epochUnit + ", binary-strings=" + binaryStrings
        + ", type-conflicts=" + typeConflicts + ", wide-decimals=" + wideDecimals + ", truncate-sub-micros=" + truncateSubMicros + "]";
  }

  /** Builds options; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private ImageMode insertImages = ImageMode.FULL;
    private ImageMode updateImages = ImageMode.FULL;
    private EpochUnit epochUnit = EpochUnit.MILLIS;
    private BinaryEncoding binaryStrings = BinaryEncoding.HEX;
    private TypeConflictPolicy typeConflicts = TypeConflictPolicy.FAIL;
    private WideDecimalPolicy wideDecimals = WideDecimalPolicy.FAIL;
    private boolean truncateSubMicros;

    private Builder() {}

    public Builder insertImages(ImageMode value) {
      this.insertImages = requireNonNull(value, "insertImages is null");
      return this;
    }

    public Builder updateImages(ImageMode value) {
      this.updateImages = requireNonNull(value, "updateImages is null");
      return this;
    }

    public Builder epochUnit(EpochUnit value) {
      this.epochUnit = requireNonNull(value, "epochUnit is null");
      return this;
    }

    public Builder binaryStrings(BinaryEncoding value) {
      this.binaryStrings = requireNonNull(value, "binaryStrings is null");
      return this;
    }

    public Builder typeConflicts(TypeConflictPolicy value) {
      this.typeConflicts = requireNonNull(value, "typeConflicts is null");
      return this;
    }

    public Builder wideDecimals(WideDecimalPolicy value) {
      this.wideDecimals = requireNonNull(value, "wideDecimals is null");
      return this;
    }

    public Builder truncateSubMicros(boolean value) {
      this.truncateSubMicros = value;
      return this;
    }

    public ReconcileOptions build() {
      return new ReconcileOptions(this);
    }
  }
}
