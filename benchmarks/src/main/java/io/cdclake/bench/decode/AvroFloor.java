package io.cdclake.bench.decode;

import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * The Avro floor: the Confluent header skipped, then every value of the datum read by Avro's
 * binary decoder as the writer schema directs, into reused buffers (no objects built). The Avro
 * counterpart of the JSON token walk.
 */
final class AvroFloor implements Impl {
  private final Schema schema;
  private BinaryDecoder decoder;
  private final Utf8 text = new Utf8();
  private ByteBuffer bytes;

  AvroFloor(Schema schema) {
    this.schema = schema;
  }

  @Override
  public String name() {
    return "floor";
  }

  @Override
  public Object decode(byte[] message) throws Exception {
    decoder = DecoderFactory.get().binaryDecoder(message, 5, message.length - 5, decoder);
    return walk(schema, decoder);
  }

  private int walk(Schema s, BinaryDecoder d) throws java.io.IOException {
    switch (s.getType()) {
      case RECORD: {
        int n = 0;
        for (Schema.Field f : s.getFields()) {
          n += walk(f.schema(), d);
        }
        return n;
      }
      case UNION:
        return walk(s.getTypes().get(d.readIndex()), d);
      case NULL:
        d.readNull();
        return 1;
      case BOOLEAN:
        d.readBoolean();
        return 1;
      case INT:
        d.readInt();
        return 1;
      case LONG:
        d.readLong();
        return 1;
      case FLOAT:
        d.readFloat();
        return 1;
      case DOUBLE:
        d.readDouble();
        return 1;
      case STRING:
        d.readString(text);
        return 1;
      case BYTES:
        bytes = d.readBytes(bytes);
        return 1;
      case ENUM:
        d.readEnum();
        return 1;
      case FIXED:
        d.skipFixed(s.getFixedSize());
        return 1;
      case ARRAY: {
        int n = 0;
        for (long i = d.readArrayStart(); i != 0; i = d.arrayNext()) {
          for (long j = 0; j < i; j++) {
            n += walk(s.getElementType(), d);
          }
        }
        return n;
      }
      case MAP: {
        int n = 0;
        for (long i = d.readMapStart(); i != 0; i = d.mapNext()) {
          for (long j = 0; j < i; j++) {
            d.readString(text);
            n += walk(s.getValueType(), d);
          }
        }
        return n;
      }
      default:
        throw new IllegalStateException("unexpected Avro type " + s.getType());
    }
  }

  @Override
  public void tally(Object result, Tally t) {
    t.tokens += (Integer) result;
  }
}
