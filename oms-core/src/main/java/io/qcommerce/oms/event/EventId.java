package io.qcommerce.oms.event;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.order.OrderId;

/**
 * The stable id of an order event: the order and the number of its change (1 for the placement, then one
 * more per change). The same change always has the same id, however often it is delivered: consumers
 * deduplicate by it.
 */
public record EventId(OrderId order, int sequence) {
    public EventId {
        Checks.notNull(order, "order");
        if (sequence < 1) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "sequence", "starts at 1, was " + sequence);
        }
    }

    /** {@code <order id>#<sequence>}, e.g. a Kafka header or a deduplication key. */
    public String value() {
        return order.value() + "#" + sequence;
    }

    @Override
    public String toString() {
        return value();
    }
}
