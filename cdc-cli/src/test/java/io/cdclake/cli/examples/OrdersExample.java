package io.cdclake.cli.examples;

import io.cdclake.codec.debezium.testing.DebeziumJsonEncoder;
import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import io.cdclake.model.Transaction;
import io.cdclake.testsupport.CapturedRecord;
import io.cdclake.testsupport.CapturedStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the bundled sample stream {@code examples/orders.debezium.ndjson}: what the Debezium
 * PostgreSQL connector (pgoutput, JSON converter with schemas) would put on two Kafka topics for a
 * small shop database {@code inventory}, as a Kafka dump with one {@code {"key":…,"value":…,
 * "topic":…,"partition":0,"offset":…}} record per line, in commit order.
 *
 * <p>The story: a snapshot of 3 customers and 4 orders, then ten transactions: a new customer (with
 * an empty e-mail, not a missing one) and her order; an order shipped; an update that leaves the
 * TOASTed {@code notes} column alone (Debezium sends its placeholder
 * {@code __debezium_unavailable_value}; the table must keep the old text); an e-mail changed; an
 * order deleted (REPLICA IDENTITY DEFAULT: the before image is the key plus Debezium's fake zeros,
 * then a tombstone); an order renumbered (a key change: delete, tombstone, create); an e-mail set
 * to NULL; a customer inserted and deleted in one transaction; an order paid; an order whose note
 * holds a comma and quotes. No truncate. Real notes would be longer than PostgreSQL's TOAST
 * threshold (about 2 kB); these are short so that {@code show} stays readable, and the stream's
 * placeholder is the same.
 *
 * <p>Run {@code OrdersExampleTest} with {@code -Dcdclake.updateExamples=true} to rewrite the file
 * after changing this generator; the test otherwise checks the committed file is exactly this
 * output.
 */
public final class OrdersExample {
  public static final String DATABASE = "inventory";
  public static final String SERVER = "dbserver1";
  public static final TableId CUSTOMERS = TableId.of(DATABASE, "public", "customers");
  public static final TableId ORDERS = TableId.of(DATABASE, "public", "orders");

  static final TableSchema CUSTOMERS_SCHEMA = TableSchema.of(List.of(
      Column.required("id", ColumnType.INT),
      Column.required("name", ColumnType.STRING),
      Column.optional("email", ColumnType.STRING),
      Column.required("created_at", ColumnType.TIMESTAMP_TZ)), List.of("id"));
  static final TableSchema ORDERS_SCHEMA = TableSchema.of(List.of(
      Column.required("id", ColumnType.INT),
      Column.required("customer_id", ColumnType.INT),
      Column.required("status", ColumnType.STRING),
      Column.required("total", ColumnType.decimal(10, 2)),
      Column.required("placed_at", ColumnType.TIMESTAMP_TZ),
      Column.optional("shipped_on", ColumnType.DATE),
      Column.optional("notes", ColumnType.STRING)), List.of("id"));

  private static final String[] PG = {"lsn_commit", "lsn"};
  private static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");
  private static final OffsetDateTime EPOCH = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private final DebeziumJsonEncoder encoder = DebeziumJsonEncoder.builder().withSchema(true).serverName(SERVER).build();
  private final Map<String, Long> offsets = new HashMap<>();
  private final StringBuilder out = new StringBuilder();
  private long lsn = 24_000_000L;
  private long commitLsn;
  private long txId = 740;
  private Transaction tx;
  private int txOrder;
  private Instant commitTime = T0;

  private OrdersExample() {}

  /** The whole stream, one record per line, each ending in a newline. */
  public static String generate() {
    OrdersExample g = new OrdersExample();
    g.story();
    return g.out.toString();
  }

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "examples/orders.debezium.ndjson");
    Files.writeString(file, generate(), StandardCharsets.UTF_8);
  }

  private void story() {
    // snapshot: every read at the snapshot's LSN, in one transaction id, no transaction block
    commitTime = T0;
    commitLsn = lsn;
    read(CUSTOMERS, customer(1, "Ada", "ada@example.com", "2023-11-02T08:15:00Z"));
    read(CUSTOMERS, customer(2, "Grace", "grace@example.com", "2023-12-24T17:40:12.5Z"));
    read(CUSTOMERS, customer(3, "Linus", null, "2024-01-09T23:59:59.999999Z"));
    read(ORDERS, order(1001, 1, "new", "19.99", "2024-02-28T10:00:00Z", null, null));
    read(ORDERS, order(1002, 2, "new", "5.00", "2024-02-28T11:30:00Z", null, "gift wrap"));
    read(ORDERS, order(1003, 1, "paid", "120.50", "2024-02-29T09:05:00Z", null, null));
    read(ORDERS, order(1004, 3, "paid", "42.00", "2024-02-29T16:20:00Z", null, "leave at the back door; ring twice"));

    begin(); // a new customer, with an empty e-mail, and her first order
    insert(CUSTOMERS, customer(4, "Margaret", "", "2024-03-01T09:01:00Z"));
    insert(ORDERS, order(1005, 4, "new", "250.00", "2024-03-01T09:02:00Z", null, null));
    begin(); // shipped (REPLICA IDENTITY DEFAULT: no before image)
    update(ORDERS, order(1001, 1, "shipped", "19.99", "2024-02-28T10:00:00Z", "2024-03-02", null));
    begin(); // shipped, the TOASTed notes left alone: the placeholder, never a value
    update(ORDERS, order(1004, 3, "shipped", "42.00", "2024-02-29T16:20:00Z", "2024-03-02", null).toBuilder().set("notes",
        Row.unchangedMarker()).build());
    begin();
    update(CUSTOMERS, customer(2, "Grace", "grace.hopper@example.com", "2023-12-24T17:40:12.5Z"));
    begin(); // a cancelled order: delete with the key and fake zeros for NOT NULL columns, then its tombstone
    delete(ORDERS, Row.of("id", 1003, "customer_id", 0, "status", "", "total", new BigDecimal("0.00"), "placed_at", EPOCH,
        "shipped_on", null, "notes", null));
    begin(); // renumbered: a primary-key change is delete + tombstone + create
    delete(ORDERS, Row.of("id", 1002, "customer_id", 0, "status", "", "total", new BigDecimal("0.00"), "placed_at", EPOCH,
        "shipped_on", null, "notes", null));
    insert(ORDERS, order(1012, 2, "new", "5.00", "2024-02-28T11:30:00Z", null, "gift wrap"));
    begin(); // an e-mail removed: NULL, not empty
    update(CUSTOMERS, customer(1, "Ada", null, "2023-11-02T08:15:00Z"));
    begin(); // a customer created and deleted in one transaction
    insert(CUSTOMERS, customer(5, "Temp", "temp@example.com", "2024-03-01T10:00:00Z"));
    delete(CUSTOMERS, Row.of("id", 5, "name", "", "email", null, "created_at", EPOCH));
    begin(); // paid, with a corrected total
    update(ORDERS, order(1005, 4, "paid", "275.50", "2024-03-01T09:02:00Z", null, null));
    begin(); // a note holding a comma and quotes
    insert(ORDERS, order(1006, 2, "new", "12.30", "2024-03-01T11:11:11.123456Z", null, "for \"Bob\", happy birthday"));
  }

  private static Row customer(int id, String name, String email, String created) {
    return Row.of("id", id, "name", name, "email", email, "created_at", OffsetDateTime.parse(created));
  }

  private static Row order(int id, int customer, String status, String total, String placed, String shipped, String notes) {
    return Row.of("id", id, "customer_id", customer, "status", status, "total", new BigDecimal(total), "placed_at", OffsetDateTime.parse(placed),
        "shipped_on", shipped == null ? null : LocalDate.parse(shipped), "notes", notes);
  }

  private void begin() {
    txId++;
    commitTime = commitTime.plusSeconds(37);
    lsn += 512;
    commitLsn = lsn;
    tx = Transaction.of(Long.toString(txId));
    txOrder = 0;
  }

  private ChangeEvent.Builder event(Op op, TableId table) {
    lsn += 64;
    ChangeEvent.Builder b = ChangeEvent.builder(op).table(table).position(SourcePosition.of("postgresql", PG, commitLsn, lsn))
        .commitTime(commitTime).processedTime(commitTime.plusMillis(150));
    if (op == Op.SNAPSHOT_READ) {
      return b.snapshot(true);
    }
    txOrder++;
    return b.transaction(Transaction.of(tx.id(), txOrder, txOrder));
  }

  private void read(TableId t, Row after) {
    emit(t, event(Op.SNAPSHOT_READ, t).after(after).key(after.project(List.of("id"))).build());
  }

  private void insert(TableId t, Row after) {
    emit(t, event(Op.INSERT, t).after(after).key(after.project(List.of("id"))).build());
  }

  private void update(TableId t, Row after) {
    emit(t, event(Op.UPDATE, t).after(after).key(after.project(List.of("id"))).build());
  }

  private void delete(TableId t, Row before) {
    Row key = before.project(List.of("id"));
    emit(t, event(Op.DELETE, t).before(before).key(key).build());
    emit(t, ChangeEvent.builder(Op.TOMBSTONE).table(t).key(key).build());
  }

  private void emit(TableId t, ChangeEvent e) {
    TableSchema schema = t.equals(ORDERS) ? ORDERS_SCHEMA : CUSTOMERS_SCHEMA;
    String topic = SERVER + "." + t.schema() + "." + t.table();
    long offset = offsets.merge(topic, 1L, Long::sum) - 1;
    CapturedRecord r = new CapturedRecord(topic, 0, offset, encoder.key(e, schema), encoder.value(e, schema), Map.of());
    out.append(CapturedStream.ndjsonLine(r)).append('\n');
  }
}
