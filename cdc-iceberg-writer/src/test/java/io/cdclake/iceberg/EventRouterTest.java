package io.cdclake.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import io.cdclake.model.Transaction;
import io.cdclake.schema.TableConfigs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventRouterTest {
  static final TableId T = TableId.of("shop", "public", "orders");

  record Routed(ChangeEvent event, int task) {}

  static List<Routed> route(EventRouter r, ChangeEvent e) {
    List<Routed> out = new ArrayList<>();
    r.route(e, (ev, task) -> out.add(new Routed(ev, task)));
    return out;
  }

  static ChangeEvent insert(long id) {
    return ChangeEvent.builder(Op.INSERT).table(T).key(Row.of("id", id)).after(Row.of("id", id, "v", "x")).build();
  }

  @Test
  void everyChangeOfAKeyGoesToOneTask() {
    EventRouter r = new EventRouter(4, null);
    for (long id = 0; id < 200; id++) {
      int task = route(r, insert(id)).get(0).task();
      ChangeEvent update = ChangeEvent.builder(Op.UPDATE).table(T).key(Row.of("id", id)).before(Row.of("id", id, "v", "x"))
          .after(Row.of("id", id, "v", "y")).build();
      ChangeEvent delete = ChangeEvent.builder(Op.DELETE).table(T).key(Row.of("id", id)).before(Row.of("id", id, "v", "y")).build();
      ChangeEvent deleteByKey = ChangeEvent.builder(Op.DELETE).table(T).key(Row.of("id", id)).build();
      ChangeEvent tombstone = ChangeEvent.builder(Op.TOMBSTONE).table(T).key(Row.of("id", id)).build();
      for (ChangeEvent e : List.of(update, delete, deleteByKey, tombstone)) {
        assertThat(route(r, e)).singleElement().satisfies(x -> assertThat(x.task()).isEqualTo(task));
      }
    }
    // and the keys spread over every task
    assertThat(java.util.stream.LongStream.range(0, 200).mapToInt(id -> route(r, insert(id)).get(0).task()).distinct().count()).isEqualTo(4);
  }

  @Test
  void aKeyChangeAlsoSendsADeleteOfTheOldKeyToTheOldKeysTask() {
    EventRouter r = new EventRouter(8, null);
    long a = 1;
    long b = 2;
    while (route(r, insert(a)).get(0).task() == route(r, insert(b)).get(0).task()) {
      b++;
    }
    ChangeEvent change = ChangeEvent.builder(Op.UPDATE).table(T).key(Row.of("id", b)).before(Row.of("id", a, "v", "x"))
        .after(Row.of("id", b, "v", "x")).transaction(Transaction.of("tx")).build();
    List<Routed> out = route(r, change);
    assertThat(out).hasSize(2);
    // the update first, then the old key's delete (a task owning both keys resolves UNCHANGED columns before the delete)
    assertThat(out.get(0).event()).isSameAs(change);
    assertThat(out.get(0).task()).isEqualTo(route(r, insert(b)).get(0).task());
    assertThat(out.get(1).event().op()).isEqualTo(Op.DELETE);
    assertThat(out.get(1).event().key()).isEqualTo(Row.of("id", a));
    assertThat(out.get(1).event().before()).isEqualTo(change.before());
    assertThat(out.get(1).event().transaction()).isEqualTo(change.transaction());
    assertThat(out.get(1).task()).isEqualTo(route(r, insert(a)).get(0).task());
  }

  @Test
  void truncatesAndSchemaChangesGoToEveryTaskAndMarkersNowhere() {
    EventRouter r = new EventRouter(3, null);
    ChangeEvent truncate = ChangeEvent.builder(Op.TRUNCATE).table(T).build();
    assertThat(route(r, truncate)).extracting(Routed::task).containsExactly(0, 1, 2);
    assertThat(route(r, ChangeEvent.builder(Op.SCHEMA_CHANGE).ddl("ALTER TABLE x").build())).extracting(Routed::task)
        .containsExactly(0, 1, 2);
    assertThat(route(r, ChangeEvent.builder(Op.TX_BEGIN).transaction(Transaction.of("t")).build())).isEmpty();
    assertThat(route(r, ChangeEvent.builder(Op.HEARTBEAT).build())).isEmpty();
  }

  @Test
  void aConfiguredPrimaryKeyRoutesByItsColumnsAndAKeylessTableGoesToOneTask() {
    TableConfigs cfg = TableConfigs.parse(new ByteArrayInputStream(
        "[{\"db\": \"shop\", \"table\": \"orders\", \"primary_key\": [\"code\"]}]".getBytes(StandardCharsets.UTF_8)));
    EventRouter r = new EventRouter(16, cfg);
    ChangeEvent one = ChangeEvent.builder(Op.INSERT).table(T).after(Row.of("code", "A", "v", 1)).build();
    ChangeEvent two = ChangeEvent.builder(Op.UPDATE).table(T).after(Row.of("code", "A", "v", 2)).build();
    assertThat(r.keyOf(one)).isEqualTo(r.keyOf(two)).contains("code=A");
    EventRouter plain = new EventRouter(16, null);
    TableId keyless = TableId.of("shop", "public", "log");
    assertThat(java.util.stream.IntStream.range(0, 50).map(i -> route(plain, ChangeEvent.builder(Op.INSERT).table(keyless)
        .after(Row.ofMap(Map.of("v", i))).build()).get(0).task()).distinct().count()).isEqualTo(1);
  }
}
