package io.cdclake.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cdclake.model.TableId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table configuration of a pipeline: entries matched against source tables, the most specific
 * match winning, {@link TableConfig#DEFAULT} when none matches.
 *
 * <p>File format: a JSON array of objects (or one object). Keys shared with seed-style DMS
 * pipelines: {@code db}, {@code table}, {@code primary_key} ({@code "id"}, {@code "id,id2"} or an
 * array), {@code precombine_key}, {@code timestamp.fields} (array), {@code format-version},
 * {@code write.merge.mode}. cdc-lake's own keys: {@code iceberg.table} (target identifier),
 * {@code partition-by} and {@code sort-by} (arrays of transform text), {@code mode}
 * ({@code upsert}, {@code changelog}, {@code upsert+changelog}), {@code column-types} (object of
 * column to canonical type text), {@code properties} (object of Iceberg table properties),
 * {@code column-names} (object of source column to Iceberg column name), {@code insert-images} and
 * {@code update-images} ({@code full} or {@code partial}: what a column missing from an after image
 * means, see {@link ReconcileOptions}); schema evolution: {@code drop-columns} ({@code keep}, {@code drop}),
 * {@code rename-columns} ({@code rename}, {@code drop-and-add}), {@code type-changes} ({@code fail},
 * {@code new-column}, {@code dead-letter}), {@code key-changes} ({@code update}, {@code keep}),
 * {@code column-defaults} ({@code apply}, {@code ignore}), {@code column-positions} ({@code source},
 * {@code last}), {@code narrowing} ({@code fail}, {@code keep-wider}), see {@link EvolutionPolicy}.
 * Unknown keys are an error, so a typo never silently changes nothing. Example:
 *
 * <pre>{@code
 * [{"db": "public", "table": "orders", "primary_key": "id", "precombine_key": "updated_at",
 *   "timestamp.fields": ["created_at"], "format-version": 2, "partition-by": ["days(created_at)"]}]
 * }</pre>
 */
public final class TableConfigs {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final List<TableConfig> entries;

  private TableConfigs(List<TableConfig> entries) {
    this.entries = List.copyOf(entries);
  }

  public static TableConfigs of(List<TableConfig> entries) {
    return new TableConfigs(entries);
  }

  /** No entries: every table gets {@link TableConfig#DEFAULT}. */
  public static TableConfigs defaults() {
    return new TableConfigs(List.of());
  }

  public List<TableConfig> entries() {
    return entries;
  }

  /** The most specific entry matching the table (the first of equally specific ones), else the default. */
  public TableConfig forTable(TableId table) {
    TableConfig best = null;
    for (TableConfig c : entries) {
      if (c.matches(table) && (best == null || c.specificity() > best.specificity())) {
        best = c;
      }
    }
    return best == null ? TableConfig.DEFAULT : best;
  }

  public static TableConfigs parse(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read table config (file=" + file + ")", e);
    }
  }

  /**
   * @throws IllegalArgumentException for malformed JSON, unknown keys or invalid values, naming the entry and key
   */
  public static TableConfigs parse(InputStream in) {
    try (JsonParser p = JSON.createParser(in)) {
      JsonToken t = p.nextToken();
      List<TableConfig> out = new ArrayList<>();
      if (t == JsonToken.START_ARRAY) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          out.add(parseEntry(p, out.size()));
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
          throw new IllegalArgumentException("Cannot parse table config: expected an object per entry (entry=" + out.size() + ")");
        }
      } else if (t == JsonToken.START_OBJECT) {
        out.add(parseEntry(p, 0));
      } else {
        throw new IllegalArgumentException("Cannot parse table config: expected a JSON array of objects");
      }
      return new TableConfigs(out);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot parse table config: malformed JSON (" + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")", e);
    }
  }

  private static TableConfig parseEntry(JsonParser p, int entry) throws IOException {
    String db = null;
    String table = null;
    List<String> primaryKey = List.of();
    String precombine = null;
    List<String> timestampFields = List.of();
    int formatVersion = 2;
    String mergeMode = null;
    String target = null;
    List<String> partitionBy = List.of();
    List<String> sortBy = List.of();
    TableConfig.Mode mode = TableConfig.Mode.UPSERT;
    Map<String, String> columnTypes = Map.of();
    Map<String, String> properties = Map.of();
    Map<String, String> columnNames = Map.of();
    ImageMode insertImages = null;
    ImageMode updateImages = null;
    EvolutionPolicy evolution = EvolutionPolicy.DEFAULTS;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      p.nextToken();
      switch (key) {
        case "db" -> db = text(p, entry, key);
        case "table" -> table = text(p, entry, key);
        case "primary_key" -> primaryKey = list(p, entry, key);
        case "precombine_key" -> precombine = text(p, entry, key);
        case "timestamp.fields" -> timestampFields = list(p, entry, key);
        case "format-version" -> formatVersion = Integer.parseInt(text(p, entry, key).trim());
        case "write.merge.mode" -> mergeMode = text(p, entry, key);
        case "iceberg.table" -> target = text(p, entry, key);
        case "partition-by" -> partitionBy = list(p, entry, key);
        case "sort-by" -> sortBy = list(p, entry, key);
        case "mode" -> mode = TableConfig.Mode.parse(text(p, entry, key));
        case "column-types" -> columnTypes = map(p, entry, key);
        case "properties" -> properties = map(p, entry, key);
        case "column-names" -> columnNames = map(p, entry, key);
        case "insert-images" -> insertImages = imageMode(p, entry, key);
        case "update-images" -> updateImages = imageMode(p, entry, key);
        case "drop-columns" -> evolution = evolution.withDrops(policy(p, entry, key, EvolutionPolicy.DropPolicy::parse));
        case "rename-columns" -> evolution = evolution.withRenames(policy(p, entry, key, EvolutionPolicy.RenamePolicy::parse));
        case "type-changes" -> evolution = evolution.withTypeChanges(policy(p, entry, key, EvolutionPolicy::parseTypeChanges));
        case "key-changes" -> evolution = evolution.withKeyChanges(policy(p, entry, key, EvolutionPolicy.KeyPolicy::parse));
        case "column-defaults" -> evolution = evolution.withDefaults(policy(p, entry, key, EvolutionPolicy.DefaultsPolicy::parse));
        case "column-positions" -> evolution = evolution.withPositions(policy(p, entry, key, EvolutionPolicy.PositionPolicy::parse));
        case "narrowing" -> evolution = evolution.withNarrowing(policy(p, entry, key, EvolutionPolicy.NarrowingPolicy::parse));
        default -> throw new IllegalArgumentException("Cannot parse table config: unknown key (key=" + key + ", entry=" + entry
            + "; known keys: db, table, primary_key, precombine_key, timestamp.fields, format-version, write.merge.mode, "
            + "iceberg.table, partition-by, sort-by, mode, column-types, properties, column-names, insert-images, update-images, drop-columns, rename-columns, type-changes, key-changes, "
            + "column-defaults, column-positions, narrowing)");
      }
    }
    if (table == null) {
      throw new IllegalArgumentException("Cannot parse table config: table is required (entry=" + entry + ")");
    }
    try {
      return new TableConfig(db, table, primaryKey, precombine, timestampFields, formatVersion, mergeMode, target, partitionBy,
          sortBy, mode, columnTypes, properties, columnNames, insertImages, updateImages, evolution);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (entry=" + entry + ")", e);
    }
  }

  private static <T> T policy(JsonParser p, int entry, String key, java.util.function.Function<String, T> parse) throws IOException {
    String t = text(p, entry, key);
    if (t == null) {
      throw new IllegalArgumentException("Cannot parse table config: a value is required (key=" + key + ", entry=" + entry + ")");
    }
    try {
      return parse.apply(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (entry=" + entry + ")", e);
    }
  }

  private static ImageMode imageMode(JsonParser p, int entry, String key) throws IOException {
    String t = text(p, entry, key);
    try {
      return t == null ? null : ImageMode.parse(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (key=" + key + ", entry=" + entry + ")", e);
    }
  }

  private static String text(JsonParser p, int entry, String key) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw new IllegalArgumentException("Cannot parse table config: expected a string (key=" + key + ", entry=" + entry + ")");
  }

  private static List<String> list(JsonParser p, int entry, String key) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return Arrays.stream(p.getText().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new IllegalArgumentException("Cannot parse table config: expected an array or a comma-separated string (key=" + key
          + ", entry=" + entry + ")");
    }
    List<String> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      out.add(text(p, entry, key));
    }
    return out;
  }

  private static Map<String, String> map(JsonParser p, int entry, String key) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("Cannot parse table config: expected an object (key=" + key + ", entry=" + entry + ")");
    }
    Map<String, String> out = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.currentName();
      p.nextToken();
      out.put(k, text(p, entry, key + "." + k));
    }
    return out;
  }
}
