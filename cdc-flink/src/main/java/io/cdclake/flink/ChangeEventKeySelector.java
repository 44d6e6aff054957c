package io.cdclake.flink;

import io.cdclake.iceberg.EventRouter;
import io.cdclake.iceberg.HostSettings;
import io.cdclake.model.ChangeEvent;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The key that decides which writer takes an event: the table and the primary key (the table
 * config's {@code primary_key} when it sets one, else the event's key; see {@link EventRouter#keyOf}).
 * The sink routes by this key itself; use the selector to key your own processing the same way.
 * The key text holds key values: use it for routing, never in logs or messages.
 */
public final class ChangeEventKeySelector implements KeySelector<ChangeEvent, String> {
  private static final long serialVersionUID = 1L;
  private final HostSettings settings;
  private transient EventRouter router;

  public ChangeEventKeySelector(HostSettings settings) {
    this.settings = settings;
  }

  @Override
  public String getKey(ChangeEvent e) {
    if (router == null) {
      router = EventRouter.of(settings, 1);
    }
    return router.keyOf(e);
  }
}
