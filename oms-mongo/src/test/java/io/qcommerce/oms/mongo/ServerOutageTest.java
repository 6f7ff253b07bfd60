package io.qcommerce.oms.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.ErrorCode;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.order.InsertResult;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.order.TransitionResult;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.Orders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server goes away mid-flow: the in-process server is stopped (every connection closed, the port closed) and
 * started again on the same port with its data. Every call meanwhile is a typed backend error; the same calls
 * with the same ids afterwards are idempotent.
 */
@Timeout(60)
class ServerOutageTest {
    private InProcessMongo server;
    private MongoClient client;
    private MongoDatabase database;

    @BeforeEach
    void startServer() {
        server = InProcessMongo.start();
        client = MongoClients.create(FaultClients.fast(server.connectionString()));
        database = client.getDatabase("oms");
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.close();
    }

    @Test
    void everyCallWhileTheServerIsDownIsABackendErrorAndTheSameCallsAfterwardAreIdempotent() {
        MongoOrderRepository orders = new MongoOrderRepository(database);
        MongoCatalog catalog = new MongoCatalog(database);
        MongoStoreDirectory stores = new MongoStoreDirectory(database);
        MongoSlotDirectory slots = new MongoSlotDirectory(database);
        Order placed = orders.insert(Orders.awaitingPayment()).order();
        Order next = Orders.awaitingPayment();
        Sku milk = new Sku(SkuId.of("MILK-1L"), "Milk 1 L", Money.inr(6800), Money.inr(6500), true, 6);
        Store store = Store.of(StoreId.of("BLR-1"), "Indiranagar", 0, Pincode.of("560038"));
        StatusChange confirm = Orders.change(OrderStatus.AWAITING_PAYMENT, OrderStatus.CONFIRMED,
                placed.createdAt().plusSeconds(30), "paid");
        Instant nine = Instant.parse("2026-03-02T03:30:00Z");
        DeliverySlot morning = slots.insert(DeliverySlot.of(SlotId.of("BLR-1-0302-09"), store.id(),
                LocalDate.of(2026, 3, 2), nine, nine.plus(Duration.ofHours(2)), SlotType.NORMAL, 20,
                nine.minus(Duration.ofHours(1))));
        DeliverySlot evening = DeliverySlot.of(SlotId.of("BLR-1-0302-18"), store.id(), LocalDate.of(2026, 3, 2),
                nine.plus(Duration.ofHours(9)), nine.plus(Duration.ofHours(11)), SlotType.NORMAL, 20,
                nine.plus(Duration.ofHours(8)));

        server.stop();
        List<Outcome> down = List.of(
                Outcome.of("insert(new order)", () -> orders.insert(next)),
                Outcome.of("transition(placed, 0, CONFIRMED)", () -> orders.transition(placed.id(), 0, confirm)),
                Outcome.of("find(placed)", () -> orders.find(placed.id())),
                Outcome.of("findAwaitingPaymentExpiredBy", () -> orders.findAwaitingPaymentExpiredBy(
                        placed.holdExpiresAt(), 10)),
                Outcome.of("catalog.save", () -> {
                    catalog.save(milk);
                    return null;
                }),
                Outcome.of("catalog.findAll", () -> catalog.findAll(List.of(milk.id()))),
                Outcome.of("stores.save", () -> {
                    stores.save(store);
                    return null;
                }),
                Outcome.of("stores.servingPincode", () -> stores.servingPincode(Pincode.of("560038"))),
                Outcome.of("slots.insert", () -> slots.insert(evening)),
                Outcome.of("slots.replace", () -> slots.replace(morning.withCapacity(30), 0)),
                Outcome.of("slots.list", () -> slots.list(store.id(), morning.date(), morning.date())));
        server.restart();
        System.out.println("server stopped:\n  " + String.join("\n  ", down.stream().map(Outcome::toString).toList()));

        for (Outcome o : down) {
            assertThat(o.error()).as(o.call()).isNotNull();
            assertThat(o.error().code()).as(o.call()).isIn(ErrorCode.BACKEND_UNAVAILABLE, ErrorCode.OUTCOME_UNKNOWN);
            assertThat(o.error().isRetryable()).isTrue();
        }
        assertThat(down.subList(2, 4)).extracting(o -> o.error().code()).as("reads")
                .containsOnly(ErrorCode.BACKEND_UNAVAILABLE);

        // The same calls, same ids, once it is back.
        InsertResult retried = orders.insert(next);
        assertThat(retried.order()).isEqualTo(next);
        assertThat(orders.insert(next)).isEqualTo(new InsertResult.Duplicate(next));
        assertThat(orders.insert(placed)).isEqualTo(new InsertResult.Duplicate(placed));
        TransitionResult moved = orders.transition(placed.id(), 0, confirm);
        assertThat(moved).isEqualTo(new TransitionResult.Applied(placed.transition(confirm)));
        assertThat(orders.transition(placed.id(), 0, confirm))
                .isEqualTo(new TransitionResult.Conflict(placed.transition(confirm)));
        catalog.save(milk);
        stores.save(store);
        assertThat(catalog.find(milk.id())).contains(milk);
        assertThat(stores.servingPincode(Pincode.of("560038"))).containsExactly(store);
        assertThat(orders.find(placed.id()).orElseThrow().history()).hasSize(2);
        assertThat(slots.insert(evening)).isEqualTo(evening);
        assertThat(slots.insert(evening)).isEqualTo(evening);
        assertThat(slots.replace(morning.withCapacity(30), 0)).contains(morning.withCapacity(30).withVersion(1));
        assertThat(slots.list(store.id(), morning.date(), morning.date()))
                .containsExactly(morning.withCapacity(30).withVersion(1), evening);
    }

    @Test
    void aServerThatStaysDownIsBackendUnavailableOnEveryCallAndServesAgainOnceBack() {
        MongoOrderRepository orders = new MongoOrderRepository(database);
        Order placed = orders.insert(Orders.awaitingPayment()).order();
        server.stop();

        List<Outcome> attempts = List.of(
                Outcome.of("find #1", () -> orders.find(placed.id())),
                Outcome.of("find #2", () -> orders.find(placed.id())),
                Outcome.of("find #3", () -> orders.find(placed.id())));
        System.out.println("server down for good:\n  "
                + String.join("\n  ", attempts.stream().map(Outcome::toString).toList()));

        assertThat(attempts).allSatisfy(o -> assertThat(o.error().code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE));
        server.restart();
        assertThat(orders.find(placed.id())).contains(placed);
    }
}
