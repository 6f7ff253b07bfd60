package io.qcommerce.oms.order;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.BatchTake;
import java.util.ArrayList;
import java.util.List;

/**
 * A line of an order, with the prices snapshotted when the order was placed: later catalog changes do
 * not change what the customer was charged.
 *
 * @param sku       the SKU
 * @param name      its name at placement
 * @param quantity    units the customer gets and pays for; positive when placed, and smaller (down to 0)
 *                    after a short pick
 * @param unitPrice   the selling price of one unit at placement
 * @param unitMrp     the MRP of one unit at placement
 * @param batches     the batches its sold units come from, first expiry first (what the picker takes); units
 *                    not covered come from stock kept without batches
 * @param shortPicked units sold from the store's stock that the picker could not hand over (missing or
 *                    damaged): written off, refunded, never restocked; 0 unless the line was short-picked
 */
public record OrderLine(
        SkuId sku,
        String name,
        int quantity,
        Money unitPrice,
        Money unitMrp,
        List<BatchTake> batches,
        int shortPicked) {
    public OrderLine {
        Checks.notNull(sku, "sku");
        Checks.notNull(name, "name");
        if (name.length() > 200) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "name", "must have at most 200 characters");
        }
        if (shortPicked < 0) {
            throw OmsException.invalid(ErrorCode.INVALID_QUANTITY, "shortPicked", "must not be negative");
        }
        if (shortPicked == 0) {
            Checks.positiveQuantity(quantity, "quantity");
        } else if (quantity < 0) {
            throw OmsException.invalid(ErrorCode.INVALID_QUANTITY, "quantity", "must not be negative");
        }
        Checks.notNull(unitPrice, "unitPrice");
        Checks.notNull(unitMrp, "unitMrp");
        batches = List.copyOf(Checks.noNulls(batches, "batches"));
        long fromBatches = 0;
        for (BatchTake take : batches) {
            fromBatches += take.quantity();
        }
        if (fromBatches > (long) quantity + shortPicked) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT,
                    "batches",
                    "take " + fromBatches + " units for a line of " + ((long) quantity + shortPicked));
        }
    }

    /** A line as placed: nothing short-picked. */
    public OrderLine(SkuId sku, String name, int quantity, Money unitPrice, Money unitMrp, List<BatchTake> batches) {
        this(sku, name, quantity, unitPrice, unitMrp, batches, 0);
    }

    public OrderLine(SkuId sku, String name, int quantity, Money unitPrice, Money unitMrp) {
        this(sku, name, quantity, unitPrice, unitMrp, List.of(), 0);
    }

    /** The same line with its units taken from these batches. */
    public OrderLine withBatches(List<BatchTake> takes) {
        return new OrderLine(sku, name, quantity, unitPrice, unitMrp, takes, shortPicked);
    }

    /** The same line with {@code units} more short-picked: that many fewer to deliver and pay for. */
    public OrderLine shortened(int units) {
        if (units <= 0 || units > quantity) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_QUANTITY,
                    "units",
                    "a line of " + quantity + " units can go short by 1 to " + quantity + ", not " + units);
        }
        return new OrderLine(sku, name, quantity - units, unitPrice, unitMrp, batches, shortPicked + units);
    }

    /** Units that left the store's stock for this line when the order was confirmed: delivered plus short. */
    public long soldQuantity() {
        return (long) quantity + shortPicked;
    }

    /**
     * The batches the delivered units came from: the short-picked units are taken off the units kept without
     * batches first, then off the last (latest-expiring) batches. What a cancellation or a return puts back.
     */
    public List<BatchTake> deliveredBatches() {
        long short_ = Math.max(0, shortPicked - (soldQuantity() - batchedQuantity()));
        List<BatchTake> out = new ArrayList<>(batches);
        for (int i = out.size() - 1; i >= 0 && short_ > 0; i--) {
            BatchTake take = out.get(i);
            long off = Math.min(short_, take.quantity());
            short_ -= off;
            if (off == take.quantity()) {
                out.remove(i);
            } else {
                out.set(i, new BatchTake(take.batch(), take.quantity() - off));
            }
        }
        return List.copyOf(out);
    }

    /** The delivered units kept without batches: what a cancellation or a return puts back outside batches. */
    public long deliveredUnbatched() {
        long delivered = quantity;
        for (BatchTake take : deliveredBatches()) {
            delivered -= take.quantity();
        }
        return delivered;
    }

    private long batchedQuantity() {
        long sum = 0;
        for (BatchTake take : batches) {
            sum += take.quantity();
        }
        return sum;
    }

    public Money lineTotal() {
        return unitPrice.times(quantity);
    }

    public Money lineMrp() {
        return unitMrp.times(quantity);
    }
}
