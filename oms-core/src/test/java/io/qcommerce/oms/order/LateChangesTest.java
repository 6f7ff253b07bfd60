package io.qcommerce.oms.order;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.BREAD;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.config.CancellationPolicy;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.picking.PickLine;
import io.qcommerce.oms.report.StorePerformance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What happens late in an order's life: who may still cancel it, short picks, and returns unit by unit. */
class LateChangesTest {
    private static final Actor PAYMENTS = Actor.system("payments");
    private static final Actor PICKER = Actor.staff("picker-7");
    private static final Actor ASHA = Actor.customer("asha");

    private final Fixture world = new Fixture().stock(A, MILK, 10).stock(A, BREAD, 10);
    private final OrderService orders = world.oms.orders();

    /** A paid order of 3 milk and 1 bread, moved on to {@code status}. */
    private Order paid(OrderStatus status) {
        Order order = world.placeOk(
                        Cart.builder().add("MILK-1L", 3).add("BREAD-400G", 1).build())
                .order();
        orders.confirmPayment(order.id(), PAYMENTS);
        for (OrderStatus step :
                List.of(OrderStatus.PICKING, OrderStatus.PACKED, OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED)) {
            if (step.ordinal() > status.ordinal()) {
                break;
            }
            orders.advance(order.id(), step, PICKER);
        }
        return orders.get(order.id());
    }

    private StockLevel level(SkuId sku) {
        return world.oms.inventory().availability(A, List.of(sku)).get(sku);
    }

    private List<OrderEvent> eventsOf(Order order) {
        return world.oms.events().read(0, 10_000).events().stream()
                .filter(e -> e.orderId().equals(order.id()))
                .toList();
    }

    private List<StockMovement> writeOffs() {
        return world.oms.recovery().movements(LedgerQuery.of(A, 100).types(Set.of(MovementType.WRITTEN_OFF)));
    }

    @ParameterizedTest
    @EnumSource(
            value = OrderStatus.class,
            names = {"OUT_FOR_DELIVERY", "DELIVERED"})
    void noOneCancelsAnOrderOnItsWayOrDeliveredAndNothingChanges(OrderStatus status) {
        Order order = paid(status);
        StockLevel milkBefore = level(MILK);
        long lastPosition = world.oms.events().read(0, 10_000).position();

        for (Actor who : List.of(ASHA, PICKER, Actor.admin("ops"))) {
            assertThatThrownBy(() -> orders.cancel(order.id(), CancelReason.CUSTOMER, who))
                    .isInstanceOfSatisfying(
                            OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION));
        }

        assertThat(orders.get(order.id())).isEqualTo(order);
        assertThat(level(MILK)).isEqualTo(milkBefore);
        assertThat(world.oms.events().read(lastPosition, 10).events()).isEmpty();
    }

    @Test
    void aCustomerCancelsBeforePackingButNotOncePackedWhileTheStoreStillMay() {
        Order picking = paid(OrderStatus.PICKING);
        Order packed = paid(OrderStatus.PACKED);

        assertThat(orders.cancel(picking.id(), CancelReason.CUSTOMER, ASHA).status())
                .isEqualTo(OrderStatus.CANCELLED);
        assertThatThrownBy(() -> orders.cancel(packed.id(), CancelReason.CUSTOMER, ASHA))
                .isInstanceOfSatisfying(OmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CANCELLATION_NOT_ALLOWED);
                    assertThat(e.details()).containsEntry("status", "PACKED").containsEntry("actor", "CUSTOMER");
                });
        assertThat(orders.get(packed.id())).isEqualTo(packed);

        Order byStore = orders.cancel(packed.id(), CancelReason.STORE, PICKER);
        assertThat(byStore.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(byStore.history()).last().satisfies(h -> {
            assertThat(h.actor()).isEqualTo(PICKER);
            assertThat(h.refund()).isEqualTo(packed.totals().total());
        });
    }

    @Test
    void thePolicyIsTheHostsToSet() {
        Fixture strict = new Fixture(OmsConfig.builder()
                        .cancellation(CancellationPolicy.builder()
                                .latest(Actor.Type.CUSTOMER, OrderStatus.AWAITING_PAYMENT)
                                .build())
                        .build())
                .stock(A, MILK, 10);
        Order order = strict.placeOk(Cart.builder().add("MILK-1L", 1).build()).order();
        strict.oms.orders().confirmPayment(order.id(), PAYMENTS);

        assertThatThrownBy(() -> strict.oms.orders().cancel(order.id(), CancelReason.CUSTOMER, ASHA))
                .isInstanceOfSatisfying(
                        OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLATION_NOT_ALLOWED));
        assertThatThrownBy(() -> CancellationPolicy.builder().latest(Actor.Type.ADMIN, OrderStatus.OUT_FOR_DELIVERY))
                .isInstanceOfSatisfying(
                        OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    }

    @Test
    void aShortPickOfTwoOfThreeShortensTheLineWritesTwoOffRecordsTheRefundAndSaysSoOnce() {
        Order order = paid(OrderStatus.PICKING);
        StockLevel milkBefore = level(MILK);
        Money unit = order.line(MILK).orElseThrow().unitPrice();

        Order shortened = orders.shortPick(order.id(), MILK, 1, ShortPick.Cause.MISSING, PICKER);

        OrderLine milk = shortened.line(MILK).orElseThrow();
        assertThat(milk.quantity()).isEqualTo(1);
        assertThat(milk.shortPicked()).isEqualTo(2);
        assertThat(shortened.status()).isEqualTo(OrderStatus.PICKING);
        assertThat(shortened.totals().total()).isEqualTo(order.totals().total().minus(unit.times(2)));
        assertThat(shortened.totals().itemCount()).isEqualTo(2);
        assertThat(shortened.refundDue()).isEqualTo(unit.times(2));
        assertThat(shortened.history()).last().satisfies(h -> {
            assertThat(h.actor()).isEqualTo(PICKER);
            assertThat(h.refund()).isEqualTo(unit.times(2));
            assertThat(h.shortPick()).isEqualTo(new ShortPick(MILK, 2, ShortPick.Cause.MISSING));
        });
        // The units were sold at confirmation: the counters do not move, the ledger says where they went.
        assertThat(level(MILK)).isEqualTo(milkBefore);
        assertThat(writeOffs()).singleElement().satisfies(m -> {
            assertThat(m.quantity()).isEqualTo(2);
            assertThat(m.resource().skuId()).isEqualTo(MILK);
            assertThat(m.reference()).isEqualTo(order.id().value());
        });
        assertThat(world.oms.reconciler().checkDrift(A).isClean()).isTrue();
        List<OrderEvent> shorts = eventsOf(shortened).stream()
                .filter(e -> e.type() == OrderEvent.Type.LINE_SHORTENED)
                .toList();
        assertThat(shorts).singleElement().satisfies(e -> assertThat(e.refund()).isEqualTo(unit.times(2)));

        // The picker's app sends it again: nothing more happens.
        Order again = orders.shortPick(order.id(), MILK, 1, ShortPick.Cause.MISSING, PICKER);
        assertThat(again).isEqualTo(shortened);
        assertThat(writeOffs()).hasSize(1);
        assertThat(eventsOf(shortened)).hasSize(shortened.history().size());
    }

    @Test
    void aShortPickAsksForFewerUnitsThanTheLineHasOfASkuItHas() {
        Order order = paid(OrderStatus.PICKING);
        assertThatThrownBy(() -> orders.shortPick(order.id(), MILK, 3, ShortPick.Cause.DAMAGED, PICKER))
                .isInstanceOfSatisfying(
                        OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUANTITY));
        assertThatThrownBy(() -> orders.shortPick(order.id(), Fixture.EGGS, 0, ShortPick.Cause.DAMAGED, PICKER))
                .isInstanceOfSatisfying(
                        OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_SKU));
        Order packed = paid(OrderStatus.PACKED);
        assertThatThrownBy(() -> orders.shortPick(packed.id(), MILK, 1, ShortPick.Cause.DAMAGED, PICKER))
                .isInstanceOfSatisfying(
                        OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION));
        assertThat(orders.get(order.id())).isEqualTo(order);
        assertThat(writeOffs()).isEmpty();
    }

    @Test
    void anOrderWithNothingLeftIsCancelledByTheStoreWithItsRefundDue() {
        Order order = paid(OrderStatus.PICKING);
        long milkOnHand = level(MILK).onHand();
        long breadOnHand = level(BREAD).onHand();

        orders.shortPick(order.id(), BREAD, 0, ShortPick.Cause.DAMAGED, PICKER);
        Order last = orders.shortPick(order.id(), MILK, 0, ShortPick.Cause.MISSING, PICKER);

        assertThat(last.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(last.cancelReason()).contains(CancelReason.STORE);
        assertThat(last.refundDue()).isEqualTo(order.totals().total());
        assertThat(last.totals().itemCount()).isZero();
        // Nothing was delivered, so nothing is restocked: all four units are written off.
        assertThat(level(MILK).onHand()).isEqualTo(milkOnHand);
        assertThat(level(BREAD).onHand()).isEqualTo(breadOnHand);
        assertThat(writeOffs()).extracting(StockMovement::quantity).containsExactlyInAnyOrder(1L, 3L);
        assertThat(eventsOf(last))
                .extracting(OrderEvent::type)
                .endsWith(OrderEvent.Type.LINE_SHORTENED, OrderEvent.Type.CANCELLED);
        assertThat(world.oms.reconciler().checkDrift(A).isClean()).isTrue();
    }

    @Test
    void cancellingAfterAShortPickPutsBackOnlyTheUnitsThatWerePicked() {
        Order order = paid(OrderStatus.PICKING);
        long onHand = level(MILK).onHand();
        orders.shortPick(order.id(), MILK, 1, ShortPick.Cause.DAMAGED, PICKER);

        Order cancelled = orders.cancel(order.id(), CancelReason.STORE, PICKER);

        assertThat(level(MILK).onHand()).isEqualTo(onHand + 1);
        assertThat(cancelled.refundDue()).isEqualTo(order.totals().total());
        assertThat(world.oms.reconciler().checkDrift(A).isClean()).isTrue();
    }

    @Test
    void aFailedDeliveryComesBackAsAReturnThatSaysWhatCanBeSoldAgain() {
        Order order = paid(OrderStatus.OUT_FOR_DELIVERY);
        long milkOnHand = level(MILK).onHand();
        long breadOnHand = level(BREAD).onHand();

        Order back = orders.recordReturn(order.id(), Map.of(MILK, 2, BREAD, 0), Actor.staff("rider-3"));

        assertThat(back.status()).isEqualTo(OrderStatus.RETURNED);
        assertThat(back.refundDue()).isEqualTo(order.totals().total());
        assertThat(level(MILK).onHand()).isEqualTo(milkOnHand + 2);
        assertThat(level(BREAD).onHand()).isEqualTo(breadOnHand);
        assertThat(writeOffs())
                .extracting(m -> m.resource().skuId(), StockMovement::quantity)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(MILK, 1L), org.assertj.core.groups.Tuple.tuple(BREAD, 1L));

        Order again = orders.recordReturn(order.id(), Map.of(MILK, 2, BREAD, 0), Actor.staff("rider-3"));
        assertThat(again).isEqualTo(back);
        assertThat(level(MILK).onHand()).isEqualTo(milkOnHand + 2);
        assertThat(writeOffs()).hasSize(2);
        assertThat(world.oms.reconciler().checkDrift(A).isClean()).isTrue();
    }

    @Test
    void aReturnOfMoreUnitsThanWereDeliveredIsRefused() {
        Order order = paid(OrderStatus.DELIVERED);
        assertThatThrownBy(() -> orders.recordReturn(order.id(), Map.of(MILK, 4), PICKER))
                .isInstanceOfSatisfying(
                        OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUANTITY));
        assertThat(orders.get(order.id())).isEqualTo(order);
    }

    @Test
    void picklistsAndTheStoreReportAccountForShortPicks() {
        Order first = paid(OrderStatus.CONFIRMED);
        paid(OrderStatus.CONFIRMED);
        orders.shortPick(first.id(), MILK, 1, ShortPick.Cause.MISSING, PICKER);

        assertThat(world.oms.picking().list(A, 10).lines())
                .filteredOn(l -> l.sku().equals(MILK))
                .singleElement()
                .extracting(PickLine::units)
                .isEqualTo(4L);
        StorePerformance report = world.oms
                .reports()
                .storePerformance(A, Instant.EPOCH, world.clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(report.shortPickedUnits()).isEqualTo(2);
        assertThat(report.shortPickedOrders()).isEqualTo(1);
    }
}
