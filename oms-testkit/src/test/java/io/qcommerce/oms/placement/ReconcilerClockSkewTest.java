package io.qcommerce.oms.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.ReleaseResult;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.ForwardingInventoryLock;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.SampleSkus;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The host's clock runs two minutes ahead of the lock's: by the host, holds have lapsed that the lock still
 * counts as live. A pass of the reconciler must look at each such order a bounded number of times, leave it for
 * the customer, and settle it in a later pass once the lock lets the hold go.
 */
class ReconcilerClockSkewTest {
    private static final int ORDERS = 150;
    private static final StoreId STORE = StoreId.of("BLR-1");
    private static final Pincode HOME = Pincode.of("560038");
    private static final SkuId MILK = SkuId.of("MILK-1L");

    /** Counts, per reservation, the lock calls that concern one order; and every call of the port. */
    private static final class CountingLock extends ForwardingInventoryLock {
        final Map<ReservationId, AtomicInteger> perHold = new ConcurrentHashMap<>();
        final AtomicInteger all = new AtomicInteger();

        CountingLock(InventoryLock delegate) {
            super(delegate);
        }

        @Override
        protected <T> T forward(java.util.function.Supplier<T> call) {
            all.incrementAndGet();
            return super.forward(call);
        }

        private void count(ReservationId id) {
            perHold.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public Optional<Reservation> find(StoreId store, ReservationId id) {
            count(id);
            return super.find(store, id);
        }

        @Override
        public ReleaseResult release(StoreId store, ReservationId id) {
            count(id);
            return super.release(store, id);
        }

        @Override
        public ConfirmResult confirm(StoreId store, ReservationId id) {
            count(id);
            return super.confirm(store, id);
        }

        void reset() {
            perHold.clear();
            all.set(0);
        }

        int mostForOneHold() {
            return perHold.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
        }

        int forHolds() {
            return perHold.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    private final MutableClock host = new MutableClock();
    private final Clock lockClock = Clock.offset(host, Duration.ofSeconds(-120));
    private final CountingLock lock = new CountingLock(new InMemoryInventoryLock(lockClock));
    private final Oms oms =
            Oms.builder().clock(host).inventoryLock(lock).inMemoryForRest().build();

    @Test
    void aPassAsksTheLockAboutEachStillLiveOrderAtMostTwiceAndLeavesItAlone() {
        oms.catalog().save(SampleSkus.milk(MILK));
        oms.stores().create(Store.of(STORE, "Indiranagar", 1, HOME));
        oms.inventory().receive(STORE, MILK, 1_000);
        for (int i = 0; i < ORDERS; i++) {
            PlacementResult placed = oms.place(PlaceOrderRequest.of(
                    CustomerId.of("c-" + i),
                    IdempotencyKey.of("k-" + i),
                    HOME,
                    Cart.builder().add(MILK.value(), 1).build()));
            assertThat(placed).isInstanceOf(PlacementResult.Placed.class);
        }
        // The holds expire at the lock's now + TTL, which the host's clock reaches two minutes early: a minute
        // later the host sees every hold lapsed, while the lock, a minute short of it, still counts them.
        host.advance(oms.config().holdTtl().minusSeconds(60));
        lock.reset();

        Reconciler.Report report = oms.reconciler().run();

        assertThat(report.ordersLeftAlone()).isEqualTo(ORDERS);
        assertThat(report.ordersCancelled()).isZero();
        assertThat(lock.perHold).hasSize(ORDERS);
        assertThat(lock.mostForOneHold())
                .as("lock calls for one order in one pass")
                .isLessThanOrEqualTo(2);
        assertThat(lock.forHolds()).isLessThanOrEqualTo(2 * ORDERS);
        assertThat(lock.all.get())
                .as("every lock call of the pass, the stores' own chores included")
                .isLessThan(3 * ORDERS);
        assertThat(oms.inventory().available(STORE, MILK)).isEqualTo(1_000 - ORDERS);

        // Once the lock's clock too is past the holds, the next pass settles every order.
        host.advance(Duration.ofSeconds(121));
        lock.reset();
        Reconciler.Report later = oms.reconciler().run();

        assertThat(later.ordersCancelled()).isEqualTo(ORDERS);
        assertThat(later.ordersLeftAlone()).isZero();
        assertThat(lock.mostForOneHold()).isLessThanOrEqualTo(2);
        assertThat(oms.orders().byStoreAndStatus(STORE, OrderStatus.AWAITING_PAYMENT, ORDERS))
                .isEmpty();
        assertThat(oms.inventory().available(STORE, MILK)).isEqualTo(1_000);
    }
}
