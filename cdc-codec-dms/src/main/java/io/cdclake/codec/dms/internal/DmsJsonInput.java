package io.cdclake.codec.dms.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.cdclake.codec.dms.internal.DmsMessageDecoder.Where;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.DecodeException;
import io.cdclake.model.InvalidEventException;
import io.cdclake.model.MalformedInputException;
import io.cdclake.model.Op;
import io.cdclake.model.RawMessage;
import io.cdclake.model.TransportPosition;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads DMS JSON input: single messages, streams and arrays of messages, and the Kinesis wrappers
 * (Lambda events, {@code aws kinesis get-records} output, the cratedb-toolkit capture form).
 * Thread-safe; per-call state lives on the stack.
 */
public final class DmsJsonInput {
  private final JsonTreeReader reader;
  private final DmsMessageDecoder messages;
  private final String kinesisStreamName;
  private final String kinesisShardId;
  private final DmsFastPath fast;

  /**
   * @param kinesisStreamName the stream name for Kinesis records, or null to take it from the
   *     record's ARN (falling back to {@code "kinesis"})
   * @param kinesisShardId the shard for Kinesis records that do not name theirs, or null ({@code ""})
   */
  public DmsJsonInput(JsonTreeReader reader, DmsMessageDecoder messages, String kinesisStreamName, String kinesisShardId) {
    this(reader, messages, kinesisStreamName, kinesisShardId, null);
  }

  /** @param fast the fast path for plain data records, or null */
  public DmsJsonInput(JsonTreeReader reader, DmsMessageDecoder messages, String kinesisStreamName, String kinesisShardId, DmsFastPath fast) {
    this.fast = fast;
    this.reader = reader;
    this.messages = messages;
    this.kinesisStreamName = kinesisStreamName;
    this.kinesisShardId = kinesisShardId;
  }

  public JsonTreeReader reader() {
    return reader;
  }

  /** Decodes one transport message; emits nothing when it throws. */
  public void decode(RawMessage message, Consumer<? super ChangeEvent> out) {
    if (message.value() == null) {
      out.accept(ChangeEvent.builder(Op.TOMBSTONE).transport(message.transport()).build());
      return;
    }
    if (fast != null) {
      ChangeEvent e = fast.decode(message.value(), message.transport());
      if (e != null) {
        out.accept(e);
        return;
      }
    }
    List<ChangeEvent> events = new ArrayList<>(1);
    try {
      Object root = readSingle(message.value(), null, -1);
      String key = message.key() == null ? null : new String(message.key(), java.nio.charset.StandardCharsets.UTF_8);
      decodeValue(root, Where.TOP, message.transport(), key, events::add);
    } catch (DecodeException e) {
      String d = message.describe();
      throw d == null ? e : e.atInput(d);
    }
    events.forEach(out);
  }

  /** Decodes a stream of messages (arrays of messages, or messages one after another). */
  public void decodeStream(InputStream in, String streamName, Consumer<? super ChangeEvent> out) {
    JsonParser p = reader.parser(in);
    long ordinal = 0;
    List<ChangeEvent> events = new ArrayList<>(4);
    try {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.START_ARRAY) {
          while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
              throw reader.malformed(new com.fasterxml.jackson.core.io.JsonEOFException(p, null, "Unexpected end of input in an array"),
                  p, null, 0);
            }
            ordinal++;
            emit(readValueChecked(p), streamName, ordinal, events, out);
          }
        } else {
          ordinal++;
          emit(readValueChecked(p), streamName, ordinal, events, out);
        }
      }
    } catch (JsonProcessingException e) {
      throw atStream(reader.malformed(e, p, null, 0), streamName, ordinal);
    } catch (CharConversionException e) {
      throw atStream(new MalformedInputException("Cannot parse JSON: invalid character encoding", -1, null, e), streamName, ordinal);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (DecodeException e) {
      throw atStream(e, streamName, ordinal);
    }
  }

  private static DecodeException atStream(DecodeException e, String streamName, long ordinal) {
    return streamName == null ? e : e.atInput(streamName + " message " + Math.max(ordinal, 1));
  }

  private void emit(Object value, String streamName, long ordinal, List<ChangeEvent> events, Consumer<? super ChangeEvent> out) {
    TransportPosition t = streamName == null ? null : TransportPosition.file(streamName, ordinal);
    events.clear();
    decodeValue(value, Where.TOP, t, null, events::add);
    events.forEach(out);
  }

  private Object readValueChecked(JsonParser p) throws IOException {
    long start = JsonTreeReader.tokenOffset(p);
    try {
      return reader.readValue(p);
    } catch (JsonTreeReader.TooLong e) {
      throw reader.tooLong(e.seen(), start, "$");
    }
  }

  /** Parses bytes holding exactly one JSON value. */
  private Object readSingle(byte[] bytes, String pathPrefix, long outerOffset) {
    JsonParser p = reader.parser(bytes, 0, bytes.length);
    try {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new MalformedInputException("Cannot parse DMS message: the message is empty", outerOffset, pathPrefix, null);
      }
      Object root;
      try {
        root = reader.readValue(p);
      } catch (JsonTreeReader.TooLong e) {
        throw reader.tooLong(e.seen(), outerOffset >= 0 ? outerOffset : 0, pathPrefix == null ? "$" : pathPrefix);
      }
      if (p.nextToken() != null) {
        long off = outerOffset >= 0 ? outerOffset : JsonTreeReader.tokenOffset(p);
        throw new MalformedInputException("Cannot parse DMS message: content after the message (expected one JSON value)", off,
            pathPrefix, null);
      }
      return root;
    } catch (JsonProcessingException e) {
      MalformedInputException m = reader.malformed(e, p, pathPrefix, 0);
      if (outerOffset >= 0) {
        return throwAt(m, outerOffset);
      }
      throw m;
    } catch (CharConversionException e) {
      throw new MalformedInputException("Cannot parse JSON: invalid character encoding", outerOffset, pathPrefix, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object throwAt(MalformedInputException m, long offset) {
    throw new MalformedInputException(m.reason(), offset, m.path(), m.getCause());
  }

  /** Decodes a parsed value: a DMS message, an array of messages, or a Kinesis wrapper. */
  void decodeValue(Object root, Where where, TransportPosition transport, String transportKey, Consumer<? super ChangeEvent> out) {
    if (root instanceof JsonArr arr) {
      for (int i = 0; i < arr.size(); i++) {
        decodeValue(arr.get(i), where, transport, null, out);
      }
      return;
    }
    if (!(root instanceof JsonObj o)) {
      throw new InvalidEventException("Cannot decode DMS message: expected a JSON object", -1, where.path("$"), null, null);
    }
    Object records = o.get("Records");
    if (records instanceof JsonArr recs && !o.has("metadata")) {
      String defaultShard = o.get("ShardId") instanceof String s ? s : null;
      for (int i = 0; i < recs.size(); i++) {
        if (!(recs.get(i) instanceof JsonObj rec)) {
          throw new InvalidEventException("Cannot decode Kinesis record: not an object (index=" + i + ")", where.offset(recs.offsetOf(i)),
              where.path("$.Records[" + i + "]"), null, null);
        }
        kinesisRecord(rec, "$.Records[" + i + "]", defaultShard, where, out);
      }
      return;
    }
    Object kinesis = o.get("kinesis");
    if (kinesis instanceof JsonObj k && o.has("metadata")) {
      // cratedb-toolkit capture: {"kinesis": {shard_id, seq_no, stream_name, ...}, "kinesis_msg_id", <DMS message members>}
      TransportPosition t = position(str(k, "stream_name"), str(k, "shard_id"), str(k, "seq_no"), where, o.offsetOf("kinesis"),
          "$.kinesis");
      messages.decode(o, where, t != null ? t : transport, str(k, "partition"), out);
      return;
    }
    if ((kinesis instanceof JsonObj k2 && k2.get("data") instanceof String) || (o.get("Data") instanceof String && !o.has("metadata"))) {
      kinesisRecord(o, "$", null, where, out);
      return;
    }
    messages.decode(o, where, transport, transportKey, out);
  }

  /** A Lambda-event record ({@code kinesis.data}) or a get-records record ({@code Data}). */
  private void kinesisRecord(JsonObj rec, String path, String defaultShard, Where where, Consumer<? super ChangeEvent> out) {
    String data;
    String seq;
    String shard;
    String stream;
    String partitionKey;
    long dataOffset;
    String dataPath;
    if (rec.get("kinesis") instanceof JsonObj k) {
      if (!(k.get("data") instanceof String d)) {
        throw new InvalidEventException("Cannot decode Kinesis record: kinesis.data is missing or not a string",
            where.offset(k.offsetOf("data")), where.path(path + ".kinesis.data"), null, "data");
      }
      data = d;
      dataOffset = k.offsetOf("data");
      dataPath = path + ".kinesis.data";
      seq = str(k, "sequenceNumber");
      partitionKey = str(k, "partitionKey");
      String eventId = str(rec, "eventID");
      shard = eventId != null && eventId.indexOf(':') > 0 ? eventId.substring(0, eventId.indexOf(':')) : str(rec, "ShardId");
      stream = str(rec, "eventSourceARN");
    } else if (rec.get("Data") instanceof String d) {
      data = d;
      dataOffset = rec.offsetOf("Data");
      dataPath = path + ".Data";
      seq = str(rec, "SequenceNumber");
      partitionKey = str(rec, "PartitionKey");
      shard = str(rec, "ShardId");
      stream = str(rec, "StreamARN");
    } else {
      throw new InvalidEventException("Cannot decode Kinesis record: neither kinesis.data nor Data is present", where.offset(rec.offset()),
          where.path(path), null, null);
    }
    if (shard == null) {
      shard = defaultShard;
    }
    TransportPosition t = position(stream, shard, seq, where, rec.offset(), path);
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("Cannot decode Kinesis record: data is not base64", where.offset(dataOffset), where.path(dataPath),
          null);
    }
    long outer = where.offset(dataOffset);
    String prefix = where.path(dataPath) + ":";
    Object inner = readSingle(bytes, prefix, outer);
    if (!(inner instanceof JsonObj msg)) {
      throw new InvalidEventException("Cannot decode DMS message: expected a JSON object", outer, prefix + "$", null, null);
    }
    messages.decode(msg, new Where(prefix, outer), t, partitionKey, out);
  }

  /** The transport position of a Kinesis record, or null when it has no sequence number. */
  private TransportPosition position(String streamOrArn, String shard, String seq, Where where, long offset, String path) {
    if (seq == null) {
      return null;
    }
    String stream = kinesisStreamName != null ? kinesisStreamName : streamName(streamOrArn);
    String s = kinesisShardId != null && shard == null ? kinesisShardId : shard == null ? "" : shard;
    try {
      return TransportPosition.kinesis(stream, s, seq);
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException("Cannot decode Kinesis record: the sequence number is not a decimal integer of at most 128 digits",
          where.offset(offset), where.path(path), null, "sequenceNumber");
    }
  }

  /** The stream name of {@code arn:aws:kinesis:region:account:stream/NAME}, or the text itself, or {@code "kinesis"}. */
  static String streamName(String arnOrName) {
    if (arnOrName == null || arnOrName.isEmpty()) {
      return "kinesis";
    }
    int i = arnOrName.indexOf(":stream/");
    if (arnOrName.startsWith("arn:") && i > 0) {
      String rest = arnOrName.substring(i + ":stream/".length());
      int slash = rest.indexOf('/');
      return slash < 0 ? rest : rest.substring(0, slash);
    }
    return arnOrName;
  }

  private static String str(JsonObj o, String name) {
    return o.get(name) instanceof String s ? s : null;
  }
}
