package io.qcommerce.oms.ledger;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.TestClock;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.memory.InMemoryStockLedger;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.PaymentResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One clock decides expiry: the lock's. With the host's clock ahead of or behind the lock's, a drift check with
 * nothing lost is clean, a rebuild after a loss restores every hold the lock still counts as live, and every such
 * order pays.
 */
class LockClockTest {
    @ParameterizedTest(name = "host clock {0} s off the lock's")
    @ValueSource(ints = {2, -2, 120, -120})
    void theLocksClockDecidesWhichHoldsAreLive(int skewSeconds) {
        TestClock lockClock = TestClock.atMorning();
        TestClock hostClock = new TestClock(lockClock.instant().plusSeconds(skewSeconds));
        SwappableLock lock = new SwappableLock(lockClock);
        Fixture world = new Fixture(Oms.builder(), hostClock, lock, new InMemoryStockLedger()).stock(A, MILK, 50);
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            orders.add(world.placeOk(Cart.builder().add("MILK-1L", 1).build()).order());
        }
        // One second before the holds expire by the lock's clock (placement's default TTL is ten minutes).
        Duration almost = Duration.ofMinutes(10).minusSeconds(1);
        lockClock.advance(almost);
        hostClock.advance(almost);

        assertThat(world.oms.reconciler().checkDrift(A).drifts()).isEmpty();

        lock.lose();
        RebuildReport rebuilt = world.oms.recovery().rebuild(A);

        assertThat(rebuilt.holdsRestored()).hasSize(5);
        assertThat(world.oms.reconciler().checkDrift(A).drifts()).isEmpty();
        for (Order order : orders) {
            assertThat(world.oms.orders().confirmPayment(order.id(), Actor.system("payments")))
                    .isInstanceOf(PaymentResult.Confirmed.class);
        }
        assertThat(world.oms
                        .inventory()
                        .availability(A, List.of(MILK))
                        .get(MILK)
                        .onHand())
                .isEqualTo(45);
    }
}
