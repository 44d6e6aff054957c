package io.cdclake.codec.dms;

import io.cdclake.codec.dms.testing.DmsJsonEncoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.Transaction;
import io.cdclake.model.testing.ModelArbitraries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generated flat tables and the DMS events a decoder should produce for them. */
final class DmsEvents {
  static final TableId TABLE = TableId.of("app", "things");

  private DmsEvents() {}

  /** A schema with an {@code id} LONG key and 1..maxColumns optional columns of primitive types (DMS rows are flat). */
  static Arbitrary<TableSchema> flatSchemas(int maxColumns) {
    return ModelArbitraries.primitiveTypes().list().ofMinSize(1).ofMaxSize(maxColumns).map(ts -> {
      List<Column> cols = new ArrayList<>();
      cols.add(Column.required("id", ColumnType.LONG));
      for (int i = 0; i < ts.size(); i++) {
        cols.add(Column.optional("c" + i + "_" + ts.get(i).kind().name().toLowerCase(java.util.Locale.ROOT), ts.get(i)));
      }
      return TableSchema.of(cols, List.of("id"));
    });
  }

  /**
   * A data event as the JSON decoder produces it from a message written by {@link DmsJsonEncoder}
   * with IncludeNullAndEmpty=true: full rows of VALUE and NULL columns, the key, the schema given to
   * the decoder, the processed time and (except for loads) the transaction.
   *
   * @param beforeImages whether updates carry a before image
   */
  static Arbitrary<ChangeEvent> events(TableSchema schema, boolean beforeImages) {
    Arbitrary<Row> rows = ModelArbitraries.rows(schema, EnumSet.of(ColumnState.VALUE, ColumnState.NULL));
    Arbitrary<Op> ops = Arbitraries.of(Op.SNAPSHOT_READ, Op.INSERT, Op.UPDATE, Op.DELETE);
    Arbitrary<Long> tx = Arbitraries.longs().between(1, 999_999_999_999L);
    Arbitrary<Long> micros = Arbitraries.longs().between(1_500_000_000_000_000L, 1_900_000_000_000_000L);
    return Combinators.combine(ops, rows, rows, tx, micros).as((op, a, b, t, us) -> {
      ChangeEvent.Builder e = ChangeEvent.builder(op).table(TABLE).schema(schema)
          .processedTime(Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000));
      switch (op) {
        case SNAPSHOT_READ -> e.after(a).snapshot(true).key(a.project(schema.primaryKey()));
        case INSERT -> e.after(a).key(a.project(schema.primaryKey()));
        case UPDATE -> e.after(a).before(beforeImages ? b : null).key(a.project(schema.primaryKey()));
        case DELETE -> e.before(a).key(a.project(schema.primaryKey()));
        default -> throw new IllegalStateException();
      }
      if (op != Op.SNAPSHOT_READ) {
        e.transaction(Transaction.of(Long.toString(t), -1, -1));
      }
      return e.build();
    });
  }

  /** The event as decoded from IncludeNullAndEmpty=false output: NULL and empty columns are OMITTED. */
  static ChangeEvent withoutNullAndEmpty(ChangeEvent e) {
    return e.toBuilder().before(strip(e.before())).after(strip(e.after())).build();
  }

  private static Row strip(Row r) {
    if (r == null) {
      return null;
    }
    Row.Builder b = Row.builder(r.size());
    for (int i = 0; i < r.size(); i++) {
      Object v = r.value(i);
      if (r.state(i) == ColumnState.VALUE && !DmsJsonEncoder.isEmpty(v)) {
        b.put(r.name(i), v);
      }
    }
    return b.build();
  }

  /** What CSV and JSON forms share: op, table, key and images. */
  static List<Object> rowContent(ChangeEvent e) {
    List<Object> out = new ArrayList<>();
    out.add(e.op());
    out.add(e.table());
    out.add(e.key());
    out.add(e.before());
    out.add(e.after());
    return out;
  }
}
