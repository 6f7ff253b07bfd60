package io.qcommerce.oms.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.PaymentResult;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotBooking;
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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Oms} with its orders, catalog, stores and slots on MongoDB: an order placed in a delivery slot, its units
 * taken first-expiry-first-out from the batches fresh enough for the SKU's shelf life, is stored with the slot and
 * the batches the core chose, keeps them through its status changes, and reads back equal from a second set of
 * adapters on the same database.
 */
class SlotPlacementFlowTest {
    private static final StoreId STORE = StoreId.of("BLR-1");
    private static final Pincode HOME = Pincode.of("560038");
    private static final SkuId MILK = SkuId.of("MILK-1L");
    private static MongoDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestMongo.shared().freshDatabase("slotflow");
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
    }

    @AfterAll
    static void dropDatabase() {
        TestMongo.drop(database);
    }

    private static Oms onMongo(MutableClock clock) {
        return Oms.builder()
                .clock(clock)
                .orderRepository(new MongoOrderRepository(database))
                .catalog(new MongoCatalog(database))
                .storeDirectory(new MongoStoreDirectory(database))
                .slotDirectory(new MongoSlotDirectory(database))
                .inventoryLock(new InMemoryInventoryLock(clock))
                .inMemoryForRest()
                .build();
    }

    @Test
    void anOrderBookedInASlotIsStoredWithItsSlotAndBatchesAndReadsBackEqual() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
        Oms oms = onMongo(clock);
        Instant now = clock.instant();
        oms.catalog().save(SampleSkus.milk(MILK).withMinShelfLife(Duration.ofDays(1)));
        oms.stores().create(Store.of(STORE, "Indiranagar", 0, HOME));
        Instant start = now.plus(Duration.ofHours(4));
        DeliverySlot slot = oms.slots()
                .create(DeliverySlot.of(
                        SlotId.of("BLR-1-0302-06"),
                        STORE,
                        LocalDate.ofInstant(start, ZoneOffset.UTC),
                        start,
                        start.plus(Duration.ofHours(2)),
                        SlotType.NORMAL,
                        5,
                        start.minus(Duration.ofMinutes(30))));
        // Good at delivery but not for a day after it: the shelf life rules this batch out.
        Batch tooOld = Batch.of("L-0302", start.plus(Duration.ofHours(12)));
        Batch sooner = Batch.of("L-0303", now.plus(Duration.ofDays(2)));
        Batch later = Batch.of("L-0304", now.plus(Duration.ofDays(3)));
        oms.inventory()
                .apply(StockChange.receive(STORE, MILK, 10)
                        .batch(tooOld)
                        .id(new MovementId("rx-1"))
                        .build());
        oms.inventory()
                .apply(StockChange.receive(STORE, MILK, 2)
                        .batch(sooner)
                        .id(new MovementId("rx-2"))
                        .build());
        oms.inventory()
                .apply(StockChange.receive(STORE, MILK, 10)
                        .batch(later)
                        .id(new MovementId("rx-3"))
                        .build());

        PlacementResult result = oms.place(PlaceOrderRequest.of(
                        CustomerId.of("asha"),
                        IdempotencyKey.of("k-1"),
                        HOME,
                        Cart.builder().add("MILK-1L", 3).build())
                .inSlot(slot.id()));

        assertThat(result).isInstanceOf(PlacementResult.Placed.class);
        Order placed = ((PlacementResult.Placed) result).order();
        assertThat(placed.slot()).isEqualTo(SlotBooking.of(slot));
        assertThat(placed.lines().get(0).batches()).containsExactly(new BatchTake(sooner, 2), new BatchTake(later, 1));
        assertThat(oms.orders().get(placed.id())).isEqualTo(placed);

        PaymentResult paid = oms.orders().confirmPayment(placed.id(), Actor.system("payments"));
        assertThat(paid).isInstanceOf(PaymentResult.Confirmed.class);
        Order confirmed = oms.orders().get(placed.id());
        assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(confirmed.slot()).isEqualTo(placed.slot());
        assertThat(confirmed.lines()).isEqualTo(placed.lines());

        Oms again = onMongo(clock);
        assertThat(again.orders().get(placed.id())).isEqualTo(confirmed);
        assertThat(again.slots().find(slot.id())).contains(slot);
        assertThat(new MongoSlotDirectory(database).list(List.of(STORE), slot.date(), slot.date()))
                .containsExactly(slot);
        assertThat(again.catalog().find(MILK).orElseThrow().minShelfLife()).isEqualTo(Duration.ofDays(1));
    }
}
