package io.cdclake.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.codec.dms.DmsJsonDecoder;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.apache.iceberg.Schema;

/**
 * Issue 3's cross-module property: generated rows with random NULL patterns, written as DMS JSON
 * with IncludeNullAndEmpty false and true, decoded WITHOUT a schema (untyped JSON scalars, as DMS
 * sends them) and reconciled against the table's Iceberg schema give the same rows, and those rows
 * are the generated ones: no column lost, no null invented, every value back in its type.
 */
class DmsNullPatternReconcileTest {
  private static final TableId TABLE = TableId.of("app", "things");

  @Provide
  Arbitrary<Tuple2<TableSchema, List<ChangeEvent>>> streams() {
    Arbitrary<TableSchema> schemas = ModelArbitraries.primitiveTypes().list().ofMinSize(1).ofMaxSize(8).map(ts -> {
      List<Column> cols = new ArrayList<>();
      cols.add(Column.required("id", ColumnType.LONG));
      for (int i = 0; i < ts.size(); i++) {
        cols.add(Column.optional("c" + i + "_" + ts.get(i).kind().name().toLowerCase(Locale.ROOT), ts.get(i)));
      }
      return TableSchema.of(cols, List.of("id"));
    });
    return schemas.flatMap(s -> events(s).list().ofMinSize(1).ofMaxSize(8).map(es -> Tuple.of(s, es)));
  }

  private static Arbitrary<ChangeEvent> events(TableSchema schema) {
    // DMS cannot tell an empty string from NULL when IncludeNullAndEmpty is false: that ambiguity is
    // the source's, so generated rows keep non-empty strings and binaries.
    Arbitrary<Row> rows = ModelArbitraries.rows(schema, EnumSet.of(ColumnState.VALUE, ColumnState.NULL))
        .filter(r -> r.names().stream().noneMatch(n -> DmsJsonEncoder.isEmpty(r.get(n))));
    return Combinators.combine(Arbitraries.of(Op.SNAPSHOT_READ, Op.INSERT, Op.UPDATE), rows, Arbitraries.longs().between(1, 1_000_000))
        .as((op, row, tx) -> {
          ChangeEvent.Builder b = ChangeEvent.builder(op).table(TABLE).after(row).key(row.project(schema.primaryKey()));
          return (op == Op.SNAPSHOT_READ ? b.snapshot(true) : b.transaction(Transaction.of(Long.toString(tx)))).build();
        });
  }

  private static Schema icebergSchema(TableSchema source) {
    SchemaReconciler r = SchemaReconciler.create(TABLE, TableConfig.DEFAULT, ReconcileOptions.forDms(false));
    ChangeEvent declare = ChangeEvent.builder(Op.INSERT).table(TABLE).schema(source).after(Row.of("id", 0L)).key(Row.of("id", 0L)).build();
    return r.reconcile(declare, null).update().newSchema(null);
  }

  private static List<Row> decodeAndReconcile(List<ChangeEvent> events, boolean includeNullAndEmpty, Schema current) {
    DmsJsonEncoder encoder = DmsJsonEncoder.builder().includeNullAndEmpty(includeNullAndEmpty).build();
    DmsJsonDecoder decoder = DmsJsonDecoder.builder().includeNullAndEmpty(includeNullAndEmpty).keyColumns(t -> List.of("id")).build();
    SchemaReconciler r = SchemaReconciler.create(TABLE, TableConfig.DEFAULT, ReconcileOptions.forDms(includeNullAndEmpty));
    List<Row> out = new ArrayList<>();
    for (ChangeEvent e : events) {
      for (ChangeEvent decoded : decoder.decode(encoder.encode(e))) {
        assertThat(decoded.schema()).as("decoded without a schema").isNull();
        Reconciliation rec = r.reconcile(decoded, current);
        assertThat(rec.update()).as("the table already has every column: nothing to evolve").isNull();
        out.add(rec.event().after());
      }
    }
    return out;
  }

  @Property(tries = 300)
  void includeNullAndEmptyFalseAndTrueReconcileToTheSameRowsAsGenerated(@ForAll("streams") Tuple2<TableSchema, List<ChangeEvent>> stream) {
    Schema current = icebergSchema(stream.get1());
    List<Row> omitted = decodeAndReconcile(stream.get2(), false, current);
    List<Row> explicit = decodeAndReconcile(stream.get2(), true, current);
    List<Row> generated = stream.get2().stream().map(ChangeEvent::after).toList();
    assertThat(omitted).isEqualTo(explicit);
    assertThat(omitted).isEqualTo(generated);
  }
}
