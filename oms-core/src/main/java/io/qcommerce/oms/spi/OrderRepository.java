package io.qcommerce.oms.spi;

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
 * Port: where orders live. Every write is one atomic single-record operation: an insert that is unique on
 * the id and on (customer, idempotency key), and a status change that is a compare-and-set on the
 * version. No multi-record transaction is ever needed. Implementations are thread-safe.
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
