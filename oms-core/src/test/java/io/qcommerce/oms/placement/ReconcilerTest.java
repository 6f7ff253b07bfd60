package io.qcommerce.oms.placement;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.PaymentResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    private final Fixture world = new Fixture().stock(A, MILK, 20);
    private final Cart two = Cart.builder().add("MILK-1L", 2).build();

    private StockLevel milk() {
        return world.oms.inventory().availability(A, List.of(MILK)).get(MILK);
    }

    @Test
    void abandonedOrderIsCancelledAsExpiredAndItsUnitsAreBack() {
        Order abandoned = world.placeOk(two).order();
        assertThat(world.oms.reconciler().run().ordersCancelled())
                .as("not yet expired")
                .isZero();

        world.clock.advance(Duration.ofMinutes(10));
        Reconciler.Report report = world.oms.reconciler().run();

        assertThat(report.ordersCancelled()).isEqualTo(1);
        Order after = world.oms.orders().get(abandoned.id());
        assertThat(after.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(after.cancelReason()).contains(CancelReason.RESERVATION_EXPIRED);
        assertThat(after.history()).last().satisfies(h -> assertThat(h.actor()).isEqualTo(Actor.system("reconciler")));
        assertThat(milk()).extracting(StockLevel::onHand, StockLevel::reserved).containsExactly(20L, 0L);
    }

    @Test
    void orderWhoseHoldWasConfirmedBeforeACrashIsConfirmed() {
        Order paid = world.placeOk(two).order();
        // The payment flow confirmed the hold, then died before it could update the order.
        assertThat(world.lock.confirm(A, paid.reservationId())).isInstanceOf(ConfirmResult.Confirmed.class);
        world.clock.advance(Duration.ofMinutes(15));

        Reconciler.Report report = world.oms.reconciler().run();

        assertThat(report.ordersConfirmed()).isEqualTo(1);
        assertThat(world.oms.orders().get(paid.id()).status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(milk()).extracting(StockLevel::onHand, StockLevel::reserved).containsExactly(18L, 0L);
    }

    @Test
    void secondRunChangesNothing() {
        Order abandoned = world.placeOk(two).order();
        world.clock.advance(Duration.ofMinutes(11));
        world.oms.reconciler().run();
        Order once = world.oms.orders().get(abandoned.id());

        Reconciler.Report again = world.oms.reconciler().run();

        assertThat(again).isEqualTo(new Reconciler.Report(0, 0, 0, 0, 0, 0));
        assertThat(world.oms.orders().get(abandoned.id())).isEqualTo(once);
        assertThat(milk().onHand()).isEqualTo(20);
    }

    @Test
    void racingPaymentsAndReconcilersAgreeOnEveryOrder() throws Exception {
        List<Order> placed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            placed.add(world.placeOk(two).order());
        }
        world.clock.advance(Duration.ofMinutes(10).minusMillis(1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (Order o : placed) {
                work.add(pool.submit(() -> world.oms.orders().confirmPayment(o.id(), Actor.system("payments"))));
            }
            work.add(pool.submit(() -> {
                world.clock.advance(Duration.ofMillis(1));
                return world.oms.reconciler().run();
            }));
            work.add(pool.submit(() -> world.oms.reconciler().run()));
            for (Future<?> f : work) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        world.oms.reconciler().run();

        long sold = 0;
        for (Order o : placed) {
            Order now = world.oms.orders().get(o.id());
            boolean holdConfirmed = world.oms
                            .inventory()
                            .reservation(A, o.reservationId())
                            .orElseThrow()
                            .status()
                    == io.qcommerce.oms.inventory.ReservationStatus.CONFIRMED;
            assertThat(now.status() == OrderStatus.CONFIRMED)
                    .as("order confirmed iff its hold is")
                    .isEqualTo(holdConfirmed);
            assertThat(now.status()).isIn(OrderStatus.CONFIRMED, OrderStatus.CANCELLED);
            sold += holdConfirmed ? 2 : 0;
            PaymentResult late = world.oms.orders().confirmPayment(o.id(), Actor.system("payments"));
            assertThat(late.order()).isEqualTo(now);
        }
        assertThat(milk()).extracting(StockLevel::onHand, StockLevel::reserved).containsExactly(20 - sold, 0L);
    }

    @Test
    void anOutageOfTheOrderStoreIsCountedNotThrown() {
        io.qcommerce.oms.spi.OrderRepository down =
                org.mockito.Mockito.mock(io.qcommerce.oms.spi.OrderRepository.class);
        org.mockito.Mockito.when(down.findAwaitingPaymentExpiredBy(
                        org.mockito.ArgumentMatchers.any(),
                        org.mockito.ArgumentMatchers.any(),
                        org.mockito.ArgumentMatchers.anyInt()))
                .thenThrow(new io.qcommerce.oms.error.OmsException(
                        io.qcommerce.oms.error.ErrorCode.BACKEND_UNAVAILABLE, "down"));
        Fixture w = new Fixture(io.qcommerce.oms.Oms.builder().orderRepository(down));

        assertThat(w.oms.reconciler().run().failures()).isEqualTo(1);
    }

    @Test
    void aHoldTheLockStillCountsAsLiveIsLeftAloneWhateverTheHostClockSays() {
        io.qcommerce.oms.TestClock lockClock = io.qcommerce.oms.TestClock.atMorning();
        Fixture w = new Fixture(
                        io.qcommerce.oms.Oms.builder(),
                        io.qcommerce.oms.TestClock.atMorning(),
                        new io.qcommerce.oms.memory.InMemoryInventoryLock(lockClock),
                        new io.qcommerce.oms.memory.InMemoryStockLedger())
                .stock(A, MILK, 5);
        Order order = w.placeOk(two).order();
        w.clock.advance(Duration.ofMinutes(11)); // the host's clock runs ahead...
        lockClock.advance(Duration.ofMinutes(9)); // ...of the lock's, which still counts the hold

        assertThat(w.oms.reconciler().run().ordersCancelled()).isZero();
        assertThat(w.oms.orders().confirmPayment(order.id(), Actor.system("payments")))
                .isInstanceOf(PaymentResult.Confirmed.class);
    }
}
