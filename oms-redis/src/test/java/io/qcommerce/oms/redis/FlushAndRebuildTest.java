package io.qcommerce.oms.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchLevel;
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
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.SampleSkus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis loses everything in the middle of a day of trade ({@code FLUSHALL}, as a restart without persistence
 * or a failover to an empty replica would), and {@code oms.recovery().rebuild(store)} brings the store back
 * from the durable record: the ledger (here in memory) and the orders (in memory too). The counters and
 * batches come back as they were, the drift check is clean, orders awaiting payment still confirm on their
 * restored holds, and no unit that a confirmed order took is sold again. On a server of its own: FLUSHALL
 * must not touch the other tests' keys.
 */
class FlushAndRebuildTest {
    private static final SkuId MILK = SkuId.of("MILK-1L");
    private static final SkuId BREAD = SkuId.of("BREAD-400G");
    private static final StoreId STORE = StoreId.of("BLR-A");
    private static final Pincode HOME = Pincode.of("560038");
    private static final CustomerId ASHA = CustomerId.of("asha");

    private static OwnRedisServer own;
    private static StatefulRedisConnection<String, String> connection;

    private final MutableClock clock = new MutableClock();
    private int keys;

    @BeforeAll
    static void startServer() {
        own = OwnRedisServer.start("flush");
        connection = own.connection;
    }

    @AfterAll
    static void stopServer() {
        if (own != null) {
            own.close();
        }
    }

    @Test
    void afterAFlushAllTheRebuildBringsBackEveryCounterAndHoldAndSellsNothingTwice() {
        RedisInventoryLock lock = new RedisInventoryLock(
                connection,
                RedisInventoryLockConfig.builder()
                        .clock(clock)
                        .commandTimeout(TestRedis.TIMEOUT)
                        .build());
        Oms oms =
                Oms.builder().clock(clock).inventoryLock(lock).inMemoryForRest().build();
        oms.catalog().save(SampleSkus.milk(MILK));
        oms.catalog().save(SampleSkus.bread(BREAD));
        oms.stores().create(Store.of(STORE, "Indiranagar", 1, HOME));

        // A morning of trade: receipts (two batches of milk), a correction, orders paid, cancelled, returned.
        Batch early = Batch.of("M-EARLY", clock.instant().plus(Duration.ofDays(4)));
        Batch late = Batch.of("M-LATE", clock.instant().plus(Duration.ofDays(8)));
        SampleSkus.deliverMorning(oms, STORE, MILK, BREAD, early, late);
        Instant start = clock.instant().plus(Duration.ofHours(3));
        DeliverySlot slot = oms.slots()
                .create(DeliverySlot.of(
                        SlotId.of("noon"),
                        STORE,
                        LocalDate.ofInstant(start, ZoneOffset.UTC),
                        start,
                        start.plus(Duration.ofHours(1)),
                        SlotType.NORMAL,
                        5,
                        start.minus(Duration.ofHours(1))));
        List<Order> paid = new ArrayList<>();
        List<Order> awaiting = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            PlaceOrderRequest request = PlaceOrderRequest.of(
                    ASHA,
                    IdempotencyKey.of("key-" + ++keys),
                    HOME,
                    Cart.builder().add(MILK.value(), 3).add(BREAD.value(), 1).build());
            if (i % 3 == 0) {
                request = request.inSlot(slot.id());
            }
            Order order = ((PlacementResult.Placed) oms.place(request)).order();
            clock.advance(Duration.ofSeconds(20));
            if (i < 5) {
                assertThat(oms.orders().confirmPayment(order.id(), Actor.system("pg")))
                        .isInstanceOf(PaymentResult.Confirmed.class);
                paid.add(oms.orders().get(order.id()));
            } else {
                awaiting.add(order);
            }
        }
        // A reconciler pass copies the lock's record so far; what follows reaches the ledger only through the
        // service's own writes (restocks, returns), and the release of a hold is lost with Redis.
        assertThat(oms.reconciler().run().movementsShipped()).isPositive();
        // One paid order cancelled (its units restocked), one delivered and returned resellable, one awaiting
        // payment cancelled (its hold released).
        oms.orders().cancel(paid.get(0).id(), CancelReason.CUSTOMER, Actor.customer(ASHA.value()));
        Order returned = paid.get(1);
        for (OrderStatus next :
                List.of(OrderStatus.PICKING, OrderStatus.PACKED, OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED)) {
            oms.orders().advance(returned.id(), next, Actor.staff("ravi"));
        }
        oms.orders().recordReturn(returned.id(), true, Actor.staff("ravi"));
        Order dropped = awaiting.remove(awaiting.size() - 1);
        oms.orders().cancel(dropped.id(), CancelReason.CUSTOMER, Actor.customer(ASHA.value()));

        Resource milk = Resource.sku(MILK);
        Resource bread = Resource.sku(BREAD);
        Map<Resource, StockLevel> before = lock.allLevels(STORE);
        List<BatchLevel> milkBatchesBefore = lock.batches(STORE, MILK);
        assertThat(before).containsOnlyKeys(milk, bread, slot.id().resource());
        assertThat(before.get(milk).reserved())
                .as("three orders awaiting payment")
                .isEqualTo(9);
        // The recovery's drift check copies nothing to the ledger (the reconciler's ships first).
        assertThat(oms.recovery().checkDrift(STORE).drifts())
                .as("lock and record agree before the loss")
                .isEmpty();

        connection.sync().flushall();
        assertThat(lock.allLevels(STORE)).isEmpty();
        assertThat(oms.recovery().checkDrift(STORE).isClean()).isFalse();

        RebuildReport report = oms.recovery().rebuild(STORE);
        assertThat(report.problems()).isEmpty();
        assertThat(report.holdsDropped()).isEmpty();
        assertThat(report.movementsRecovered())
                .as("the released hold's movements, from its order")
                .isPositive();
        assertThat(oms.recovery().movements(LedgerQuery.of(STORE, 1000)))
                .filteredOn(m -> m.reference().equals(dropped.reservationId().value()))
                .extracting(StockMovement::type)
                .contains(MovementType.HELD, MovementType.RELEASED);
        assertThat(report.holdsRestored())
                .containsExactlyInAnyOrderElementsOf(
                        awaiting.stream().map(Order::reservationId).toList());
        assertThat(lock.allLevels(STORE)).as("every counter as before the loss").isEqualTo(before);
        assertThat(lock.batches(STORE, MILK)).isEqualTo(milkBatchesBefore);
        DriftReport drift = oms.reconciler().checkDrift(STORE);
        assertThat(drift.drifts()).as("drift after the rebuild").isEmpty();
        oms.recovery().rebuild(STORE);
        assertThat(lock.allLevels(STORE)).as("a second rebuild changes nothing").isEqualTo(before);

        // The orders awaiting payment pay on their restored holds; the paid ones are not sold again.
        for (Order order : awaiting) {
            assertThat(oms.orders().confirmPayment(order.id(), Actor.system("pg")))
                    .isInstanceOf(PaymentResult.Confirmed.class);
        }
        for (Order order : paid) {
            oms.orders().confirmPayment(order.id(), Actor.system("pg"));
        }
        oms.reconciler().run();
        long received = 30;
        long sold = 3L * (paid.size() + awaiting.size());
        long putBack = 3L + 3L; // the cancelled paid order's units restocked, the returned order's units
        StockLevel milkNow = lock.levels(STORE, List.of(milk)).get(milk);
        assertThat(milkNow.onHand())
                .as("received - sold + restocked + returned")
                .isEqualTo(received - sold + putBack);
        assertThat(milkNow.reserved()).isZero();
        assertThat(lock.levels(STORE, List.of(bread)).get(bread).onHand())
                .isEqualTo(30 - 2 - (paid.size() + awaiting.size()) + 2);
        assertThat(oms.reconciler().checkDrift(STORE).drifts())
                .as("drift at the end of the day")
                .isEmpty();

        // The durable ledger alone adds up to every counter: what the rebuild recovered from the orders, and what
        // the lock recorded after it (the sales of the restored holds).
        for (Map.Entry<Resource, StockLevel> e : lock.allLevels(STORE).entrySet()) {
            List<StockMovement> movements =
                    oms.recovery().movements(LedgerQuery.of(STORE, 1000).resource(e.getKey()));
            assertThat(movements.stream().mapToLong(StockMovement::onHandEffect).sum())
                    .as("onHand of %s summed from the durable ledger", e.getKey())
                    .isEqualTo(e.getValue().onHand());
            assertThat(movements.stream()
                            .mapToLong(StockMovement::reservedEffect)
                            .sum())
                    .as("reserved of %s summed from the durable ledger", e.getKey())
                    .isEqualTo(e.getValue().reserved());
        }
    }
}
