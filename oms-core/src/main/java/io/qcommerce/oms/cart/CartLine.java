package io.qcommerce.oms.cart;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.internal.util.Checks;

/**
 * A line of a cart as the customer sent it. The quantity is not checked here: {@code Oms.validate}
 * reports a bad quantity together with every other problem of the cart.
 */
public record CartLine(SkuId sku, int quantity) {
    public CartLine {
        Checks.notNull(sku, "line.sku");
    }

    public static CartLine of(String sku, int quantity) {
        return new CartLine(new SkuId(sku), quantity);
    }
}
