package io.cdclake.codec.debezium.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.ColumnType;
import io.cdclake.model.DecodeException;
import io.cdclake.model.MalformedInputException;
import io.cdclake.model.RawMessage;
import io.cdclake.model.TransportPosition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** The decoder behind {@link io.cdclake.codec.debezium.DebeziumDecoder}. Not API. Thread-safe. */
public final class Codec {
  private final Options o;
  private final JsonFactory factory;
  private final SchemaCache cache;
  private final JsonMessageDecoder json;
  private final AvroMessageDecoder avro;

  public Codec(Options o) {
    this.o = o;
    JsonFactoryBuilder fb = new JsonFactoryBuilder();
    if (o.fastPaths()) {
      // FastDoubleParser (bundled with jackson-core) reads numbers from the parser's buffer, correctly rounded as Double.parseDouble
      fb.enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER);
    }
    this.factory = fb
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(o.maxNestingDepth())
            .maxNumberLength(o.maxNumberLength())
            .maxStringLength(o.maxStringLength())
            .maxNameLength(o.maxNameLength())
            .maxDocumentLength(o.maxDocumentBytes())
            .build())
        .build();
    this.cache = new SchemaCache(o.maxCachedSchemas());
    JsonValues values = new JsonValues(new Placeholder(o.placeholder()), factory);
    CallerSchemas callerSchemas = new CallerSchemas();
    this.json = new JsonMessageDecoder(o, factory, values, cache, callerSchemas);
    this.avro = o.schemaLookup() == null ? null : new AvroMessageDecoder(o, values, json);
  }

  public ChangeEvent decode(RawMessage m) {
    try {
      byte[] v = m.value();
      if (v == null) {
        if (m.key() != null && m.key().length > 0 && m.key()[0] == 0 && avro != null) {
          return avro.tombstone(m);
        }
        return json.tombstone(m);
      }
      if (v.length > 0 && v[0] == 0) {
        if (avro == null) {
          throw new MalformedInputException("Cannot decode message: it starts with byte 0 (Confluent Avro framing) but no schema lookup is set"
              + " (see DebeziumDecoder.Builder.avro)", 0, null, null);
        }
        return avro.decode(m);
      }
      return json.decode(v, m);
    } catch (DecodeException e) {
      String where = m.describe();
      throw where == null ? e : e.atInput(where);
    }
  }

  public void decodeStream(InputStream in, String streamName, Consumer<? super ChangeEvent> out) {
    StreamFramer framer = new StreamFramer(in, o.maxDocumentBytes(), o.maxNestingDepth());
    try {
      framer.run((bytes, offset, index) -> {
        TransportPosition t = streamName == null ? null : TransportPosition.file(streamName, index);
        RawMessage m = new RawMessage(null, bytes, null, null, t);
        ChangeEvent e;
        try {
          e = json.decode(bytes, m);
        } catch (DecodeException ex) {
          throw Errors.shift(ex, offset, streamName == null ? "message " + index : streamName + " message " + index);
        }
        out.accept(e);
      });
    } catch (UncheckedIOException e) {
      throw new MalformedInputException("Cannot read stream: " + e.getCause().getClass().getSimpleName(), -1, null, e.getCause());
    }
  }

  public ColumnType connectSchemaType(byte[] schemaJson) {
    try (JsonParser p = factory.createParser(schemaJson)) {
      p.nextToken();
      return SchemaCompiler.fromTree(TreeReader.read(p), null).type;
    } catch (IOException e) {
      throw Errors.fromParser(e, null, 0, "$", null);
    } catch (BadValue e) {
      throw new io.cdclake.model.InvalidEventException(e.getMessage(), -1, "$", null, null);
    }
  }

  public int cachedSchemas() {
    return cache.size();
  }
}
