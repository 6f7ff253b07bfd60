package io.qcommerce.oms.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an order is on the fulfilment path of a dark store. Only the transitions of that path are legal:
 * <pre>
 * AWAITING_PAYMENT -> CONFIRMED -> PICKING -> PACKED -> OUT_FOR_DELIVERY -> DELIVERED -> RETURNED
 *        \________________\___________\_________\---> CANCELLED      \____________________^
 * </pre>
 * Every status up to PACKED may be cancelled (with a reason; who may cancel how late is the configuration's
 * {@link io.qcommerce.oms.config.CancellationPolicy}). Once out for delivery an order is not cancelled: a
 * failed delivery comes back as a return, like a delivered order sent back.
 */
public enum OrderStatus {
    /** Stock held, payment not yet known. */
    AWAITING_PAYMENT,
    /** Paid; the hold is confirmed and the units are sold. */
    CONFIRMED,
    PICKING,
    PACKED,
    OUT_FOR_DELIVERY,
    DELIVERED,
    CANCELLED,
    /**
     * Came back to the store: a failed delivery, or a delivered order sent back. Its units are inspected;
     * those the store can sell again go back into their batches, the rest are written off.
     */
    RETURNED;

    /** True once the order is out of the store's hands: delivered, cancelled or returned. */
    public boolean isFinal() {
        return this == DELIVERED || this == CANCELLED || this == RETURNED;
    }

    /** The statuses this one may move to. */
    public Set<OrderStatus> next() {
        switch (this) {
            case AWAITING_PAYMENT:
                return EnumSet.of(CONFIRMED, CANCELLED);
            case CONFIRMED:
                return EnumSet.of(PICKING, CANCELLED);
            case PICKING:
                return EnumSet.of(PACKED, CANCELLED);
            case PACKED:
                return EnumSet.of(OUT_FOR_DELIVERY, CANCELLED);
            case OUT_FOR_DELIVERY:
                return EnumSet.of(DELIVERED, RETURNED);
            case DELIVERED:
                return EnumSet.of(RETURNED);
            default:
                return EnumSet.noneOf(OrderStatus.class);
        }
    }

    public boolean canMoveTo(OrderStatus target) {
        return next().contains(target);
    }

    /** True once the order's units have left the store's stock (its hold was confirmed). */
    public boolean isPaidFor() {
        return this != AWAITING_PAYMENT && this != CANCELLED;
    }
}
