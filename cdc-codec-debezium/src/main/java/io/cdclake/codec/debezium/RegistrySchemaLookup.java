package io.cdclake.codec.debezium;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A {@link SchemaLookup} that asks a Confluent-compatible schema registry
 * ({@code GET <url>/schemas/ids/<id>}, answer {@code {"schema":"<avro json>"}}) over
 * {@code java.net.http}, and caches what it got (ids never change meaning). Thread-safe.
 *
 * <pre>{@code
 * SchemaLookup lookup = RegistrySchemaLookup.builder("http://registry:8081").requestTimeout(Duration.ofSeconds(5)).build();
 * }</pre>
 *
 * <p>Failures throw {@link SchemaRegistryException} naming the id and URL.
 */
public final class RegistrySchemaLookup implements SchemaLookup {
  private static final JsonFactory JSON = new JsonFactory();

  private final String baseUrl;
  private final HttpClient client;
  private final Duration requestTimeout;
  private final String authorization;
  private final int maxCached;
  private final ConcurrentHashMap<Integer, Schema> cache = new ConcurrentHashMap<>();

  private RegistrySchemaLookup(Builder b) {
    this.baseUrl = b.baseUrl.endsWith("/") ? b.baseUrl.substring(0, b.baseUrl.length() - 1) : b.baseUrl;
    this.client = HttpClient.newBuilder().connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    this.requestTimeout = b.requestTimeout;
    this.authorization = b.authorization;
    this.maxCached = b.maxCached;
  }

  public static Builder builder(String baseUrl) {
    return new Builder(baseUrl);
  }

  @Override
  public Schema schema(int id) {
    Schema s = cache.get(id);
    if (s != null) {
      return s;
    }
    s = fetch(id);
    if (cache.size() >= maxCached) {
      cache.clear();
    }
    Schema prev = cache.putIfAbsent(id, s);
    return prev != null ? prev : s;
  }

  /** Number of schemas cached. */
  public int cachedSchemas() {
    return cache.size();
  }

  private Schema fetch(int id) {
    String url = baseUrl + "/schemas/ids/" + id;
    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout).GET()
        .header("Accept", "application/vnd.schemaregistry.v1+json, application/json");
    if (authorization != null) {
      rb.header("Authorization", authorization);
    }
    HttpResponse<byte[]> resp;
    try {
      resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new SchemaRegistryException("Cannot fetch Avro schema: " + e.getClass().getSimpleName() + " talking to the registry (id=" + id
          + ", url=" + url + ")", id, -1, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("Cannot fetch Avro schema: interrupted (id=" + id + ", url=" + url + ")", id, -1, e);
    }
    if (resp.statusCode() != 200) {
      throw new SchemaRegistryException("Cannot fetch Avro schema: registry answered HTTP " + resp.statusCode() + errorCode(resp.body())
          + " (id=" + id + ", url=" + url + ")", id, resp.statusCode(), null);
    }
    String schemaType = null;
    String schemaText = null;
    boolean references = false;
    try (JsonParser p = JSON.createParser(resp.body())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not an object");
      }
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        JsonToken t = p.nextToken();
        switch (name) {
          case "schema" -> schemaText = t == JsonToken.VALUE_STRING ? p.getText() : null;
          case "schemaType" -> schemaType = t == JsonToken.VALUE_STRING ? p.getText() : null;
          case "references" -> {
            if (t == JsonToken.START_ARRAY) {
              while (p.nextToken() != JsonToken.END_ARRAY) {
                references = true;
                p.skipChildren();
              }
            } else {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new SchemaRegistryException("Cannot fetch Avro schema: the registry's answer is not JSON (id=" + id + ", url=" + url + ")", id, 200,
          null);
    }
    if (schemaType != null && !schemaType.equals("AVRO")) {
      throw new SchemaRegistryException("Cannot fetch Avro schema: the registry holds a " + schemaType + " schema under this id (id=" + id
          + ", url=" + url + ")", id, 200, null);
    }
    if (references) {
      throw new SchemaRegistryException("Cannot fetch Avro schema: schema references are not supported (id=" + id + ", url=" + url + ")", id,
          200, null);
    }
    if (schemaText == null) {
      throw new SchemaRegistryException("Cannot fetch Avro schema: the registry's answer has no schema (id=" + id + ", url=" + url + ")", id,
          200, null);
    }
    try {
      return new Schema.Parser().parse(schemaText);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException("Cannot fetch Avro schema: the registry's schema does not parse as Avro (id=" + id + ", url=" + url
          + ")", id, 200, e);
    }
  }

  private static String errorCode(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return "";
      }
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        JsonToken t = p.nextToken();
        if (name.equals("error_code") && t == JsonToken.VALUE_NUMBER_INT) {
          return ", error_code " + p.getLongValue();
        }
        p.skipChildren();
      }
    } catch (IOException e) {
      return "";
    }
    return "";
  }

  /** Configures a registry lookup. */
  public static final class Builder {
    private final String baseUrl;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private String authorization;
    private int maxCached = 10_000;

    private Builder(String baseUrl) {
      requireNonNull(baseUrl, "baseUrl is null");
      URI u = URI.create(baseUrl);
      if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
        throw new IllegalArgumentException("Cannot use registry URL: not http or https (url=" + baseUrl + ")");
      }
      this.baseUrl = baseUrl;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = requireNonNull(value, "connectTimeout is null");
      return this;
    }

    public Builder requestTimeout(Duration value) {
      this.requestTimeout = requireNonNull(value, "requestTimeout is null");
      return this;
    }

    /** HTTP basic authentication ({@code basic.auth.user.info}). */
    public Builder basicAuth(String user, String password) {
      this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /** How many schemas to keep; default 10 000 (the cache is cleared when full). */
    public Builder maxCachedSchemas(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("Cannot set maxCachedSchemas: must be positive (maxCachedSchemas=" + value + ")");
      }
      this.maxCached = value;
      return this;
    }

    public RegistrySchemaLookup build() {
      return new RegistrySchemaLookup(this);
    }
  }
}
