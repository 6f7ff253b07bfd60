package io.qcommerce.oms.ledger;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.ASHA;
import static io.qcommerce.oms.Fixture.B;
import static io.qcommerce.oms.Fixture.BREAD;
import static io.qcommerce.oms.Fixture.EGGS;
import static io.qcommerce.oms.Fixture.HOME;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.TestClock;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random days of trade in two stores, with the lock losing everything at random moments (reconciler passes
 * at random moments too, so some of what the lock recorded is shipped and some is not), each loss followed
 * by a rebuild of both stores. Some placements die between their hold and their order and are retried
 * later with the same key, so a reservation id may be held again once the lock has forgotten it. Whatever the sequence, at the close: the record and the counters agree
 * (drift is clean), the ledger alone adds up to every counter and batch, and every rebuild found its record
 * sound. A failure names its seed, so that it can be played again.
 */
class RandomLossTest {
    private static final List<SkuId> SKUS = List.of(MILK, BREAD, EGGS);
    private static final List<StoreId> STORES = List.of(A, B);

    @Test
    void theLedgerAndTheCountersAgreeAfterAnySequenceOfTradeLossesAndRebuilds() {
        for (long seed = 0; seed < 60; seed++) {
            playAndCheck(seed);
        }
    }

    private static void playAndCheck(long seed) {
        Random random = new Random(seed);
        TestClock clock = TestClock.atMorning();
        SwappableLock lock = new SwappableLock(clock);
        Fixture world = new Fixture(Oms.builder(), clock, lock, new io.qcommerce.oms.memory.InMemoryStockLedger());
        Oms oms = world.oms;
        Instant start = clock.instant().plus(Duration.ofHours(2));
        DeliverySlot slot = world.createSlot("noon", A, start, 3, Duration.ofMinutes(30));
        Batch fresh = Batch.of("M-FRESH", clock.instant().plus(Duration.ofDays(5)));
        Batch older = Batch.of("M-OLD", clock.instant().plus(Duration.ofDays(2)));
        oms.inventory()
                .apply(StockChange.receive(A, MILK, 4 + random.nextInt(4))
                        .batch(older)
                        .id(MovementId.of("grn-old"))
                        .build());
        oms.inventory()
                .apply(StockChange.receive(A, MILK, 4 + random.nextInt(4))
                        .batch(fresh)
                        .id(MovementId.of("grn-fresh"))
                        .build());
        List<Order> orders = new ArrayList<>();
        List<RebuildReport> rebuilds = new ArrayList<>();
        List<PlaceOrderRequest> diedPlacements = new ArrayList<>();
        int movements = 0;
        String trail = "seed " + seed + ":";
        for (int step = 0; step < 120; step++) {
            int dice = random.nextInt(100);
            StoreId store = STORES.get(random.nextInt(STORES.size()));
            SkuId sku = SKUS.get(random.nextInt(SKUS.size()));
            if (dice < 12) {
                oms.inventory()
                        .apply(StockChange.receive(store, sku, 1 + random.nextInt(5))
                                .id(MovementId.of("grn-" + ++movements))
                                .build());
                trail += " R";
            } else if (dice < 15) {
                oms.inventory()
                        .apply(StockChange.adjust(store, sku, -1)
                                .reason("damaged")
                                .id(MovementId.of("adj-" + ++movements))
                                .build());
                trail += " J";
            } else if (dice < 20) {
                // A placement that died after its hold, before its order; the client will retry it.
                io.qcommerce.oms.order.IdempotencyKey key = world.newKey();
                int units = 1 + random.nextInt(3);
                lock.reserve(new io.qcommerce.oms.inventory.HoldRequest(
                        io.qcommerce.oms.order.OrderId.derive(ASHA, key).reservationId(),
                        store,
                        List.of(io.qcommerce.oms.inventory.HoldLine.of(sku, units)),
                        oms.config().holdTtl()));
                diedPlacements.add(PlaceOrderRequest.of(
                        ASHA, key, HOME, Cart.builder().add(sku.value(), units).build()));
                trail += " O";
            } else if (dice < 25 && !diedPlacements.isEmpty()) {
                PlacementResult result = oms.place(diedPlacements.remove(random.nextInt(diedPlacements.size())));
                if (result instanceof PlacementResult.Placed placed) {
                    orders.add(placed.order());
                }
                trail += " r";
            } else if (dice < 45) {
                Cart.Builder cart = Cart.builder().add(sku.value(), 1 + random.nextInt(3));
                if (random.nextBoolean()) {
                    cart.add(SKUS.get(random.nextInt(SKUS.size())).value(), 1);
                }
                PlaceOrderRequest request = PlaceOrderRequest.of(ASHA, world.newKey(), HOME, cart.build());
                if (random.nextInt(4) == 0) {
                    request = request.inSlot(slot.id());
                }
                PlacementResult result = oms.place(request);
                if (result instanceof PlacementResult.Placed placed) {
                    orders.add(placed.order());
                    trail += " P";
                }
            } else if (dice < 85 && !orders.isEmpty()) {
                Order order = oms.orders()
                        .get(orders.get(random.nextInt(orders.size())).id());
                trail += " " + move(oms, order, random);
            } else if (dice < 92) {
                clock.advance(Duration.ofMinutes(1 + random.nextInt(8)));
                trail += " T";
            } else if (dice < 97) {
                oms.reconciler().run();
                trail += " S";
            } else {
                lock.lose();
                for (StoreId s : STORES) {
                    rebuilds.add(oms.recovery().rebuild(s));
                }
                trail += " LOSS";
            }
        }
        // The close: every hold has lapsed (those of died placements too, which no order accounts for and which
        // a drift check would rightly show while they live), and a last pass ships and settles.
        clock.advance(oms.config().holdTtl().plusMinutes(1));
        oms.reconciler().run();

        String context = trail;
        for (RebuildReport report : rebuilds) {
            assertThat(report.problems()).as(context).isEmpty();
            assertThat(report.holdsDropped()).as(context).isEmpty();
        }
        for (StoreId s : STORES) {
            assertThat(oms.recovery().checkDrift(s).drifts()).as(context).isEmpty();
            assertThat(LedgerBalance.disagreements(world.ledger, lock, s, SKUS))
                    .as(context)
                    .isEmpty();
        }
    }

    /** One step of an order's life, chosen at random among those its status allows; a letter for the trail. */
    private static String move(Oms oms, Order order, Random random) {
        Actor staff = Actor.staff("ravi");
        switch (order.status()) {
            case AWAITING_PAYMENT: {
                int pick = random.nextInt(10);
                if (pick < 6) {
                    oms.orders().confirmPayment(order.id(), Actor.system("pg"));
                    return "$";
                }
                if (pick < 8) {
                    oms.orders().paymentFailed(order.id(), Actor.system("pg"));
                    return "F";
                }
                oms.orders().cancel(order.id(), CancelReason.CUSTOMER, Actor.customer(ASHA.value()));
                return "X";
            }
            case CONFIRMED:
            case PICKING:
            case PACKED:
                if (random.nextInt(5) == 0) {
                    oms.orders().cancel(order.id(), CancelReason.STORE, staff);
                    return "C";
                }
                oms.orders().advance(order.id(), next(order.status()), staff);
                return ">";
            case OUT_FOR_DELIVERY:
                oms.orders().advance(order.id(), OrderStatus.DELIVERED, staff);
                return "D";
            case DELIVERED:
                oms.orders().recordReturn(order.id(), random.nextBoolean(), staff);
                return "U";
            default:
                return "-";
        }
    }

    private static OrderStatus next(OrderStatus status) {
        switch (status) {
            case CONFIRMED:
                return OrderStatus.PICKING;
            case PICKING:
                return OrderStatus.PACKED;
            default:
                return OrderStatus.OUT_FOR_DELIVERY;
        }
    }
}
