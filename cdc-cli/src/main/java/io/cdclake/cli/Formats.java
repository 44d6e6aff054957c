package io.cdclake.cli;

import static java.util.Objects.requireNonNull;

import io.cdclake.codec.debezium.DebeziumDecoder;
import io.cdclake.codec.debezium.RegistrySchemaLookup;
import io.cdclake.model.ChangeDecoder;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The message formats the CLI decodes, by name: one entry per format, each saying whether its
 * messages are bytes (then input strings hold base64) and how to make its decoder. A new codec
 * plugs in with one {@link #register} line.
 */
public final class Formats {
  /**
   * What the command line passes to a decoder factory.
   *
   * @param registry the schema registry for Avro formats, or null
   * @param tableSchemas table schemas for messages without one ({@code --table-schemas}, Debezium JSON), or null; returns null
   *     for unknown tables
   * @param dms the settings of the DMS formats
   */
  public record Options(URI registry, Function<TableId, TableSchema> tableSchemas, DmsOptions dms) {
    public Options {
      dms = dms == null ? new DmsOptions() : dms;
    }

    public Options(URI registry) {
      this(registry, null, new DmsOptions());
    }
  }

  /** How a format's input is read. */
  public enum Input {
    /** One message per line, bare or in a Kafka-dump wrapper ({@link InputLine}). */
    LINES,
    /** Whole files: a file, a folder (listed in the order to apply it), or stdin, each given to the decoder's {@code decodeStream}. */
    FILES
  }

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
   * @param input how the input is read
   * @param factory makes the decoder
   */
  public record Format(String name, String description, boolean binary, Input input, DecoderFactory factory) {
    public Format {
      requireNonNull(name, "name is null");
      requireNonNull(description, "description is null");
      requireNonNull(input, "input is null");
      requireNonNull(factory, "factory is null");
    }

    /** A format read one message per line. */
    public Format(String name, String description, boolean binary, DecoderFactory factory) {
      this(name, description, binary, Input.LINES, factory);
    }

    public ChangeDecoder decoder(Options options) {
      return factory.create(options);
    }
  }

  private static final Map<String, Format> FORMATS = new LinkedHashMap<>();

  static {
    register(new Format("debezium-json", "Debezium JSON: with or without schema, envelopes, flattened records, transaction and schema-change topics",
        false, o -> o.tableSchemas() == null ? DebeziumDecoder.create() : DebeziumDecoder.builder().schemaless(o.tableSchemas()).build()));
    register(new Format("debezium-avro", "Debezium Avro in the Confluent wire format (needs --registry); JSON messages decode too", true,
        o -> DebeziumDecoder.builder().avro(RegistrySchemaLookup.builder(registry(o, "debezium-avro")).build()).build()));
    register(new Format("dms-json", "AWS DMS JSON as written to Kinesis and Kafka (data and control records, Kinesis Lambda and"
        + " get-records wrappers); pretty-printed files need --stream", false, o -> o.dms().json()));
    register(new Format("dms-s3-csv", "AWS DMS S3 target CSV files: a file, a folder (full load before CDC, per table) or stdin"
        + " (with --table)", false, Input.FILES, o -> o.dms().csv()));
    register(new Format("dms-s3-parquet", "AWS DMS S3 target Parquet files: a file, a folder (full load before CDC, per table) or stdin"
        + " (with --table)", true, Input.FILES, o -> o.dms().parquet()));
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
