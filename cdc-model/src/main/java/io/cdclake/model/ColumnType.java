package io.cdclake.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The canonical type system every codec maps its source types to. Kinds and the Java class of
 * their values:
 *
 * <table>
 *   <caption>kinds and value classes</caption>
 *   <tr><th>kind</th><th>value class</th></tr>
 *   <tr><td>BOOLEAN</td><td>{@link Boolean}</td></tr>
 *   <tr><td>INT</td><td>{@link Integer}</td></tr>
 *   <tr><td>LONG</td><td>{@link Long}</td></tr>
 *   <tr><td>FLOAT</td><td>{@link Float}</td></tr>
 *   <tr><td>DOUBLE</td><td>{@link Double}</td></tr>
 *   <tr><td>DECIMAL(p,s)</td><td>{@link java.math.BigDecimal} with scale s</td></tr>
 *   <tr><td>DATE</td><td>{@link java.time.LocalDate}</td></tr>
 *   <tr><td>TIME</td><td>{@link java.time.LocalTime} (microsecond precision is what sinks keep)</td></tr>
 *   <tr><td>TIMESTAMP</td><td>{@link java.time.LocalDateTime} (wall clock, no zone)</td></tr>
 *   <tr><td>TIMESTAMP_TZ</td><td>{@link java.time.OffsetDateTime} (an instant; the offset as the source gave it)</td></tr>
 *   <tr><td>STRING</td><td>{@link String}</td></tr>
 *   <tr><td>UUID</td><td>{@link java.util.UUID}</td></tr>
 *   <tr><td>BINARY</td><td>{@code byte[]} (never mutated once in a row)</td></tr>
 *   <tr><td>JSON</td><td>{@link String} holding the JSON text</td></tr>
 *   <tr><td>LIST</td><td>unmodifiable {@link java.util.List} of element values (elements may be null)</td></tr>
 *   <tr><td>MAP</td><td>unmodifiable {@link java.util.Map}</td></tr>
 *   <tr><td>STRUCT</td><td>{@link Row}</td></tr>
 * </table>
 */
public sealed interface ColumnType
    permits ColumnType.Primitive, ColumnType.DecimalType, ColumnType.ListType, ColumnType.MapType, ColumnType.StructType {

  enum Kind {
    BOOLEAN, INT, LONG, FLOAT, DOUBLE, DECIMAL, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, STRING, UUID, BINARY, JSON,
    LIST, MAP, STRUCT;

    public boolean isNested() {
      return this == LIST || this == MAP || this == STRUCT;
    }
  }

  ColumnType BOOLEAN = new Primitive(Kind.BOOLEAN);
  ColumnType INT = new Primitive(Kind.INT);
  ColumnType LONG = new Primitive(Kind.LONG);
  ColumnType FLOAT = new Primitive(Kind.FLOAT);
  ColumnType DOUBLE = new Primitive(Kind.DOUBLE);
  ColumnType DATE = new Primitive(Kind.DATE);
  ColumnType TIME = new Primitive(Kind.TIME);
  ColumnType TIMESTAMP = new Primitive(Kind.TIMESTAMP);
  ColumnType TIMESTAMP_TZ = new Primitive(Kind.TIMESTAMP_TZ);
  ColumnType STRING = new Primitive(Kind.STRING);
  ColumnType UUID = new Primitive(Kind.UUID);
  ColumnType BINARY = new Primitive(Kind.BINARY);
  ColumnType JSON = new Primitive(Kind.JSON);

  Kind kind();

  /** The primitive type of a kind that takes no parameters. */
  static ColumnType of(Kind kind) {
    return switch (kind) {
      case BOOLEAN -> BOOLEAN;
      case INT -> INT;
      case LONG -> LONG;
      case FLOAT -> FLOAT;
      case DOUBLE -> DOUBLE;
      case DATE -> DATE;
      case TIME -> TIME;
      case TIMESTAMP -> TIMESTAMP;
      case TIMESTAMP_TZ -> TIMESTAMP_TZ;
      case STRING -> STRING;
      case UUID -> UUID;
      case BINARY -> BINARY;
      case JSON -> JSON;
      default -> throw new IllegalArgumentException("Cannot make type: kind takes parameters (kind=" + kind + ")");
    };
  }

  static DecimalType decimal(int precision, int scale) {
    return new DecimalType(precision, scale);
  }

  static ListType list(ColumnType element) {
    return new ListType(element);
  }

  static MapType map(ColumnType key, ColumnType value) {
    return new MapType(key, value);
  }

  static StructType struct(List<Column> fields) {
    return new StructType(fields);
  }

  /** A type without parameters. Use the constants on {@link ColumnType}. */
  record Primitive(Kind kind) implements ColumnType {
    public Primitive {
      requireNonNull(kind, "kind is null");
      if (kind == Kind.DECIMAL || kind.isNested()) {
        throw new IllegalArgumentException("Cannot make primitive type: kind takes parameters (kind=" + kind + ")");
      }
    }

    @Override
    public String toString() {
      return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A fixed-point decimal. Precision 1..38 is what sinks can hold; a source decimal without a
   * declared precision (PostgreSQL NUMERIC, Debezium VariableScaleDecimal) has no canonical
   * decimal type: codecs report it as {@link #STRING} or with the scale of each value.
   */
  record DecimalType(int precision, int scale) implements ColumnType {
    public DecimalType {
      if (precision < 1 || scale < 0 || scale > precision) {
        throw new IllegalArgumentException(
            "Cannot make decimal type: need 1 <= precision and 0 <= scale <= precision (precision=" + precision + ", scale=" + scale + ")");
      }
    }

    @Override
    public Kind kind() {
      return Kind.DECIMAL;
    }

    @Override
    public String toString() {
      return "decimal(" + precision + "," + scale + ")";
    }
  }

  record ListType(ColumnType element) implements ColumnType {
    public ListType {
      requireNonNull(element, "element is null");
    }

    @Override
    public Kind kind() {
      return Kind.LIST;
    }

    @Override
    public String toString() {
      return "list<" + element + ">";
    }
  }

  record MapType(ColumnType key, ColumnType value) implements ColumnType {
    public MapType {
      requireNonNull(key, "key is null");
      requireNonNull(value, "value is null");
    }

    @Override
    public Kind kind() {
      return Kind.MAP;
    }

    @Override
    public String toString() {
      return "map<" + key + "," + value + ">";
    }
  }

  record StructType(List<Column> fields) implements ColumnType {
    public StructType {
      fields = List.copyOf(fields);
    }

    @Override
    public Kind kind() {
      return Kind.STRUCT;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("struct<");
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(fields.get(i).name()).append(':').append(fields.get(i).type());
      }
      return sb.append('>').toString();
    }
  }
}
