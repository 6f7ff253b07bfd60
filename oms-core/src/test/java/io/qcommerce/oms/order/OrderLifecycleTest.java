package io.qcommerce.oms.order;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.BREAD;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.OmsEvent;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockLevel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OrderLifecycleTest {
    private static final Actor PAYMENTS = Actor.system("payments");
    private static final Actor PICKER = Actor.staff("picker-7");

    private final Fixture world = new Fixture().stock(A, MILK, 10).stock(A, BREAD, 10);
    private final OrderService orders = world.oms.orders();
    private final Order placed = world.placeOk(
                    Cart.builder().add("MILK-1L", 2).add("BREAD-400G", 1).build())
            .order();

    private StockLevel level(io.qcommerce.oms.catalog.SkuId sku) {
        return world.oms.inventory().availability(A, List.of(sku)).get(sku);
    }

    @Test
    void confirmingPaymentSellsTheHeldUnitsAndConfirmsTheOrder() {
        PaymentResult result = orders.confirmPayment(placed.id(), PAYMENTS);

        assertThat(result).isInstanceOfSatisfying(PaymentResult.Confirmed.class, c -> {
            assertThat(c.order().status()).isEqualTo(OrderStatus.CONFIRMED);
            assertThat(c.order().version()).isEqualTo(1);
            assertThat(c.order().history()).last().satisfies(h -> {
                assertThat(h.from()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
                assertThat(h.actor()).isEqualTo(PAYMENTS);
            });
        });
        assertThat(level(MILK))
                .extracting(StockLevel::onHand, StockLevel::reserved)
                .containsExactly(8L, 0L);
        assertThat(world.oms.inventory().reservation(A, placed.reservationId()))
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(ReservationStatus.CONFIRMED));
        assertThat(world.events(OmsEvent.OrderConfirmed.class)).hasSize(1);
    }

    @Test
    void confirmingPaymentTwiceChangesNothingTheSecondTime() {
        Order first = orders.confirmPayment(placed.id(), PAYMENTS).order();
        PaymentResult again = orders.confirmPayment(placed.id(), PAYMENTS);

        assertThat(again).isEqualTo(new PaymentResult.Confirmed(first));
        assertThat(level(MILK).onHand()).isEqualTo(8);
        assertThat(world.events(OmsEvent.OrderConfirmed.class)).hasSize(1);
    }

    @Test
    void paymentAtTheExpiryInstantIsRefusedAndTheOrderCancelled() {
        world.clock.advance(Duration.ofMinutes(10));

        PaymentResult result = orders.confirmPayment(placed.id(), PAYMENTS);

        assertThat(result).isInstanceOfSatisfying(PaymentResult.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(CancelReason.RESERVATION_EXPIRED);
            assertThat(r.order().status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(r.order().cancelReason()).contains(CancelReason.RESERVATION_EXPIRED);
        });
        assertThat(level(MILK))
                .extracting(StockLevel::onHand, StockLevel::reserved)
                .containsExactly(10L, 0L);
    }

    @Test
    void paymentJustBeforeExpiryIsAccepted() {
        world.clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(orders.confirmPayment(placed.id(), PAYMENTS)).isInstanceOf(PaymentResult.Confirmed.class);
    }

    @Test
    void failedPaymentReleasesTheHoldAndCancelsTheOrder() {
        Order cancelled = orders.paymentFailed(placed.id(), PAYMENTS);

        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.cancelReason()).contains(CancelReason.PAYMENT_FAILED);
        assertThat(level(MILK))
                .extracting(StockLevel::onHand, StockLevel::reserved)
                .containsExactly(10L, 0L);
        assertThat(orders.paymentFailed(placed.id(), PAYMENTS)).isEqualTo(cancelled);
        assertThat(orders.confirmPayment(placed.id(), PAYMENTS))
                .isEqualTo(new PaymentResult.Refused(cancelled, CancelReason.PAYMENT_FAILED));
    }

    @Test
    void paymentFailureAfterConfirmationIsAnIllegalTransitionAndChangesNothing() {
        Order confirmed = orders.confirmPayment(placed.id(), PAYMENTS).order();
        assertThatThrownBy(() -> orders.paymentFailed(placed.id(), PAYMENTS))
                .isInstanceOfSatisfying(OmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
                    assertThat(e.details()).containsEntry("status", "CONFIRMED");
                });
        assertThat(orders.get(placed.id())).isEqualTo(confirmed);
        assertThat(level(MILK).onHand()).isEqualTo(8);
    }

    @Test
    void orderGoesTheWholeFulfilmentPathWithAnAuditTrail() {
        orders.confirmPayment(placed.id(), PAYMENTS);
        orders.advance(placed.id(), OrderStatus.PICKING, PICKER);
        orders.advance(placed.id(), OrderStatus.PACKED, PICKER);
        orders.advance(placed.id(), OrderStatus.OUT_FOR_DELIVERY, Actor.staff("rider-3"));
        world.clock.advance(Duration.ofMinutes(9));
        Order delivered = orders.advance(placed.id(), OrderStatus.DELIVERED, Actor.staff("rider-3"));

        assertThat(delivered.history())
                .extracting(StatusChange::to)
                .containsExactly(
                        OrderStatus.AWAITING_PAYMENT,
                        OrderStatus.CONFIRMED,
                        OrderStatus.PICKING,
                        OrderStatus.PACKED,
                        OrderStatus.OUT_FOR_DELIVERY,
                        OrderStatus.DELIVERED);
        assertThat(delivered.updatedAt()).isEqualTo(world.clock.instant());
        assertThat(delivered.version()).isEqualTo(5);
        assertThat(world.events(OmsEvent.OrderStatusChanged.class)).hasSize(5);
        assertThat(orders.advance(placed.id(), OrderStatus.DELIVERED, PICKER))
                .as("repeat is a no-op")
                .isEqualTo(delivered);
        assertThatThrownBy(() -> orders.cancel(placed.id(), CancelReason.CUSTOMER, Actor.customer("asha")))
                .hasFieldOrPropertyWithValue("code", ErrorCode.ILLEGAL_TRANSITION);
    }

    @ParameterizedTest
    @EnumSource(
            value = OrderStatus.class,
            names = {"PACKED", "OUT_FOR_DELIVERY", "DELIVERED"})
    void skippingAStepIsAnIllegalTransitionAndChangesNothing(OrderStatus target) {
        Order confirmed = orders.confirmPayment(placed.id(), PAYMENTS).order();
        assertThatThrownBy(() -> orders.advance(placed.id(), target, PICKER))
                .hasFieldOrPropertyWithValue("code", ErrorCode.ILLEGAL_TRANSITION);
        assertThat(orders.get(placed.id())).isEqualTo(confirmed);
    }

    @Test
    void advanceBeforePaymentOrToConfirmedIsRefused() {
        assertThatThrownBy(() -> orders.advance(placed.id(), OrderStatus.PICKING, PICKER))
                .hasFieldOrPropertyWithValue("code", ErrorCode.ILLEGAL_TRANSITION);
        assertThatThrownBy(() -> orders.advance(placed.id(), OrderStatus.CONFIRMED, PICKER))
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_ARGUMENT);
        assertThat(orders.get(placed.id())).isEqualTo(placed);
    }

    @Test
    void cancellingAnOrderAwaitingPaymentGivesItsUnitsBack() {
        Order cancelled = orders.cancel(placed.id(), CancelReason.CUSTOMER, Actor.customer("asha"));

        assertThat(cancelled.cancelReason()).contains(CancelReason.CUSTOMER);
        assertThat(level(MILK))
                .extracting(StockLevel::onHand, StockLevel::reserved)
                .containsExactly(10L, 0L);
        assertThat(world.events(OmsEvent.OrderCancelled.class)).singleElement().satisfies(e -> assertThat(e.reason())
                .isEqualTo(CancelReason.CUSTOMER));
    }

    @Test
    void cancellingAPaidOrderRestocksItsUnitsOnce() {
        orders.confirmPayment(placed.id(), PAYMENTS);
        orders.advance(placed.id(), OrderStatus.PICKING, PICKER);

        Order cancelled = orders.cancel(placed.id(), CancelReason.STORE, PICKER);
        orders.cancel(placed.id(), CancelReason.STORE, PICKER);

        assertThat(cancelled.wasCancelledAfterPayment()).isTrue();
        assertThat(level(MILK))
                .extracting(StockLevel::onHand, StockLevel::reserved)
                .containsExactly(10L, 0L);
        assertThat(level(BREAD).onHand()).isEqualTo(10);
    }

    @Test
    void unknownOrderIsATypedError() {
        OrderId nope = OrderId.of("o-nope");
        assertThatThrownBy(() -> orders.get(nope)).hasFieldOrPropertyWithValue("code", ErrorCode.UNKNOWN_ORDER);
        assertThatThrownBy(() -> orders.confirmPayment(nope, PAYMENTS))
                .hasFieldOrPropertyWithValue("code", ErrorCode.UNKNOWN_ORDER);
        assertThatThrownBy(() -> orders.cancel(nope, CancelReason.CUSTOMER, PAYMENTS))
                .hasFieldOrPropertyWithValue("code", ErrorCode.UNKNOWN_ORDER);
    }

    @Test
    void ordersAreFoundByCustomerAndByStoreAndStatus() {
        Order second = world.placeOk(Cart.builder().add("MILK-1L", 1).build()).order();
        orders.confirmPayment(second.id(), PAYMENTS);

        assertThat(orders.byCustomer(Fixture.ASHA, 10))
                .extracting(Order::id)
                .containsExactlyInAnyOrder(placed.id(), second.id());
        assertThat(orders.byStoreAndStatus(A, OrderStatus.CONFIRMED, 10))
                .extracting(Order::id)
                .containsExactly(second.id());
        assertThat(orders.byStoreAndStatus(A, OrderStatus.AWAITING_PAYMENT, 10))
                .extracting(Order::id)
                .containsExactly(placed.id());
    }

    @Test
    void retryingACancelWhoseRestockFailedFinishesTheRestock() {
        io.qcommerce.oms.TestClock clock = io.qcommerce.oms.TestClock.atMorning();
        io.qcommerce.oms.spi.InventoryLock lock =
                org.mockito.Mockito.spy(new io.qcommerce.oms.memory.InMemoryInventoryLock(clock));
        Fixture w = new Fixture(
                        io.qcommerce.oms.Oms.builder(), clock, lock, new io.qcommerce.oms.memory.InMemoryStockLedger())
                .stock(A, MILK, 10);
        Order order = w.placeOk(Cart.builder().add("MILK-1L", 3).build()).order();
        w.oms.orders().confirmPayment(order.id(), PAYMENTS);
        org.mockito.Mockito.doThrow(new OmsException(ErrorCode.BACKEND_UNAVAILABLE, "connection reset"))
                .doCallRealMethod()
                .when(lock)
                .apply(org.mockito.ArgumentMatchers.argThat(c -> c.kind() == StockChange.Kind.RESTOCK));

        assertThatThrownBy(() -> w.oms.orders().cancel(order.id(), CancelReason.STORE, PICKER))
                .hasFieldOrPropertyWithValue("code", ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(w.available(A, MILK))
                .as("order cancelled, restock not yet done")
                .isEqualTo(7);

        Order cancelled = w.oms.orders().cancel(order.id(), CancelReason.STORE, PICKER);
        w.oms.orders().cancel(order.id(), CancelReason.STORE, PICKER);

        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(w.available(A, MILK)).as("restocked once, not twice").isEqualTo(10);
    }

    @Test
    void repeatingACancelLongAfterwardsDoesNotRestockAgain() {
        orders.confirmPayment(placed.id(), PAYMENTS);
        orders.cancel(placed.id(), CancelReason.CUSTOMER, Actor.customer("asha"));
        int eventsAfterCancel = world.events.size();
        world.clock.advance(Duration.ofDays(2)); // past the lock's retention of movement ids

        orders.cancel(placed.id(), CancelReason.CUSTOMER, Actor.customer("asha"));

        assertThat(level(MILK))
                .extracting(StockLevel::onHand, StockLevel::reserved)
                .containsExactly(10L, 0L);
        assertThat(world.events).hasSize(eventsAfterCancel);
    }
}
