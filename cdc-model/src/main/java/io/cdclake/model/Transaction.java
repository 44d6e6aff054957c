package io.cdclake.model;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * The source transaction an event belongs to, or the boundary event of one.
 *
 * <p>{@link #id()} is normalised so that every event of one transaction carries the same id:
 * PostgreSQL's Debezium ids {@code txId:LSN} differ between BEGIN, the events and END, so codecs
 * keep only the {@code txId} part.
 *
 * @param id the normalised transaction id
 * @param totalOrder the event's position in the transaction, from 1 ({@code total_order},
 *     DMS {@code transaction-record-id}); -1 when unknown or on a boundary event
 * @param collectionOrder the event's position among the transaction's events of its table, from 1; -1 when unknown
 * @param eventCount on {@link Op#TX_END}: the number of data events in the transaction; -1 otherwise
 * @param eventsPerTable on {@link Op#TX_END}: events per table name as the source spells it; empty otherwise
 */
public record Transaction(String id, long totalOrder, long collectionOrder, long eventCount, Map<String, Long> eventsPerTable) {

  public Transaction {
    requireNonNull(id, "id is null");
    eventsPerTable = eventsPerTable == null ? Map.of() : Map.copyOf(eventsPerTable);
  }

  /** The transaction of a data event. */
  public static Transaction of(String id, long totalOrder, long collectionOrder) {
    return new Transaction(id, totalOrder, collectionOrder, -1, Map.of());
  }

  /** A transaction known only by id. */
  public static Transaction of(String id) {
    return new Transaction(id, -1, -1, -1, Map.of());
  }
}
