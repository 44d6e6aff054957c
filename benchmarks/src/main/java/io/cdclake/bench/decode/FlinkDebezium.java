package io.cdclake.bench.decode;

import io.cdclake.model.Column;
import io.cdclake.model.TableSchema;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.debezium.DebeziumJsonDeserializationSchema;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * Flink's {@code debezium-json} format ({@link DebeziumJsonDeserializationSchema}, flink-json), as
 * a Flink SQL table over the topic would configure it: the table's physical row type,
 * {@code debezium-json.schema-include} as the messages are written, ISO-8601 timestamps, no
 * metadata columns. An update gives two rows (-U, +U).
 *
 * <p>The matching row type is what decodes the wire values: Debezium writes decimals (precise
 * mode) as base64 bytes, timestamps as epoch integers and dates as day numbers, which Flink's JSON
 * format reads only as BYTES, BIGINT and INT; ZonedTimestamp strings are TIMESTAMP_LTZ.
 */
final class FlinkDebezium implements Impl {
  private final DebeziumJsonDeserializationSchema schema;
  private final List<RowData> rows = new ArrayList<>(2);
  private final ListCollector<RowData> out = new ListCollector<>(rows);

  FlinkDebezium(TableSchema table, boolean schemaInclude) throws Exception {
    schema = new DebeziumJsonDeserializationSchema(rowType(table), List.of(), TypeInformation.of(RowData.class), schemaInclude, false,
        TimestampFormat.ISO_8601);
    schema.open((DeserializationSchema.InitializationContext) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DeserializationSchema.InitializationContext.class}, (p, m, a) -> null));
  }

  static DataType rowType(TableSchema t) {
    List<DataTypes.Field> fields = new ArrayList<>();
    for (Column c : t.columns()) {
      DataType d = switch (c.type().kind()) {
        case INT, DATE -> DataTypes.INT();
        case LONG, TIMESTAMP -> DataTypes.BIGINT();
        case STRING -> DataTypes.STRING();
        case DECIMAL -> DataTypes.BYTES();
        case TIMESTAMP_TZ -> DataTypes.TIMESTAMP_LTZ(6);
        case BOOLEAN -> DataTypes.BOOLEAN();
        case DOUBLE -> DataTypes.DOUBLE();
        default -> throw new IllegalArgumentException("no Flink type for " + c.type());
      };
      fields.add(DataTypes.FIELD(c.name(), c.optional() ? d : d.notNull()));
    }
    return DataTypes.ROW(fields.toArray(new DataTypes.Field[0]));
  }

  @Override
  public String name() {
    return "flink";
  }

  @Override
  public Object decode(byte[] message) throws Exception {
    rows.clear();
    schema.deserialize(message, out);
    return rows;
  }

  @Override
  public void tally(Object result, Tally t) {
    @SuppressWarnings("unchecked")
    List<RowData> rs = (List<RowData>) result;
    for (RowData r : rs) {
      switch (r.getRowKind()) {
        case INSERT -> t.op('I');
        case UPDATE_AFTER -> t.op('U');
        case DELETE -> t.op('D');
        default -> { }
      }
      t.images++;
      for (int i = 0; i < r.getArity(); i++) {
        if (!r.isNullAt(i)) {
          t.values++;
        }
      }
    }
  }
}
