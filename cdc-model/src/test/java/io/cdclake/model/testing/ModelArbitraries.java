package io.cdclake.model.testing;

import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.ColumnType.Kind;
import io.cdclake.model.Row;
import io.cdclake.model.TableSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators for canonical types, values, schemas and rows, shared by every module's
 * property tests. Values stay inside what sources can carry: timestamps in years 0001-9999 with
 * microsecond precision, decimals within their declared precision.
 */
public final class ModelArbitraries {
  private ModelArbitraries() {}

  /** Primitive kinds (everything but LIST, MAP and STRUCT). */
  public static final Set<Kind> PRIMITIVE_KINDS = EnumSet.complementOf(EnumSet.of(Kind.LIST, Kind.MAP, Kind.STRUCT));

  public static Arbitrary<ColumnType> primitiveTypes() {
    return Arbitraries.of(PRIMITIVE_KINDS).flatMap(k -> k == Kind.DECIMAL
        ? Arbitraries.integers().between(1, 38).flatMap(p -> Arbitraries.integers().between(0, p).map(s -> (ColumnType) ColumnType.decimal(p, s)))
        : Arbitraries.just(ColumnType.of(k)));
  }

  /** Primitive types, lists of primitives and flat structs of primitives. */
  public static Arbitrary<ColumnType> types() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, primitiveTypes()),
        net.jqwik.api.Tuple.of(1, primitiveTypes().map(t -> (ColumnType) ColumnType.list(t))),
        net.jqwik.api.Tuple.of(1, primitiveTypes().list().ofMinSize(1).ofMaxSize(4).map(ts -> {
          List<Column> fs = new ArrayList<>();
          for (int i = 0; i < ts.size(); i++) {
            fs.add(Column.optional("f" + i, ts.get(i)));
          }
          return (ColumnType) ColumnType.struct(fs);
        })));
  }

  /** A non-null value of the type, in its canonical Java class. */
  public static Arbitrary<Object> valueOf(ColumnType type) {
    return switch (type.kind()) {
      case BOOLEAN -> Arbitraries.of(true, false).map(o -> o);
      case INT -> Arbitraries.integers().map(o -> o);
      case LONG -> Arbitraries.longs().map(o -> o);
      case FLOAT -> Arbitraries.floats().map(o -> o);
      case DOUBLE -> Arbitraries.doubles().map(o -> o);
      case DECIMAL -> {
        ColumnType.DecimalType d = (ColumnType.DecimalType) type;
        BigInteger max = BigInteger.TEN.pow(d.precision()).subtract(BigInteger.ONE);
        yield Arbitraries.bigIntegers().between(max.negate(), max).map(u -> new BigDecimal(u, d.scale()));
      }
      case DATE -> Arbitraries.longs().between(LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay())
          .map(LocalDate::ofEpochDay);
      case TIME -> Arbitraries.longs().between(0, 86_400_000_000L - 1).map(us -> LocalTime.ofNanoOfDay(us * 1000));
      case TIMESTAMP -> micros().map(us -> LocalDateTime.ofEpochSecond(Math.floorDiv(us, 1_000_000L),
          (int) Math.floorMod(us, 1_000_000L) * 1000, ZoneOffset.UTC));
      case TIMESTAMP_TZ -> micros().map(us -> OffsetDateTime.of(LocalDateTime.ofEpochSecond(Math.floorDiv(us, 1_000_000L),
          (int) Math.floorMod(us, 1_000_000L) * 1000, ZoneOffset.UTC), ZoneOffset.UTC));
      case STRING -> Arbitraries.strings().ofMaxLength(40).map(o -> o);
      case UUID -> Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong())).map(o -> o);
      case BINARY -> Arbitraries.bytes().array(byte[].class).ofMaxSize(32).map(o -> o);
      case JSON -> Arbitraries.of("{}", "[]", "{\"a\":1}", "{\"b\":[1,2,{\"c\":null}]}", "\"s\"", "3.5", "true").map(o -> o);
      case LIST -> valueOrNull(((ColumnType.ListType) type).element()).list().ofMaxSize(5).map(l -> (Object) java.util.Collections.unmodifiableList(l));
      case MAP -> Arbitraries.maps(valueOf(((ColumnType.MapType) type).key()), valueOrNull(((ColumnType.MapType) type).value()))
          .ofMaxSize(4).map(m -> (Object) java.util.Collections.unmodifiableMap(m));
      case STRUCT -> structValue((ColumnType.StructType) type);
    };
  }

  /** A value of the type or null (one in five). */
  public static Arbitrary<Object> valueOrNull(ColumnType type) {
    return valueOf(type).injectNull(0.2);
  }

  private static Arbitrary<Object> structValue(ColumnType.StructType t) {
    List<Arbitrary<Object>> fields = new ArrayList<>();
    for (Column c : t.fields()) {
      fields.add(valueOrNull(c.type()));
    }
    return Combinators.combine(fields).as(vals -> {
      Row.Builder b = Row.builder(vals.size());
      for (int i = 0; i < vals.size(); i++) {
        b.put(t.fields().get(i).name(), vals.get(i));
      }
      return (Object) b.build();
    });
  }

  /** Epoch microseconds between years 0001 and 9999. */
  public static Arbitrary<Long> micros() {
    long min = LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    long max = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC) * 1_000_000L + 999_999L;
    return Arbitraries.oneOf(Arbitraries.longs().between(min, max),
        Arbitraries.longs().between(-86_400_000_000L * 366, 86_400_000_000L * 366 * 60));
  }

  /** A table schema with an {@code id} LONG key and 1..maxColumns other optional columns of generated types. */
  public static Arbitrary<TableSchema> schemas(int maxColumns) {
    return types().list().ofMinSize(1).ofMaxSize(maxColumns).map(ts -> {
      List<Column> cols = new ArrayList<>();
      cols.add(Column.required("id", ColumnType.LONG));
      for (int i = 0; i < ts.size(); i++) {
        cols.add(Column.optional("c" + i + "_" + ts.get(i).kind().name().toLowerCase(java.util.Locale.ROOT), ts.get(i)));
      }
      return TableSchema.of(cols, List.of("id"));
    });
  }

  /**
   * A full row for the schema: every column present, each non-key optional column VALUE or NULL.
   */
  public static Arbitrary<Row> rows(TableSchema schema) {
    return rows(schema, EnumSet.of(ColumnState.VALUE, ColumnState.NULL));
  }

  /**
   * A row for the schema whose non-key columns take one of the given states (key columns always
   * VALUE; required columns never NULL).
   */
  public static Arbitrary<Row> rows(TableSchema schema, Set<ColumnState> states) {
    List<Arbitrary<Object[]>> cells = new ArrayList<>();
    Set<String> key = new LinkedHashSet<>(schema.primaryKey());
    for (Column c : schema.columns()) {
      Set<ColumnState> allowed = EnumSet.copyOf(states);
      if (key.contains(c.name())) {
        allowed = EnumSet.of(ColumnState.VALUE);
      } else if (!c.optional()) {
        allowed.remove(ColumnState.NULL);
        if (allowed.isEmpty()) {
          allowed = EnumSet.of(ColumnState.VALUE);
        }
      }
      Arbitrary<Object> value = valueOf(c.type());
      cells.add(Arbitraries.of(allowed).flatMap(st -> st == ColumnState.VALUE
          ? value.map(v -> new Object[] {st, v})
          : Arbitraries.just(new Object[] {st, null})));
    }
    return Combinators.combine(cells).as(list -> {
      Row.Builder b = Row.builder(list.size());
      for (int i = 0; i < list.size(); i++) {
        String name = schema.columns().get(i).name();
        ColumnState st = (ColumnState) list.get(i)[0];
        switch (st) {
          case VALUE -> b.put(name, list.get(i)[1]);
          case NULL -> b.putNull(name);
          case UNCHANGED -> b.putUnchanged(name);
          case OMITTED -> { }
        }
      }
      return b.build();
    });
  }
}
