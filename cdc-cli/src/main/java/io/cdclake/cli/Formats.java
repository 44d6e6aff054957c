package io.cdclake.cli;

import static java.util.Objects.requireNonNull;

import io.cdclake.codec.debezium.DebeziumDecoder;
import io.cdclake.codec.debezium.RegistrySchemaLookup;
import io.cdclake.model.ChangeDecoder;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The message formats the CLI decodes, by name: one entry per format, each saying whether its
 * messages are bytes (then input strings hold base64) and how to make its decoder. A new codec
 * plugs in with one {@link #register} line.
 */
public final class Formats {
  /** What the command line passes to a decoder factory. */
  public record Options(URI registry) {}

  /** Makes a format's decoder; throws IllegalArgumentException for options the format cannot use. */
  @FunctionalInterface
  public interface DecoderFactory {
    ChangeDecoder create(Options options);
  }

  /**
   * One format.
   *
   * @param name the {@code --format} value
   * @param description one line for the help
   * @param binary whether messages are bytes, given as base64 strings in the input
   * @param factory makes the decoder
   */
  public record Format(String name, String description, boolean binary, DecoderFactory factory) {
    public Format {
      requireNonNull(name, "name is null");
      requireNonNull(description, "description is null");
      requireNonNull(factory, "factory is null");
    }

    public ChangeDecoder decoder(Options options) {
      return factory.create(options);
    }
  }

  private static final Map<String, Format> FORMATS = new LinkedHashMap<>();

  static {
    register(new Format("debezium-json", "Debezium JSON: with or without schema, envelopes, flattened records, transaction and schema-change topics",
        false, o -> DebeziumDecoder.create()));
    register(new Format("debezium-avro", "Debezium Avro in the Confluent wire format (needs --registry); JSON messages decode too", true,
        o -> DebeziumDecoder.builder().avro(RegistrySchemaLookup.builder(registry(o, "debezium-avro")).build()).build()));
  }

  private Formats() {}

  private static void register(Format f) {
    if (FORMATS.putIfAbsent(f.name(), f) != null) {
      throw new IllegalStateException("Cannot register format: name taken (format=" + f.name() + ")");
    }
  }

  private static String registry(Options o, String format) {
    if (o.registry() == null) {
      throw new IllegalArgumentException("Cannot decode " + format + ": no schema registry (see --registry URL)");
    }
    return o.registry().toString();
  }

  /** The format, or null. */
  public static Format byName(String name) {
    return FORMATS.get(name);
  }

  public static List<String> names() {
    return List.copyOf(FORMATS.keySet());
  }

  /** For picocli's completion candidates and help. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return new ArrayList<>(FORMATS.keySet()).iterator();
    }
  }
}
