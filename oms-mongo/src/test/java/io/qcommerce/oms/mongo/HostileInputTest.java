package io.qcommerce.oms.mongo;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchCode;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.spi.TransitionResult;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.Orders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ids and text that look like query operators or field paths, and inputs too large to store: each is refused with a
 * typed error or stored and read back verbatim, never interpreted.
 */
class HostileInputTest {
    /** Strings a filter or an update would misread if they were ever pasted into one. */
    private static final List<String> OPERATOR_LIKE =
            List.of("$gt", "a.b", "{\"$gt\": \"\"}", "$where", "x.$[]", "$set", "a\u0000b", "{$ne: null}");

    private static MongoDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestMongo.shared().freshDatabase("hostile");
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
    }

    @AfterAll
    static void dropDatabase() {
        TestMongo.drop(database);
    }

    @Test
    void idsThatLookLikeOperatorsOrPathsAreRefusedByTheCoreValueTypesBeforeAnyQuery() {
        Map<String, Function<String, Object>> idTypes = new LinkedHashMap<>();
        idTypes.put("OrderId", OrderId::of);
        idTypes.put("SkuId", SkuId::of);
        idTypes.put("StoreId", StoreId::of);
        idTypes.put("CustomerId", CustomerId::of);
        idTypes.put("IdempotencyKey", IdempotencyKey::of);
        idTypes.put("ReservationId", ReservationId::new);
        idTypes.put("SlotId", SlotId::of);
        idTypes.put("BatchCode", BatchCode::of);

        idTypes.forEach((type, make) -> {
            for (String hostile : OPERATOR_LIKE) {
                Throwable thrown = catchThrowable(() -> make.apply(hostile));
                assertThat(thrown)
                        .as("%s.of(%s)", type, hostile)
                        .isInstanceOfSatisfying(
                                OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ID));
            }
        });
        for (String hostile : OPERATOR_LIKE) {
            assertThat(catchThrowable(() -> Pincode.of(hostile)))
                    .isInstanceOfSatisfying(
                            OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PINCODE));
        }
    }

    @Test
    void freeTextThatLooksLikeOperatorsIsStoredAndReadBackVerbatim() {
        MongoCatalog catalog = new MongoCatalog(database);
        MongoStoreDirectory stores = new MongoStoreDirectory(database);
        MongoOrderRepository orders = new MongoOrderRepository(database);
        List<Sku> skus = new ArrayList<>();
        for (int i = 0; i < OPERATOR_LIKE.size(); i++) {
            skus.add(Sku.builder(SkuId.of("odd-" + i), OPERATOR_LIKE.get(i))
                    .mrp(Money.inr(100))
                    .sellingPrice(Money.inr(90))
                    .maxPerOrder(2)
                    .build());
        }
        Sku plain = Sku.builder(SkuId.of("plain"), "Plain")
                .mrp(Money.inr(100))
                .sellingPrice(Money.inr(90))
                .maxPerOrder(2)
                .build();
        skus.forEach(catalog::save);
        catalog.save(plain);
        Store store = Store.of(StoreId.of("odd-store"), "$where: function() { return true }", 0, Pincode.of("560001"));
        stores.save(store);
        Orders.Builder builder = Orders.builder();
        for (int i = 0; i < OPERATOR_LIKE.size(); i++) {
            builder.line(new OrderLine(SkuId.of("odd-" + i), OPERATOR_LIKE.get(i), 1, Money.inr(90), Money.inr(100)));
        }
        Order order = builder.build();
        orders.insert(order);
        StatusChange hostileChange = new StatusChange(
                OrderStatus.AWAITING_PAYMENT,
                OrderStatus.CANCELLED,
                order.createdAt().plusSeconds(1),
                new Actor(Actor.Type.CUSTOMER, "$ne"),
                "{\"$set\": {\"status\": \"DELIVERED\"}}");

        TransitionResult moved = orders.transition(order.id(), 0, hostileChange);

        assertThat(catalog.findAll(skus.stream().map(Sku::id).toList()))
                .hasSize(skus.size())
                .doesNotContainKey(plain.id());
        for (Sku sku : skus) {
            assertThat(catalog.find(sku.id())).contains(sku);
        }
        assertThat(stores.find(store.id())).contains(store);
        assertThat(moved).isEqualTo(new TransitionResult.Applied(order.transition(hostileChange)));
        assertThat(orders.find(order.id())).contains(order.transition(hostileChange));
        Document stored = database.getCollection("oms_orders")
                .find(eq("_id", order.id().value()))
                .first();
        assertThat(stored.getString("status"))
                .as("the reason was not applied as an update")
                .isEqualTo("CANCELLED");
        assertThat(stored.getList("lines", Document.class))
                .extracting(d -> d.getString("name"))
                .containsExactlyElementsOf(OPERATOR_LIKE);
    }

    @Test
    void oversizedInputIsATypedErrorAndStoresNothing() {
        MongoOrderRepository orders = new MongoOrderRepository(database);
        Orders.Builder tooManyLines = Orders.builder();
        for (int i = 0; i <= 500; i++) {
            tooManyLines.line("sku-" + i, 1, 100, 100);
        }
        Order manyLines = tooManyLines.build();
        List<SkuId> tooManyIds = new ArrayList<>();
        for (int i = 0; i <= MongoCatalog.MAX_IDS_PER_CALL; i++) {
            tooManyIds.add(SkuId.of("s" + i));
        }

        assertInvalid(() -> orders.insert(manyLines));
        // A line name cannot grow an order past the document limit: the core bounds it before any write.
        assertInvalid(
                () -> new OrderLine(SkuId.of("tv"), "x".repeat(17 * 1024 * 1024), 1, Money.inr(100), Money.inr(100)));
        assertInvalid(() -> new MongoCatalog(database).findAll(tooManyIds));
        assertThat(orders.find(manyLines.id())).isEmpty();
    }

    @Test
    void anOversizedCartIsRejectedByTheCoreBeforeAnythingIsHeldOrStored() {
        MongoCatalog catalog = new MongoCatalog(database);
        MongoOrderRepository orders = new MongoOrderRepository(database);
        Oms oms = Oms.builder()
                .clock(new MutableClock())
                .catalog(catalog)
                .orderRepository(orders)
                .storeDirectory(new MongoStoreDirectory(database))
                .inMemoryForRest()
                .build();
        Cart.Builder cart = Cart.builder();
        for (int i = 0; i < 51; i++) {
            cart.add("bulk-" + i, 1);
        }
        CustomerId customer = CustomerId.of("hoarder");
        IdempotencyKey key = IdempotencyKey.of("k-big");

        PlacementResult result = oms.place(PlaceOrderRequest.of(customer, key, Pincode.of("560001"), cart.build()));

        assertThat(result).isInstanceOfSatisfying(PlacementResult.CartRejected.class, r -> assertThat(r.problems())
                .extracting(CartProblem::code)
                .contains(CartProblem.Code.TOO_MANY_LINES));
        assertThat(orders.find(OrderId.derive(customer, key))).isEmpty();
    }

    @Test
    void ledgerTextThatLooksLikeOperatorsIsStoredAndReadBackVerbatimAndKeysStayApart() {
        MongoStockLedger ledger = new MongoStockLedger(database);
        StoreId store = StoreId.of("odd-ledger");
        Instant t = Instant.parse("2026-03-02T08:00:00Z");
        List<StockMovement> movements = new ArrayList<>();
        for (int i = 0; i < OPERATOR_LIKE.size(); i++) {
            String text = OPERATOR_LIKE.get(i);
            movements.add(new StockMovement(
                    text,
                    store,
                    Resource.sku(SkuId.of("odd-" + i)),
                    MovementType.ADJUSTED,
                    -1 - i,
                    null,
                    text,
                    t.plusMillis(i),
                    text,
                    text));
        }
        // A key made to look like another store's _id ("odd-ledger/…" of a store named "odd-ledger/x") stays in
        // its own store: store ids cannot hold '/'.
        movements.add(new StockMovement(
                "x/$gt",
                store,
                Resource.sku(SkuId.of("plain")),
                MovementType.RECEIVED,
                3,
                null,
                "system",
                t.plusSeconds(1),
                "r",
                ""));

        ledger.record(movements);
        ledger.record(movements);
        ledger.markShipped(store, "{\"$set\": {\"position\": \"0\"}}");

        assertThat(ledger.query(LedgerQuery.of(store, 100))).containsExactlyElementsOf(movements);
        assertThat(ledger.query(LedgerQuery.of(store, 100).after(movements.get(2))))
                .containsExactlyElementsOf(movements.subList(3, movements.size()));
        assertThat(ledger.shippedPosition(store)).contains("{\"$set\": {\"position\": \"0\"}}");
        assertThat(database.getCollection("oms_stock_ledger")
                        .find(eq("_id", "odd-ledger/$gt"))
                        .first())
                .containsEntry("key", "$gt")
                .containsEntry("note", "$gt");
    }

    @Test
    void aMovementThatCannotBeStoredRefusesTheWholeCallAndRecordsNothing() {
        MongoStockLedger ledger = new MongoStockLedger(database);
        StoreId store = StoreId.of("too-much");
        Instant t = Instant.parse("2026-03-02T08:00:00Z");
        StockMovement fine = new StockMovement(
                "mv:fine",
                store,
                Resource.sku(SkuId.of("milk")),
                MovementType.RECEIVED,
                5,
                null,
                "system",
                t,
                "fine",
                "");
        StockMovement beyondDates = new StockMovement(
                "mv:far",
                store,
                Resource.sku(SkuId.of("milk")),
                MovementType.RECEIVED,
                5,
                null,
                "system",
                Instant.MAX,
                "far",
                "");
        StockMovement expiryBeyondDates = new StockMovement(
                "mv:batch",
                store,
                Resource.sku(SkuId.of("milk")),
                MovementType.RECEIVED,
                5,
                Batch.of("B-1", Instant.MIN),
                "system",
                t,
                "batch",
                "");
        StockMovement huge = new StockMovement(
                "mv:huge",
                store,
                Resource.sku(SkuId.of("milk")),
                MovementType.ADJUSTED,
                -1,
                null,
                "system",
                t,
                "huge",
                "x".repeat(17 * 1024 * 1024));

        assertInvalid(() -> ledger.record(List.of(fine, beyondDates)));
        assertInvalid(() -> ledger.record(List.of(fine, expiryBeyondDates)));
        assertInvalid(() -> ledger.record(List.of(fine, huge)));
        assertThat(ledger.query(LedgerQuery.of(store, 10))).isEmpty();
        assertThat(catchThrowable(() -> ledger.record(java.util.Arrays.asList(fine, null))))
                .isInstanceOfSatisfying(
                        OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertInvalid(() -> ledger.markShipped(store, " "));
        assertThat(ledger.shippedPosition(store)).isEmpty();
        assertThat(ledger.query(LedgerQuery.of(store, 10))).isEmpty();
    }

    @Test
    void aThresholdOutOfRangeIsRefusedAndChangesNothing() {
        MongoStockThresholds thresholds = new MongoStockThresholds(database);
        StoreId store = StoreId.of("odd-thresholds");
        SkuId milk = SkuId.of("milk");
        thresholds.set(store, milk, 4);

        for (long units : new long[] {-1, Limits.MAX_UNITS + 1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            assertThat(catchThrowable(() -> thresholds.set(store, milk, units)))
                    .isInstanceOfSatisfying(
                            OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUANTITY));
            assertThat(catchThrowable(() -> thresholds.setStoreDefault(store, units)))
                    .isInstanceOfSatisfying(
                            OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUANTITY));
        }
        thresholds.set(store, SkuId.of("bread"), Limits.MAX_UNITS);

        assertThat(thresholds.find(store, milk)).isEqualTo(OptionalLong.of(4));
        assertThat(thresholds.find(store, SkuId.of("bread"))).isEqualTo(OptionalLong.of(Limits.MAX_UNITS));
        assertThat(thresholds.storeDefault(store)).isEmpty();
    }

    @Test
    void aStoresOrdersAreListedWithinAnyRangeAndABadLimitIsRefused() {
        MongoOrderRepository orders = new MongoOrderRepository(database);
        Order order = orders.insert(
                        Orders.builder().store(StoreId.of("range-store")).build())
                .order();

        assertThat(orders.findByStore(order.store(), Instant.MIN, Instant.MAX, null, Integer.MAX_VALUE))
                .containsExactly(order);
        assertInvalid(() -> orders.findByStore(order.store(), Instant.MIN, Instant.MAX, null, 0));
        assertInvalid(() -> orders.findByStore(order.store(), null, Instant.MAX, null, 1));
    }

    private static void assertInvalid(ThrowingCallable call) {
        assertThat(catchThrowable(call)).isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
