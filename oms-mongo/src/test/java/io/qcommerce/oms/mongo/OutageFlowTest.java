package io.qcommerce.oms.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.PaymentResult;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.placement.Reconciler;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.SampleSkus;
import io.qcommerce.oms.testkit.servers.InProcessMongo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole saga on the Mongo adapters (orders, catalog, stores) with the in-memory inventory lock and a hand-moved
 * clock, while the orders store goes away at the worst moments: between the hold and the insert of the order, and
 * between confirming the hold and confirming the order. After the server is back and the holds have lapsed, one
 * reconciler pass repairs every order: none is left awaiting payment, an order is confirmed if and only if its
 * hold was confirmed, and every unit is accounted for.
 */
@Timeout(60)
class OutageFlowTest {
    private static final Pincode HOME = Pincode.of("560038");
    private static final StoreId STORE = StoreId.of("BLR-1");
    private static final SkuId MILK = SkuId.of("MILK-1L");
    private static final SkuId BREAD = SkuId.of("BREAD-400G");
    private static final long INITIAL = 100;
    private static final CustomerId ASHA = CustomerId.of("asha");

    private final MutableClock clock = new MutableClock();
    private InProcessMongo server;
    private TcpProxy proxy;
    private MongoClient client;
    private InterruptingInventoryLock lock;
    private MongoOrderRepository orders;
    private Oms oms;
    private final Map<String, OrderId> orderOfKey = new LinkedHashMap<>();
    private final List<Outcome> figures = new ArrayList<>();

    @BeforeEach
    void wire() {
        server = InProcessMongo.start();
        proxy = TcpProxy.to("127.0.0.1", server.port());
        client = MongoClients.create(FaultClients.throughProxy(server.uri(), proxy.port()));
        MongoDatabase database = client.getDatabase("oms");
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
        lock = new InterruptingInventoryLock(new InMemoryInventoryLock(clock));
        orders = new MongoOrderRepository(database);
        oms = Oms.builder()
                .clock(clock)
                .orderRepository(orders)
                .catalog(new MongoCatalog(database))
                .storeDirectory(new MongoStoreDirectory(database))
                .inventoryLock(lock)
                .inMemoryForRest()
                .build();
        oms.catalog().save(SampleSkus.milk(MILK));
        oms.catalog().save(SampleSkus.bread(BREAD));
        oms.stores().create(Store.of(STORE, "Indiranagar", 0, HOME));
        oms.inventory().receive(STORE, MILK, INITIAL);
        oms.inventory().receive(STORE, BREAD, INITIAL);
    }

    @AfterEach
    void close() {
        if (!figures.isEmpty()) {
            System.out.println("orders store outages in the saga:\n  "
                    + String.join(
                            "\n  ", figures.stream().map(Outcome::toString).toList()));
        }
        if (client != null) {
            client.close();
        }
        proxy.close();
        server.close();
    }

    /** Stops the server and waits until the driver has seen it go (its pool cleared): nothing more is sent. */
    private void stopAndLetTheDriverNotice() {
        server.stop();
        for (int i = 0; i < 5; i++) {
            OmsException e = catchThrowableOfType(OmsException.class, () -> orders.find(OrderId.of("o-probe")));
            if (e != null && "MongoTimeoutException".equals(e.details().get("driverError"))) {
                return;
            }
        }
        throw new AssertionError("the driver did not notice the stopped server");
    }

    private PlacementResult place(String key) {
        orderOfKey.put(key, OrderId.derive(ASHA, IdempotencyKey.of(key)));
        return oms.place(PlaceOrderRequest.of(
                ASHA,
                IdempotencyKey.of(key),
                HOME,
                Cart.builder().add("MILK-1L", 2).add("BREAD-400G", 1).build()));
    }

    private Order placeOk(String key) {
        PlacementResult result = place(key);
        assertThat(result).as("place %s", key).isInstanceOf(PlacementResult.Placed.class);
        return ((PlacementResult.Placed) result).order();
    }

    /** Runs {@code call}, which must fail with a typed backend error because the server was stopped under it. */
    private OmsException failsWhileDown(String name, Runnable call) {
        Outcome outcome = Outcome.of(name, () -> {
            call.run();
            return null;
        });
        figures.add(outcome);
        assertThat(outcome.error()).as(name).isNotNull();
        assertThat(outcome.error().category()).as(name).isEqualTo(ErrorCode.Category.BACKEND);
        return outcome.error();
    }

    @Test
    void everyOrderCutOffByAnOutageIsRepairedAndNoUnitIsLost() {
        Order paid = placeOk("k-paid");
        oms.orders().confirmPayment(paid.id(), Actor.system("payments"));
        Order abandoned = placeOk("k-abandoned");
        Order failedPayment = placeOk("k-failed");
        oms.orders().paymentFailed(failedPayment.id(), Actor.system("payments"));

        // 1a. The store is gone, and the driver knows it, when placement inserts the order after the hold: the
        // insert surely did not happen, placement keeps the hold, and the retry with the same key stores the
        // order on it.
        lock.afterNextReserve(this::stopAndLetTheDriverNotice);
        OmsException refused = failsWhileDown("place: insert refused after the hold", () -> place("k-insert-refused"));
        server.restart();
        awaitReachable();
        assertThat(refused.code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(place("k-insert-refused")).isInstanceOf(PlacementResult.Placed.class);
        assertThat(place("k-insert-refused")).isInstanceOf(PlacementResult.Repeated.class);

        // 1b. The insert reaches the server, which stores the order, but its answer is lost: the outcome is
        // unknown, placement keeps the hold, and the retry with the same key answers the stored order.
        lock.afterNextReserve(() -> proxy.holdResponses(true));
        OmsException lost = failsWhileDown("place: insert answer lost", () -> place("k-insert-answer-lost"));
        proxy.holdResponses(false);
        awaitReachable();
        assertThat(lost.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        PlacementResult settled = place("k-insert-answer-lost");
        assertThat(settled).isInstanceOf(PlacementResult.Repeated.class);

        // 1c. The server is stopped right after the hold, whatever the driver knows: either answer is handled.
        lock.afterNextReserve(server::stop);
        OmsException cut = failsWhileDown("place: server stopped after the hold", () -> place("k-insert-cut"));
        server.restart();
        awaitReachable();
        PlacementResult retried = place("k-insert-cut");
        if (cut.code() == ErrorCode.BACKEND_UNAVAILABLE) {
            assertThat(retried).as("stored now, on the kept hold").isInstanceOf(PlacementResult.Placed.class);
        } else {
            assertThat(retried)
                    .as("stored now, or by the cut attempt after all")
                    .isInstanceOfAny(PlacementResult.Placed.class, PlacementResult.Repeated.class);
        }

        // 2. The store goes away after the hold is confirmed, before the order is; nobody retries.
        Order confirmCut = placeOk("k-cut-confirm");
        lock.afterNextConfirm(server::stop);
        failsWhileDown("confirmPayment: order after the hold", () -> oms.orders()
                .confirmPayment(confirmCut.id(), Actor.system("payments")));
        server.restart();
        awaitReachable();

        // 3. The same cut, and the payment service retries with the same order id.
        Order confirmRetried = placeOk("k-cut-confirm-retried");
        lock.afterNextConfirm(server::stop);
        failsWhileDown("confirmPayment (retried later)", () -> oms.orders()
                .confirmPayment(confirmRetried.id(), Actor.system("payments")));
        server.restart();
        awaitReachable();
        PaymentResult retry = oms.orders().confirmPayment(confirmRetried.id(), Actor.system("payments"));
        assertThat(retry).isInstanceOf(PaymentResult.Confirmed.class);
        assertThat(oms.orders().confirmPayment(confirmRetried.id(), Actor.system("payments")))
                .isEqualTo(retry);

        // 3b. The order's confirmation reaches the server but its answer is lost; the retry sees it done.
        Order answerLost = placeOk("k-confirm-answer-lost");
        lock.afterNextConfirm(() -> proxy.holdResponses(true));
        OmsException confirmLost = failsWhileDown("confirmPayment: answer lost", () -> oms.orders()
                .confirmPayment(answerLost.id(), Actor.system("payments")));
        proxy.holdResponses(false);
        awaitReachable();
        assertThat(confirmLost.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(oms.orders().confirmPayment(answerLost.id(), Actor.system("payments")))
                .isInstanceOfSatisfying(
                        PaymentResult.Confirmed.class,
                        c -> assertThat(c.order().history()).hasSize(2));

        // 4. The store is down when the payment failure arrives: nothing happens, the hold lapses.
        Order failureLost = placeOk("k-failure-lost");
        server.stop();
        failsWhileDown("paymentFailed while down", () -> oms.orders()
                .paymentFailed(failureLost.id(), Actor.system("payments")));
        server.restart();
        awaitReachable();

        assertThat(oms.orders().get(confirmCut.id()).status())
                .as("cut off before repair")
                .isEqualTo(OrderStatus.AWAITING_PAYMENT);
        clock.advance(oms.config().holdTtl().plusSeconds(1));
        Reconciler.Report report = oms.reconciler().run();
        Reconciler.Report again = oms.reconciler().run();

        assertThat(report.failures()).isZero();
        assertThat(report.ordersConfirmed())
                .as("the order whose hold was confirmed")
                .isEqualTo(1);
        assertThat(again).isEqualTo(new Reconciler.Report(0, 0, 0, 0, 0, 0));
        assertThat(oms.orders().get(confirmCut.id()).history()).last().satisfies(h -> assertThat(h.actor())
                .isEqualTo(Actor.system("reconciler")));
        assertThat(oms.orders().get(abandoned.id()).cancelReason()).contains(CancelReason.RESERVATION_EXPIRED);
        assertThat(oms.orders().get(failureLost.id()).cancelReason()).contains(CancelReason.RESERVATION_EXPIRED);
        assertThat(oms.orders().get(paid.id()).status()).isEqualTo(OrderStatus.CONFIRMED);
        assertEveryOrderSettledAndEveryUnitAccountedFor();
    }

    private void assertEveryOrderSettledAndEveryUnitAccountedFor() {
        Map<SkuId, Long> sold = new LinkedHashMap<>(Map.of(MILK, 0L, BREAD, 0L));
        assertThat(orders.findAwaitingPaymentExpiredBy(clock.instant().plus(Duration.ofDays(1)), null, 100))
                .as("orders left awaiting payment")
                .isEmpty();
        for (Map.Entry<String, OrderId> entry : orderOfKey.entrySet()) {
            Order order = orders.find(entry.getValue()).orElse(null);
            Reservation hold =
                    lock.find(STORE, entry.getValue().reservationId()).orElse(null);
            boolean holdConfirmed = hold != null && hold.status() == ReservationStatus.CONFIRMED;
            if (order == null) {
                assertThat(holdConfirmed)
                        .as("%s: no order, so no sold hold", entry.getKey())
                        .isFalse();
                continue;
            }
            assertThat(order.status().isPaidFor())
                    .as("%s: order confirmed iff its hold is", entry.getKey())
                    .isEqualTo(holdConfirmed);
            assertThat(order.status()).as(entry.getKey()).isIn(OrderStatus.CONFIRMED, OrderStatus.CANCELLED);
            if (holdConfirmed) {
                for (OrderLine line : order.lines()) {
                    sold.merge(line.sku(), (long) line.quantity(), Long::sum);
                }
            }
        }
        Map<SkuId, StockLevel> levels = oms.inventory().availability(STORE, List.of(MILK, BREAD));
        for (SkuId sku : List.of(MILK, BREAD)) {
            assertThat(levels.get(sku).onHand()).as("%s on hand", sku).isEqualTo(INITIAL - sold.get(sku));
            assertThat(levels.get(sku).reserved()).as("%s reserved", sku).isZero();
        }
        assertThat(sold.get(MILK)).as("four paid orders of 2 milk").isEqualTo(8);
    }

    @Test
    void aReconcilerRunWhileTheStoreIsDownCountsItsFailuresAndTheNextRunRepairs() {
        Order abandoned = placeOk("k-1");
        clock.advance(oms.config().holdTtl().plusSeconds(1));
        server.stop();

        Reconciler.Report during = oms.reconciler().run();
        server.restart();
        awaitReachable();
        Reconciler.Report report = oms.reconciler().run();

        assertThat(during.failures())
                .as("a scheduled job survives the outage and says so")
                .isPositive();
        assertThat(during.ordersCancelled()).isZero();
        assertThat(report.failures()).isZero();
        assertThat(report.ordersCancelled()).isEqualTo(1);
        assertThat(oms.orders().get(abandoned.id()).cancelReason()).contains(CancelReason.RESERVATION_EXPIRED);
        assertAllStockBackOnTheShelf();
    }

    private void assertAllStockBackOnTheShelf() {
        Map<SkuId, StockLevel> levels = oms.inventory().availability(STORE, List.of(MILK, BREAD));
        assertThat(levels.get(MILK).onHand()).isEqualTo(INITIAL);
        assertThat(levels.get(MILK).reserved()).isZero();
    }

    /**
     * Polls with a cheap read until the driver reaches the server again: after a restart or a stall its
     * monitor may have marked the server unknown, and the next call would have only its server-selection
     * timeout to reconnect, which a loaded machine can exceed.
     */
    private void awaitReachable() {
        for (int i = 0; i < 20; i++) {
            try {
                oms.orders().get(io.qcommerce.oms.order.OrderId.of("o-probe"));
                return;
            } catch (io.qcommerce.oms.error.OmsException e) {
                if (e.code() == io.qcommerce.oms.error.ErrorCode.UNKNOWN_ORDER) {
                    return;
                }
            }
        }
        throw new AssertionError("the server did not become reachable again");
    }
}
