package io.qcommerce.oms.report;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.B;
import static io.qcommerce.oms.Fixture.C;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportsTest {
    private final Fixture world = new Fixture().stock(A, MILK, 100).stock(B, MILK, 7);
    private final Cart two = Cart.builder().add(MILK.value(), 2).build();

    private Order delivered() {
        Order order = world.placeOk(two).order();
        world.oms.orders().confirmPayment(order.id(), Actor.system("pg"));
        for (OrderStatus s :
                List.of(OrderStatus.PICKING, OrderStatus.PACKED, OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED)) {
            world.oms.orders().advance(order.id(), s, Actor.staff("ravi"));
        }
        return world.oms.orders().get(order.id());
    }

    @Test
    void storePerformanceCountsThePeriodsOrdersByOutcome() {
        Instant from = world.clock.instant();
        delivered();
        delivered();
        Order returned = delivered();
        world.oms.orders().recordReturn(returned.id(), true, Actor.staff("ravi"));
        Order byCustomer = world.placeOk(two).order();
        world.oms.orders().cancel(byCustomer.id(), CancelReason.CUSTOMER, Actor.customer("asha"));
        Order failed = world.placeOk(two).order();
        world.oms.orders().paymentFailed(failed.id(), Actor.system("pg"));
        world.placeOk(two);
        world.clock.advance(Duration.ofMinutes(1));
        Instant to = world.clock.instant();
        world.placeOk(two);

        StorePerformance p = world.oms.reports().storePerformance(A, from, to);
        assertThat(p.placed()).isEqualTo(6);
        assertThat(p.paid()).isEqualTo(3);
        assertThat(p.delivered()).isEqualTo(2);
        assertThat(p.returned()).isEqualTo(1);
        assertThat(p.cancelled()).isEqualTo(2);
        assertThat(p.cancelledByReason()).isEqualTo(Map.of(CancelReason.CUSTOMER, 1L, CancelReason.PAYMENT_FAILED, 1L));
        assertThat(p.inProgress()).isEqualTo(1);
        assertThat(p.revenue()).isEqualTo(Money.inr(2 * 2 * 6500));
        assertThat(p.successRate()).isEqualTo(2.0 / 5);
        assertThat(world.oms.reports().storePerformance(B, from, to).placed()).isZero();
    }

    @Test
    void aReportOfAnUnknownStoreOrABackwardPeriodIsATypedError() {
        Instant now = world.clock.instant();
        Throwable unknown = catchThrowable(() -> world.oms.reports().storePerformance(StoreId.of("NOPE"), now, now));
        assertThat(((OmsException) unknown).code()).isEqualTo(ErrorCode.UNKNOWN_STORE);
        Throwable backward = catchThrowable(() -> world.oms.reports().storePerformance(A, now, now.minusSeconds(1)));
        assertThat(((OmsException) backward).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void stockOfASkuAcrossStoresListsEveryStore() {
        world.placeOk(two);
        assertThat(world.oms.reports().stockAcrossStores(MILK))
                .extracting(StockLevel::store, StockLevel::onHand, StockLevel::reserved)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(A, 100L, 2L),
                        org.assertj.core.groups.Tuple.tuple(C, 0L, 0L),
                        org.assertj.core.groups.Tuple.tuple(B, 7L, 0L));
    }
}
