package io.qcommerce.oms.ledger;

import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.Resource;
import org.jspecify.annotations.Nullable;

/**
 * One counter on which the inventory lock and the durable record disagree.
 *
 * @param resource the SKU or slot
 * @param batch    the batch; absent for the resource's totals
 * @param counter  {@code onHand} or {@code reserved}
 * @param recorded what the ledger and the orders say
 * @param actual   what the lock holds
 */
public record Drift(Resource resource, @Nullable Batch batch, String counter, long recorded, long actual) {
    public long difference() {
        return actual - recorded;
    }
}
