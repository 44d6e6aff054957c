package io.cdclake.schema;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.TransportPosition;
import java.util.List;
import java.util.Map;

/** Builds change events the way the codecs do, for tests. */
final class Events {
  static final TableId TABLE = TableId.of("public", "orders");
  private static final String[] DMS_PARTS = {"seq"};

  private Events() {}

  /**
   * A DMS-style event: no key (DMS names the key only through table-def or the config), {@code data} as
   * the after image (before image for deletes), a DMS position and a file transport position.
   */
  static ChangeEvent dms(Op op, long seq, Row data, TableSchema schema) {
    ChangeEvent.Builder b = ChangeEvent.builder(op).table(TABLE).schema(schema)
        .position(SourcePosition.of("dms", DMS_PARTS, new long[] {seq}, "stream-" + seq))
        .transport(TransportPosition.file("dms.json", seq + 1)).snapshot(op == Op.SNAPSHOT_READ);
    if (op == Op.DELETE) {
      b.before(data);
    } else {
      b.after(data);
    }
    return b.build();
  }

  /** A Debezium-style event: the key from the Kafka key, after (and before) from the envelope. */
  static ChangeEvent debezium(Op op, long lsn, Row key, Row before, Row after, TableSchema schema) {
    return ChangeEvent.builder(op).table(TABLE).schema(schema).key(key).before(before).after(after)
        .position(SourcePosition.of("postgresql", new String[] {"lsn"}, lsn))
        .transport(TransportPosition.kafka("pg.public.orders", 0, lsn)).build();
  }

  static ChangeEvent createTable(TableSchema schema) {
    return ChangeEvent.builder(Op.SCHEMA_CHANGE).schemaChanges(List.of(new SchemaChange(SchemaChange.Kind.CREATE_TABLE, TABLE, null,
        schema, List.of()))).position(SourcePosition.of("dms", DMS_PARTS, 0)).build();
  }

  static Row row(Map<String, Object> m) {
    return Row.ofMap(m);
  }
}
