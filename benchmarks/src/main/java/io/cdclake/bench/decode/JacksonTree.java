package io.cdclake.bench.decode;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.model.Column;
import io.cdclake.model.TableSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The naive hand-written decoder: Jackson {@code readTree} of the whole message, then the row
 * images picked out of the tree and each column converted to its Java value by the known table
 * schema (decimals exact, timestamps by their Debezium unit or DMS text). What a team writes in an
 * afternoon for one table.
 */
final class JacksonTree implements Impl {
  /** One decoded event: op (I/U/D), table, before and after values in schema order (null when absent). */
  record TreeEvent(char op, String table, Object[] before, Object[] after) {}

  private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private final Column[] columns;
  private final boolean dms;

  JacksonTree(TableSchema schema, boolean dms) {
    this.columns = schema.columns().toArray(new Column[0]);
    this.dms = dms;
  }

  @Override
  public String name() {
    return "jackson-tree";
  }

  @Override
  public Object decode(byte[] message) throws Exception {
    JsonNode root = mapper.readTree(message);
    return dms ? dms(root) : debezium(root);
  }

  private TreeEvent debezium(JsonNode root) {
    JsonNode p = root.has("payload") && root.has("schema") ? root.get("payload") : root;
    char op = switch (p.get("op").asText()) {
      case "c", "r" -> 'I';
      case "u" -> 'U';
      case "d" -> 'D';
      default -> throw new IllegalArgumentException("unknown op");
    };
    String table = p.get("source").get("table").asText();
    return new TreeEvent(op, table, debeziumImage(p.get("before")), debeziumImage(p.get("after")));
  }

  private Object[] debeziumImage(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    Object[] out = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      Column c = columns[i];
      JsonNode v = node.get(c.name());
      if (v == null || v.isNull()) {
        continue;
      }
      out[i] = switch (c.type().kind()) {
        case INT -> v.intValue();
        case LONG -> v.longValue();
        case STRING -> v.textValue();
        case DECIMAL -> new BigDecimal(new BigInteger(binary(v)), ((io.cdclake.model.ColumnType.DecimalType) c.type()).scale());
        case TIMESTAMP -> epoch(v.longValue(), c.sourceType());
        case TIMESTAMP_TZ -> OffsetDateTime.parse(v.textValue());
        case DATE -> LocalDate.ofEpochDay(v.intValue());
        case BOOLEAN -> v.booleanValue();
        case DOUBLE -> v.doubleValue();
        default -> throw new IllegalArgumentException("unsupported " + c.type());
      };
    }
    return out;
  }

  private static byte[] binary(JsonNode v) {
    try {
      return v.binaryValue();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not base64", e);
    }
  }

  private static LocalDateTime epoch(long v, String unit) {
    return switch (unit) {
      case "io.debezium.time.MicroTimestamp" -> LocalDateTime.ofEpochSecond(Math.floorDiv(v, 1_000_000L),
          (int) Math.floorMod(v, 1_000_000L) * 1000, ZoneOffset.UTC);
      case "io.debezium.time.NanoTimestamp" -> LocalDateTime.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L),
          (int) Math.floorMod(v, 1_000_000_000L), ZoneOffset.UTC);
      default -> LocalDateTime.ofEpochSecond(Math.floorDiv(v, 1000L), (int) Math.floorMod(v, 1000L) * 1_000_000, ZoneOffset.UTC);
    };
  }

  private TreeEvent dms(JsonNode root) {
    JsonNode meta = root.get("metadata");
    char op = switch (meta.get("operation").asText()) {
      case "insert", "load" -> 'I';
      case "update" -> 'U';
      case "delete" -> 'D';
      default -> throw new IllegalArgumentException("unknown operation");
    };
    String table = meta.get("table-name").asText();
    Object[] data = dmsImage(root.get("data"));
    if (op == 'D') {
      return new TreeEvent(op, table, data, null);
    }
    return new TreeEvent(op, table, dmsImage(root.get("before-image")), data);
  }

  private Object[] dmsImage(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    Object[] out = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      Column c = columns[i];
      JsonNode v = node.get(c.name());
      if (v == null || v.isNull()) {
        continue;
      }
      out[i] = switch (c.type().kind()) {
        case INT -> v.intValue();
        case LONG -> v.longValue();
        case STRING -> v.textValue();
        case DECIMAL -> v.decimalValue().setScale(((io.cdclake.model.ColumnType.DecimalType) c.type()).scale());
        case TIMESTAMP -> LocalDateTime.parse(stripZ(v.textValue()));
        case TIMESTAMP_TZ -> OffsetDateTime.parse(v.textValue());
        case DATE -> LocalDate.parse(v.textValue());
        case BOOLEAN -> v.booleanValue();
        case DOUBLE -> v.doubleValue();
        default -> throw new IllegalArgumentException("unsupported " + c.type());
      };
    }
    return out;
  }

  private static String stripZ(String s) {
    return s.endsWith("Z") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public void tally(Object result, Tally t) {
    TreeEvent e = (TreeEvent) result;
    t.op(e.op());
    for (Object[] img : new Object[][] {e.before(), e.after()}) {
      if (img != null) {
        t.images++;
        for (Object v : img) {
          if (v != null) {
            t.values++;
          }
        }
      }
    }
  }
}
