package io.qcommerce.oms.ledger;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.ASHA;
import static io.qcommerce.oms.Fixture.BREAD;
import static io.qcommerce.oms.Fixture.HOME;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.TestClock;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.PaymentResult;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.spi.StockLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lock's data is lost mid-run; the durable record (ledger and orders) brings every counter back. */
class RecoveryFlowTest {
    private final TestClock clock = TestClock.atMorning();
    private final SwappableLock lock = new SwappableLock(clock);
    private final FlakyLedger ledger = new FlakyLedger();
    private final Fixture world = new Fixture(Oms.builder(), clock, lock, ledger);
    private final Oms oms = world.oms;
    private final Batch early = Batch.of("M-EARLY", clock.instant().plus(Duration.ofDays(4)));
    private final Batch late = Batch.of("M-LATE", clock.instant().plus(Duration.ofDays(8)));
    private DeliverySlot slot;

    private void aMorningOfTrade(List<Order> awaiting, List<Order> paid) {
        oms.inventory()
                .apply(StockChange.receive(A, MILK, 10)
                        .batch(early)
                        .id(MovementId.of("grn-1"))
                        .build());
        oms.inventory()
                .apply(StockChange.receive(A, MILK, 20)
                        .batch(late)
                        .id(MovementId.of("grn-2"))
                        .build());
        oms.inventory()
                .apply(StockChange.receive(A, BREAD, 30)
                        .id(MovementId.of("grn-3"))
                        .build());
        oms.inventory()
                .apply(StockChange.adjust(A, BREAD, -2)
                        .reason("damaged")
                        .id(MovementId.of("adj-1"))
                        .build());
        Instant start = world.clock.instant().plus(Duration.ofHours(3));
        slot = world.createSlot("noon", A, start, 5, Duration.ofHours(1));
        for (int i = 0; i < 8; i++) {
            PlaceOrderRequest request = PlaceOrderRequest.of(
                    ASHA,
                    world.newKey(),
                    HOME,
                    Cart.builder().add(MILK.value(), 3).add(BREAD.value(), 1).build());
            if (i % 3 == 0) {
                request = request.inSlot(slot.id());
            }
            Order order = ((PlacementResult.Placed) oms.place(request)).order();
            if (i < 5) {
                assertThat(oms.orders().confirmPayment(order.id(), Actor.system("pg")))
                        .isInstanceOf(PaymentResult.Confirmed.class);
                paid.add(oms.orders().get(order.id()));
            } else {
                awaiting.add(order);
            }
        }
        oms.orders().cancel(paid.get(0).id(), CancelReason.CUSTOMER, Actor.customer(ASHA.value()));
        oms.orders().advance(paid.get(1).id(), OrderStatus.PICKING, Actor.staff("ravi"));
    }

    @Test
    void aRebuildBringsBackEveryCounterAndHoldAfterTheLockLostEverything() {
        List<Order> awaiting = new ArrayList<>();
        List<Order> paid = new ArrayList<>();
        aMorningOfTrade(awaiting, paid);
        Map<Resource, StockLevel> before = lock.allLevels(A);
        List<BatchLevel> batchesBefore = lock.batches(A, MILK);
        assertThat(oms.reconciler().checkDrift(A).drifts())
                .as("lock and record agree before the loss")
                .isEmpty();

        lock.lose();
        DriftReport lost = oms.recovery().checkDrift(A);
        assertThat(lost.isClean()).isFalse();
        assertThat(lost.drifts()).anySatisfy(d -> {
            assertThat(d.resource()).isEqualTo(Resource.sku(MILK));
            assertThat(d.counter()).isEqualTo("onHand");
            assertThat(d.actual()).isZero();
        });

        RebuildReport report = oms.recovery().rebuild(A);
        assertThat(report.problems()).isEmpty();
        assertThat(report.holdsDropped()).isEmpty();
        assertThat(report.holdsRestored())
                .extracting(r -> r.value())
                .containsExactlyInAnyOrderElementsOf(
                        awaiting.stream().map(o -> o.reservationId().value()).toList());
        assertThat(lock.allLevels(A)).isEqualTo(before);
        assertThat(lock.batches(A, MILK)).isEqualTo(batchesBefore);
        assertThat(oms.recovery().checkDrift(A).drifts()).isEmpty();

        oms.recovery().rebuild(A);
        assertThat(lock.allLevels(A)).as("a second rebuild changes nothing").isEqualTo(before);

        // The orders awaiting payment pay as if nothing happened, and no sold unit is sold again.
        for (Order order : awaiting) {
            assertThat(oms.orders().confirmPayment(order.id(), Actor.system("pg")))
                    .isInstanceOf(PaymentResult.Confirmed.class);
        }
        StockLevel milk = lock.levels(A, List.of(Resource.sku(MILK))).get(Resource.sku(MILK));
        long sold = 3L * (paid.size() - 1 + awaiting.size());
        assertThat(milk.onHand()).isEqualTo(30 - sold);
        assertThat(milk.reserved()).isZero();
        assertThat(lock.levels(A, List.of(slot.id().resource()))
                        .get(slot.id().resource())
                        .onHand())
                .as("three bookings paid, the cancelled one given back")
                .isEqualTo(5 - 2);
    }

    @Test
    void holdsThatExpiredDuringTheOutageAreNotRestored() {
        List<Order> awaiting = new ArrayList<>();
        aMorningOfTrade(awaiting, new ArrayList<>());
        lock.lose();
        world.clock.advance(oms.config().holdTtl());
        RebuildReport report = oms.recovery().rebuild(A);
        assertThat(report.holdsRestored()).isEmpty();
        assertThat(lock.levels(A, List.of(Resource.sku(MILK)))
                        .get(Resource.sku(MILK))
                        .reserved())
                .isZero();
        oms.reconciler().run();
        for (Order order : awaiting) {
            assertThat(oms.orders().get(order.id()).status()).isEqualTo(OrderStatus.CANCELLED);
        }
    }

    @Test
    void theShipperCopiesWhatOnlyTheLockSawAndTheLedgerAnswersByTypeAndSku() {
        aMorningOfTrade(new ArrayList<>(), new ArrayList<>());
        assertThat(oms.recovery().movements(LedgerQuery.of(A, 100).types(EnumSet.of(MovementType.SOLD))))
                .isEmpty();
        int shipped = oms.reconciler().run().movementsShipped();
        assertThat(shipped).isPositive();
        assertThat(oms.reconciler().run().movementsShipped()).isZero();
        List<StockMovement> sold = oms.recovery()
                .movements(LedgerQuery.of(A, 100).resource(Resource.sku(MILK)).types(EnumSet.of(MovementType.SOLD)));
        assertThat(sold.stream().mapToLong(StockMovement::quantity).sum()).isEqualTo(15);
        List<StockMovement> adjustments =
                oms.recovery().movements(LedgerQuery.of(A, 100).types(EnumSet.of(MovementType.ADJUSTED)));
        assertThat(adjustments).singleElement().satisfies(m -> {
            assertThat(m.note()).isEqualTo("damaged");
            assertThat(m.quantity()).isEqualTo(-2);
        });
        // Conservation from the ledger alone.
        long onHand = 0;
        long reserved = 0;
        for (StockMovement m : oms.recovery().movements(LedgerQuery.of(A, 1000).resource(Resource.sku(MILK)))) {
            onHand += m.onHandEffect();
            reserved += m.reservedEffect();
        }
        StockLevel milk = lock.levels(A, List.of(Resource.sku(MILK))).get(Resource.sku(MILK));
        assertThat(onHand).isEqualTo(milk.onHand());
        assertThat(reserved).isEqualTo(milk.reserved());
    }

    @Test
    void afterARebuildTheShipperCarriesOnWithTheLocksNewRecord() {
        aMorningOfTrade(new ArrayList<>(), new ArrayList<>());
        oms.reconciler().run();
        lock.lose();
        oms.recovery().rebuild(A);
        Order after = ((PlacementResult.Placed) oms.place(PlaceOrderRequest.of(
                        ASHA,
                        world.newKey(),
                        HOME,
                        Cart.builder().add(BREAD.value(), 2).build())))
                .order();
        oms.orders().confirmPayment(after.id(), Actor.system("pg"));
        oms.reconciler().run();
        assertThat(oms.recovery().movements(LedgerQuery.of(A, 100).types(EnumSet.of(MovementType.SOLD))))
                .filteredOn(m -> m.reference().equals(after.reservationId().value()))
                .extracting(StockMovement::quantity)
                .containsExactly(2L);
    }

    @Test
    void aBatchCodeReceivedAgainAfterItsFirstBatchEmptiedIsRebuiltWithItsOwnExpiry() {
        Batch first = Batch.of("C", clock.instant().plus(Duration.ofHours(2)));
        oms.inventory()
                .apply(StockChange.receive(A, MILK, 2)
                        .batch(first)
                        .id(MovementId.of("c-1"))
                        .build());
        Order sold = ((PlacementResult.Placed) oms.place(PlaceOrderRequest.of(
                        ASHA,
                        world.newKey(),
                        HOME,
                        Cart.builder().add(MILK.value(), 2).build())))
                .order();
        oms.orders().confirmPayment(sold.id(), Actor.system("pg"));
        clock.advance(Duration.ofHours(2));
        Batch second = Batch.of("C", clock.instant().plus(Duration.ofDays(3)));
        oms.inventory()
                .apply(StockChange.receive(A, MILK, 4)
                        .batch(second)
                        .id(MovementId.of("c-2"))
                        .build());
        Order waiting = ((PlacementResult.Placed) oms.place(PlaceOrderRequest.of(
                        ASHA,
                        world.newKey(),
                        HOME,
                        Cart.builder().add(MILK.value(), 1).build())))
                .order();
        assertThat(waiting.lines().get(0).batches()).extracting(t -> t.batch()).containsExactly(second);
        List<BatchLevel> before = lock.batches(A, MILK);

        lock.lose();
        RebuildReport report = oms.recovery().rebuild(A);
        assertThat(report.problems()).isEmpty();
        assertThat(lock.batches(A, MILK)).isEqualTo(before);
        assertThat(oms.inventory().available(A, MILK))
                .as("the fresh batch is not taken for the old one")
                .isEqualTo(3);
        assertThat(oms.recovery().checkDrift(A).drifts()).isEmpty();
    }

    @Test
    void aHoldConfirmedByAFlowThatDiedIsCountedAsSoldAndNotRevived() {
        oms.inventory()
                .apply(StockChange.receive(A, BREAD, 10)
                        .id(MovementId.of("grn-b"))
                        .build());
        Order order = ((PlacementResult.Placed) oms.place(PlaceOrderRequest.of(
                        ASHA,
                        world.newKey(),
                        HOME,
                        Cart.builder().add(BREAD.value(), 3).build())))
                .order();
        lock.confirm(A, order.reservationId());
        assertThat(oms.recovery().checkDrift(A).drifts())
                .as("the lock's word on the hold is part of the record")
                .isEmpty();

        oms.recovery().rebuild(A);
        StockLevel bread = lock.levels(A, List.of(Resource.sku(BREAD))).get(Resource.sku(BREAD));
        assertThat(bread).extracting(StockLevel::onHand, StockLevel::reserved).containsExactly(7L, 0L);
        clock.advance(oms.config().holdTtl());
        oms.reconciler().run();
        assertThat(oms.orders().get(order.id()).status())
                .as("paid, so confirmed, not cancelled")
                .isEqualTo(OrderStatus.CONFIRMED);
    }

    @Test
    void aChangeTheLockAppliedButTheLedgerMissedIsCountedByTheRebuildAndNotAppliedAgain() {
        oms.inventory()
                .apply(StockChange.receive(A, BREAD, 10)
                        .id(MovementId.of("grn-1"))
                        .build());
        ledger.failNextRecord();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> oms.inventory()
                        .apply(StockChange.receive(A, BREAD, 7)
                                .id(MovementId.of("grn-2"))
                                .build())
                        .level())
                .isInstanceOf(io.qcommerce.oms.error.OmsException.class);
        oms.recovery().rebuild(A);
        assertThat(oms.inventory().available(A, BREAD)).isEqualTo(17);
        oms.inventory()
                .apply(StockChange.receive(A, BREAD, 7)
                        .id(MovementId.of("grn-2"))
                        .build());
        assertThat(oms.inventory().available(A, BREAD)).isEqualTo(17);
        oms.recovery().rebuild(A);
        assertThat(oms.inventory().available(A, BREAD))
                .as("a second rebuild agrees")
                .isEqualTo(17);
    }

    @Test
    void aStockChangeRetriedAfterARebuildIsNotCountedTwice() {
        oms.inventory()
                .apply(StockChange.receive(A, BREAD, 10)
                        .id(MovementId.of("grn-retry"))
                        .build());
        lock.lose();
        oms.recovery().rebuild(A);
        oms.inventory()
                .apply(StockChange.receive(A, BREAD, 10)
                        .id(MovementId.of("grn-retry"))
                        .build());
        assertThat(oms.inventory().available(A, BREAD)).isEqualTo(10);
        assertThat(oms.recovery().checkDrift(A).isClean()).isTrue();
    }

    @Test
    void aChangeTheLockLostBeforeItWasShippedIsStillInTheRecordBecauseTheServiceWroteItFirst() {
        oms.inventory()
                .apply(StockChange.receive(A, BREAD, 12)
                        .id(MovementId.of("grn-x"))
                        .build());
        lock.lose();
        oms.recovery().rebuild(A);
        assertThat(oms.inventory().available(A, BREAD)).isEqualTo(12);
    }

    @Test
    void movementsTheLockNeverShippedAreRecoveredFromTheOrdersSoTheLedgerAloneAddsUpAgain() {
        List<Order> awaiting = new ArrayList<>();
        List<Order> paid = new ArrayList<>();
        aMorningOfTrade(awaiting, paid);
        Order lapsed = awaiting.remove(awaiting.size() - 1);
        oms.orders().cancel(lapsed.id(), CancelReason.CUSTOMER, Actor.customer(ASHA.value()));
        assertThat(ledgerAddsUpToTheCounters())
                .as("nothing shipped yet: the holds and sales are only in the lock")
                .isNotEmpty();

        lock.lose();
        RebuildReport report = oms.recovery().rebuild(A);

        assertThat(report.movementsRecovered()).isPositive();
        assertThat(ledgerAddsUpToTheCounters()).isEmpty();
        List<StockMovement> lapsedMovements = oms.recovery().movements(LedgerQuery.of(A, 100)).stream()
                .filter(m -> m.reference().equals(lapsed.reservationId().value()))
                .toList();
        assertThat(lapsedMovements)
                .extracting(StockMovement::type)
                .containsOnly(MovementType.HELD, MovementType.RELEASED);
        assertThat(lapsedMovements)
                .filteredOn(m -> m.type() == MovementType.RELEASED)
                .allSatisfy(m -> assertThat(m.at())
                        .isEqualTo(oms.orders().get(lapsed.id()).updatedAt()));
        Order sold = paid.get(2);
        assertThat(oms.recovery()
                        .movements(LedgerQuery.of(A, 100)
                                .resource(Resource.sku(MILK))
                                .types(EnumSet.of(MovementType.SOLD))))
                .filteredOn(m -> m.reference().equals(sold.reservationId().value()))
                .extracting(StockMovement::quantity, StockMovement::at)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, sold.updatedAt()));

        assertThat(oms.recovery().rebuild(A).movementsRecovered())
                .as("a second rebuild recovers nothing more")
                .isZero();
        for (Order order : awaiting) {
            oms.orders().confirmPayment(order.id(), Actor.system("pg"));
        }
        oms.reconciler().run();
        assertThat(ledgerAddsUpToTheCounters())
                .as("restored holds, paid, are sold once in the ledger")
                .isEmpty();
    }

    @Test
    void holdsThatExpiredDuringTheOutageAreRecordedAsExpiredAtTheirExpiry() {
        List<Order> awaiting = new ArrayList<>();
        aMorningOfTrade(awaiting, new ArrayList<>());
        lock.lose();
        world.clock.advance(oms.config().holdTtl());

        oms.recovery().rebuild(A);

        assertThat(ledgerAddsUpToTheCounters()).isEmpty();
        for (Order order : awaiting) {
            assertThat(oms.recovery().movements(LedgerQuery.of(A, 100).types(EnumSet.of(MovementType.EXPIRED))))
                    .filteredOn(m -> m.reference().equals(order.reservationId().value()))
                    .isNotEmpty()
                    .allSatisfy(m -> assertThat(m.at()).isEqualTo(order.holdExpiresAt()));
        }
    }

    @Test
    void aRebuildOfAStoreThatLostNothingRecoversNothing() {
        aMorningOfTrade(new ArrayList<>(), new ArrayList<>());
        oms.reconciler().run();
        List<StockMovement> before = oms.recovery().movements(LedgerQuery.of(A, 1000));

        RebuildReport report = oms.recovery().rebuild(A);

        assertThat(report.movementsRecovered()).isZero();
        assertThat(oms.recovery().movements(LedgerQuery.of(A, 1000))).isEqualTo(before);
        assertThat(ledgerAddsUpToTheCounters()).isEmpty();
    }

    @Test
    void aHoldNoOrderAccountsForIsClosedInTheLedgerWhenTheRebuildRemovesIt() {
        oms.inventory()
                .apply(StockChange.receive(A, BREAD, 10)
                        .id(MovementId.of("grn-o"))
                        .build());
        // A placement that died after its hold and before its order, or a spare hold at a fallback store.
        lock.reserve(new io.qcommerce.oms.inventory.HoldRequest(
                io.qcommerce.oms.inventory.ReservationId.of("orphan"),
                A,
                List.of(io.qcommerce.oms.inventory.HoldLine.of(BREAD, 4)),
                oms.config().holdTtl()));
        oms.reconciler().run();
        lock.lose();

        RebuildReport report = oms.recovery().rebuild(A);

        assertThat(lock.levels(A, List.of(Resource.sku(BREAD)))
                        .get(Resource.sku(BREAD))
                        .reserved())
                .isZero();
        assertThat(report.movementsRecovered()).as("the orphan's release").isEqualTo(1);
        assertThat(ledgerAddsUpToTheCounters()).isEmpty();
        assertThat(oms.recovery().rebuild(A).movementsRecovered()).isZero();
    }

    @Test
    void aHoldARebuildDroppedIsNotRevivedByTheNextRebuild() {
        ledger.failNextRecord();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> oms.inventory()
                        .apply(StockChange.receive(A, BREAD, 3)
                                .id(MovementId.of("grn-d"))
                                .build())
                        .level())
                .isInstanceOf(io.qcommerce.oms.error.OmsException.class);
        Order order = ((PlacementResult.Placed) oms.place(PlaceOrderRequest.of(
                        ASHA,
                        world.newKey(),
                        HOME,
                        Cart.builder().add(BREAD.value(), 3).build())))
                .order();
        lock.lose();
        assertThat(oms.recovery().rebuild(A).holdsDropped()).containsExactly(order.reservationId());
        // The receipt the ledger missed is made again: the units are back, the dropped hold stays dropped.
        oms.inventory()
                .apply(StockChange.receive(A, BREAD, 3)
                        .id(MovementId.of("grn-d"))
                        .build())
                .level();

        RebuildReport again = oms.recovery().rebuild(A);

        assertThat(again.holdsRestored()).isEmpty();
        assertThat(lock.levels(A, List.of(Resource.sku(BREAD))).get(Resource.sku(BREAD)))
                .extracting(StockLevel::onHand, StockLevel::reserved)
                .containsExactly(3L, 0L);
        assertThat(ledgerAddsUpToTheCounters()).isEmpty();
        assertThat(oms.orders().confirmPayment(order.id(), Actor.system("pg")))
                .isInstanceOf(PaymentResult.Refused.class);
        assertThat(ledgerAddsUpToTheCounters()).isEmpty();
    }

    @Test
    void aHoldConfirmedShippedThenLostCountsAsSoldAndItsOrderIsCompletedNotCancelled() {
        oms.inventory()
                .apply(StockChange.receive(A, BREAD, 10)
                        .id(MovementId.of("grn-c"))
                        .build());
        Order order = ((PlacementResult.Placed) oms.place(PlaceOrderRequest.of(
                        ASHA,
                        world.newKey(),
                        HOME,
                        Cart.builder().add(BREAD.value(), 3).build())))
                .order();
        // The payment flow confirmed the hold and died before the order; the sale reached the ledger.
        lock.confirm(A, order.reservationId());
        oms.reconciler().run();
        lock.lose();

        RebuildReport report = oms.recovery().rebuild(A);

        assertThat(report.holdsRestored()).as("sold, not put back").isEmpty();
        assertThat(lock.levels(A, List.of(Resource.sku(BREAD))).get(Resource.sku(BREAD)))
                .extracting(StockLevel::onHand, StockLevel::reserved)
                .containsExactly(7L, 0L);
        assertThat(ledgerAddsUpToTheCounters()).isEmpty();
        assertThat(oms.orders().confirmPayment(order.id(), Actor.system("pg")))
                .as("the ledger's word on the hold, now that the lock has none")
                .isInstanceOf(PaymentResult.Confirmed.class);
        clock.advance(oms.config().holdTtl());
        oms.reconciler().run();
        assertThat(oms.orders().get(order.id()).status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(ledgerAddsUpToTheCounters()).isEmpty();
        assertThat(oms.recovery().checkDrift(A).drifts()).isEmpty();
    }

    @Test
    void theReconcilerCompletesAnOrderWhoseSoldHoldTheLockLost() {
        oms.inventory()
                .apply(StockChange.receive(A, BREAD, 10)
                        .id(MovementId.of("grn-r"))
                        .build());
        Order order = ((PlacementResult.Placed) oms.place(PlaceOrderRequest.of(
                        ASHA,
                        world.newKey(),
                        HOME,
                        Cart.builder().add(BREAD.value(), 2).build())))
                .order();
        lock.confirm(A, order.reservationId());
        oms.reconciler().run();
        lock.lose();
        oms.recovery().rebuild(A);
        clock.advance(oms.config().holdTtl());

        oms.reconciler().run();

        assertThat(oms.orders().get(order.id()).status())
                .as("paid for, so completed, not cancelled")
                .isEqualTo(OrderStatus.CONFIRMED);
        assertThat(oms.recovery().checkDrift(A).drifts()).isEmpty();
    }

    @Test
    void theDriftCheckNamesTheBatchWhoseUnitsDifferFromTheRecord() {
        oms.inventory()
                .apply(StockChange.receive(A, MILK, 10)
                        .batch(early)
                        .id(MovementId.of("grn-e"))
                        .build());
        oms.inventory()
                .apply(StockChange.receive(A, MILK, 6)
                        .batch(late)
                        .id(MovementId.of("grn-l"))
                        .build());
        oms.inventory()
                .apply(StockChange.receive(A, BREAD, 5)
                        .id(MovementId.of("grn-b"))
                        .build());
        assertThat(oms.recovery().checkDrift(A).drifts()).isEmpty();
        // Two units of the late batch counted away in the lock alone, as a write the record never saw.
        lock.apply(StockChange.of(StockChange.Kind.ADJUST, A, Resource.sku(MILK), -2)
                .id(MovementId.of("stray"))
                .reason("")
                .batch(late)
                .build());

        assertThat(oms.recovery().checkDrift(A).drifts())
                .containsExactlyInAnyOrder(
                        new Drift(Resource.sku(MILK), null, "onHand", 16, 14),
                        new Drift(Resource.sku(MILK), late, "onHand", 6, 4));
    }

    @Test
    void aPlacementRetriedAfterItsOrphanHoldWasReleasedHoldsAgainUnderTheSameIdAndTheLedgerKeepsBothHolds() {
        oms.inventory()
                .apply(StockChange.receive(A, BREAD, 10)
                        .id(MovementId.of("grn-z"))
                        .build());
        io.qcommerce.oms.order.IdempotencyKey key = world.newKey();
        io.qcommerce.oms.inventory.ReservationId id =
                io.qcommerce.oms.order.OrderId.derive(ASHA, key).reservationId();
        // The first attempt held and died before storing its order; the hold reached the ledger; the lock lost it.
        lock.reserve(new io.qcommerce.oms.inventory.HoldRequest(
                id,
                A,
                List.of(io.qcommerce.oms.inventory.HoldLine.of(BREAD, 3)),
                oms.config().holdTtl()));
        oms.reconciler().run();
        lock.lose();
        oms.recovery().rebuild(A);
        clock.advance(Duration.ofMinutes(1));

        // The client retries with the same key: the lock no longer knows the id, so the retry holds anew.
        Order order = ((PlacementResult.Placed) oms.place(PlaceOrderRequest.of(
                        ASHA, key, HOME, Cart.builder().add(BREAD.value(), 3).build())))
                .order();
        oms.reconciler().run();
        assertThat(ledgerAddsUpToTheCounters())
                .as("the second hold's movements are not taken for the first's")
                .isEmpty();

        lock.lose();
        assertThat(oms.recovery().rebuild(A).holdsRestored())
                .as("the first hold's release does not end the second")
                .containsExactly(id);
        assertThat(oms.orders().confirmPayment(order.id(), Actor.system("pg")))
                .isInstanceOf(PaymentResult.Confirmed.class);
        oms.reconciler().run();
        assertThat(ledgerAddsUpToTheCounters()).isEmpty();
        assertThat(oms.recovery().checkDrift(A).drifts()).isEmpty();
    }

    @Test
    void aHoldWhoseReleaseWasCopiedInPartEndsTheSameWayInEveryPart() {
        oms.inventory()
                .apply(StockChange.receive(A, MILK, 10)
                        .id(MovementId.of("grn-m"))
                        .build());
        oms.inventory()
                .apply(StockChange.receive(A, BREAD, 10)
                        .id(MovementId.of("grn-b"))
                        .build());
        Order order = ((PlacementResult.Placed) oms.place(PlaceOrderRequest.of(
                        ASHA,
                        world.newKey(),
                        HOME,
                        Cart.builder()
                                .add(MILK.value(), 2)
                                .add(BREAD.value(), 1)
                                .build())))
                .order();
        clock.advance(Duration.ofMinutes(1));
        Instant releasedAt = clock.instant();
        // A cancellation that released the hold and died before moving the order, still awaiting payment.
        lock.release(A, order.reservationId());
        // Everything but the last movement (the release of one of the two lines) reaches the ledger.
        int recorded = lock.movements(A, null, 100).movements().size();
        io.qcommerce.oms.spi.LedgerPage shipped = lock.movements(A, null, recorded - 1);
        ledger.record(shipped.movements());
        ledger.markShipped(A, shipped.position());
        lock.lose();

        RebuildReport report = oms.recovery().rebuild(A);

        assertThat(report.movementsRecovered()).isEqualTo(1);
        assertThat(oms.recovery().movements(LedgerQuery.of(A, 100)))
                .filteredOn(m -> m.reference().equals(order.reservationId().value()) && m.type() != MovementType.HELD)
                .extracting(StockMovement::type, StockMovement::at)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(MovementType.RELEASED, releasedAt))
                .hasSize(2);
        assertThat(ledgerAddsUpToTheCounters()).isEmpty();
    }

    /** Every counter of store A, and batch of milk, that the ledger's sums disagree with, in words. */
    private List<String> ledgerAddsUpToTheCounters() {
        return LedgerBalance.disagreements(ledger, lock, A, List.of(MILK));
    }

    /** The in-memory ledger, which can be told to fail its next write, as a MongoDB outage would. */
    private static final class FlakyLedger implements StockLedger {
        private final StockLedger delegate = new io.qcommerce.oms.memory.InMemoryStockLedger();
        private volatile boolean failNext;

        void failNextRecord() {
            failNext = true;
        }

        @Override
        public void record(List<StockMovement> movements) {
            if (failNext) {
                failNext = false;
                throw new io.qcommerce.oms.error.OmsException(
                        io.qcommerce.oms.error.ErrorCode.BACKEND_UNAVAILABLE, "ledger down");
            }
            delegate.record(movements);
        }

        @Override
        public java.util.Optional<StockMovement> find(io.qcommerce.oms.store.StoreId store, String key) {
            return delegate.find(store, key);
        }

        @Override
        public List<StockMovement> query(LedgerQuery query) {
            return delegate.query(query);
        }

        @Override
        public java.util.Optional<String> shippedPosition(io.qcommerce.oms.store.StoreId store) {
            return delegate.shippedPosition(store);
        }

        @Override
        public void markShipped(io.qcommerce.oms.store.StoreId store, String position) {
            delegate.markShipped(store, position);
        }
    }
}
