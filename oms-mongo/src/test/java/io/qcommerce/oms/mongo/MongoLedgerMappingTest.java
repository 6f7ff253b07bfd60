package io.qcommerce.oms.mongo;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.memory.InMemoryOrderRepository;
import io.qcommerce.oms.memory.InMemoryStockLedger;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.Orders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The documents of the stock ledger, its shipped positions and the thresholds as written and read, and the
 * store's-orders listing: the documented shapes, instants cut to the millisecond, time bounds and page cursors that
 * select exactly what the in-memory reference selects (whatever their precision or range), and damaged documents
 * as typed errors naming the field.
 */
class MongoLedgerMappingTest {
    private static final MongoOmsConfig CONFIG = MongoOmsConfig.ofDefaults();
    private static final Instant T = Instant.parse("2026-03-02T08:00:00Z");
    private static MongoDatabase database;

    private MongoStockLedger ledger;
    private MongoStockThresholds thresholds;
    private MongoOrderRepository orders;
    private String suffix;
    private StoreId store;
    private Resource milk;
    private Resource bread;

    @BeforeAll
    static void createDatabase() {
        database = TestMongo.shared().freshDatabase("ledgermapping");
        MongoOmsSchema.createIndexes(database, CONFIG);
    }

    @AfterAll
    static void dropDatabase() {
        TestMongo.drop(database);
    }

    @BeforeEach
    void setUp() {
        ledger = new MongoStockLedger(database, CONFIG);
        thresholds = new MongoStockThresholds(database, CONFIG);
        orders = new MongoOrderRepository(database, CONFIG);
        suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        store = StoreId.of("s-" + suffix);
        milk = Resource.sku(SkuId.of("MILK-1L"));
        bread = Resource.sku(SkuId.of("BREAD-400G"));
    }

    private MongoCollection<Document> raw(String collection) {
        return database.getCollection(collection);
    }

    private StockMovement movement(String key, Resource resource, MovementType type, long quantity, Instant at) {
        return new StockMovement(key, store, resource, type, quantity, null, "system", at, key, "");
    }

    /** A movement used only as a page cursor: its time and key matter. */
    private StockMovement cursor(Instant at, String key) {
        return movement(key, milk, MovementType.RECEIVED, 1, at);
    }

    // ---------------------------------------------------------------- movements

    @Test
    void aMovementDocumentHasTheDocumentedShapeAndABatchOnlyWhenItHasOne() {
        Instant expiry = T.plus(Duration.ofDays(3));
        StockMovement received = new StockMovement(
                "mv:grn-1",
                store,
                milk,
                MovementType.RECEIVED,
                40,
                Batch.of("B-7", expiry),
                "store_staff:ravi",
                T,
                "grn-1",
                "morning delivery");
        StockMovement adjusted = new StockMovement(
                "mv:adj-1",
                store,
                milk,
                MovementType.ADJUSTED,
                -3,
                null,
                "store_staff:ravi",
                T.plusSeconds(1),
                "adj-1",
                "damaged");
        ledger.record(List.of(received, adjusted));

        Document r = raw(CONFIG.stockLedgerCollection())
                .find(eq("_id", store.value() + "/mv:grn-1"))
                .first();
        Document a = raw(CONFIG.stockLedgerCollection())
                .find(eq("_id", store.value() + "/mv:adj-1"))
                .first();

        assertThat(r)
                .isEqualTo(new Document("_id", store.value() + "/mv:grn-1")
                        .append("store", store.value())
                        .append("key", "mv:grn-1")
                        .append("resource", "sku:MILK-1L")
                        .append("type", "RECEIVED")
                        .append("quantity", 40L)
                        .append("batch", new Document("code", "B-7").append("expiresAt", Date.from(expiry)))
                        .append("actor", "store_staff:ravi")
                        .append("at", Date.from(T))
                        .append("reference", "grn-1")
                        .append("note", "morning delivery"));
        assertThat(a).doesNotContainKey("batch").containsEntry("quantity", -3L).containsEntry("type", "ADJUSTED");
        assertThat(ledger.query(LedgerQuery.of(store, 10))).containsExactly(received, adjusted);
    }

    @Test
    void instantsFinerThanAMillisecondAreCutToTheMillisecond() {
        Instant fine = T.plusNanos(123_456_789);
        StockMovement m = new StockMovement(
                "mv:x",
                store,
                milk,
                MovementType.RECEIVED,
                5,
                Batch.of("B-1", fine.plus(Duration.ofDays(2))),
                "system",
                fine,
                "x",
                "");

        ledger.record(List.of(m));

        assertThat(ledger.query(LedgerQuery.of(store, 10)))
                .containsExactly(new StockMovement(
                        "mv:x",
                        store,
                        milk,
                        MovementType.RECEIVED,
                        5,
                        Batch.of("B-1", T.plusMillis(123).plus(Duration.ofDays(2))),
                        "system",
                        T.plusMillis(123),
                        "x",
                        ""));
    }

    @Test
    void aLaterCopyWithOldAndNewMovementsAddsTheNewAndLeavesTheOldAsFirstWritten() {
        StockMovement a = movement("mv:a", milk, MovementType.RECEIVED, 5, T);
        ledger.record(List.of(a));
        StockMovement aLater = new StockMovement(
                "mv:a", store, milk, MovementType.RECEIVED, 9, null, "system", T.plusSeconds(5), "a", "a later copy");
        StockMovement b = movement("mv:b", milk, MovementType.RECEIVED, 1, T.plusSeconds(1));
        StockMovement c = movement("mv:c", milk, MovementType.RECEIVED, 2, T.plusSeconds(2));
        StockMovement cTwin = new StockMovement(
                "mv:c",
                store,
                milk,
                MovementType.RECEIVED,
                3,
                null,
                "system",
                T.plusSeconds(3),
                "c",
                "second of the same call");

        ledger.record(List.of(b, aLater, c, cTwin));
        ledger.record(List.of());

        assertThat(ledger.query(LedgerQuery.of(store, 10))).containsExactly(a, b, c);
        assertThat(raw(CONFIG.stockLedgerCollection()).countDocuments(eq("store", store.value())))
                .isEqualTo(3);
    }

    @Test
    void boundsAndCursorsSelectExactlyWhatTheReferenceLedgerSelectsWhateverTheirPrecisionOrRange() {
        List<StockMovement> all = List.of(
                movement("mv:k0", milk, MovementType.RECEIVED, 10, T),
                movement("mv:k1", milk, MovementType.HELD, 2, T.plusMillis(1)),
                movement("mv:k2", milk, MovementType.SOLD, 2, T.plusMillis(1)),
                movement("mv:b1", bread, MovementType.RECEIVED, 4, T.plusMillis(1)),
                movement("mv:k3", milk, MovementType.ADJUSTED, -1, T.plusMillis(2)),
                movement("mv:k4", bread, MovementType.HELD, 1, T.plusSeconds(60)));
        ledger.record(all);
        InMemoryStockLedger reference = new InMemoryStockLedger();
        reference.record(all);
        LedgerQuery every = LedgerQuery.of(store, 100);
        List<LedgerQuery> queries = List.of(
                every,
                every.between(T.plusNanos(500_000), T.plusNanos(1_500_000)),
                every.between(T.plusMillis(1), T.plusMillis(2)),
                every.between(T.plusNanos(1), T.plusMillis(2).plusNanos(1)),
                every.between(Instant.MIN, Instant.MAX),
                every.between(Instant.MIN, T.plusNanos(1)),
                every.between(T.plusMillis(2).plusNanos(1), Instant.MAX),
                every.between(Instant.MAX, Instant.MAX),
                every.between(Instant.MIN, Instant.MIN),
                every.between(T.plusMillis(1), null),
                every.between(null, T.plusMillis(1)),
                every.after(cursor(T.plusNanos(500_000), "zzz")),
                every.after(cursor(T.plusMillis(1), "mv:b1")),
                every.after(cursor(T.plusMillis(1), "mv:k2")),
                every.after(cursor(Instant.MIN, "a")),
                every.after(cursor(Instant.MAX, "a")),
                every.after(cursor(DateFields.LAST, "a")),
                every.resource(bread).between(T, T.plusMillis(2)),
                every.types(EnumSet.of(MovementType.HELD, MovementType.SOLD)).after(cursor(T, "mv:k0")),
                every.types(EnumSet.of(MovementType.RECEIVED)).resource(milk),
                LedgerQuery.of(store, 2)
                        .types(EnumSet.of(MovementType.RECEIVED, MovementType.HELD, MovementType.ADJUSTED))
                        .after(cursor(T.plusMillis(1), "mv:b0")));

        for (LedgerQuery q : queries) {
            assertThat(ledger.query(q)).as("%s", q).isEqualTo(reference.query(q));
        }
    }

    @Test
    void aDamagedMovementFailsTheWholeQueryAndNamesTheField() {
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"type", "LOST"});
        cases.add(new Object[] {"quantity", null});
        cases.add(new Object[] {"quantity", 0L});
        cases.add(new Object[] {"resource", "pallet:7"});
        cases.add(new Object[] {"_id", "elsewhere/mv:1"});
        cases.add(new Object[] {"batch", new Document("code", "B-1").append("expiresAt", "soon")});
        for (Object[] c : cases) {
            StoreId damagedStore = StoreId.of("d-" + cases.indexOf(c) + "-" + suffix);
            StockMovement m = new StockMovement(
                    "mv:1",
                    damagedStore,
                    milk,
                    MovementType.RECEIVED,
                    3,
                    Batch.of("B-1", T.plus(Duration.ofDays(1))),
                    "system",
                    T,
                    "1",
                    "");
            Document d = MovementMapping.toDocument(m);
            if (c[1] == null) {
                d.remove(c[0]);
            } else {
                d.put((String) c[0], c[1]);
            }
            raw(CONFIG.stockLedgerCollection()).insertOne(d);
            String field =
                    switch ((String) c[0]) {
                        case "quantity" -> c[1] == null ? "quantity" : "(document)";
                        case "resource" -> "(document)";
                        case "batch" -> "batch.expiresAt";
                        default -> (String) c[0];
                    };

            assertUnreadable(() -> ledger.query(LedgerQuery.of(damagedStore, 10)), field);
        }
    }

    @Test
    void theShippedPositionIsOneDocumentPerStoreAndADamagedOneIsTyped() {
        ledger.markShipped(store, "1700000000000-0");
        ledger.markShipped(store, "1700000000001-3");
        StoreId damaged = StoreId.of("d-" + suffix);
        raw(CONFIG.ledgerPositionsCollection()).insertOne(new Document("_id", damaged.value()).append("position", 7));

        assertThat(raw(CONFIG.ledgerPositionsCollection())
                        .find(eq("_id", store.value()))
                        .into(new ArrayList<>()))
                .containsExactly(new Document("_id", store.value()).append("position", "1700000000001-3"));
        assertThat(ledger.shippedPosition(store)).contains("1700000000001-3");
        assertUnreadable(() -> ledger.shippedPosition(damaged), "position");
    }

    // ---------------------------------------------------------------- thresholds

    @Test
    void aThresholdIsOneDocumentAndTheStoreDefaultHasNoSku() {
        SkuId sku = SkuId.of("MILK-1L");
        thresholds.set(store, sku, 12);
        thresholds.set(store, sku, 15);
        thresholds.setStoreDefault(store, 5);

        List<Document> stored = raw(CONFIG.stockThresholdsCollection())
                .find(eq("store", store.value()))
                .into(new ArrayList<>());

        assertThat(stored)
                .containsExactlyInAnyOrder(
                        new Document("_id", store.value() + "/MILK-1L")
                                .append("store", store.value())
                                .append("sku", "MILK-1L")
                                .append("units", 15L),
                        new Document("_id", store.value() + "/*")
                                .append("store", store.value())
                                .append("units", 5L));
        assertThat(thresholds.ofStore(store)).isEqualTo(Map.of(sku, 15L));
        thresholds.clear(store, sku);
        assertThat(raw(CONFIG.stockThresholdsCollection()).countDocuments(eq("store", store.value())))
                .isEqualTo(1);
    }

    @Test
    void aDamagedThresholdIsATypedErrorAndIsLeftOutOfTheStoresList() {
        MongoCollection<Document> rawThresholds = raw(CONFIG.stockThresholdsCollection());
        rawThresholds.insertMany(List.of(
                new Document("_id", store.value() + "/BREAD")
                        .append("store", store.value())
                        .append("sku", "BREAD")
                        .append("units", -4L),
                new Document("_id", store.value() + "/CURD")
                        .append("store", store.value())
                        .append("sku", "CURD")
                        .append("units", "lots"),
                new Document("_id", store.value() + "/EGGS")
                        .append("store", store.value())
                        .append("sku", "e.g")
                        .append("units", 3L),
                new Document("_id", store.value() + "/*")
                        .append("store", store.value())
                        .append("units", 2.5)));
        thresholds.set(store, SkuId.of("MILK-1L"), 7);

        assertUnreadable(() -> thresholds.find(store, SkuId.of("BREAD")), "units");
        assertUnreadable(() -> thresholds.find(store, SkuId.of("CURD")), "units");
        assertUnreadable(() -> thresholds.storeDefault(store), "units");
        assertThat(thresholds.ofStore(store)).isEqualTo(Map.of(SkuId.of("MILK-1L"), 7L));
        assertThat(thresholds.find(store, SkuId.of("MILK-1L"))).isEqualTo(OptionalLong.of(7));
    }

    // ---------------------------------------------------------------- a store's orders

    @Test
    void findByStoreSelectsExactlyWhatTheReferenceRepositorySelectsWhateverTheBounds() {
        List<Order> placed = List.of(
                Orders.builder().store(store).createdAt(T).build(),
                Orders.builder().store(store).createdAt(T.plusMillis(1)).build(),
                Orders.builder().store(store).createdAt(T.plusMillis(1)).build(),
                Orders.builder().store(store).createdAt(T.plusMillis(2)).build(),
                Orders.builder().createdAt(T.plusMillis(1)).build());
        InMemoryOrderRepository reference = new InMemoryOrderRepository();
        for (Order o : placed) {
            orders.insert(o);
            reference.insert(o);
        }
        Order sameInstantFirst = reference
                .findByStore(store, T.plusMillis(1), T.plusMillis(2), null, 1)
                .get(0);
        Order unstoredCursor =
                Orders.builder().store(store).createdAt(T.plusNanos(500_000)).build();
        Instant[][] ranges = {
            {T, T.plusMillis(3)},
            {T.plusNanos(500_000), T.plusNanos(1_500_000)},
            {T.plusNanos(1), T.plusMillis(2).plusNanos(1)},
            {Instant.MIN, Instant.MAX},
            {Instant.MIN, Instant.MIN},
            {Instant.MAX, Instant.MAX},
            {T.plusMillis(2).plusNanos(1), Instant.MAX},
            {T.plusMillis(2), T}
        };
        for (Instant[] r : ranges) {
            for (Order after : new Order[] {null, sameInstantFirst, unstoredCursor}) {
                for (int limit : new int[] {1, 10}) {
                    assertThat(orders.findByStore(store, r[0], r[1], after, limit))
                            .as("[%s, %s) after %s, limit %d", r[0], r[1], after == null ? null : after.id(), limit)
                            .isEqualTo(reference.findByStore(store, r[0], r[1], after, limit));
                }
            }
        }
    }

    @Test
    void aDamagedOrderFailsFindByStoreWhileTheOtherListingsLeaveItOut() {
        Order good = orders.insert(Orders.builder().store(store).createdAt(T).build())
                .order();
        Order damaged = Orders.builder()
                .store(store)
                .customer(good.customer())
                .createdAt(T.plusSeconds(1))
                .build();
        raw(CONFIG.ordersCollection())
                .insertOne(OrderMapping.toDocument(damaged).append("status", "LOST_IN_TRANSIT"));

        assertUnreadable(() -> orders.findByStore(store, T, T.plusSeconds(60), null, 10), "status");
        assertThat(orders.findByStore(store, T, T.plusSeconds(1), null, 10)).containsExactly(good);
        assertThat(orders.findByCustomer(good.customer(), 10)).containsExactly(good);
    }

    @Test
    void aReturnedOrderIsStoredUnderItsStatusNameAndReadsBack() {
        Order order = orders.insert(Orders.builder().store(store).createdAt(T).build())
                .order();
        Instant at = T;
        for (OrderStatus next : List.of(
                OrderStatus.CONFIRMED,
                OrderStatus.PICKING,
                OrderStatus.PACKED,
                OrderStatus.OUT_FOR_DELIVERY,
                OrderStatus.DELIVERED,
                OrderStatus.RETURNED)) {
            at = at.plusSeconds(60);
            order = orders.transition(
                            order.id(),
                            order.version(),
                            Orders.change(order.status(), next, at, next == OrderStatus.RETURNED ? "RESELLABLE" : ""))
                    .order();
        }

        Document d = raw(CONFIG.ordersCollection())
                .find(eq("_id", order.id().value()))
                .first();

        assertThat(d.getString("status")).isEqualTo("RETURNED");
        assertThat(d.getList("history", Document.class)).last().satisfies(h -> assertThat(h)
                .containsEntry("from", "DELIVERED")
                .containsEntry("to", "RETURNED")
                .containsEntry("reason", "RESELLABLE"));
        assertThat(orders.find(order.id())).contains(order);
        assertThat(orders.findByStore(store, T, T.plusSeconds(1), null, 10)).containsExactly(order);
    }

    private static void assertUnreadable(ThrowingCallable call, String field) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as(field).isInstanceOf(UnreadableDocumentException.class);
        OmsException e = (OmsException) thrown;
        assertThat(e.code()).isEqualTo(ErrorCode.DATA_CORRUPTED);
        assertThat(e.details()).containsEntry("field", field);
    }
}
