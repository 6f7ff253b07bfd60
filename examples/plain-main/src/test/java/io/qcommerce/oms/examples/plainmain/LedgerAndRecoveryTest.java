package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartLine;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.spi.StoreState;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.ledger.RebuildReport;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.memory.InMemoryStockLedger;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.PaymentResult;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.StoreId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stock ledger's check (G), the drift check (H) and the loss of the in-memory lock's data, on single orders:
 * what the morning relies on, and proof that the checks see a movement missing from the ledger or a counter off.
 */
class LedgerAndRecoveryTest {
    private static final SkuId MILK = SkuId.of("AMUL-TAAZA-500ML");
    private static final SkuId EGGS = SkuId.of("EGGS-WHITE-6");
    private static final StoreId KORAMANGALA = StoreId.of("BLR-KOR-01");
    private static final StoreId INDIRANAGAR = StoreId.of("BLR-IND-01");
    private static final Pincode KORAMANGALA_PIN = Pincode.of("560095");
    private static final List<CustomerId> CUSTOMERS = List.of(CustomerId.of("cust-a"), CustomerId.of("cust-b"),
            CustomerId.of("cust-c"));

    private final SampleData data = SampleData.bengaluru();
    private final MutableClock clock = MutableClock.at(MorningSimulation.DAY.atTime(MorningSimulation.OPENING)
            .atZone(MorningSimulation.BENGALURU).toInstant());
    private final EventCounter events = new EventCounter();

    /** The library on the data at 07:00, as the simulation wires it, with the given lock and ledger. */
    private Oms installed(InventoryLock lock, StockLedger ledger) {
        Oms oms = Oms.builder().clock(clock).inventoryLock(lock).stockLedger(ledger).listener(events)
                .config(OmsConfig.builder().holdTtl(MorningSimulation.HOLD_TTL)
                        .deliveryAllowance(MorningSimulation.DELIVERY_ALLOWANCE).lowStock(data.lowStockThresholds())
                        .build())
                .inMemoryForRest().build();
        data.install(oms);
        return oms;
    }

    private Oms installed() {
        return installed(new LosableInventoryLock(clock), new InMemoryStockLedger());
    }

    private static Order place(Oms oms, String customer, SkuId sku, int units) {
        PlacementResult r = oms.place(PlaceOrderRequest.of(CustomerId.of(customer), IdempotencyKey.of("k-" + customer),
                KORAMANGALA_PIN, Cart.of(new CartLine(sku, units))));
        assertThat(r).isInstanceOf(PlacementResult.Placed.class);
        Order order = ((PlacementResult.Placed) r).order();
        assertThat(order.store()).isEqualTo(KORAMANGALA);
        return order;
    }

    private static void pay(Oms oms, Order order) {
        assertThat(oms.orders().confirmPayment(order.id(), Actor.customer(order.customer().value())))
                .isInstanceOf(PaymentResult.Confirmed.class);
    }

    private static void deliver(Oms oms, Order order) {
        oms.picking().startPicking(order.id(), Pickers.picker(order.store()));
        oms.orders().advance(order.id(), OrderStatus.PACKED, Pickers.picker(order.store()));
        oms.orders().advance(order.id(), OrderStatus.OUT_FOR_DELIVERY, Actor.staff("rider"));
        oms.orders().advance(order.id(), OrderStatus.DELIVERED, Actor.staff("rider"));
    }

    /** The reconciler's pass (it copies the lock's movements to the ledger), then every check at the close. */
    private List<Check> close(Oms oms, Invariants invariants) {
        assertThat(oms.reconciler().run().failures()).isZero();
        invariants.checkpoint();
        return invariants.verdicts(new Journal(), events.snapshot());
    }

    private static List<String> failed(List<Check> checks) {
        return checks.stream().filter(c -> !c.passed()).map(Check::id).toList();
    }

    private static String detail(List<Check> checks, String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().detail();
    }

    @Test
    void paidCancelledAndReturnedOrdersAddUpInTheLedger() {
        Oms oms = installed();
        Invariants invariants = new Invariants(oms, data, CUSTOMERS);
        Order kept = place(oms, "cust-a", MILK, 2);
        Order back = place(oms, "cust-b", EGGS, 3);
        Order cancelled = place(oms, "cust-c", MILK, 1);
        pay(oms, kept);
        pay(oms, back);
        pay(oms, cancelled);
        oms.orders().cancel(cancelled.id(), io.qcommerce.oms.order.CancelReason.CUSTOMER, Actor.customer("cust-c"));
        deliver(oms, kept);
        deliver(oms, back);
        clock.advance(Duration.ofMinutes(20));
        oms.orders().recordReturn(back.id(), true, Actor.staff("returns@BLR-KOR-01"));

        List<Check> checks = close(oms, invariants);
        assertThat(failed(checks)).isEmpty();
        LedgerTotals l = invariants.ledgerTotals();
        assertThat(l.of(KORAMANGALA, MovementType.SOLD).skuUnits()).isEqualTo(2 + 3 + 1);
        assertThat(l.of(KORAMANGALA, MovementType.RESTOCKED).skuUnits()).isEqualTo(1);
        assertThat(l.of(KORAMANGALA, MovementType.RETURNED).skuUnits()).isEqualTo(3);
        assertThat(l.of(KORAMANGALA, MovementType.HELD).count()).isEqualTo(3);
        assertThat(l.skuReserved()).isZero();
        assertThat(detail(checks, "G")).contains("- 3 returned".replace("- ", "+ "), "= 0 reserved");
        assertThat(detail(checks, "3")).contains("+ 3 returned");
        assertThat(detail(checks, "H")).isEqualTo("4 stores clean at the close");
    }

    /** The sale of one order never reaches the durable ledger: the ledger no longer adds up to the lock (G alone). */
    @Test
    void aMovementMissingFromTheLedgerFailsTheLedgerCheck() {
        StockLedger losesSales = new FilteringLedger(new InMemoryStockLedger(),
                m -> m.type() == MovementType.SOLD && m.resource().equals(Resource.sku(MILK)));
        Oms oms = installed(new LosableInventoryLock(clock), losesSales);
        Invariants invariants = new Invariants(oms, data, CUSTOMERS);
        pay(oms, place(oms, "cust-a", MILK, 2));

        List<Check> checks = close(oms, invariants);
        assertThat(failed(checks)).containsExactly("G");
        assertThat(detail(checks, "G"))
                .contains("BLR-KOR-01/sku:AMUL-TAAZA-500ML onHand=105 in the lock but the ledger has 107 received + 0 "
                        + "adjusted + 0 restocked + 0 returned - 0 sold = 107")
                .contains("BLR-KOR-01/sku:AMUL-TAAZA-500ML reserved=0 in the lock but the ledger has 2 held - 0 released "
                        + "- 0 expired - 0 sold = 2")
                .contains("BLR-KOR-01/AMUL-TAAZA-500ML/K-TAAZA-0601 onHand=18 reserved=0 in the lock but the ledger "
                        + "adds up to 20, 2");
    }

    /** A counter the lock holds one unit off, with no movement for it: the ledger and the drift check both see it. */
    @Test
    void aCounterOffFailsTheLedgerCheck() {
        LosableInventoryLock lock = new LosableInventoryLock(clock);
        Oms oms = installed(lock, new InMemoryStockLedger());
        Invariants invariants = new Invariants(oms, data, CUSTOMERS);
        pay(oms, place(oms, "cust-a", EGGS, 2));
        assertThat(oms.reconciler().run().failures()).isZero();
        restoreWithOneMore(oms, lock, KORAMANGALA, EGGS);

        List<Check> checks = close(oms, invariants);
        assertThat(failed(checks)).containsExactly("3", "G", "H");
        assertThat(detail(checks, "G")).contains("BLR-KOR-01/sku:EGGS-WHITE-6 onHand=63 in the lock but the ledger has 64 "
                + "received + 0 adjusted + 0 restocked + 0 returned - 2 sold = 62");
        assertThat(detail(checks, "H")).contains("BLR-KOR-01/sku:EGGS-WHITE-6 onHand 63 in the lock, 62 by "
                + "the record");
    }

    /** Writes the store back as the lock has it, with one more unit of {@code sku}: a rebuild from a wrong count. */
    private static void restoreWithOneMore(Oms oms, InventoryLock lock, StoreId store, SkuId sku) {
        List<StoreState.Counter> counters = new ArrayList<>();
        oms.inventory().levels(store).forEach((resource, level) -> {
            Map<Batch, Long> batches = new HashMap<>();
            if (resource.isSku()) {
                for (BatchLevel b : oms.inventory().batches(store, resource.skuId())) {
                    batches.put(b.batch(), b.onHand());
                }
            }
            long extra = resource.equals(Resource.sku(sku)) ? 1 : 0;
            counters.add(new StoreState.Counter(resource, level.onHand() + extra, batches));
        });
        lock.restore(new StoreState(store, counters, List.of()));
    }

    /**
     * What the simulation does at the loss: ship, remember, lose, rebuild. The store comes back with its counters
     * and the hold of the order awaiting payment, which is then paid; units sold before the loss stay sold; the other
     * stores never noticed; every check passes, the ledger's included.
     */
    @Test
    void aLostStoreIsRebuiltFromTheLedgerAndTheOrders() {
        LosableInventoryLock lock = new LosableInventoryLock(clock);
        Oms oms = installed(lock, new InMemoryStockLedger());
        Invariants invariants = new Invariants(oms, data, CUSTOMERS);
        Order sold = place(oms, "cust-a", MILK, 2);
        pay(oms, sold);
        Order waiting = place(oms, "cust-b", MILK, 3);
        clock.advance(Duration.ofMinutes(2));
        long indiranagarMilk = oms.inventory().available(INDIRANAGAR, MILK);

        assertThat(oms.reconciler().run().failures()).isZero();
        assertThat(oms.reconciler().checkDrift(KORAMANGALA).isClean()).isTrue();
        invariants.rememberHolds(List.of(KORAMANGALA));
        lock.lose(KORAMANGALA);
        assertThat(oms.inventory().levels(KORAMANGALA)).isEmpty();
        assertThat(oms.inventory().reservation(KORAMANGALA, sold.reservationId())).isEmpty();
        assertThat(oms.inventory().available(INDIRANAGAR, MILK)).isEqualTo(indiranagarMilk);
        assertThat(oms.reconciler().checkDrift(KORAMANGALA).isClean()).isFalse();

        RebuildReport rebuilt = oms.recovery().rebuild(KORAMANGALA);
        assertThat(rebuilt.holdsRestored()).containsExactly(waiting.reservationId());
        assertThat(rebuilt.holdsDropped()).isEmpty();
        assertThat(rebuilt.problems()).isEmpty();
        assertThat(oms.reconciler().checkDrift(KORAMANGALA).isClean()).isTrue();
        StockLevel milk = oms.inventory().availability(KORAMANGALA, List.of(MILK)).get(MILK);
        assertThat(milk.onHand()).as("the 2 units sold before the loss stay sold").isEqualTo(107 - 2);
        assertThat(milk.reserved()).isEqualTo(3);

        pay(oms, waiting);
        List<Check> checks = close(oms, invariants);
        assertThat(failed(checks)).isEmpty();
        assertThat(oms.inventory().availability(KORAMANGALA, List.of(MILK)).get(MILK).onHand()).isEqualTo(107 - 5);
        assertThat(invariants.ledgerTotals().of(KORAMANGALA, MovementType.SOLD).skuUnits()).isEqualTo(5);
    }

    /**
     * Movements the lock recorded but had not shipped when it lost its data: the rebuild recovers the holds' and
     * sales' movements from the orders, so the ledger alone adds up to the counters again (G) and H is clean.
     * Without the recovery, G would find milk's ledger at 107 received with nothing sold against 105 on hand.
     */
    @Test
    void movementsNotShippedBeforeALossAreRecoveredFromTheOrders() {
        LosableInventoryLock lock = new LosableInventoryLock(clock);
        Oms oms = installed(lock, new InMemoryStockLedger());
        Invariants invariants = new Invariants(oms, data, CUSTOMERS);
        Order paid = place(oms, "cust-a", MILK, 2);
        pay(oms, paid);
        invariants.rememberHolds(List.of(KORAMANGALA));
        lock.lose(KORAMANGALA);
        RebuildReport report = oms.recovery().rebuild(KORAMANGALA);

        assertThat(report.movementsRecovered()).as("the hold and the sale of the paid order").isEqualTo(2);
        List<Check> checks = close(oms, invariants);
        assertThat(failed(checks)).isEmpty();
        assertThat(invariants.ledgerTotals().of(KORAMANGALA, MovementType.SOLD).skuUnits()).isEqualTo(2);
        assertThat(oms.recovery().movements(LedgerQuery.of(KORAMANGALA, 100).types(EnumSet.of(MovementType.SOLD))))
                .singleElement().satisfies(m -> {
                    assertThat(m.reference()).isEqualTo(paid.reservationId().value());
                    assertThat(m.note()).contains("recovered from order " + paid.id());
                });
        assertThat(detail(checks, "H")).isEqualTo("4 stores clean at the close");
    }

    @Test
    void theManagersThresholdsComeFromTheDataOverTheCatalogs() {
        Oms oms = installed();
        assertThat(oms.inventory().thresholdFor(KORAMANGALA, MILK)).as("its own").isEqualTo(20);
        assertThat(oms.inventory().thresholdFor(KORAMANGALA, EGGS)).as("the store's default").isEqualTo(10);
        assertThat(oms.inventory().thresholdFor(INDIRANAGAR, EGGS)).as("its own").isEqualTo(12);
        assertThat(oms.inventory().thresholdFor(INDIRANAGAR, SkuId.of("ONION-1KG"))).as("the catalog's").isEqualTo(8);
        assertThat(oms.inventory().thresholdFor(StoreId.of("BLR-HSR-01"), SkuId.of("ALPHONSO-MANGO-1KG")))
                .as("alerts off").isZero();
        assertThat(data.thresholds()).hasSize(8);
        assertThat(data.storeDefaultThreshold(KORAMANGALA)).hasValue(10);
        assertThat(data.storeDefaultThreshold(INDIRANAGAR)).isEmpty();

        // Koramangala opens with 11 Rava Idli mixes against its default of 10: one order of two makes it low, once.
        PlacementResult r = oms.place(PlaceOrderRequest.of(CustomerId.of("cust-a"), IdempotencyKey.of("k"),
                KORAMANGALA_PIN, Cart.of(new CartLine(SkuId.of("MTR-RAVA-IDLI-500G"), 2))));
        assertThat(r).isInstanceOf(PlacementResult.Placed.class);
        assertThat(oms.inventory().lowStock(KORAMANGALA)).anySatisfy(low -> {
            assertThat(low.sku()).isEqualTo(SkuId.of("MTR-RAVA-IDLI-500G"));
            assertThat(low.available()).isEqualTo(9);
            assertThat(low.threshold()).isEqualTo(10);
        });
        assertThat(events.snapshot().stockLow()).filteredOn(e -> e.sku().equals(SkuId.of("MTR-RAVA-IDLI-500G")))
                .singleElement().satisfies(e -> assertThat(e.threshold()).isEqualTo(10));
    }

    /** A resellable return puts the units back into the batch they came from; one that is not puts nothing back. */
    @Test
    void aResellableReturnGoesBackIntoItsBatch() {
        Oms oms = installed();
        Order good = place(oms, "cust-a", MILK, 2);
        Order spoilt = place(oms, "cust-b", MILK, 1);
        for (Order o : List.of(good, spoilt)) {
            pay(oms, o);
            deliver(oms, o);
        }
        Batch batch = good.lines().get(0).batches().get(0).batch();
        long before = onHandOf(oms, batch);
        oms.orders().recordReturn(good.id(), true, Actor.staff("returns@BLR-KOR-01"));
        oms.orders().recordReturn(spoilt.id(), false, Actor.staff("returns@BLR-KOR-01"));
        assertThat(onHandOf(oms, batch)).isEqualTo(before + 2);
        assertThat(Invariants.backOnShelf(oms.orders().get(good.id()))).isTrue();
        assertThat(Invariants.backOnShelf(oms.orders().get(spoilt.id()))).isFalse();
        List<StockMovement> returned = oms.recovery().movements(LedgerQuery.of(KORAMANGALA, 10)
                .types(java.util.Set.of(MovementType.RETURNED)));
        assertThat(returned).singleElement().satisfies(m -> {
            assertThat(m.quantity()).isEqualTo(2);
            assertThat(m.batch()).isEqualTo(batch);
            assertThat(m.actor()).contains("returns@BLR-KOR-01");
        });
    }

    private static long onHandOf(Oms oms, Batch batch) {
        return oms.inventory().batches(KORAMANGALA, MILK).stream().filter(b -> b.batch().equals(batch))
                .mapToLong(BatchLevel::onHand).sum();
    }

    /** In memory a loss takes the one store; the others keep their data. */
    @Test
    void theEmbeddedDefaultLosesOneStore() {
        try (Storage storage = Storage.open(new SimulationOptions(10, 1, 1), clock, "test-run")) {
            List<StoreId> all = List.of(KORAMANGALA, INDIRANAGAR);
            assertThat(storage.storesALossTakes(all, KORAMANGALA)).containsExactly(KORAMANGALA);
            Oms oms = storage.wire(Oms.builder().clock(clock)).build();
            data.install(oms);
            assertThat(storage.loseInventory(KORAMANGALA)).contains("in memory", "BLR-KOR-01");
            assertThat(oms.inventory().available(KORAMANGALA, MILK)).isZero();
            assertThat(oms.inventory().available(INDIRANAGAR, MILK)).isPositive();
        }
    }

    /** A ledger that silently drops some movements: what a lost write would look like. */
    private static final class FilteringLedger implements StockLedger {
        private final StockLedger delegate;
        private final Predicate<StockMovement> drop;

        FilteringLedger(StockLedger delegate, Predicate<StockMovement> drop) {
            this.delegate = delegate;
            this.drop = drop;
        }

        @Override
        public void record(List<StockMovement> movements) {
            delegate.record(movements.stream().filter(drop.negate()).toList());
        }

        @Override
        public Optional<StockMovement> find(StoreId store, String key) {
            return delegate.find(store, key);
        }

        @Override
        public List<StockMovement> query(LedgerQuery query) {
            return delegate.query(query);
        }

        @Override
        public Optional<String> shippedPosition(StoreId store) {
            return delegate.shippedPosition(store);
        }

        @Override
        public void markShipped(StoreId store, String position) {
            delegate.markShipped(store, position);
        }
    }
}
