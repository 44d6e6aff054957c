package io.cdclake.schema;

import static io.cdclake.schema.Flow.m;
import static io.cdclake.schema.Flow.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.Row;
import io.cdclake.model.SchemaChange;
import io.cdclake.model.TableSchema;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writers on one table, each with its own catalog and table handle: when the other one changes
 * the schema first, the applier refreshes, re-validates and retries; a change already made is not
 * made twice; a change that no longer fits fails and commits nothing.
 */
class ConcurrentEvolutionTest {
  @TempDir Path dir;

  /**
   * Our handle, with the other writer's commit slipped in between our transaction's start and its
   * commit (the first {@code times} times).
   */
  private static Table racing(Table ours, int times, Consumer<Table> other, Table otherHandle) {
    AtomicInteger left = new AtomicInteger(times);
    return (Table) Proxy.newProxyInstance(Table.class.getClassLoader(), new Class<?>[] {Table.class}, (proxy, method, args) -> {
      Object out = call(method, ours, args);
      if (method.getName().equals("newTransaction")) {
        Transaction tx = (Transaction) out;
        return Proxy.newProxyInstance(Transaction.class.getClassLoader(), new Class<?>[] {Transaction.class}, (p2, m2, a2) -> {
          if (m2.getName().equals("commitTransaction") && left.getAndDecrement() > 0) {
            otherHandle.refresh();
            other.accept(otherHandle);
          }
          return call(m2, tx, a2);
        });
      }
      return out;
    });
  }

  private static Object call(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private Flow setUp(Warehouse w) {
    Flow f = new Flow(w, "orders", TableConfig.DEFAULT, ReconcileOptions.forDebezium(), 2);
    f.accept(f.insert(Row.of("id", 1L, "qty", 5), schema("id long!", "qty int")));
    return f;
  }

  private static Table otherHandle(Warehouse w) {
    return w.otherCatalog().loadTable(TableIdentifier.of("db", "orders"));
  }

  @Test
  void anotherWritersSchemaChangeBetweenRefreshAndCommitIsRetriedOnTop() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = setUp(w);
      TableSchema withNote = schema("id long!", "qty int", "note string");
      SchemaUpdate ours = f.reconciler.fit(f.ddl(SchemaChange.Kind.ALTER_TABLE, withNote, null, List.of()), f.state()).update();
      Table racing = racing(f.table, 1, t -> t.updateSchema().addColumn("other", Types.LongType.get()).commit(), otherHandle(w));

      SchemaApplier.Applied applied = SchemaApplier.create().apply(racing, 2, ours);

      assertThat(applied.attempts()).isEqualTo(2);
      assertThat(applied.committed()).isTrue();
      f.table.refresh();
      assertThat(Schemas.shape(f.table.schema())).isEqualTo("{id:long!, qty:int, other:long, note:string}");
      assertThat(f.history()).containsExactly("add column note string");
    }
  }

  @Test
  void aChangeTheOtherWriterAlreadyMadeIsNotMadeAgain() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = setUp(w);
      TableSchema wide = schema("id long!", "qty long", "note string");
      SchemaUpdate ours = f.reconciler.fit(f.ddl(SchemaChange.Kind.ALTER_TABLE, wide, null, List.of()), f.state()).update();
      Table racing = racing(f.table, 1, t -> t.updateSchema().updateColumn("qty", Types.LongType.get())
          .addColumn("note", Types.StringType.get()).commit(), otherHandle(w));
      int snapshots = snapshots(f.table);

      SchemaApplier.Applied applied = SchemaApplier.create().apply(racing, 2, ours);

      assertThat(applied.committed()).isFalse();
      assertThat(snapshots(f.table)).isEqualTo(snapshots);
      assertThat(Schemas.shape(f.table.schema())).isEqualTo("{id:long!, qty:long, note:string}");
    }
  }

  @Test
  void aWidenFollowsTheColumnByFieldIdWhenTheOtherWriterRenamedIt() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = setUp(w);
      SchemaUpdate ours = f.reconciler.fit(f.ddl(SchemaChange.Kind.ALTER_TABLE, schema("id long!", "qty long"), null, List.of()),
          f.state()).update();
      Table racing = racing(f.table, 1, t -> t.updateSchema().renameColumn("qty", "quantity").commit(), otherHandle(w));

      SchemaApplier.create().apply(racing, 2, ours);

      f.table.refresh();
      assertThat(Schemas.shape(f.table.schema())).isEqualTo("{id:long!, quantity:long}");
      assertThat(Warehouse.read(f.table, "id")).containsExactly(m("id", 1L, "quantity", 5L));
    }
  }

  @Test
  void aChangeThatNoLongerFitsAfterTheOtherWritersChangeFailsAndCommitsNothing() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = setUp(w);
      SchemaUpdate ours = f.reconciler.fit(f.ddl(SchemaChange.Kind.ALTER_TABLE, schema("id long!", "qty int", "note string"), null,
          List.of()), f.state()).update();
      Table other = otherHandle(w);
      Table racing = racing(f.table, 1, t -> t.updateSchema().addColumn("note", Types.LongType.get()).commit(), other);

      assertThatThrownBy(() -> SchemaApplier.create().apply(racing, 2, ours)).isInstanceOf(TypeConflictException.class)
          .hasMessageContaining("column note").hasMessageContaining("old type=long").hasMessageContaining("new type=string");
      other.refresh();
      f.table.refresh();
      assertThat(Warehouse.metadataLocation(f.table)).isEqualTo(Warehouse.metadataLocation(other));
      assertThat(Schemas.shape(f.table.schema())).isEqualTo("{id:long!, qty:int, note:long}");
    }
  }

  @Test
  void losingEveryAttemptThrowsCommitFailedAndCommitsNothingOfOurs() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow f = setUp(w);
      SchemaUpdate ours = f.reconciler.fit(f.ddl(SchemaChange.Kind.ALTER_TABLE, schema("id long!", "qty int", "note string"), null,
          List.of()), f.state()).update();
      AtomicInteger n = new AtomicInteger();
      Table racing = racing(f.table, 3, t -> t.updateSchema().addColumn("c" + n.incrementAndGet(), Types.IntegerType.get()).commit(),
          otherHandle(w));

      assertThatThrownBy(() -> SchemaApplier.withMaxAttempts(3).apply(racing, 2, ours)).isInstanceOf(CommitFailedException.class);
      f.table.refresh();
      assertThat(Schemas.shape(f.table.schema())).isEqualTo("{id:long!, qty:int, c1:int, c2:int, c3:int}");
    }
  }

  @Test
  void twoWritersEvolvingTheSameTableFromTheSameStreamEndWithOneChange() throws Exception {
    try (Warehouse w = new Warehouse(dir)) {
      Flow a = setUp(w);
      Flow b = new Flow(w, "orders", TableConfig.DEFAULT, ReconcileOptions.forDebezium(), 2).with(otherHandle(w));
      TableSchema s1 = schema("id long!", "qty long", "note string");
      SchemaUpdate ua = a.reconciler.fit(a.ddl(SchemaChange.Kind.ALTER_TABLE, s1, null, List.of()), a.state()).update();
      SchemaUpdate ub = b.reconciler.fit(b.ddl(SchemaChange.Kind.ALTER_TABLE, s1, null, List.of()), b.state()).update();
      assertThat(SchemaApplier.create().apply(b.table, 2, ub).committed()).isTrue();
      assertThat(SchemaApplier.create().apply(a.table, 2, ua).committed()).isFalse();
      assertThat(a.history()).containsExactly("widen qty int -> long", "add column note string");
    }
  }

  private static int snapshots(Table t) {
    t.refresh();
    int n = 0;
    for (var s : t.snapshots()) {
      n++;
    }
    return n;
  }
}
