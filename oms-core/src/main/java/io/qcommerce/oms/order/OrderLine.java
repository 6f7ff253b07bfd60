package io.qcommerce.oms.order;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Checks;
import io.qcommerce.oms.common.ErrorCode;
import io.qcommerce.oms.common.OmsException;
import io.qcommerce.oms.common.Money;

/**
 * A line of an order, with the prices snapshotted when the order was placed: later catalog changes do
 * not change what the customer was charged.
 *
 * @param sku       the SKU
 * @param name      its name at placement
 * @param quantity  units, positive
 * @param unitPrice the selling price of one unit at placement
 * @param unitMrp   the MRP of one unit at placement
 */
public record OrderLine(SkuId sku, String name, int quantity, Money unitPrice, Money unitMrp) {
    public OrderLine {
        Checks.notNull(sku, "sku");
        Checks.notNull(name, "name");
        if (name.length() > 200) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "name", "must have at most 200 characters");
        }
        Checks.positiveQuantity(quantity, "quantity");
        Checks.notNull(unitPrice, "unitPrice");
        Checks.notNull(unitMrp, "unitMrp");
    }

    public Money lineTotal() {
        return unitPrice.times(quantity);
    }

    public Money lineMrp() {
        return unitMrp.times(quantity);
    }
}
