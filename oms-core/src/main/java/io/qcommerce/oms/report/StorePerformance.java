package io.qcommerce.oms.report;

import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How a store did with the orders placed in a period.
 *
 * @param store              the store
 * @param from               start of the period, inclusive (by placement time)
 * @param to                 end of the period, exclusive
 * @param placed             orders placed
 * @param paid               of those, orders whose payment was confirmed (whatever happened after)
 * @param delivered          orders delivered and kept (returned ones not included)
 * @param returned           orders delivered and then returned
 * @param cancelled          orders cancelled, for any reason
 * @param cancelledByReason  the cancelled ones by reason; a reason of the host's own is counted under none
 * @param inProgress         orders not yet delivered, cancelled or returned
 * @param revenue            what the delivered, kept orders were paid, in the currency of the first order
 *                           (zero rupees when there were none); short-picked units are not in it
 * @param shortPickedUnits   units that went short at picking (missing or damaged), over all orders
 * @param shortPickedOrders  orders with at least one short-picked unit
 */
public record StorePerformance(
        StoreId store,
        Instant from,
        Instant to,
        long placed,
        long paid,
        long delivered,
        long returned,
        long cancelled,
        Map<CancelReason, Long> cancelledByReason,
        long inProgress,
        Money revenue,
        long shortPickedUnits,
        long shortPickedOrders) {
    public StorePerformance {
        cancelledByReason = Collections.unmodifiableMap(
                new EnumMap<>(cancelledByReason.isEmpty() ? new EnumMap<>(CancelReason.class) : cancelledByReason));
    }

    /**
     * Delivered and kept orders over the orders that have finished (delivered, returned or cancelled);
     * 0 when none has finished. Orders still in progress do not count either way.
     */
    public double successRate() {
        long finished = delivered + returned + cancelled;
        return finished == 0 ? 0.0 : (double) delivered / finished;
    }
}
