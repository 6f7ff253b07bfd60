package io.qcommerce.oms.memory;

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
import io.qcommerce.oms.testkit.OrderRepositoryContract;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The contract on an adapter written before cursor pages existed: it implements only the first-page listings, so
 * {@link OrderRepository}'s default cursor methods page for it.
 */
class DefaultCursorPagesTest extends OrderRepositoryContract {
    @Override
    protected OrderRepository createRepository() {
        return new FirstPagesOnly(new InMemoryOrderRepository());
    }

    /** Every method but the cursor listings, forwarded. */
    private static final class FirstPagesOnly implements OrderRepository {
        private final OrderRepository d;

        FirstPagesOnly(OrderRepository delegate) {
            this.d = delegate;
        }

        @Override
        public InsertResult insert(Order order) {
            return d.insert(order);
        }

        @Override
        public Optional<Order> find(OrderId id) {
            return d.find(id);
        }

        @Override
        public TransitionResult transition(OrderId id, long expectedVersion, StatusChange change) {
            return d.transition(id, expectedVersion, change);
        }

        @Override
        public int positionEvents(int max) {
            return d.positionEvents(max);
        }

        @Override
        public List<OrderEvent> feed(long position, @Nullable StoreId store, int limit) {
            return d.feed(position, store, limit);
        }

        @Override
        public long lastPosition() {
            return d.lastPosition();
        }

        @Override
        public List<Order> findAwaitingPaymentExpiredBy(Instant cutoff, @Nullable Order after, int limit) {
            return d.findAwaitingPaymentExpiredBy(cutoff, after, limit);
        }

        @Override
        public List<Order> findByStoreAndStatus(StoreId store, OrderStatus status, int limit) {
            return d.findByStoreAndStatus(store, status, limit);
        }

        @Override
        public List<Order> findByCustomer(CustomerId customer, int limit) {
            return d.findByCustomer(customer, limit);
        }

        @Override
        public List<Order> findByStore(StoreId store, Instant from, Instant to, @Nullable Order after, int limit) {
            return d.findByStore(store, from, to, after, limit);
        }
    }
}
