package io.cdclake.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.testing.ModelArbitraries;
import io.cdclake.schema.internal.TypeText;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class IcebergTypesTest {

  @Provide
  Arbitrary<ColumnType> types() {
    return ModelArbitraries.types();
  }

  @Property(tries = 300)
  void canonicalTypesMapToIcebergAndBackWithJsonAsString(@ForAll("types") ColumnType t) {
    ColumnType back = IcebergTypes.toCanonical(IcebergTypes.toIceberg(t));
    assertThat(back).isEqualTo(withoutJson(t));
  }

  @Property(tries = 300)
  void canonicalTypeTextParsesBack(@ForAll("types") ColumnType t) {
    assertThat(TypeText.parse(t.toString())).isEqualTo(t);
  }

  private static ColumnType withoutJson(ColumnType t) {
    return switch (t.kind()) {
      case JSON -> ColumnType.STRING;
      case LIST -> ColumnType.list(withoutJson(((ColumnType.ListType) t).element()));
      case MAP -> ColumnType.map(withoutJson(((ColumnType.MapType) t).key()), withoutJson(((ColumnType.MapType) t).value()));
      case STRUCT -> ColumnType.struct(((ColumnType.StructType) t).fields().stream()
          .map(c -> Column.optional(c.name(), withoutJson(c.type()))).toList());
      default -> t;
    };
  }

  @Test
  void timestampsKeepTheirZoneNessAndValueClasses() {
    assertThat(IcebergTypes.toIceberg(ColumnType.TIMESTAMP)).isEqualTo(Types.TimestampType.withoutZone());
    assertThat(IcebergTypes.toIceberg(ColumnType.TIMESTAMP_TZ)).isEqualTo(Types.TimestampType.withZone());
    assertThat(IcebergTypes.valueClass(Types.TimestampType.withoutZone())).isEqualTo(LocalDateTime.class);
    assertThat(IcebergTypes.valueClass(Types.TimestampType.withZone())).isEqualTo(OffsetDateTime.class);
    assertThat(IcebergTypes.toCanonical(Types.FixedType.ofLength(16))).isEqualTo(ColumnType.BINARY);
    assertThat(IcebergTypes.toCanonical(Types.TimestampNanoType.withZone())).isEqualTo(ColumnType.TIMESTAMP_TZ);
  }

  @Test
  void nestedTypesGetFreshIdsAndOptionalElements() {
    ColumnType t = ColumnType.struct(List.of(Column.optional("a", ColumnType.list(ColumnType.INT)),
        Column.optional("m", ColumnType.map(ColumnType.STRING, ColumnType.decimal(12, 2)))));
    Types.StructType s = IcebergTypes.toIceberg(t).asStructType();
    assertThat(IcebergTypes.describe(s)).isEqualTo("struct<a:list<int>,m:map<string,decimal(12,2)>>");
    assertThat(s.field("a").type().asListType().isElementOptional()).isTrue();
    assertThat(s.field("m").type().asMapType().isValueOptional()).isTrue();
  }

  @Test
  void decimalsAboveThirtyEightDigitsFailOrBecomeStrings() {
    assertThatThrownBy(() -> IcebergTypes.toIceberg(ColumnType.decimal(39, 2))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("precision=39");
    assertThat(IcebergTypes.toIceberg(ColumnType.decimal(39, 2), () -> 1, ReconcileOptions.WideDecimalPolicy.STRING))
        .isEqualTo(Types.StringType.get());
  }

  @Test
  void onlyIcebergsInPlacePromotionsArePromotions() {
    assertThat(IcebergTypes.isPromotion(Types.IntegerType.get(), Types.LongType.get())).isTrue();
    assertThat(IcebergTypes.isPromotion(Types.FloatType.get(), Types.DoubleType.get())).isTrue();
    assertThat(IcebergTypes.isPromotion(Types.DecimalType.of(10, 2), Types.DecimalType.of(12, 2))).isTrue();
    assertThat(IcebergTypes.isPromotion(Types.DecimalType.of(10, 2), Types.DecimalType.of(12, 3))).isFalse();
    assertThat(IcebergTypes.isPromotion(Types.LongType.get(), Types.IntegerType.get())).isFalse();
    assertThat(IcebergTypes.isPromotion(Types.LongType.get(), Types.StringType.get())).isFalse();
    assertThat(IcebergTypes.isPromotion(Types.IntegerType.get(), Types.DoubleType.get())).isFalse();
  }
}
