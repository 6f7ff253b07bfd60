package io.qcommerce.oms.testkit.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.memory.InMemoryOrderRepository;
import io.qcommerce.oms.memory.InMemoryStockLedger;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.ForwardingInventoryLock;
import io.qcommerce.oms.testkit.ForwardingOrderRepository;
import io.qcommerce.oms.testkit.ForwardingStockLedger;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.SampleSkus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The checker on a healthy in-memory wiring after a small day (paid, cancelled, returned, expired and waiting
 * orders, a slot, a batched SKU), and on wirings broken on purpose: each invariant must fail on the fault it is
 * there to catch, naming what it saw.
 */
class OmsInvariantsTest {
    static final StoreId STORE = StoreId.of("BLR-A");
    static final Pincode HOME = Pincode.of("560038");
    static final SkuId MILK = SkuId.of("MILK-1L");
    static final SkuId BREAD = SkuId.of("BREAD-400G");
    static final List<StoreId> STORES = List.of(STORE);
    static final List<SkuId> SKUS = List.of(MILK, BREAD);
    static final Instant MORNING = Instant.parse("2026-03-02T07:00:00Z");
    static final SlotId SLOT = SlotId.of("BLR-A-0302-09");
    static final Actor STAFF = Actor.staff("picker-1");

    /** An in-memory wiring whose lock, ledger and order repository a test may wrap in a fault of its own. */
    static final class World {
        final MutableClock clock = MutableClock.at(MORNING);
        final InMemoryInventoryLock lock;
        final Oms oms;
        final OmsInvariants invariants;
        private int keys;

        World() {
            this(l -> l, l -> l, r -> r, null);
        }

        World(
                UnaryOperator<InventoryLock> lockFault,
                UnaryOperator<StockLedger> ledgerFault,
                UnaryOperator<OrderRepository> repoFault,
                Clock lockClock) {
            lock = new InMemoryInventoryLock(lockClock == null ? clock : lockClock);
            oms = Oms.builder()
                    .clock(clock)
                    .inventoryLock(lockFault.apply(lock))
                    .stockLedger(ledgerFault.apply(new InMemoryStockLedger()))
                    .orderRepository(repoFault.apply(new InMemoryOrderRepository()))
                    .inMemoryForRest()
                    .build();
            invariants = OmsInvariants.of(oms);
            oms.catalog().save(SampleSkus.milk(MILK).withMinShelfLife(Duration.ofDays(1)));
            oms.catalog()
                    .save(Sku.builder(BREAD, "Bread 400 g")
                            .mrp(Money.inr(5000))
                            .sellingPrice(Money.inr(4500))
                            .maxPerOrder(6)
                            .build());
            oms.stores().create(Store.of(STORE, "Indiranagar", 1, HOME));
            oms.inventory().receive(STORE, BREAD, 10);
            oms.inventory().receiveBatch(STORE, MILK, Batch.of("M-0305", MORNING.plus(Duration.ofDays(3))), 8);
            oms.slots()
                    .create(DeliverySlot.of(
                            SLOT,
                            STORE,
                            LocalDate.ofInstant(MORNING, ZoneOffset.UTC),
                            MORNING.plus(Duration.ofHours(2)),
                            MORNING.plus(Duration.ofHours(3)),
                            SlotType.NORMAL,
                            2,
                            MORNING.plus(Duration.ofHours(1))));
        }

        Order place(PlaceOrderRequest request) {
            PlacementResult r = oms.place(request);
            assertThat(r).isInstanceOf(PlacementResult.Placed.class);
            return ((PlacementResult.Placed) r).order();
        }

        PlaceOrderRequest cart(int bread, int milk) {
            Cart.Builder cart = Cart.builder();
            if (bread > 0) {
                cart.add(BREAD.value(), bread);
            }
            if (milk > 0) {
                cart.add(MILK.value(), milk);
            }
            String n = String.valueOf(++keys);
            return PlaceOrderRequest.of(CustomerId.of("cust-" + n), IdempotencyKey.of("key-" + n), HOME, cart.build());
        }

        Order pay(Order o) {
            return oms.orders()
                    .confirmPayment(o.id(), Actor.customer(o.customer().value()))
                    .order();
        }

        /** Paid in a slot, paid and cancelled, paid and returned resellable, lapsed, and one still waiting. */
        World day() {
            pay(place(cart(2, 1).inSlot(SLOT)));
            Order cancelled = pay(place(cart(1, 0)));
            oms.orders()
                    .cancel(
                            cancelled.id(),
                            CancelReason.CUSTOMER,
                            Actor.customer(cancelled.customer().value()));
            Order returned = pay(place(cart(0, 2)));
            for (OrderStatus next : List.of(
                    OrderStatus.PICKING, OrderStatus.PACKED, OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED)) {
                oms.orders().advance(returned.id(), next, STAFF);
            }
            oms.orders().recordReturn(returned.id(), true, STAFF);
            place(cart(1, 0));
            clock.advance(oms.config().holdTtl().plusMinutes(1));
            oms.reconciler().run();
            place(cart(1, 1));
            return this;
        }

        InvariantReport check() {
            return invariants.check(STORES, SKUS);
        }
    }

    static List<Invariant> failed(InvariantReport report) {
        return report.failures().stream().map(CheckResult::invariant).toList();
    }

    @Test
    void aHealthyWiringPassesEveryCheckWithItsEvidence() {
        World w = new World().day();
        InvariantReport report = w.check();

        assertThat(report.passed()).as("%s", report).isTrue();
        assertThat(report.checks()).extracting(CheckResult::invariant).containsExactly(Invariant.values());
        assertThat(report.checks()).allMatch(c -> c.compared() > 0, "compared something");
        assertThat(report.get(Invariant.CONSERVATION).evidence())
                .isEqualTo("18 received + 0 adjusted + 1 restocked + 2 returned - 6 sold = 15 on hand");
        assertThat(report.get(Invariant.HOLDS_MATCH_ORDERS).evidence())
                .isEqualTo("2 units reserved for 1 orders awaiting payment");
        assertThat(report.get(Invariant.SLOTS).evidence()).startsWith("1 slots; 1 orders booked a slot, 1 paid");
        w.invariants.assertHold(STORES, SKUS);
    }

    @Test
    void aLockHoldingMoreThanItHasFailsNoOversell() {
        World w = new World(
                        lock -> new Reporting(
                                lock,
                                l -> l.resource().equals(Resource.sku(BREAD))
                                        ? new StockLevel(
                                                l.store(), l.resource(), l.onHand(), l.onHand() + 1, l.expired())
                                        : l),
                        l -> l,
                        r -> r,
                        null)
                .day();

        CheckResult oversell = w.invariants.checkNoOversell(STORES, SKUS);

        assertThat(oversell.passed()).isFalse();
        assertThat(oversell.examples())
                .containsExactly("BLR-A/sku:BREAD-400G onHand=8 reserved=9: oversold, more units held than on hand");
        assertThat(failed(w.check())).contains(Invariant.NO_OVERSELL);
    }

    @Test
    void aHoldNoOrderAccountsForFailsHoldsMatchOrders() {
        World w = new World().day();
        w.lock.reserve(new HoldRequest(
                ReservationId.of("stray"), STORE, List.of(HoldLine.of(BREAD, 2)), Duration.ofMinutes(10)));

        InvariantReport report = w.check();

        // the library's own drift check sees it too: no order accounts for the hold
        assertThat(failed(report)).containsExactly(Invariant.HOLDS_MATCH_ORDERS, Invariant.NO_DRIFT);
        assertThat(report.get(Invariant.HOLDS_MATCH_ORDERS).examples())
                .containsExactly("BLR-A/BREAD-400G reserved=3 but orders hold 1");
    }

    @Test
    void aLockThatLosesAUnitFailsConservationLedgerAndDrift() {
        World w = new World(
                        lock -> new Reporting(
                                lock,
                                l -> l.resource().equals(Resource.sku(BREAD))
                                        ? new StockLevel(
                                                l.store(), l.resource(), l.onHand() - 1, l.reserved(), l.expired())
                                        : l),
                        l -> l,
                        r -> r,
                        null)
                .day();

        InvariantReport report = w.check();

        assertThat(failed(report)).contains(Invariant.CONSERVATION, Invariant.LEDGER_ADDS_UP, Invariant.NO_DRIFT);
        assertThat(report.get(Invariant.CONSERVATION).examples())
                .containsExactly(
                        "BLR-A/BREAD-400G onHand=7 but 10 received + 0 adjusted + 1 restocked + 0 returned - 3 sold = 8");
        assertThat(report.get(Invariant.NO_DRIFT).examples())
                .containsExactly("BLR-A/sku:BREAD-400G onHand 7 in the lock, 8 by the record");
    }

    @Test
    void aLockThatHoldsOnlyTheFirstLineFailsAllOrNothing() {
        World w = new World(
                lock -> new ForwardingInventoryLock(lock) {
                    @Override
                    public ReserveResult reserve(HoldRequest request) {
                        return super.reserve(new HoldRequest(
                                request.id(), request.store(), request.lines().subList(0, 1), request.ttl()));
                    }
                },
                l -> l,
                r -> r,
                null);
        w.place(w.cart(1, 1));

        InvariantReport report = w.check();

        assertThat(failed(report)).contains(Invariant.ALL_OR_NOTHING);
        assertThat(report.get(Invariant.ALL_OR_NOTHING).examples().get(0))
                .contains("order lines {BREAD-400G=1, MILK-1L=1} slot null but hold BLR-A {BREAD-400G=1}");
    }

    @Test
    void anOrderWhoseHoldIsMissingFailsAllOrNothingAndConfirmedIff() {
        Forgetful forgetful = new Forgetful();
        World w = new World(forgetful::wrap, l -> l, r -> r, null).day();
        Order paid =
                w.oms.orders().byStoreAndStatus(STORE, OrderStatus.CONFIRMED, 1).get(0);
        forgetful.hidden.add(paid.reservationId());

        InvariantReport report = w.check();

        assertThat(failed(report)).contains(Invariant.ALL_OR_NOTHING, Invariant.CONFIRMED_IFF_HOLD_CONFIRMED);
        assertThat(report.get(Invariant.ALL_OR_NOTHING).examples())
                .containsExactly(paid.id() + " has no hold at its store BLR-A");
        assertThat(report.get(Invariant.CONFIRMED_IFF_HOLD_CONFIRMED).examples())
                .containsExactly(paid.id() + " is CONFIRMED (paid) but its hold is missing");
    }

    @Test
    void afterALossTheChecksReadTheFinishedHoldsAsTheLockHadThemBefore() {
        Forgetful forgetful = new Forgetful();
        World w = new World(forgetful::wrap, l -> l, r -> r, null).day();
        OmsInvariants remembering = OmsInvariants.of(w.oms).rememberHolds(STORES);
        forgetful.finished = true; // the lock lost its data; a rebuild brings back the live holds only

        assertThat(failed(w.check())).contains(Invariant.CONFIRMED_IFF_HOLD_CONFIRMED);
        assertThat(remembering.check(STORES, SKUS).passed())
                .as("%s", remembering.check(STORES, SKUS))
                .isTrue();
    }

    @Test
    void aLockOnAStuckClockConfirmsTooLateAndFailsFencing() {
        World w = new World(l -> l, l -> l, r -> r, MutableClock.at(MORNING)); // its clock never moves
        Order o = w.place(w.cart(1, 0));
        w.clock.advance(w.oms.config().holdTtl().plusMinutes(1));
        w.pay(o);

        InvariantReport report = w.check();

        assertThat(failed(report)).contains(Invariant.FENCING);
        assertThat(report.get(Invariant.FENCING).examples().get(0)).startsWith(o.id() + " confirmed at ");
    }

    @Test
    void aHoldConfirmedWhoseOrderIsNotFailsConfirmedIffUntilTheReconcilerRepairsIt() {
        World w = new World();
        Order o = w.place(w.cart(1, 0));
        w.lock.confirm(STORE, o.reservationId()); // the payment flow died between the hold and the order

        assertThat(failed(w.check())).contains(Invariant.CONFIRMED_IFF_HOLD_CONFIRMED);
        assertThat(w.check().get(Invariant.CONFIRMED_IFF_HOLD_CONFIRMED).examples())
                .containsExactly(o.id() + " is AWAITING_PAYMENT (never paid) but its hold is CONFIRMED");

        w.clock.advance(w.oms.config().holdTtl().plusMinutes(1));
        w.oms.reconciler().run();
        assertThat(w.check().passed()).as("%s", w.check()).isTrue();
    }

    @Test
    void aPlaceBookedOutsideAnyOrderFailsTheSlotCheck() {
        World w = new World().day();
        ReservationId id = ReservationId.of("by-hand");
        w.lock.reserve(new HoldRequest(id, STORE, List.of(new HoldLine(SLOT.resource(), 1)), Duration.ofMinutes(5)));
        w.lock.confirm(STORE, id);

        InvariantReport report = w.check();

        assertThat(failed(report)).contains(Invariant.SLOTS);
        assertThat(report.get(Invariant.SLOTS).examples())
                .containsExactly("slot BLR-A-0302-09 counts 2 booked but 1 paid orders keep a booking");
    }

    @Test
    void aStricterShelfLifeThanTheSaleKeptFailsFreshness() {
        World w = new World().day();
        w.oms.catalog().save(SampleSkus.milk(MILK).withMinShelfLife(Duration.ofDays(3)));

        InvariantReport report = w.check();

        assertThat(failed(report)).containsExactly(Invariant.BATCH_FRESHNESS);
        assertThat(report.get(Invariant.BATCH_FRESHNESS).examples().get(0))
                .contains("of batch M-0305 expiring", "within 72 h of delivery");
    }

    @Test
    void aRepositoryThatLosesBatchTakesFailsSoldByBatch() {
        World w = new World(l -> l, l -> l, StripsBatches::new, null).day();

        InvariantReport report = w.check();

        assertThat(failed(report)).contains(Invariant.SOLD_BY_BATCH, Invariant.BATCH_CONSERVATION);
        assertThat(report.get(Invariant.SOLD_BY_BATCH).examples()).allMatch(s -> s.contains("from batches"));
    }

    @Test
    void aFeedThatLosesTheConfirmationsFailsEvents() {
        World w = new World(l -> l, l -> l, LosesConfirmationEvents::new, null).day();

        InvariantReport report = w.check();

        assertThat(failed(report)).containsExactly(Invariant.EVENTS);
        assertThat(report.get(Invariant.EVENTS).examples()).allMatch(s -> s.contains("but the feed has its events"));
    }

    /** An order repository whose feed leaves out every confirmation: changes stored without their event. */
    static final class LosesConfirmationEvents extends ForwardingOrderRepository {
        LosesConfirmationEvents(OrderRepository delegate) {
            super(delegate);
        }

        @Override
        public List<io.qcommerce.oms.event.OrderEvent> feed(long position, StoreId store, int limit) {
            return super.feed(position, store, limit).stream()
                    .filter(e -> e.type() != io.qcommerce.oms.event.OrderEvent.Type.CONFIRMED)
                    .toList();
        }
    }

    @Test
    void aLockThatLosesAUnitOfABatchFailsBatchConservation() {
        World w = new World(
                        lock -> new ForwardingInventoryLock(lock) {
                            @Override
                            public List<BatchLevel> batches(StoreId store, SkuId sku) {
                                return super.batches(store, sku).stream()
                                        .map(b -> new BatchLevel(
                                                b.store(), b.sku(), b.batch(), b.onHand() - 1, b.reserved()))
                                        .toList();
                            }
                        },
                        l -> l,
                        r -> r,
                        null)
                .day();

        InvariantReport report = w.check();

        assertThat(failed(report)).contains(Invariant.BATCH_CONSERVATION);
        assertThat(report.get(Invariant.BATCH_CONSERVATION).examples().get(0))
                .startsWith(
                        "BLR-A/MILK-1L/M-0305 onHand=6 but 8 received + 0 adjusted - 3 sold + 0 restocked + 2 returned = 7");
    }

    @Test
    void aLedgerThatDropsRestocksFailsTheLedgerCheck() {
        World w = new World(l -> l, ledger -> new DropsRestocks(ledger), r -> r, null).day();

        InvariantReport report = w.check(); // the lock's movements are shipped by the drift check first

        assertThat(failed(report)).contains(Invariant.LEDGER_ADDS_UP);
        assertThat(report.get(Invariant.LEDGER_ADDS_UP).examples())
                .contains(
                        "BLR-A/sku:BREAD-400G onHand=8 in the lock but the ledger has 10 received + 0 adjusted + 0 restocked"
                                + " + 0 returned - 3 sold = 7");
    }

    @Test
    void aChosenSetOfInvariantsReportsThoseAloneAndGetRefusesTheOthers() {
        World w = new World().day();

        InvariantReport report = w.invariants.check(STORES, SKUS, EnumSet.of(Invariant.SLOTS, Invariant.NO_OVERSELL));

        assertThat(report.checks())
                .extracting(CheckResult::invariant)
                .containsExactly(Invariant.NO_OVERSELL, Invariant.SLOTS);
        assertThatThrownBy(() -> report.get(Invariant.NO_DRIFT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void assertPassedNamesEveryBrokenInvariantWithWhatItSaw() {
        World w = new World().day();
        w.lock.reserve(new HoldRequest(
                ReservationId.of("stray"), STORE, List.of(HoldLine.of(BREAD, 2)), Duration.ofMinutes(10)));

        assertThatThrownBy(() -> w.invariants.assertHold(STORES, SKUS))
                .isInstanceOf(AssertionError.class)
                .hasMessage("2 of 13 invariants broken:\n  HOLDS_MATCH_ORDERS (reserved == units of HELD, unexpired"
                        + " holds (orders awaiting payment)): 1 violation(s) in 3 comparisons, e.g. BLR-A/BREAD-400G"
                        + " reserved=3 but orders hold 1\n  NO_DRIFT (no drift: the lock's counters agree with the durable"
                        + " record (ledger and orders)): 1 violation(s) in 1 comparisons, e.g."
                        + " BLR-A/sku:BREAD-400G reserved 3 in the lock, 1 by the record");
    }

    /** A lock that no longer finds some holds: those hidden, and once {@code finished} is set, every finished one. */
    static final class Forgetful {
        final java.util.Set<ReservationId> hidden = java.util.concurrent.ConcurrentHashMap.newKeySet();
        volatile boolean finished;

        InventoryLock wrap(InventoryLock lock) {
            return new ForwardingInventoryLock(lock) {
                @Override
                public Optional<Reservation> find(StoreId store, ReservationId id) {
                    return super.find(store, id)
                            .filter(r -> !hidden.contains(id)
                                    && !(finished && r.status().isFinal()));
                }
            };
        }
    }

    /** Reports every counter through {@code map}: a lock whose counters went wrong. */
    static final class Reporting extends ForwardingInventoryLock {
        private final UnaryOperator<StockLevel> map;

        Reporting(InventoryLock delegate, UnaryOperator<StockLevel> map) {
            super(delegate);
            this.map = map;
        }

        @Override
        public Map<Resource, StockLevel> levels(StoreId store, Collection<Resource> resources) {
            return super.levels(store, resources).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> map.apply(e.getValue())));
        }

        @Override
        public Map<Resource, StockLevel> allLevels(StoreId store) {
            return super.allLevels(store).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> map.apply(e.getValue())));
        }
    }

    /** A ledger adapter that loses every RESTOCKED movement it is given. */
    static final class DropsRestocks extends ForwardingStockLedger {
        DropsRestocks(StockLedger delegate) {
            super(delegate);
        }

        @Override
        public void record(List<StockMovement> movements) {
            super.record(movements.stream()
                    .filter(m -> m.type() != MovementType.RESTOCKED)
                    .toList());
        }
    }

    /** An order repository whose mapping forgets the batches a line took when it reads an order back. */
    static final class StripsBatches extends ForwardingOrderRepository {
        StripsBatches(OrderRepository delegate) {
            super(delegate);
        }

        static Order strip(Order o) {
            List<OrderLine> lines =
                    o.lines().stream().map(l -> l.withBatches(List.of())).toList();
            return new Order(
                    o.id(),
                    o.customer(),
                    o.idempotencyKey(),
                    o.store(),
                    o.pincode(),
                    lines,
                    o.totals(),
                    o.reservationId(),
                    o.holdExpiresAt(),
                    o.createdAt(),
                    o.status(),
                    o.history(),
                    o.version(),
                    o.slot());
        }

        static List<Order> strip(List<Order> orders) {
            return orders.stream().map(StripsBatches::strip).toList();
        }

        @Override
        public Optional<Order> find(OrderId id) {
            return super.find(id).map(StripsBatches::strip);
        }

        @Override
        public List<Order> findAwaitingPaymentExpiredBy(Instant cutoff, @Nullable Order after, int limit) {
            return strip(super.findAwaitingPaymentExpiredBy(cutoff, after, limit));
        }

        @Override
        public List<Order> findByStoreAndStatus(StoreId store, OrderStatus status, int limit) {
            return strip(super.findByStoreAndStatus(store, status, limit));
        }

        @Override
        public List<Order> findByCustomer(CustomerId customer, int limit) {
            return strip(super.findByCustomer(customer, limit));
        }

        @Override
        public List<Order> findByStore(StoreId store, Instant from, Instant to, Order after, int limit) {
            return strip(super.findByStore(store, from, to, after, limit));
        }
    }
}
