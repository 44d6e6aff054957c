package io.cdclake.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.Schema;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  @Test
  void oneReconcilerServesManyThreadsWithTheSameResultsAsOne() throws Exception {
    TableConfig keyed = new TableConfig(null, "orders", List.of("id"), null, List.of(), 2, null, null, null, null, null, null, null);
    SchemaReconciler setup = SchemaReconciler.create(Events.TABLE, keyed, ReconcileOptions.forDms(true));
    Schema schema = setup.reconcile(Events.dms(Op.INSERT, 0, Row.of("id", 0L, "a", "x"), null), null).update().newSchema(null);

    List<ChangeEvent> events = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      Row.Builder b = Row.builder().put("id", (long) i).put("a", i % 3 == 0 ? null : "v" + i).put("n" + (i % 7), null);
      if (i % 5 == 0) {
        b.put("b", i);
      }
      events.add(Events.dms(i % 2 == 0 ? Op.INSERT : Op.UPDATE, i, b.build(), null));
    }
    SchemaReconciler single = SchemaReconciler.create(Events.TABLE, keyed, ReconcileOptions.forDms(true));
    List<Reconciliation> expected = events.stream().map(e -> single.reconcile(e, schema)).toList();

    SchemaReconciler shared = SchemaReconciler.create(Events.TABLE, keyed, ReconcileOptions.forDms(true));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Reconciliation>> futures = new ArrayList<>();
      for (ChangeEvent e : events) {
        futures.add(pool.submit(() -> shared.reconcile(e, schema)));
      }
      for (int i = 0; i < events.size(); i++) {
        Reconciliation got = futures.get(i).get();
        assertThat(got.event()).isEqualTo(expected.get(i).event());
        assertThat(got.update()).isEqualTo(expected.get(i).update());
      }
    } finally {
      pool.shutdown();
    }
    assertThat(shared.seenColumns()).isEqualTo(single.seenColumns());
    assertThat(shared.untypedColumns()).isEqualTo(single.untypedColumns())
        .containsExactlyInAnyOrder("n0", "n1", "n2", "n3", "n4", "n5", "n6");
  }
}
