package io.qcommerce.oms.testkit;

import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Money;

/**
 * The SKUs the adapters' flow tests stock, so each test names the product instead of repeating its prices:
 * milk (MRP 68.00, sold at 65.00, six an order) and bread (50.00, 45.00, four an order). Vary one with the
 * record's withers ({@link Sku#withMinShelfLife}, {@link Sku#withActive}).
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
}
