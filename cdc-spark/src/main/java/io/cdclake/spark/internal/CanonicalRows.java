package io.cdclake.spark.internal;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.EventBinary;
import io.cdclake.model.Row;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The canonical row of a decoded event: readable columns, and the whole event in binary form. */
public final class CanonicalRows {
  public static final StructType SCHEMA = new StructType()
      .add("op", DataTypes.StringType, false)
      .add("database", DataTypes.StringType, true)
      .add("schema", DataTypes.StringType, true)
      .add("table", DataTypes.StringType, true)
      .add("key", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), true)
      .add("position", DataTypes.StringType, true)
      .add("commit_time", DataTypes.TimestampType, true)
      .add("stream", DataTypes.StringType, true)
      .add("partition", DataTypes.StringType, true)
      .add("offset", DataTypes.StringType, true)
      .add("event", DataTypes.BinaryType, false);

  private CanonicalRows() {
  }

  public static org.apache.spark.sql.Row of(ChangeEvent e) {
    Map<String, String> key = null;
    if (e.key() != null) {
      key = new LinkedHashMap<>();
      Row k = e.key();
      for (int i = 0; i < k.size(); i++) {
        Object v = k.value(i);
        key.put(k.name(i), v == null ? null : v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : v.toString());
      }
    }
    return RowFactory.create(e.op().name(), e.table() == null ? null : e.table().database(), e.table() == null ? null : e.table().schema(),
        e.table() == null ? null : e.table().table(), key == null ? null : scala.jdk.javaapi.CollectionConverters.asScala(key),
        e.position() == null ? null : e.position().toString(), e.commitTime() == null ? null : Timestamp.from(e.commitTime()),
        e.transport() == null ? null : e.transport().stream(), e.transport() == null ? null : e.transport().partition(),
        e.transport() == null ? null : e.transport().offset(), EventBinary.toBytes(e));
  }
}
