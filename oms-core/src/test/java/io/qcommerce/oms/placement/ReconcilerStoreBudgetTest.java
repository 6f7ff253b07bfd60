package io.qcommerce.oms.placement;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.B;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.InterceptedLock;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.TestClock;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.memory.InMemoryStockLedger;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One slow or unreachable store costs a reconciler pass its budget, not the other stores their repairs. */
class ReconcilerStoreBudgetTest {
    private final TestClock clock = TestClock.atMorning();
    private final Trouble lock = new Trouble();
    private final Fixture world = new Fixture(
                    Oms.builder()
                            .config(OmsConfig.builder()
                                    .reconcileStoreBudget(Duration.ofSeconds(2))
                                    .build()),
                    clock,
                    InterceptedLock.of(new InMemoryInventoryLock(clock), (method, args) -> lock.before(clock, args)),
                    new InMemoryStockLedger())
            .stock(A, MILK, 3)
            .stock(B, MILK, 20);

    /** Store B's calls fail, or take a second each by the clock, when asked. */
    private static final class Trouble {
        volatile boolean down;
        volatile boolean slow;
        final AtomicInteger callsAboutB = new AtomicInteger();

        void before(TestClock clock, Object[] args) {
            boolean aboutB = args.length > 0 && B.equals(args[0]);
            if (!aboutB || (!down && !slow)) {
                return;
            }
            callsAboutB.incrementAndGet();
            if (down) {
                throw new OmsException(ErrorCode.BACKEND_UNAVAILABLE, "B's master is down", List.of(), Map.of(), null);
            }
            clock.advance(Duration.ofSeconds(1));
        }
    }

    /** Three abandoned orders at A (its whole stock), then five at B, all past their hold's expiry. */
    private List<Order> abandoned() {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            orders.add(world.placeOk(Cart.builder().add("MILK-1L", 1).build()).order());
        }
        assertThat(orders).extracting(Order::store).containsOnly(A, B).contains(B);
        clock.advance(Duration.ofMinutes(11));
        return orders;
    }

    private long cancelledAt(List<Order> orders, StoreId store) {
        return orders.stream()
                .filter(o -> o.store().equals(store))
                .filter(o -> world.oms.orders().get(o.id()).status() == OrderStatus.CANCELLED)
                .count();
    }

    @Test
    void aStoreWhoseBackendIsDownIsLeftAtItsFirstFailureWhileTheOthersAreRepaired() {
        List<Order> orders = abandoned();
        lock.down = true;

        Reconciler.Report report = world.oms.reconciler().run();

        assertThat(report.storesDeferred()).containsExactly(B);
        assertThat(lock.callsAboutB.get()).isEqualTo(1);
        assertThat(report.failures()).isEqualTo(1);
        assertThat(cancelledAt(orders, A)).isEqualTo(3);
        assertThat(cancelledAt(orders, B)).isZero();

        lock.down = false;
        Reconciler.Report later = world.oms.reconciler().run();

        assertThat(later.storesDeferred()).isEmpty();
        assertThat(cancelledAt(orders, B)).isEqualTo(5);
    }

    @Test
    void aSlowStoreStopsAtItsBudgetAndTheNextPassGoesOn() {
        List<Order> orders = abandoned();
        lock.slow = true;

        Reconciler.Report report = world.oms.reconciler().run();

        // Each call about B takes a second: the pass stops working on B once two seconds are spent.
        assertThat(report.storesDeferred()).containsExactly(B);
        assertThat(lock.callsAboutB.get()).isLessThanOrEqualTo(3);
        assertThat(cancelledAt(orders, A)).isEqualTo(3);
        assertThat(cancelledAt(orders, B)).isLessThan(5);

        lock.slow = false;
        world.oms.reconciler().run();
        assertThat(cancelledAt(orders, B)).isEqualTo(5);
    }
}
