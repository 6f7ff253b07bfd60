package io.qcommerce.oms.order;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.ASHA;
import static io.qcommerce.oms.Fixture.BREAD;
import static io.qcommerce.oms.Fixture.EGGS;
import static io.qcommerce.oms.Fixture.HOME;
import static io.qcommerce.oms.Fixture.MILK;
import static io.qcommerce.oms.Fixture.OLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.picking.PickLine;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A picker hands over a substitute of no higher price for units that went short, where the customer allowed it. */
class SubstituteTest {
    private static final Actor PAYMENTS = Actor.system("payments");
    private static final Actor PICKER = Actor.staff("picker-7");

    private final Fixture world = new Fixture()
            .stock(A, MILK, 10)
            .stock(A, BREAD, 10)
            .stock(A, EGGS, 5)
            .stock(A, OLD, 5);
    private final OrderService orders = world.oms.orders();

    /** A paid order of 3 milk and 1 bread, waiting to be picked. */
    private Order paid(boolean substitutesAllowed) {
        PlaceOrderRequest request = PlaceOrderRequest.of(
                ASHA,
                world.newKey(),
                HOME,
                Cart.builder().add("MILK-1L", 3).add("BREAD-400G", 1).build());
        PlacementResult placed = world.oms.place(substitutesAllowed ? request.allowingSubstitutes() : request);
        Order order = ((PlacementResult.Placed) placed).order();
        assertThat(order.substitutesAllowed()).isEqualTo(substitutesAllowed);
        orders.confirmPayment(order.id(), PAYMENTS);
        return orders.get(order.id());
    }

    private StockLevel level(SkuId sku) {
        return world.oms.inventory().availability(A, List.of(sku)).get(sku);
    }

    private static ShortPick.Substitution eggs(int units) {
        return new ShortPick.Substitution(EGGS, units);
    }

    @Test
    void twoMissingMilkBecomeTwoEggsSoldFromTheShelfWithTheDifferenceRefunded() {
        Order order = paid(true);
        StockLevel milkBefore = level(MILK);
        StockLevel eggsBefore = level(EGGS);
        Money milk = order.line(MILK).orElseThrow().unitPrice();
        Money egg = Money.inr(6000);

        Order after = orders.shortPick(order.id(), MILK, 1, ShortPick.Cause.MISSING, eggs(2), PICKER);

        assertThat(after.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(after.line(MILK).orElseThrow().quantity()).isEqualTo(1);
        OrderLine substitute = after.line(EGGS).orElseThrow();
        assertThat(substitute.quantity()).isEqualTo(2);
        assertThat(substitute.unitPrice()).isEqualTo(egg);
        assertThat(after.substitutions()).containsOnlyKeys(EGGS);
        assertThat(after.heldLines()).extracting(OrderLine::sku).containsExactly(MILK, BREAD);
        assertThat(after.totals().itemCount()).isEqualTo(4);
        assertThat(after.totals().total())
                .isEqualTo(order.totals().total().minus(milk.times(2)).plus(egg.times(2)));
        assertThat(after.refundDue()).isEqualTo(milk.times(2).minus(egg.times(2)));

        // The missing milk was sold at payment and is written off; the eggs leave the shelf as sold.
        assertThat(level(MILK)).isEqualTo(milkBefore);
        assertThat(level(EGGS).onHand()).isEqualTo(eggsBefore.onHand() - 2);
        assertThat(level(EGGS).available()).isEqualTo(eggsBefore.available() - 2);
        assertThat(level(EGGS).reserved()).isZero();
        assertThat(world.oms
                        .inventory()
                        .reservation(A, after.substitutions().get(EGGS).substituteHold()))
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(ReservationStatus.CONFIRMED));
        assertThat(world.oms.recovery().movements(LedgerQuery.of(A, 100).types(Set.of(MovementType.WRITTEN_OFF))))
                .singleElement()
                .satisfies(m -> assertThat(m.quantity()).isEqualTo(2));
        assertThat(world.oms.reconciler().checkDrift(A).isClean()).isTrue();

        // One event says so, naming the substitute line.
        List<OrderEvent> shortened = world.oms.events().read(0, 1000).events().stream()
                .filter(e -> e.orderId().equals(order.id()) && e.type() == OrderEvent.Type.LINE_SHORTENED)
                .toList();
        assertThat(shortened).singleElement().satisfies(e -> {
            assertThat(e.shortPick().substitute()).isEqualTo(substitute);
            assertThat(e.refund()).isEqualTo(milk.times(2).minus(egg.times(2)));
        });

        // The picking list shows the eggs to pick.
        assertThat(world.oms.picking().list(A, 10).lines())
                .extracting(PickLine::sku)
                .contains(EGGS);

        // The picker's app sends it again: the same order, nothing sold twice.
        assertThat(orders.shortPick(order.id(), MILK, 1, ShortPick.Cause.MISSING, eggs(2), PICKER))
                .isEqualTo(after);
        assertThat(level(EGGS).onHand()).isEqualTo(eggsBefore.onHand() - 2);
    }

    @Test
    void aCancelledOrderPutsTheSubstituteBackAndTheDriftCheckStaysClean() {
        Order order = paid(true);
        long eggsOnHand = level(EGGS).onHand();
        orders.shortPick(order.id(), MILK, 2, ShortPick.Cause.DAMAGED, eggs(1), PICKER);

        Order cancelled = orders.cancel(order.id(), CancelReason.STORE, PICKER);

        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(level(EGGS).onHand()).isEqualTo(eggsOnHand);
        assertThat(world.oms.reconciler().checkDrift(A).isClean()).isTrue();
    }

    @Test
    void refusalsChangeNothingAndHoldNothing() {
        Order notAllowed = paid(false);
        Order allowed = paid(true);
        StockLevel eggsBefore = level(EGGS);

        assertCode(
                () -> orders.shortPick(notAllowed.id(), MILK, 1, ShortPick.Cause.MISSING, eggs(1), PICKER),
                ErrorCode.SUBSTITUTE_NOT_ALLOWED);
        // Eggs cost more than bread.
        assertCode(
                () -> orders.shortPick(allowed.id(), BREAD, 0, ShortPick.Cause.MISSING, eggs(1), PICKER),
                ErrorCode.SUBSTITUTE_NOT_ALLOWED);
        // Bread is a line of the order already.
        assertCode(
                () -> orders.shortPick(
                        allowed.id(), MILK, 1, ShortPick.Cause.MISSING, new ShortPick.Substitution(BREAD, 1), PICKER),
                ErrorCode.SUBSTITUTE_NOT_ALLOWED);
        // Inactive in the catalog.
        assertCode(
                () -> orders.shortPick(
                        allowed.id(), MILK, 1, ShortPick.Cause.MISSING, new ShortPick.Substitution(OLD, 1), PICKER),
                ErrorCode.SUBSTITUTE_NOT_ALLOWED);
        assertCode(
                () -> orders.shortPick(
                        allowed.id(),
                        MILK,
                        1,
                        ShortPick.Cause.MISSING,
                        new ShortPick.Substitution(SkuId.of("NO-SUCH"), 1),
                        PICKER),
                ErrorCode.UNKNOWN_SKU);
        // More substitute units than went short.
        assertCode(
                () -> orders.shortPick(allowed.id(), MILK, 1, ShortPick.Cause.MISSING, eggs(3), PICKER),
                ErrorCode.INVALID_QUANTITY);
        // More than the shelf has.
        world.oms.place(PlaceOrderRequest.of(
                Fixture.ASHA,
                world.newKey(),
                HOME,
                Cart.builder().add("EGGS-6", 4).build()));
        assertCode(
                () -> orders.shortPick(allowed.id(), MILK, 1, ShortPick.Cause.MISSING, eggs(2), PICKER),
                ErrorCode.INSUFFICIENT_STOCK);

        assertThat(orders.get(notAllowed.id())).isEqualTo(notAllowed);
        assertThat(orders.get(allowed.id())).isEqualTo(allowed);
        assertThat(level(EGGS).onHand()).isEqualTo(eggsBefore.onHand());
        assertThat(level(EGGS).reserved()).isEqualTo(4); // the other order's hold only
        for (int attempt = 0; attempt < 4; attempt++) {
            assertThat(world.oms.inventory().reservation(A, allowed.substituteHoldId(EGGS, attempt)))
                    .isEmpty();
        }
    }

    @Test
    void aHoldIdSpentByAnAttemptThatDiedBeforeRecordingIsNotReusedAndTheRetryGoesThrough() {
        Order order = paid(true);
        // An attempt held the eggs under its first id, then died before recording; its hold expired meanwhile.
        world.oms
                .inventory()
                .reserve(new io.qcommerce.oms.inventory.HoldRequest(
                        order.substituteHoldId(EGGS, 0),
                        A,
                        List.of(io.qcommerce.oms.inventory.HoldLine.of(EGGS, 2)),
                        java.time.Duration.ofMinutes(1)));
        world.clock.advance(java.time.Duration.ofMinutes(2));
        long eggsOnHand = level(EGGS).onHand();

        Order after = orders.shortPick(order.id(), MILK, 1, ShortPick.Cause.MISSING, eggs(2), PICKER);

        assertThat(after.substitutions().get(EGGS).substituteHold()).isEqualTo(order.substituteHoldId(EGGS, 1));
        assertThat(level(EGGS).onHand()).isEqualTo(eggsOnHand - 2);
        assertThat(level(EGGS).reserved()).isZero();
        assertThat(world.oms.reconciler().checkDrift(A).isClean()).isTrue();
    }

    @Test
    void aSubstituteWhoseSaleWasCutOffIsSoldWhenTheOrderMovesOnEvenAfterItsHoldExpired() {
        java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean(true);
        io.qcommerce.oms.TestClock clock = io.qcommerce.oms.TestClock.atMorning();
        io.qcommerce.oms.spi.InventoryLock real = new io.qcommerce.oms.memory.InMemoryInventoryLock(clock);
        // The confirm of a substitute hold is lost once: the change is recorded, the units still held.
        io.qcommerce.oms.spi.InventoryLock lock = io.qcommerce.oms.InterceptedLock.of(real, (method, args) -> {
            if (method.equals("confirm") && args[1].toString().startsWith("s-") && cut.getAndSet(false)) {
                throw new OmsException(
                        ErrorCode.OUTCOME_UNKNOWN, "connection lost", List.of(), java.util.Map.of(), null);
            }
        });
        Fixture crashy = new Fixture(
                        io.qcommerce.oms.Oms.builder(), clock, lock, new io.qcommerce.oms.memory.InMemoryStockLedger())
                .stock(A, MILK, 10)
                .stock(A, EGGS, 5);
        Order order = ((PlacementResult.Placed) crashy.oms.place(PlaceOrderRequest.of(
                                ASHA,
                                crashy.newKey(),
                                HOME,
                                Cart.builder().add("MILK-1L", 3).build())
                        .allowingSubstitutes()))
                .order();
        crashy.oms.orders().confirmPayment(order.id(), PAYMENTS);

        assertThatThrownBy(() ->
                        crashy.oms.orders().shortPick(order.id(), MILK, 1, ShortPick.Cause.MISSING, eggs(2), PICKER))
                .isInstanceOfSatisfying(
                        OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN));
        assertThat(crashy.oms.orders().get(order.id()).substitutions()).containsOnlyKeys(EGGS);
        // Nobody repeats the call; the hold's time to live passes, then the picker moves the order on.
        clock.advance(java.time.Duration.ofMinutes(11));
        crashy.oms.orders().advance(order.id(), OrderStatus.PICKING, PICKER);

        StockLevel eggs = crashy.oms.inventory().availability(A, List.of(EGGS)).get(EGGS);
        assertThat(eggs.onHand()).isEqualTo(3);
        assertThat(eggs.reserved()).isZero();
        assertThat(crashy.oms.reconciler().checkDrift(A).isClean()).isTrue();
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.code())
                .isEqualTo(code));
    }
}
