package io.qcommerce.oms.testkit;

import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.spi.InsertResult;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.TransitionResult;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OrderRepository} that passes every call to another: the base of test decorators that lose a reply,
 * drop an event or forget a field, overriding only the call they change.
 */
public abstract class ForwardingOrderRepository implements OrderRepository {
    private final OrderRepository delegate;

    protected ForwardingOrderRepository(OrderRepository delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The repository every call goes to. */
    protected OrderRepository delegate() {
        return delegate;
    }

    @Override
    public InsertResult insert(Order order) {
        return delegate.insert(order);
    }

    @Override
    public Optional<Order> find(OrderId id) {
        return delegate.find(id);
    }

    @Override
    public TransitionResult transition(OrderId id, long expectedVersion, StatusChange change) {
        return delegate.transition(id, expectedVersion, change);
    }

    @Override
    public int positionEvents(int max) {
        return delegate.positionEvents(max);
    }

    @Override
    public List<OrderEvent> feed(long position, @Nullable StoreId store, int limit) {
        return delegate.feed(position, store, limit);
    }

    @Override
    public long lastPosition() {
        return delegate.lastPosition();
    }

    @Override
    public List<Order> findAwaitingPaymentExpiredBy(Instant cutoff, @Nullable Order after, int limit) {
        return delegate.findAwaitingPaymentExpiredBy(cutoff, after, limit);
    }

    @Override
    public List<Order> findByStoreAndStatus(StoreId store, OrderStatus status, int limit) {
        return delegate.findByStoreAndStatus(store, status, limit);
    }

    @Override
    public List<Order> findByCustomer(CustomerId customer, int limit) {
        return delegate.findByCustomer(customer, limit);
    }

    @Override
    public List<Order> findByStore(StoreId store, Instant from, Instant to, @Nullable Order after, int limit) {
        return delegate.findByStore(store, from, to, after, limit);
    }
}
