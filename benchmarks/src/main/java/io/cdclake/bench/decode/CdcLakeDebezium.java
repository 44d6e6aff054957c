package io.cdclake.bench.decode;

import io.cdclake.codec.debezium.DebeziumDecoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.RawMessage;
import io.cdclake.model.Row;

/** cdc-lake's Debezium decoder (JSON with or without schema, or Avro), producing canonical change events. */
final class CdcLakeDebezium implements Impl {
  private final DebeziumDecoder decoder;

  CdcLakeDebezium(DebeziumDecoder decoder) {
    this.decoder = decoder;
  }

  @Override
  public String name() {
    return "cdc-lake";
  }

  @Override
  public Object decode(byte[] message) {
    return decoder.decodeOne(RawMessage.ofValue(message));
  }

  @Override
  public void tally(Object result, Tally t) {
    tallyEvent((ChangeEvent) result, t);
  }

  static void tallyEvent(ChangeEvent e, Tally t) {
    t.op(switch (e.op()) {
      case INSERT -> 'I';
      case UPDATE -> 'U';
      case DELETE -> 'D';
      default -> '?';
    });
    for (Row r : new Row[] {e.before(), e.after()}) {
      if (r != null) {
        t.images++;
        for (int i = 0; i < r.size(); i++) {
          if (r.value(i) != null) {
            t.values++;
          }
        }
      }
    }
  }
}
