package io.qcommerce.oms.order;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import org.jspecify.annotations.Nullable;

/**
 * Units of an order line that the picker could not hand over: not on the shelf, or damaged. They were sold
 * from the store's stock when the order was confirmed, so they are written off rather than put back, and
 * the customer is refunded for them. The library does not know which batch a missing unit came from: it takes
 * short units off the line's units kept without batches first, then off its latest-expiring batches
 * ({@link OrderLine#deliveredBatches()}).
 *
 * <p>Where the customer allowed substitutes, the picker may hand over units of another SKU of no higher price
 * instead ({@link OrderService#shortPick(OrderId, SkuId, int, Cause, Substitution, Actor)}): the short pick then
 * carries the new line, sold from the store's stock under a hold of its own, and the refund is the short
 * units' price less the substitute's.
 *
 * @param sku        the line's SKU
 * @param units      how many units of the line go short, positive
 * @param cause      missing or damaged
 * @param substitute the line of another SKU added in their place, at its own price, no higher than the short
 *                   line's; at most {@code units} units; absent when nothing replaces them
 */
public record ShortPick(
        SkuId sku, int units, Cause cause, @Nullable OrderLine substitute) {
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
        if (substitute != null) {
            if (substitute.sku().equals(sku)) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_ARGUMENT, "substitute", "a SKU cannot substitute for itself: " + sku);
            }
            if (substitute.quantity() > units || substitute.shortPicked() > 0) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_QUANTITY,
                        "substitute",
                        "replaces at most the " + units + " short units, with none of its own short; was "
                                + substitute.quantity() + " (" + substitute.shortPicked() + " short)");
            }
        }
    }

    /** Units that go short with nothing in their place. */
    public ShortPick(SkuId sku, int units, Cause cause) {
        this(sku, units, cause, null);
    }

    /**
     * What a picker hands over in place of short units: {@code units} of {@code sku}, which the store sells to
     * the order at its current selling price.
     *
     * @param sku   the substitute SKU: active in the catalog, not already a line of the order
     * @param units how many, 1 up to the short units
     */
    public record Substitution(SkuId sku, int units) {
        public Substitution {
            Checks.notNull(sku, "sku");
            Checks.positiveQuantity(units, "units");
        }
    }
}
