package io.qcommerce.oms.inventory;

import io.qcommerce.oms.common.Checks;
import io.qcommerce.oms.store.StoreId;

/**
 * The counters of one resource in one store at one instant.
 *
 * @param store    the store
 * @param resource the resource
 * @param onHand   physical units in the store (or a slot's capacity)
 * @param reserved units held by live reservations; never above {@code onHand}
 */
public record StockLevel(StoreId store, Resource resource, long onHand, long reserved) {
    public StockLevel {
        Checks.notNull(store, "store");
        Checks.notNull(resource, "resource");
    }

    /** Units that a new hold may take now. */
    public long available() {
        return onHand - reserved;
    }

    public static StockLevel empty(StoreId store, Resource resource) {
        return new StockLevel(store, resource, 0, 0);
    }
}
