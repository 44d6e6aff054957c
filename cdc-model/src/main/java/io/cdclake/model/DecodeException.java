package io.cdclake.model;

/**
 * Input that a codec cannot turn into change events. Unchecked; the root of the two kinds a codec
 * throws: {@link MalformedInputException} (the bytes are not valid: not JSON, truncated, invalid
 * UTF-8, over a limit) and {@link InvalidEventException} (valid data that is not a valid event:
 * unknown op, missing key, a value that does not fit its type).
 *
 * <p>The message reads {@code Cannot <verb> <what>: <reason> (<name>=<value>, see <setting>)}
 * followed by where it happened: input, byte offset, JSON path, table, field. It never contains
 * row values.
 */
public class DecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final long offset;
  private final String path;
  private final TableId table;
  private final String field;
  private volatile String input;

  /**
   * @param reason the message without location, {@code Cannot <verb> <what>: <reason> (...)}
   * @param offset byte (or character, for text formats) offset in the input where it went wrong, or -1
   * @param path the JSON path (or column, for CSV) where it went wrong, or null
   * @param table the table the event was for, when known, else null
   * @param field the column or envelope field, when known, else null
   * @param cause the underlying exception, or null
   */
  protected DecodeException(String reason, long offset, String path, TableId table, String field, Throwable cause) {
    super(reason, cause);
    this.reason = reason;
    this.offset = offset;
    this.path = path;
    this.table = table;
    this.field = field;
  }

  /** The reason without the location suffix. */
  public String reason() {
    return reason;
  }

  /** Offset in the input where decoding failed, or -1. */
  public long offset() {
    return offset;
  }

  /** JSON path (or CSV column) where decoding failed, or null. */
  public String path() {
    return path;
  }

  /** The table, or null when it was not known yet. */
  public TableId table() {
    return table;
  }

  /** The column or envelope field, or null. */
  public String field() {
    return field;
  }

  /** The input the message came from (file and line, topic/partition@offset), or null. */
  public String input() {
    return input;
  }

  /**
   * Names the input (file and line, topic/partition@offset) when a host knows it and the codec did
   * not. Returns this exception.
   */
  public DecodeException atInput(String inputName) {
    if (this.input == null) {
      this.input = inputName;
    }
    return this;
  }

  @Override
  public String getMessage() {
    StringBuilder sb = new StringBuilder(reason == null ? "Cannot decode input" : reason);
    String sep = " [";
    if (input != null) {
      sb.append(sep).append("input ").append(input);
      sep = ", ";
    }
    if (offset >= 0) {
      sb.append(sep).append("offset ").append(offset);
      sep = ", ";
    }
    if (path != null) {
      sb.append(sep).append("path ").append(path);
      sep = ", ";
    }
    if (table != null) {
      sb.append(sep).append("table ").append(table);
      sep = ", ";
    }
    if (field != null) {
      sb.append(sep).append("field ").append(field);
      sep = ", ";
    }
    if (!sep.equals(" [")) {
      sb.append(']');
    }
    return sb.toString();
  }
}
