package io.qcommerce.oms.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an order is on the fulfilment path of a dark store. Only the transitions of that path are legal:
 * <pre>
 * AWAITING_PAYMENT -> CONFIRMED -> PICKING -> PACKED -> OUT_FOR_DELIVERY -> DELIVERED -> RETURNED
 *        \________________\___________\_________\______________\-------> CANCELLED
 * </pre>
 * Every status before delivery may be cancelled (with a reason); a delivered order may be returned.
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
    /** Delivered, then sent back by the customer; its units are restocked if the store can sell them. */
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
                return EnumSet.of(DELIVERED, CANCELLED);
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
