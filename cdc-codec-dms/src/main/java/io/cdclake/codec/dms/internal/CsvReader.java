package io.cdclake.codec.dms.internal;

import io.cdclake.model.MalformedInputException;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Reads CSV records (RFC 4180: fields holding the delimiter, quotes or line breaks are quoted,
 * inner quotes doubled; line breaks are {@code \n} or {@code \r\n}). Without quoting
 * ({@code Rfc4180=false}) a quote is an ordinary character. One reader per input; not thread-safe.
 *
 * <p>For each record it keeps the fields, whether each was quoted (a quoted empty field is an
 * empty string, an unquoted one may be the null token), the line it starts on (1-based) and the
 * character offset of each field.
 */
public final class CsvReader {
  private final Reader in;
  private final char delimiter;
  private final boolean quoting;
  private final int maxFieldLength;
  private final int maxFields;
  private final String settingsOwner;

  private final char[] buf = new char[8192];
  private int pos;
  private int len;
  private long bufStart; // char offset of buf[0]
  private long line = 1;

  private String[] fields = new String[16];
  private boolean[] quoted = new boolean[16];
  private long[] offsets = new long[16];
  private int count;
  private long recordLine;
  private final StringBuilder sb = new StringBuilder();

  public CsvReader(Reader in, char delimiter, boolean quoting, int maxFieldLength, int maxFields, String settingsOwner) {
    this.in = in;
    this.delimiter = delimiter;
    this.quoting = quoting;
    this.maxFieldLength = maxFieldLength;
    this.maxFields = maxFields;
    this.settingsOwner = settingsOwner;
  }

  private int read() throws IOException {
    if (pos == len) {
      bufStart += len;
      len = in.read(buf, 0, buf.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    return buf[pos++];
  }

  private int peek() throws IOException {
    if (pos == len) {
      bufStart += len;
      len = in.read(buf, 0, buf.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    return buf[pos];
  }

  private long offset() {
    return bufStart + pos;
  }

  /**
   * Reads the next record; false at the end of input. An empty line gives a record of one
   * unquoted empty field.
   *
   * @throws IOException when the reader fails (including undecodable bytes)
   * @throws MalformedInputException for an unterminated quote or a limit
   */
  public boolean next() throws IOException {
    count = 0;
    int c = peek();
    if (c < 0) {
      return false;
    }
    recordLine = line;
    while (true) {
      long fieldOffset = offset();
      sb.setLength(0);
      boolean q = false;
      c = read();
      if (quoting && c == '"') {
        q = true;
        long quoteLine = line;
        while (true) {
          c = read();
          if (c < 0) {
            throw new MalformedInputException("Cannot parse CSV: a quoted field is not closed before the end of input (line=" + quoteLine + ")",
                fieldOffset, null, null);
          }
          if (c == '"') {
            if (peek() == '"') {
              read();
              append('"', fieldOffset);
            } else {
              break;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            append((char) c, fieldOffset);
          }
        }
        c = read();
        if (c != delimiter && c != '\n' && c != '\r' && c >= 0) {
          throw new MalformedInputException("Cannot parse CSV: text after a closing quote (line=" + line + ")", offset() - 1, null, null);
        }
      } else {
        while (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
          append((char) c, fieldOffset);
          c = read();
        }
      }
      add(sb.toString(), q, fieldOffset);
      if (c == delimiter) {
        continue;
      }
      if (c == '\r') {
        if (peek() == '\n') {
          read();
        }
        line++;
      } else if (c == '\n') {
        line++;
      }
      return true;
    }
  }

  private void append(char c, long fieldOffset) {
    if (sb.length() >= maxFieldLength) {
      throw new MalformedInputException("Cannot parse CSV: field too long (length>" + maxFieldLength + ", limit=" + maxFieldLength + ", see "
          + settingsOwner + ".maxFieldLength)", fieldOffset, null, null);
    }
    sb.append(c);
  }

  private void add(String value, boolean q, long offset) {
    if (count == maxFields) {
      throw new MalformedInputException("Cannot parse CSV: too many fields in a record (fields>" + maxFields + ", limit=" + maxFields
          + ", see " + settingsOwner + ".maxColumns)", offset, null, null);
    }
    if (count == fields.length) {
      fields = Arrays.copyOf(fields, count * 2);
      quoted = Arrays.copyOf(quoted, count * 2);
      offsets = Arrays.copyOf(offsets, count * 2);
    }
    fields[count] = value;
    quoted[count] = q;
    offsets[count] = offset;
    count++;
  }

  public int size() {
    return count;
  }

  public String field(int i) {
    return fields[i];
  }

  public boolean quoted(int i) {
    return quoted[i];
  }

  public long fieldOffset(int i) {
    return offsets[i];
  }

  /** The line the current record starts on, 1-based. */
  public long recordLine() {
    return recordLine;
  }

  /** True when the record is a single unquoted empty field (an empty line). */
  public boolean isEmptyLine() {
    return count == 1 && !quoted[0] && fields[0].isEmpty();
  }
}
