package io.qcommerce.oms.picking;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.BatchTake;
import java.util.List;

/**
 * What to take from the shelf for one SKU across the orders of a picking list.
 *
 * @param sku     the SKU
 * @param name    its name as the orders snapshotted it
 * @param units   units to pick in all
 * @param orders  how many orders want it
 * @param batches the units to take from each batch, first expiry first; units not listed come from stock
 *                kept without batches
 */
public record PickLine(SkuId sku, String name, long units, int orders, List<BatchTake> batches) {
    public PickLine {
        batches = List.copyOf(batches);
    }
}
