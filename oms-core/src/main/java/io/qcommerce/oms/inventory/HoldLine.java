package io.qcommerce.oms.inventory;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Checks;

/**
 * Units of one resource in a hold.
 *
 * @param resource what is held
 * @param quantity how many; positive and at most {@link io.qcommerce.oms.common.Limits#MAX_UNITS}
 */
public record HoldLine(Resource resource, long quantity) {
    public HoldLine {
        Checks.notNull(resource, "line.resource");
        Checks.positiveQuantity(quantity, "line.quantity");
    }

    public static HoldLine of(SkuId sku, long quantity) {
        return new HoldLine(Resource.sku(sku), quantity);
    }
}
