package io.qcommerce.oms.testkit;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.store.StoreId;

/**
 * The SKUs the adapters' flow tests stock, so each test names the product instead of repeating its prices:
 * milk (MRP 68.00, sold at 65.00, six an order) and bread (50.00, 45.00, four an order). Vary one with the
 * record's withers ({@link Sku#withMinShelfLife}, {@link Sku#withActive}); and the morning delivery of them the
 * recovery tests start from.
 */
public final class SampleSkus {
    private SampleSkus() {}

    public static Sku milk(SkuId id) {
        return Sku.builder(id, "Milk 1 L")
                .mrp(Money.inr(6800))
                .sellingPrice(Money.inr(6500))
                .maxPerOrder(6)
                .build();
    }

    public static Sku bread(SkuId id) {
        return Sku.builder(id, "Bread 400 g")
                .mrp(Money.inr(5000))
                .sellingPrice(Money.inr(4500))
                .maxPerOrder(4)
                .build();
    }

    /**
     * The delivery the recovery flow tests start their day from: milk in two batches (10 units of {@code early},
     * 20 of {@code late}), 30 bread, then 2 bread written off as damaged. Each movement has its own id
     * ({@code grn-1} to {@code grn-3}, {@code adj-1}), so a repeat changes nothing.
     */
    public static void deliverMorning(Oms oms, StoreId store, SkuId milk, SkuId bread, Batch early, Batch late) {
        oms.inventory()
                .apply(StockChange.receive(store, milk, 10)
                        .batch(early)
                        .id(MovementId.of("grn-1"))
                        .build());
        oms.inventory()
                .apply(StockChange.receive(store, milk, 20)
                        .batch(late)
                        .id(MovementId.of("grn-2"))
                        .build());
        oms.inventory()
                .apply(StockChange.receive(store, bread, 30)
                        .id(MovementId.of("grn-3"))
                        .build());
        oms.inventory()
                .apply(StockChange.adjust(store, bread, -2)
                        .reason("damaged")
                        .id(MovementId.of("adj-1"))
                        .build());
    }
}
