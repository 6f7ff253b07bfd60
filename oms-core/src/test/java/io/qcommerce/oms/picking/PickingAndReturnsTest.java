package io.qcommerce.oms.picking;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.B;
import static io.qcommerce.oms.Fixture.BREAD;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The picking list of a store, and returns after delivery. */
class PickingAndReturnsTest {
    private final Fixture world = new Fixture().stock(A, BREAD, 20).stock(B, BREAD, 20);
    private final Batch early = Batch.of("E", world.clock.instant().plus(Duration.ofDays(2)));
    private final Batch late = Batch.of("L", world.clock.instant().plus(Duration.ofDays(6)));

    PickingAndReturnsTest() {
        world.oms
                .inventory()
                .apply(StockChange.receive(A, MILK, 3)
                        .batch(early)
                        .id(MovementId.of("g1"))
                        .build());
        world.oms
                .inventory()
                .apply(StockChange.receive(A, MILK, 10)
                        .batch(late)
                        .id(MovementId.of("g2"))
                        .build());
    }

    private Order paid(Cart cart) {
        Order order = world.placeOk(cart).order();
        world.oms.orders().confirmPayment(order.id(), Actor.system("pg"));
        world.clock.advance(Duration.ofSeconds(5));
        return world.oms.orders().get(order.id());
    }

    @Test
    void theListAggregatesConfirmedOrdersBySkuWithTheirBatchesOldestFirst() {
        Order first =
                paid(Cart.builder().add(MILK.value(), 2).add(BREAD.value(), 1).build());
        Order second = paid(Cart.builder().add(MILK.value(), 3).build());
        world.placeOk(Cart.builder().add(BREAD.value(), 4).build());
        Order cancelled = paid(Cart.builder().add(BREAD.value(), 2).build());
        world.oms.orders().cancel(cancelled.id(), CancelReason.STORE, Actor.staff("ravi"));

        PickingList list = world.oms.picking().list(A, 50);
        assertThat(list.orders()).containsExactly(first.id(), second.id());
        assertThat(list.lines())
                .containsExactly(
                        new PickLine(BREAD, "Bread 400 g", 1, 1, List.of()),
                        new PickLine(MILK, "Milk 1 L", 5, 2, List.of(new BatchTake(early, 3), new BatchTake(late, 2))));
        assertThat(world.oms.picking().list(A, 1).orders()).containsExactly(first.id());
    }

    @Test
    void pickingAnOrderMovesItOnAndOffTheList() {
        Order first = paid(Cart.builder().add(MILK.value(), 1).build());
        Order second = paid(Cart.builder().add(MILK.value(), 1).build());
        Order picking = world.oms.picking().startPicking(first.id(), Actor.staff("ravi"));
        assertThat(picking.status()).isEqualTo(OrderStatus.PICKING);
        assertThat(world.oms.picking().startPicking(first.id(), Actor.staff("ravi")))
                .isEqualTo(picking);
        assertThat(world.oms.picking().list(A, 50).orders()).containsExactly(second.id());
    }

    private Order delivered(Cart cart) {
        Order order = paid(cart);
        for (OrderStatus s :
                List.of(OrderStatus.PICKING, OrderStatus.PACKED, OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED)) {
            world.oms.orders().advance(order.id(), s, Actor.staff("ravi"));
        }
        return world.oms.orders().get(order.id());
    }

    @Test
    void aResellableReturnPutsTheUnitsBackIntoTheirBatchesOnce() {
        Order order = delivered(
                Cart.builder().add(MILK.value(), 4).add(BREAD.value(), 2).build());
        assertThat(world.available(A, BREAD)).isEqualTo(18);
        Order returned = world.oms.orders().recordReturn(order.id(), true, Actor.staff("ravi"));
        assertThat(returned.status()).isEqualTo(OrderStatus.RETURNED);
        assertThat(world.oms.orders().recordReturn(order.id(), true, Actor.staff("ravi")))
                .isEqualTo(returned);
        assertThat(world.available(A, BREAD)).isEqualTo(20);
        assertThat(world.oms.inventory().batches(A, MILK))
                .extracting(BatchLevel::onHand)
                .containsExactly(3L, 10L);
    }

    @Test
    void anUnsellableReturnLeavesTheStockAlone() {
        Order order = delivered(Cart.builder().add(BREAD.value(), 2).build());
        world.oms.orders().recordReturn(order.id(), false, Actor.staff("ravi"));
        assertThat(world.available(A, BREAD)).isEqualTo(18);
        assertThat(world.oms.orders().get(order.id()).history().get(6).reason()).isEqualTo("NOT_RESELLABLE");
    }

    @Test
    void onlyADeliveredOrderCanBeReturnedAndAReturnedOneCannotBeCancelled() {
        Order paid = paid(Cart.builder().add(BREAD.value(), 1).build());
        Throwable early = catchThrowable(() -> world.oms.orders().recordReturn(paid.id(), true, Actor.staff("ravi")));
        assertThat(((OmsException) early).code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
        assertThat(world.oms.orders().get(paid.id()).status()).isEqualTo(OrderStatus.CONFIRMED);
        Order order = delivered(Cart.builder().add(BREAD.value(), 1).build());
        world.oms.orders().recordReturn(order.id(), true, Actor.staff("ravi"));
        Throwable cancel =
                catchThrowable(() -> world.oms.orders().cancel(order.id(), CancelReason.CUSTOMER, Actor.staff("ravi")));
        assertThat(((OmsException) cancel).code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
    }
}
