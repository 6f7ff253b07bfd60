package io.qcommerce.oms.inventory;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.store.StoreId;

/**
 * A SKU running low in a store.
 *
 * @param store     the store
 * @param sku       the SKU
 * @param available units available now
 * @param threshold the threshold it is under
 */
public record LowStock(StoreId store, SkuId sku, long available, long threshold) {}
