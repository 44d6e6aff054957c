package io.cdclake.codec.debezium;

/**
 * A schema registry could not give the schema of a message: it answered with an error status, was
 * unreachable or slow, or sent a schema that is not Avro. Not a {@link io.cdclake.model.DecodeException}:
 * the message may be fine and worth retrying later. The message names the schema id and the URL.
 */
public final class SchemaRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int schemaId;
  private final int status;

  public SchemaRegistryException(String message, int schemaId, int status, Throwable cause) {
    super(message, cause);
    this.schemaId = schemaId;
    this.status = status;
  }

  public int schemaId() {
    return schemaId;
  }

  /** The HTTP status the registry answered, or -1 when there was no answer. */
  public int status() {
    return status;
  }
}
