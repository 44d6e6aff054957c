package io.cdclake.bench.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

/**
 * The floor: Jackson's streaming parser walking every token of the message and nothing else (no
 * value is converted, no string is materialised). A decoder that reads every byte cannot be
 * faster than this; one that recognises a schema block it has seen, without tokenizing it, can.
 */
final class JsonFloor implements Impl {
  private final JsonFactory factory = new JsonFactory();

  @Override
  public String name() {
    return "floor";
  }

  @Override
  public Object decode(byte[] message) throws Exception {
    int n = 0;
    try (JsonParser p = factory.createParser(message)) {
      while (p.nextToken() != null) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void tally(Object result, Tally t) {
    t.tokens += (Integer) result;
  }
}
