package io.qcommerce.oms.mongo;

import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.ErrorCode;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.common.OmsException;
import io.qcommerce.oms.inventory.BatchCode;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.order.TransitionResult;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.Orders;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Ids and text that look like query operators or field paths, and inputs too large to store: each is refused with a
 * typed error or stored and read back verbatim, never interpreted.
 */
class HostileInputTest {
    /** Strings a filter or an update would misread if they were ever pasted into one. */
    private static final List<String> OPERATOR_LIKE = List.of("$gt", "a.b", "{\"$gt\": \"\"}", "$where", "x.$[]",
            "$set", "a\u0000b", "{$ne: null}");

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
                assertThat(thrown).as("%s.of(%s)", type, hostile).isInstanceOfSatisfying(OmsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ID));
            }
        });
        for (String hostile : OPERATOR_LIKE) {
            assertThat(catchThrowable(() -> Pincode.of(hostile))).isInstanceOfSatisfying(OmsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PINCODE));
        }
    }

    @Test
    void freeTextThatLooksLikeOperatorsIsStoredAndReadBackVerbatim() {
        MongoCatalog catalog = new MongoCatalog(database);
        MongoStoreDirectory stores = new MongoStoreDirectory(database);
        MongoOrderRepository orders = new MongoOrderRepository(database);
        List<Sku> skus = new ArrayList<>();
        for (int i = 0; i < OPERATOR_LIKE.size(); i++) {
            skus.add(new Sku(SkuId.of("odd-" + i), OPERATOR_LIKE.get(i), Money.inr(100), Money.inr(90), true, 2));
        }
        Sku plain = new Sku(SkuId.of("plain"), "Plain", Money.inr(100), Money.inr(90), true, 2);
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
        StatusChange hostileChange = new StatusChange(OrderStatus.AWAITING_PAYMENT, OrderStatus.CANCELLED,
                order.createdAt().plusSeconds(1), new Actor(Actor.Type.CUSTOMER, "$ne"),
                "{\"$set\": {\"status\": \"DELIVERED\"}}");

        TransitionResult moved = orders.transition(order.id(), 0, hostileChange);

        assertThat(catalog.findAll(skus.stream().map(Sku::id).toList()))
                .hasSize(skus.size()).doesNotContainKey(plain.id());
        for (Sku sku : skus) {
            assertThat(catalog.find(sku.id())).contains(sku);
        }
        assertThat(stores.find(store.id())).contains(store);
        assertThat(moved).isEqualTo(new TransitionResult.Applied(order.transition(hostileChange)));
        assertThat(orders.find(order.id())).contains(order.transition(hostileChange));
        Document stored = database.getCollection("oms_orders").find(eq("_id", order.id().value())).first();
        assertThat(stored.getString("status")).as("the reason was not applied as an update").isEqualTo("CANCELLED");
        assertThat(stored.getList("lines", Document.class)).extracting(d -> d.getString("name"))
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
        assertInvalid(() -> new OrderLine(SkuId.of("tv"), "x".repeat(17 * 1024 * 1024), 1, Money.inr(100), Money.inr(100)));
        assertInvalid(() -> new MongoCatalog(database).findAll(tooManyIds));
        assertThat(orders.find(manyLines.id())).isEmpty();
    }

    @Test
    void anOversizedCartIsRejectedByTheCoreBeforeAnythingIsHeldOrStored() {
        MongoCatalog catalog = new MongoCatalog(database);
        MongoOrderRepository orders = new MongoOrderRepository(database);
        Oms oms = Oms.builder().clock(new MutableClock()).catalog(catalog).orderRepository(orders)
                .storeDirectory(new MongoStoreDirectory(database)).build();
        Cart.Builder cart = Cart.builder();
        for (int i = 0; i < 51; i++) {
            cart.add("bulk-" + i, 1);
        }
        CustomerId customer = CustomerId.of("hoarder");
        IdempotencyKey key = IdempotencyKey.of("k-big");

        PlacementResult result = oms.place(PlaceOrderRequest.of(customer, key, Pincode.of("560001"), cart.build()));

        assertThat(result).isInstanceOfSatisfying(PlacementResult.CartRejected.class, r -> assertThat(r.problems())
                .extracting(CartProblem::code).contains(CartProblem.Code.TOO_MANY_LINES));
        assertThat(orders.find(OrderId.derive(customer, key))).isEmpty();
    }

    private static void assertInvalid(ThrowingCallable call) {
        assertThat(catchThrowable(call)).isInstanceOfSatisfying(OmsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
