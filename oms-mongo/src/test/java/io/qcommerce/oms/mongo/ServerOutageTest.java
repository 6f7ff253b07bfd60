package io.qcommerce.oms.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.spi.InsertResult;
import io.qcommerce.oms.spi.TransitionResult;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.Orders;
import io.qcommerce.oms.testkit.servers.InProcessMongo;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server goes away mid-flow: the in-process server is stopped (every connection closed, the port closed) and
 * started again on the same port with its data. Every call meanwhile is a typed backend error (orders, SKUs, stores,
 * slots, the stock ledger and thresholds); the same calls with the same ids afterwards are idempotent.
 */
@Timeout(60)
class ServerOutageTest {
    private InProcessMongo server;
    private MongoClient client;
    private MongoDatabase database;

    @BeforeEach
    void startServer() {
        server = InProcessMongo.start();
        client = MongoClients.create(FaultClients.fast(server.uri()));
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
        MongoStockLedger ledger = new MongoStockLedger(database);
        MongoStockThresholds thresholds = new MongoStockThresholds(database);
        Order placed = orders.insert(Orders.awaitingPayment()).order();
        Order next = Orders.awaitingPayment();
        Sku milk = Sku.builder(SkuId.of("MILK-1L"), "Milk 1 L")
                .mrp(Money.inr(6800))
                .sellingPrice(Money.inr(6500))
                .maxPerOrder(6)
                .build();
        Store store = Store.of(StoreId.of("BLR-1"), "Indiranagar", 0, Pincode.of("560038"));
        StatusChange confirm = Orders.change(
                OrderStatus.AWAITING_PAYMENT,
                OrderStatus.CONFIRMED,
                placed.createdAt().plusSeconds(30),
                "paid");
        Instant nine = Instant.parse("2026-03-02T03:30:00Z");
        DeliverySlot morning = slots.insert(DeliverySlot.of(
                SlotId.of("BLR-1-0302-09"),
                store.id(),
                LocalDate.of(2026, 3, 2),
                nine,
                nine.plus(Duration.ofHours(2)),
                SlotType.NORMAL,
                20,
                nine.minus(Duration.ofHours(1))));
        DeliverySlot evening = DeliverySlot.of(
                SlotId.of("BLR-1-0302-18"),
                store.id(),
                LocalDate.of(2026, 3, 2),
                nine.plus(Duration.ofHours(9)),
                nine.plus(Duration.ofHours(11)),
                SlotType.NORMAL,
                20,
                nine.plus(Duration.ofHours(8)));
        StockMovement received = new StockMovement(
                "mv:grn-1",
                store.id(),
                Resource.sku(milk.id()),
                MovementType.RECEIVED,
                40,
                null,
                "store_staff:ravi",
                nine,
                "grn-1",
                "");
        StockMovement sold = new StockMovement(
                "sold:r-1:sku:MILK-1L:-",
                store.id(),
                Resource.sku(milk.id()),
                MovementType.SOLD,
                2,
                null,
                "system",
                nine.plusSeconds(5),
                "r-1",
                "");
        ledger.record(List.of(received));
        thresholds.set(store.id(), milk.id(), 5);

        server.stop();
        List<Outcome> down = new ArrayList<>(List.of(
                Outcome.of("insert(new order)", () -> orders.insert(next)),
                Outcome.of("transition(placed, 0, CONFIRMED)", () -> orders.transition(placed.id(), 0, confirm)),
                Outcome.of("find(placed)", () -> orders.find(placed.id())),
                Outcome.of(
                        "findAwaitingPaymentExpiredBy",
                        () -> orders.findAwaitingPaymentExpiredBy(placed.holdExpiresAt(), null, 10)),
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
                Outcome.of("slots.list", () -> slots.list(store.id(), morning.date(), morning.date())),
                Outcome.of("ledger.record", () -> {
                    ledger.record(List.of(received, sold));
                    return null;
                }),
                Outcome.of("ledger.markShipped", () -> {
                    ledger.markShipped(store.id(), "2-0");
                    return null;
                }),
                Outcome.of("thresholds.set", () -> {
                    thresholds.set(store.id(), milk.id(), 8);
                    return null;
                }),
                Outcome.of("thresholds.setStoreDefault", () -> {
                    thresholds.setStoreDefault(store.id(), 3);
                    return null;
                }),
                Outcome.of("thresholds.clear", () -> {
                    thresholds.clear(store.id(), milk.id());
                    return null;
                })));
        List<Outcome> readsDown = List.of(
                Outcome.of(
                        "orders.findByStore",
                        () -> orders.findByStore(
                                placed.store(),
                                Instant.EPOCH,
                                placed.createdAt().plusSeconds(1),
                                null,
                                10)),
                Outcome.of("ledger.query", () -> ledger.query(LedgerQuery.of(store.id(), 10))),
                Outcome.of("ledger.shippedPosition", () -> ledger.shippedPosition(store.id())),
                Outcome.of("thresholds.find", () -> thresholds.find(store.id(), milk.id())),
                Outcome.of("thresholds.ofStore", () -> thresholds.ofStore(store.id())));
        server.restart();
        down.addAll(readsDown);
        System.out.println("server stopped:\n  "
                + String.join("\n  ", down.stream().map(Outcome::toString).toList()));

        for (Outcome o : down) {
            assertThat(o.error()).as(o.call()).isNotNull();
            assertThat(o.error().code()).as(o.call()).isIn(ErrorCode.BACKEND_UNAVAILABLE, ErrorCode.OUTCOME_UNKNOWN);
            assertThat(o.error().isRetryable()).isTrue();
        }
        assertThat(down.subList(2, 4))
                .extracting(o -> o.error().code())
                .as("reads")
                .containsOnly(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(readsDown)
                .extracting(o -> o.error().code())
                .as("reads of the new ports")
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
        assertThat(slots.replace(morning.withCapacity(30), 0))
                .contains(morning.withCapacity(30).withVersion(1));
        assertThat(slots.list(store.id(), morning.date(), morning.date()))
                .containsExactly(morning.withCapacity(30).withVersion(1), evening);
        ledger.record(List.of(received, sold));
        ledger.record(List.of(received, sold));
        assertThat(ledger.query(LedgerQuery.of(store.id(), 10)))
                .as("each movement once")
                .containsExactly(received, sold);
        ledger.markShipped(store.id(), "2-0");
        assertThat(ledger.shippedPosition(store.id())).contains("2-0");
        thresholds.set(store.id(), milk.id(), 8);
        thresholds.setStoreDefault(store.id(), 3);
        assertThat(thresholds.find(store.id(), milk.id())).isEqualTo(OptionalLong.of(8));
        assertThat(thresholds.storeDefault(store.id())).isEqualTo(OptionalLong.of(3));
        assertThat(orders.findByStore(
                        placed.store(), Instant.EPOCH, placed.createdAt().plusSeconds(1), null, 10))
                .containsExactly(placed.transition(confirm));
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
