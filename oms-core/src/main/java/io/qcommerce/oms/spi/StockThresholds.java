package io.qcommerce.oms.spi;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.store.StoreId;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Port: low-stock thresholds a host sets at run time, per (store, SKU) and as a store's default. Where
 * neither is set, the configured {@link io.qcommerce.oms.config.LowStockThresholds} answer. A threshold is
 * compared with available units: a SKU is low when fewer than the threshold are available. Implementations
 * are thread-safe.
 */
public interface StockThresholds {
    /** The threshold of the SKU in the store, if one is set. */
    OptionalLong find(StoreId store, SkuId sku);

    /** The store's default for SKUs without their own, if one is set. */
    OptionalLong storeDefault(StoreId store);

    /** Every per-SKU threshold set for the store. */
    Map<SkuId, Long> ofStore(StoreId store);

    /** Sets (or replaces) the threshold of a SKU in a store; 0 turns alerts off for it. */
    void set(StoreId store, SkuId sku, long units);

    /** Removes a SKU's own threshold, so the store default applies again. */
    void clear(StoreId store, SkuId sku);

    /** Sets (or replaces) the store's default. */
    void setStoreDefault(StoreId store, long units);

    /** The check every adapter makes: a threshold is a count of units, 0 to MAX_UNITS. */
    static long checkUnits(long units) {
        if (units < 0 || units > io.qcommerce.oms.common.Limits.MAX_UNITS) {
            throw io.qcommerce.oms.error.OmsException.invalid(
                    io.qcommerce.oms.error.ErrorCode.INVALID_QUANTITY,
                    "threshold",
                    "must be 0 to " + io.qcommerce.oms.common.Limits.MAX_UNITS + ", was " + units);
        }
        return units;
    }
}
