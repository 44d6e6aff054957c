package io.cdclake.model;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns transport messages into canonical {@link ChangeEvent}s. Implementations are immutable and
 * thread-safe, made by a builder; per-message state lives on the stack.
 *
 * <p>Every event a decoder produces from a message carries that message's transport position.
 * A decoder never drops input silently: it produces an event (heartbeats and transaction markers
 * included, so the caller can count them), or throws a {@link DecodeException}.
 */
public interface ChangeDecoder {

  /**
   * Decodes one message into zero or more events, in order.
   *
   * @throws DecodeException when the message is malformed or not a valid event; nothing is emitted for it then
   */
  void decode(RawMessage message, Consumer<? super ChangeEvent> out);

  /**
   * Decodes a sequence of message values from a stream: for JSON formats a top-level array of
   * messages or messages one after another (newline-delimited or just concatenated); for file
   * formats the whole file. The results equal decoding each message alone, however the bytes
   * arrive. Does not close the stream.
   *
   * @param streamName names the stream in transport positions and errors (for example a file path), or null
   * @throws DecodeException on the first message that cannot be decoded
   */
  void decodeStream(InputStream in, String streamName, Consumer<? super ChangeEvent> out);

  default List<ChangeEvent> decode(RawMessage message) {
    List<ChangeEvent> out = new ArrayList<>(1);
    decode(message, out::add);
    return out;
  }

  default List<ChangeEvent> decode(byte[] value) {
    return decode(RawMessage.ofValue(value));
  }
}
