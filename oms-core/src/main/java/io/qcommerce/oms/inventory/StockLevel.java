package io.qcommerce.oms.inventory;

import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.store.StoreId;

/**
 * The counters of one resource in one store at one instant.
 *
 * @param store    the store
 * @param resource the resource
 * @param onHand   physical units in the store (or a slot's capacity not yet booked)
 * @param reserved units held by live reservations; never above {@code onHand}
 * @param expired  units on hand in batches whose expiry has passed: still on the shelf until written
 *                 off, never sellable; {@code reserved + expired <= onHand}
 */
public record StockLevel(StoreId store, Resource resource, long onHand, long reserved, long expired) {
    public StockLevel {
        Checks.notNull(store, "store");
        Checks.notNull(resource, "resource");
    }

    public StockLevel(StoreId store, Resource resource, long onHand, long reserved) {
        this(store, resource, onHand, reserved, 0);
    }

    /** Units that a new hold may take now (a hold with a freshness margin may be offered fewer). */
    public long available() {
        return onHand - reserved - expired;
    }

    public static StockLevel empty(StoreId store, Resource resource) {
        return new StockLevel(store, resource, 0, 0, 0);
    }
}
