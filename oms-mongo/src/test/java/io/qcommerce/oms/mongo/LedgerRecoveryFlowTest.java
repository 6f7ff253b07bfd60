package io.qcommerce.oms.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.LowStock;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.RebuildReport;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.PaymentResult;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.placement.Reconciler;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.LosableInventoryLock;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.SampleSkus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The durability story of DESIGN.md on these adapters: {@code Oms} with its orders, catalog, stores, slots, stock
 * ledger and thresholds on MongoDB and its counters in an in-memory lock. A morning of trade (batches received, an
 * adjustment, orders placed in and out of a slot, paid, cancelled after payment, delivered and returned, some left
 * awaiting payment) is shipped into the ledger by the reconciler; then the lock loses everything. A second {@code Oms}
 * on the same database, as a restarted process would build it, rebuilds the store from what MongoDB holds: every
 * counter, batch and live hold comes back as it was, the drift check is clean, and the orders awaiting payment pay
 * as if nothing had happened.
 */
class LedgerRecoveryFlowTest {
    private static final StoreId STORE = StoreId.of("BLR-1");
    private static final Pincode HOME = Pincode.of("560038");
    private static final SkuId MILK = SkuId.of("MILK-1L");
    private static final SkuId BREAD = SkuId.of("BREAD-400G");
    private static final CustomerId ASHA = CustomerId.of("asha");
    private static MongoDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestMongo.shared().freshDatabase("recovery");
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
    }

    @AfterAll
    static void dropDatabase() {
        TestMongo.drop(database);
    }

    /** An {@code Oms} whose every durable port is a new adapter on the test database. */
    private static Oms onMongo(MutableClock clock, LosableInventoryLock lock) {
        return Oms.builder()
                .clock(clock)
                .orderRepository(new MongoOrderRepository(database))
                .catalog(new MongoCatalog(database))
                .storeDirectory(new MongoStoreDirectory(database))
                .slotDirectory(new MongoSlotDirectory(database))
                .stockLedger(new MongoStockLedger(database))
                .stockThresholds(new MongoStockThresholds(database))
                .inventoryLock(lock)
                .inMemoryForRest()
                .build();
    }

    @Test
    void afterTheLockLosesEverythingARebuildFromMongoBringsBackEveryCounterBatchAndHold() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
        LosableInventoryLock lock = new LosableInventoryLock(clock);
        Oms oms = onMongo(clock, lock);
        Instant now = clock.instant();
        oms.catalog().save(SampleSkus.milk(MILK));
        oms.catalog().save(SampleSkus.bread(BREAD));
        oms.stores().create(Store.of(STORE, "Indiranagar", 0, HOME));
        Batch early = Batch.of("M-EARLY", now.plus(Duration.ofDays(4)));
        Batch late = Batch.of("M-LATE", now.plus(Duration.ofDays(8)));
        SampleSkus.deliverMorning(oms, STORE, MILK, BREAD, early, late);
        oms.inventory().setThreshold(STORE, MILK, 20);
        oms.inventory().setStoreDefaultThreshold(STORE, 25);
        Instant start = now.plus(Duration.ofHours(3));
        DeliverySlot noon = oms.slots()
                .create(DeliverySlot.of(
                        SlotId.of("BLR-1-0302-05"),
                        STORE,
                        LocalDate.ofInstant(start, ZoneOffset.UTC),
                        start,
                        start.plus(Duration.ofHours(1)),
                        SlotType.NORMAL,
                        5,
                        start.minus(Duration.ofHours(1))));

        List<Order> paid = new ArrayList<>();
        List<Order> awaiting = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clock.advance(Duration.ofSeconds(20));
            PlaceOrderRequest request = PlaceOrderRequest.of(
                    ASHA,
                    IdempotencyKey.of("k-" + i),
                    HOME,
                    Cart.builder().add(MILK.value(), 3).add(BREAD.value(), 1).build());
            PlacementResult placed = oms.place(i % 3 == 0 ? request.inSlot(noon.id()) : request);
            assertThat(placed).as("order %d", i).isInstanceOf(PlacementResult.Placed.class);
            Order order = ((PlacementResult.Placed) placed).order();
            if (i < 5) {
                assertThat(oms.orders().confirmPayment(order.id(), Actor.system("pg")))
                        .isInstanceOf(PaymentResult.Confirmed.class);
                paid.add(oms.orders().get(order.id()));
            } else {
                awaiting.add(order);
            }
        }
        oms.orders().cancel(paid.get(0).id(), CancelReason.CUSTOMER, Actor.customer(ASHA.value()));
        for (OrderStatus step :
                List.of(OrderStatus.PICKING, OrderStatus.PACKED, OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED)) {
            oms.orders().advance(paid.get(1).id(), step, Actor.staff("ravi"));
            oms.orders().advance(paid.get(2).id(), step, Actor.staff("ravi"));
        }
        oms.orders().recordReturn(paid.get(1).id(), true, Actor.staff("ravi"));
        oms.orders().recordReturn(paid.get(2).id(), false, Actor.staff("ravi"));
        oms.orders().advance(paid.get(3).id(), OrderStatus.PICKING, Actor.staff("ravi"));

        Reconciler.Report report = oms.reconciler().run();
        assertThat(report.failures()).isZero();
        assertThat(report.movementsShipped())
                .as("holds, sales and releases the lock alone saw")
                .isPositive();
        assertThat(oms.reconciler().run().movementsShipped())
                .as("a second pass has nothing new")
                .isZero();

        Map<Resource, StockLevel> before = lock.allLevels(STORE);
        List<BatchLevel> milkBatchesBefore = lock.batches(STORE, MILK);
        List<LowStock> lowBefore = oms.inventory().lowStock(STORE);
        assertThat(lowBefore).extracting(LowStock::sku).contains(MILK);
        assertThat(oms.reconciler().checkDrift(STORE).isClean())
                .as("lock and record agree before the loss")
                .isTrue();
        assertTheLedgerAddsUpToTheCounters(oms, before, paid.size());

        lock.loseAll();
        assertThat(oms.recovery().checkDrift(STORE).isClean())
                .as("the loss shows as drift")
                .isFalse();

        // A restarted process: new adapters on the same database, the emptied lock.
        Oms restarted = onMongo(clock, lock);
        RebuildReport rebuilt = restarted.recovery().rebuild(STORE);

        assertThat(rebuilt.problems()).isEmpty();
        assertThat(rebuilt.holdsDropped()).isEmpty();
        assertThat(rebuilt.movementsRecovered())
                .as("every hold movement was shipped before the loss, and MongoDB " + "answers them by type")
                .isZero();
        assertThat(rebuilt.holdsRestored())
                .containsExactlyInAnyOrderElementsOf(
                        awaiting.stream().map(Order::reservationId).toList());
        assertThat(lock.allLevels(STORE)).isEqualTo(before);
        assertThat(lock.batches(STORE, MILK)).isEqualTo(milkBatchesBefore);
        DriftReport drift = restarted.recovery().checkDrift(STORE);
        assertThat(drift.drifts()).isEmpty();
        assertThat(drift.isClean()).isTrue();
        assertThat(restarted.inventory().lowStock(STORE))
                .as("thresholds read back from MongoDB")
                .containsExactlyInAnyOrderElementsOf(lowBefore);
        restarted.recovery().rebuild(STORE);
        assertThat(lock.allLevels(STORE)).as("a second rebuild changes nothing").isEqualTo(before);

        for (Order order : awaiting) {
            assertThat(restarted.orders().confirmPayment(order.id(), Actor.system("pg")))
                    .isInstanceOf(PaymentResult.Confirmed.class);
        }
        StockLevel milk = lock.levels(STORE, List.of(Resource.sku(MILK))).get(Resource.sku(MILK));
        // Eight orders of 3 paid in all; the cancelled one and the resellable return put theirs back.
        assertThat(milk.onHand()).isEqualTo(30 - 3L * (paid.size() + awaiting.size() - 2));
        assertThat(milk.reserved()).isZero();
        assertThat(restarted.recovery().checkDrift(STORE).isClean()).isTrue();
    }

    /** What MongoDB's ledger holds adds up to the lock's counters: conservation from the ledger alone. */
    private static void assertTheLedgerAddsUpToTheCounters(Oms oms, Map<Resource, StockLevel> levels, int paidOrders) {
        List<StockMovement> sold = oms.recovery()
                .movements(
                        LedgerQuery.of(STORE, 1000).resource(Resource.sku(MILK)).types(EnumSet.of(MovementType.SOLD)));
        assertThat(sold.stream().mapToLong(StockMovement::quantity).sum()).isEqualTo(3L * paidOrders);
        for (Resource resource : List.of(Resource.sku(MILK), Resource.sku(BREAD))) {
            long onHand = 0;
            long reserved = 0;
            StockMovement last = null;
            while (true) {
                LedgerQuery page = LedgerQuery.of(STORE, 7).resource(resource);
                List<StockMovement> movements = oms.recovery().movements(last == null ? page : page.after(last));
                for (StockMovement m : movements) {
                    onHand += m.onHandEffect();
                    reserved += m.reservedEffect();
                }
                if (movements.size() < 7) {
                    break;
                }
                last = movements.get(movements.size() - 1);
            }
            assertThat(onHand)
                    .as("%s on hand from the ledger", resource)
                    .isEqualTo(levels.get(resource).onHand());
            assertThat(reserved)
                    .as("%s reserved from the ledger", resource)
                    .isEqualTo(levels.get(resource).reserved());
        }
    }
}
