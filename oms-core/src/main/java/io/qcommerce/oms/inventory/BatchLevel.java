package io.qcommerce.oms.inventory;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;

/**
 * The counters of one batch of a SKU in a store.
 *
 * @param store    the store
 * @param sku      the SKU
 * @param batch    the batch and its expiry
 * @param onHand   units of the batch on the shelf (expired ones included, until written off)
 * @param reserved units of the batch taken by live holds; never above {@code onHand}
 */
public record BatchLevel(StoreId store, SkuId sku, Batch batch, long onHand, long reserved) {
    public BatchLevel {
        Checks.notNull(store, "store");
        Checks.notNull(sku, "sku");
        Checks.notNull(batch, "batch");
    }

    /** Units a new hold could take from this batch at {@code now}: none once it has expired. */
    public long availableAt(Instant now) {
        return batch.isExpiredAt(now) ? 0 : onHand - reserved;
    }
}
