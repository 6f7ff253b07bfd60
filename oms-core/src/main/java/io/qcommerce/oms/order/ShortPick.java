package io.qcommerce.oms.order;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.internal.util.Checks;

/**
 * Units of an order line that the picker could not hand over: not on the shelf, or damaged. They were sold
 * from the store's stock when the order was confirmed, so they are written off rather than put back, and
 * the customer is refunded for them. The library does not know which batch a missing unit came from: it takes
 * short units off the line's units kept without batches first, then off its latest-expiring batches
 * ({@link OrderLine#deliveredBatches()}).
 *
 * @param sku   the line's SKU
 * @param units how many units of the line go short, positive
 * @param cause missing or damaged
 */
public record ShortPick(SkuId sku, int units, Cause cause) {
    /** Why the units could not be picked. */
    public enum Cause {
        /** Not found where the stock said they were. */
        MISSING,
        /** Found, but not fit to sell. */
        DAMAGED
    }

    public ShortPick {
        Checks.notNull(sku, "sku");
        Checks.positiveQuantity(units, "units");
        Checks.notNull(cause, "cause");
    }
}
