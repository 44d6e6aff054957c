package io.cdclake.flink;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.schema.TableConfig;
import io.cdclake.schema.TableConfigs;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The key that decides which writer takes an event: the table and the primary key (the table
 * config's {@code primary_key} when it sets one, else the event's key). Events of a table without
 * a key share one key per table: a keyless table is written by one writer. For an update that
 * changes the key this is the new key (the sink's router also sends a delete of the old key to the
 * old key's writer). Events without a table or key (transaction markers, heartbeats) have the empty key.
 *
 * <p>The key text holds key values: use it for routing, never in logs or messages.
 */
public final class ChangeEventKeySelector implements KeySelector<ChangeEvent, String> {
  private static final long serialVersionUID = 1L;
  private final TableConfigs tables;

  /** @param tables the table configs (for {@code primary_key} overrides), or null */
  public ChangeEventKeySelector(TableConfigs tables) {
    this.tables = tables;
  }

  @Override
  public String getKey(ChangeEvent e) {
    return keyText(e, e.op() == Op.DELETE ? null : e.after(), e.op() == Op.DELETE ? e.before() : null);
  }

  /** The key of the row before an update or delete (the old key of a key change). */
  public String oldKey(ChangeEvent e) {
    return keyText(e, null, e.before());
  }

  private String keyText(ChangeEvent e, Row after, Row before) {
    if (e.table() == null && e.key() == null) {
      return "";
    }
    String table = e.table() == null ? "" : e.table().toString();
    Row key = keyOf(e, after, before);
    return key == null ? table : table + '\u0001' + canonical(key);
  }

  /** The old key of an update (the key columns taken from the before-image), or null when the before-image lacks one. */
  public Row keyOfBefore(ChangeEvent e) {
    if (e.before() == null) {
      return null;
    }
    List<String> pk = configuredKey(e);
    List<String> cols = !pk.isEmpty() ? pk : e.key() == null ? List.of() : e.key().names();
    if (cols.isEmpty() || !e.before().names().containsAll(cols)) {
      return null;
    }
    return e.before().project(cols);
  }

  /** The key columns of the event: from the configured key over the image, else the event key (for the new image). */
  Row keyOf(ChangeEvent e, Row after, Row before) {
    List<String> pk = configuredKey(e);
    Row image = after != null ? after : before;
    if (!pk.isEmpty() && image != null && image.names().containsAll(pk)) {
      return image.project(pk);
    }
    if (before != null && after == null) {
      // a before-image (old key): the event key's columns taken from it
      Row k = e.key();
      if (k != null && before.names().containsAll(k.names())) {
        return before.project(k.names());
      }
      return k;
    }
    return e.key();
  }

  List<String> configuredKey(ChangeEvent e) {
    if (tables == null || e.table() == null) {
      return List.of();
    }
    TableConfig c = tables.forTable(e.table());
    return c.primaryKey() == null ? List.of() : c.primaryKey();
  }

  private static String canonical(Row key) {
    List<String> names = new ArrayList<>(key.names());
    names.sort(null);
    StringBuilder sb = new StringBuilder();
    for (String n : names) {
      Object v = key.get(n);
      sb.append(n).append('=');
      if (v instanceof byte[] b) {
        sb.append(java.util.HexFormat.of().formatHex(b));
      } else {
        sb.append(v);
      }
      sb.append('\u0002');
    }
    return sb.toString();
  }
}
