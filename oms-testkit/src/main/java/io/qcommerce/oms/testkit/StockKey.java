package io.qcommerce.oms.testkit;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.store.StoreId;

/**
 * One counter of an {@link io.qcommerce.oms.spi.InventoryLock}: a resource of a store.
 *
 * @param store    the store
 * @param resource the resource counted in it
 */
public record StockKey(StoreId store, Resource resource) implements Comparable<StockKey> {
    public StockKey {
        Checks.notNull(store, "store");
        Checks.notNull(resource, "resource");
    }

    public static StockKey of(StoreId store, Resource resource) {
        return new StockKey(store, resource);
    }

    public static StockKey of(StoreId store, SkuId sku) {
        return new StockKey(store, Resource.sku(sku));
    }

    @Override
    public int compareTo(StockKey o) {
        int c = store.compareTo(o.store);
        return c != 0 ? c : resource.compareTo(o.resource);
    }

    @Override
    public String toString() {
        return store + "/" + resource;
    }
}
