package io.qcommerce.oms.spi;

import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Port: where orders live, with their event feed. Every write is one atomic single-record operation: an
 * insert that is unique on the id and on (customer, idempotency key), and a status change that is a
 * compare-and-set on the version. No multi-record transaction is ever needed. Implementations are
 * thread-safe.
 *
 * <p><b>Events.</b> Each entry of an order's history is an event ({@link OrderEvent#of}): the insert and
 * every status change store it in the same write as the change. The feed gives each event a position,
 * either in that write or later ({@link #positionEvents}); every adapter keeps three rules: an event gets
 * one position, once; the events of one order get increasing positions in the order of their sequence;
 * a reader never sees a position while a lower one can still appear (so a reader that has read up to
 * {@code p} has missed nothing below {@code p}).
 */
public interface OrderRepository {
    /** Stores a new order (version 0) once; a second insert with the same id or key returns the first. */
    InsertResult insert(Order order);

    Optional<Order> find(OrderId id);

    /**
     * Applies {@code change} when the stored order still has {@code expectedVersion}: status set, change
     * appended to the history, version incremented, all at once. {@code UNKNOWN_ORDER} when absent;
     * {@code ILLEGAL_TRANSITION} when the stored order at that version cannot make the move.
     */
    TransitionResult transition(OrderId id, long expectedVersion, StatusChange change);

    /**
     * Gives feed positions to recorded events that have none yet, at most {@code max}; returns how many it
     * positioned. Adapters that position events in the write itself return 0. Safe from several callers at
     * once, and idempotent: an event positioned by one caller is skipped by the others.
     */
    int positionEvents(int max);

    /**
     * The positioned events after {@code position}, in feed order, at most {@code limit}; only those of
     * {@code store} when given.
     */
    List<OrderEvent> feed(long position, @Nullable StoreId store, int limit);

    /** The highest position given so far; 0 for an empty feed. */
    long lastPosition();

    /**
     * Orders still awaiting payment whose hold expired at or before {@code cutoff}, ordered by hold expiry then
     * id, after {@code after} (the last order of the previous page, compared by its (holdExpiresAt, id); absent
     * for the first page). The cursor lets the reconciler page past orders it leaves alone.
     */
    List<Order> findAwaitingPaymentExpiredBy(Instant cutoff, @Nullable Order after, int limit);

    /** Orders of a store in a status, oldest first (the picking queue, the packing queue...). */
    List<Order> findByStoreAndStatus(StoreId store, OrderStatus status, int limit);

    /** A customer's orders, newest first. */
    List<Order> findByCustomer(CustomerId customer, int limit);

    /**
     * The orders of a store placed in {@code [from, to)}, oldest first (by creation time, then id), after
     * {@code after} (the last order of the previous page; absent for the first page): for reports, and for rebuilding a
     * store's counters from every order it ever took.
     */
    List<Order> findByStore(StoreId store, Instant from, Instant to, @Nullable Order after, int limit);
}
