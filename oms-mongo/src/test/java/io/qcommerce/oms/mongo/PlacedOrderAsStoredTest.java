package io.qcommerce.oms.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.SampleSkus;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The order placement answers is the order as MongoDB stores it, even on a clock finer than a millisecond. */
class PlacedOrderAsStoredTest {
    private MongoDatabase database;

    @BeforeEach
    void freshDatabase() {
        database = TestMongo.shared().freshDatabase("asstored");
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
    }

    @AfterEach
    void drop() {
        TestMongo.drop(database);
    }

    @Test
    void aPlacedOrderEqualsTheOrderReadBackOnAClockWithNanoseconds() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00.123456789Z"));
        Oms oms = Oms.builder()
                .clock(clock)
                .use(MongoBackend.of(database))
                .inventoryLock(new InMemoryInventoryLock(clock))
                .inMemoryForRest()
                .build();
        StoreId store = StoreId.of("BLR-1");
        Pincode home = Pincode.of("560038");
        oms.catalog().save(SampleSkus.milk(SkuId.of("MILK-1L")));
        oms.stores().create(Store.of(store, "Indiranagar", 0, home));
        oms.inventory().receive(store, SkuId.of("MILK-1L"), 10);

        PlacementResult result = oms.place(PlaceOrderRequest.of(
                CustomerId.of("asha"),
                IdempotencyKey.of("k-1"),
                home,
                Cart.builder().add("MILK-1L", 2).build()));

        Order placed = ((PlacementResult.Placed) result).order();
        assertThat(placed).isEqualTo(oms.orders().get(placed.id()));
        assertThat(placed.createdAt().getNano() % 1_000_000).isZero();
    }
}
