package io.qcommerce.oms.memory;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.spi.InsertResult;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.TransitionResult;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@link OrderRepository} in concurrent maps. Inserts and transitions are atomic per order; queries scan,
 * which suits tests and demos, not millions of orders. Events get their feed position in the write itself,
 * under one monitor, so {@link #positionEvents} has nothing to do. Thread-safe; lost with the JVM.
 */
public final class InMemoryOrderRepository implements OrderRepository {
    private final ConcurrentHashMap<OrderId, Order> orders = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, OrderId> byKey = new ConcurrentHashMap<>();
    /** The feed: event at position p is at index p - 1. Guarded by itself. */
    private final List<OrderEvent> feed = new ArrayList<>();
    /** The same events by store, in feed order. Guarded by {@link #feed}. */
    private final Map<StoreId, List<OrderEvent>> feedByStore = new HashMap<>();

    @Override
    public InsertResult insert(Order order) {
        Checks.notNull(order, "order");
        if (order.version() != 0) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "version", "a new order has version 0");
        }
        String key = keyOf(order.customer(), order.idempotencyKey());
        // One monitor for inserts keeps the two unique indexes in step; transitions do not take it.
        synchronized (byKey) {
            Order sameId = orders.get(order.id());
            if (sameId != null) {
                return new InsertResult.Duplicate(sameId);
            }
            OrderId owner = byKey.get(key);
            if (owner != null) {
                return new InsertResult.Duplicate(java.util.Objects.requireNonNull(orders.get(owner), "order"));
            }
            if (order.history().size() != 1) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_ARGUMENT, "history", "a new order has one entry, its placement");
            }
            // The placement's event first: once the order is visible, a transition of it may append its own.
            append(order, 1);
            orders.put(order.id(), order);
            byKey.put(key, order.id());
            return new InsertResult.Inserted(order);
        }
    }

    private static String keyOf(CustomerId customer, IdempotencyKey key) {
        return customer.value() + "\n" + key.value();
    }

    @Override
    public Optional<Order> find(OrderId id) {
        Checks.notNull(id, "orderId");
        return Optional.ofNullable(orders.get(id));
    }

    @Override
    public TransitionResult transition(OrderId id, long expectedVersion, StatusChange change) {
        Checks.notNull(id, "orderId");
        Checks.notNull(change, "change");
        Order[] result = new Order[2];
        Order after = orders.computeIfPresent(id, (k, current) -> {
            if (current.version() != expectedVersion) {
                result[1] = current;
                return current;
            }
            Order next = current.transition(change);
            append(next, next.history().size());
            result[0] = next;
            return next;
        });
        if (after == null) {
            throw OmsException.notFound(ErrorCode.UNKNOWN_ORDER, "order", id.value());
        }
        return result[0] != null ? new TransitionResult.Applied(result[0]) : new TransitionResult.Conflict(result[1]);
    }

    private void append(Order order, int sequence) {
        synchronized (feed) {
            OrderEvent event = OrderEvent.of(order, sequence, feed.size() + 1L);
            feed.add(event);
            feedByStore.computeIfAbsent(order.store(), s -> new ArrayList<>()).add(event);
        }
    }

    @Override
    public int positionEvents(int max) {
        Checks.positive(max, "max");
        return 0;
    }

    @Override
    public List<OrderEvent> feed(long position, @Nullable StoreId store, int limit) {
        Checks.positive(limit, "limit");
        if (position < 0) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "position", "must not be negative");
        }
        synchronized (feed) {
            List<OrderEvent> events = store == null ? feed : feedByStore.getOrDefault(store, List.of());
            int from = store == null ? (int) Math.min(position, events.size()) : firstAfter(events, position);
            return List.copyOf(events.subList(from, Math.min(events.size(), from + limit)));
        }
    }

    private static int firstAfter(List<OrderEvent> events, long position) {
        int lo = 0;
        int hi = events.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (events.get(mid).position() <= position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public long lastPosition() {
        synchronized (feed) {
            return feed.size();
        }
    }

    @Override
    public List<Order> findAwaitingPaymentExpiredBy(Instant cutoff, @Nullable Order after, int limit) {
        Checks.notNull(cutoff, "cutoff");
        Checks.positive(limit, "limit");
        Comparator<Order> order = Comparator.comparing(Order::holdExpiresAt).thenComparing(Order::id);
        return orders.values().stream()
                .filter(o -> o.status() == OrderStatus.AWAITING_PAYMENT
                        && !o.holdExpiresAt().isAfter(cutoff))
                .filter(o -> after == null || order.compare(o, after) > 0)
                .sorted(order)
                .limit(limit)
                .collect(Collectors.toUnmodifiableList());
    }

    @Override
    public List<Order> findByStoreAndStatus(StoreId store, OrderStatus status, int limit) {
        Checks.notNull(store, "store");
        Checks.notNull(status, "status");
        Checks.positive(limit, "limit");
        return orders.values().stream()
                .filter(o -> o.store().equals(store) && o.status() == status)
                .sorted(Comparator.comparing(Order::createdAt).thenComparing(Order::id))
                .limit(limit)
                .collect(Collectors.toUnmodifiableList());
    }

    @Override
    public List<Order> findByStore(StoreId store, Instant from, Instant to, @Nullable Order after, int limit) {
        Checks.notNull(store, "store");
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
        Checks.positive(limit, "limit");
        Comparator<Order> order = Comparator.comparing(Order::createdAt).thenComparing(Order::id);
        return orders.values().stream()
                .filter(o -> o.store().equals(store)
                        && !o.createdAt().isBefore(from)
                        && o.createdAt().isBefore(to))
                .filter(o -> after == null || order.compare(o, after) > 0)
                .sorted(order)
                .limit(limit)
                .collect(Collectors.toUnmodifiableList());
    }

    @Override
    public List<Order> findByCustomer(CustomerId customer, int limit) {
        Checks.notNull(customer, "customer");
        Checks.positive(limit, "limit");
        return orders.values().stream()
                .filter(o -> o.customer().equals(customer))
                .sorted(Comparator.comparing(Order::createdAt).reversed().thenComparing(Order::id))
                .limit(limit)
                .collect(Collectors.toUnmodifiableList());
    }

    /** Every order, for invariant checks in tests and the example's summary. */
    public List<Order> all() {
        return List.copyOf(orders.values());
    }

    /** How many orders are stored. */
    public int size() {
        return orders.size();
    }
}
