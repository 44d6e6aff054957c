package io.cdclake.flink.internal;

import io.cdclake.iceberg.EventRouter;
import io.cdclake.iceberg.HostSettings;
import io.cdclake.model.ChangeEvent;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/** Tags each event with its writer ({@link EventRouter}: by table + key; truncates and DDL to every writer). */
public final class Router implements FlatMapFunction<ChangeEvent, Tuple2<Integer, ChangeEvent>> {
  private static final long serialVersionUID = 1L;
  private final HostSettings settings;
  private final int writers;
  private transient EventRouter router;

  public Router(HostSettings settings, int writers) {
    this.settings = settings;
    this.writers = writers;
  }

  @Override
  public void flatMap(ChangeEvent e, Collector<Tuple2<Integer, ChangeEvent>> out) {
    if (router == null) {
      router = EventRouter.of(settings, writers);
    }
    router.route(e, (event, task) -> out.collect(Tuple2.of(task, event)));
  }
}
