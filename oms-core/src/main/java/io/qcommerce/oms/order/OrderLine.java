package io.qcommerce.oms.order;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.BatchTake;
import java.util.List;

/**
 * A line of an order, with the prices snapshotted when the order was placed: later catalog changes do
 * not change what the customer was charged.
 *
 * @param sku       the SKU
 * @param name      its name at placement
 * @param quantity  units, positive
 * @param unitPrice the selling price of one unit at placement
 * @param unitMrp   the MRP of one unit at placement
 * @param batches   the batches its units come from, first expiry first (what the picker takes); units not
 *                  covered come from stock kept without batches
 */
public record OrderLine(SkuId sku, String name, int quantity, Money unitPrice, Money unitMrp, List<BatchTake> batches) {
    public OrderLine {
        Checks.notNull(sku, "sku");
        Checks.notNull(name, "name");
        if (name.length() > 200) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "name", "must have at most 200 characters");
        }
        Checks.positiveQuantity(quantity, "quantity");
        Checks.notNull(unitPrice, "unitPrice");
        Checks.notNull(unitMrp, "unitMrp");
        batches = List.copyOf(Checks.noNulls(batches, "batches"));
        long fromBatches = 0;
        for (BatchTake take : batches) {
            fromBatches += take.quantity();
        }
        if (fromBatches > quantity) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT, "batches", "take " + fromBatches + " units for a line of " + quantity);
        }
    }

    public OrderLine(SkuId sku, String name, int quantity, Money unitPrice, Money unitMrp) {
        this(sku, name, quantity, unitPrice, unitMrp, List.of());
    }

    /** The same line with its units taken from these batches. */
    public OrderLine withBatches(List<BatchTake> takes) {
        return new OrderLine(sku, name, quantity, unitPrice, unitMrp, takes);
    }

    /** Units not taken from a batch. */
    public long unbatchedQuantity() {
        long left = quantity;
        for (BatchTake take : batches) {
            left -= take.quantity();
        }
        return left;
    }

    public Money lineTotal() {
        return unitPrice.times(quantity);
    }

    public Money lineMrp() {
        return unitMrp.times(quantity);
    }
}
