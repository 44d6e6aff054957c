package io.cdclake.bench.decode;

import io.cdclake.codec.dms.DmsJsonDecoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.RawMessage;

/** cdc-lake's DMS JSON decoder with the table's schema (typed values), producing canonical change events. */
final class CdcLakeDms implements Impl {
  private final DmsJsonDecoder decoder;
  private ChangeEvent last;

  CdcLakeDms(DmsJsonDecoder decoder) {
    this.decoder = decoder;
  }

  @Override
  public String name() {
    return "cdc-lake";
  }

  @Override
  public Object decode(byte[] message) {
    last = null;
    decoder.decode(RawMessage.ofValue(message), e -> last = e);
    return last;
  }

  @Override
  public void tally(Object result, Tally t) {
    CdcLakeDebezium.tallyEvent((ChangeEvent) result, t);
  }
}
