package io.qcommerce.oms;

import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.event.OmsEvent;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.memory.InMemoryStockLedger;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small world for the core's tests: three SKUs, two stores on one pincode (A before B) and a third on
 * another, an in-memory Oms on a hand-moved clock, and every event recorded.
 */
public final class Fixture {
    public static final SkuId MILK = SkuId.of("MILK-1L");
    public static final SkuId BREAD = SkuId.of("BREAD-400G");
    public static final SkuId EGGS = SkuId.of("EGGS-6");
    public static final SkuId OLD = SkuId.of("DISCONTINUED");
    public static final StoreId A = StoreId.of("BLR-A");
    public static final StoreId B = StoreId.of("BLR-B");
    public static final StoreId C = StoreId.of("BLR-C");
    public static final Pincode HOME = Pincode.of("560038");
    public static final Pincode FAR = Pincode.of("110001");
    public static final Pincode NOWHERE = Pincode.of("999999");
    public static final CustomerId ASHA = CustomerId.of("asha");

    public final TestClock clock;
    /** The world's inventory lock, for tests that act as a crashed flow or a lost server would. */
    public final InventoryLock lock;

    public final StockLedger ledger;
    public final List<OmsEvent> events = new CopyOnWriteArrayList<>();
    public final Oms oms;
    private int keys;

    public Fixture() {
        this(OmsConfig.ofDefaults());
    }

    public Fixture(OmsConfig config) {
        this(Oms.builder().config(config));
    }

    public Fixture(Oms.Builder builder) {
        this(builder, TestClock.atMorning());
    }

    /** A world on the given clock, for tests whose adapters must read the same clock. */
    public Fixture(Oms.Builder builder, TestClock clock) {
        this(builder, clock, new InMemoryInventoryLock(clock), new InMemoryStockLedger());
    }

    /** A world on the given lock and ledger; every other port in memory. */
    public Fixture(Oms.Builder builder, TestClock clock, InventoryLock lock, StockLedger ledger) {
        this.clock = clock;
        this.lock = lock;
        this.ledger = ledger;
        oms = builder.clock(clock)
                .inventoryLock(lock)
                .stockLedger(ledger)
                .listener(events::add)
                .inMemoryForRest()
                .build();
        oms.catalog()
                .save(Sku.builder(MILK, "Milk 1 L")
                        .mrp(Money.inr(6800))
                        .sellingPrice(Money.inr(6500))
                        .maxPerOrder(6)
                        .build());
        oms.catalog()
                .save(Sku.builder(BREAD, "Bread 400 g")
                        .mrp(Money.inr(5000))
                        .sellingPrice(Money.inr(4500))
                        .maxPerOrder(4)
                        .build());
        oms.catalog()
                .save(Sku.builder(EGGS, "Eggs, 6")
                        .mrp(Money.inr(6000))
                        .sellingPrice(Money.inr(6000))
                        .maxPerOrder(10)
                        .build());
        oms.catalog()
                .save(Sku.builder(OLD, "Old biscuits")
                        .mrp(Money.inr(1000))
                        .sellingPrice(Money.inr(900))
                        .active(false)
                        .maxPerOrder(10)
                        .build());
        oms.stores().create(Store.of(A, "Indiranagar", 1, HOME));
        oms.stores().create(Store.of(B, "Domlur", 2, HOME));
        oms.stores().create(Store.of(C, "Connaught Place", 1, FAR));
    }

    public Fixture stock(StoreId store, SkuId sku, long units) {
        oms.inventory().receive(store, sku, units);
        return this;
    }

    /** Creates a one-hour NORMAL slot of the store starting at {@code start}, closing {@code cutoffBefore} it. */
    public DeliverySlot createSlot(String id, StoreId store, Instant start, int capacity, Duration cutoffBefore) {
        return oms.slots()
                .create(DeliverySlot.of(
                        SlotId.of(id),
                        store,
                        LocalDate.ofInstant(start, ZoneOffset.UTC),
                        start,
                        start.plus(Duration.ofHours(1)),
                        SlotType.NORMAL,
                        capacity,
                        start.minus(cutoffBefore)));
    }

    public long available(StoreId store, SkuId sku) {
        return oms.inventory().available(store, sku);
    }

    public IdempotencyKey newKey() {
        return IdempotencyKey.of("key-" + (++keys));
    }

    public PlacementResult place(Cart cart) {
        return oms.place(PlaceOrderRequest.of(ASHA, newKey(), HOME, cart));
    }

    public PlacementResult.Placed placeOk(Cart cart) {
        PlacementResult r = place(cart);
        assertThat(r).isInstanceOf(PlacementResult.Placed.class);
        return (PlacementResult.Placed) r;
    }

    @SuppressWarnings("unchecked")
    public <E extends OmsEvent> List<E> events(Class<E> type) {
        return (List<E>) events.stream().filter(type::isInstance).toList();
    }
}
