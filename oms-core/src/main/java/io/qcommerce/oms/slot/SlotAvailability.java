package io.qcommerce.oms.slot;

import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.StockLevel;

/**
 * A slot with its bookings as the inventory lock counts them now.
 *
 * @param slot  the definition
 * @param level the slot's counter: {@code onHand} is the capacity not yet booked by a paid order,
 *              {@code reserved} the bookings of orders awaiting payment
 */
public record SlotAvailability(DeliverySlot slot, StockLevel level) {
    public SlotAvailability {
        Checks.notNull(slot, "slot");
        Checks.notNull(level, "level");
    }

    /** Bookings of paid orders. */
    public long booked() {
        return Math.max(0, slot.capacity() - level.onHand());
    }

    /** Bookings of orders awaiting payment. */
    public long held() {
        return level.reserved();
    }

    /** Orders it can still take. */
    public long remaining() {
        return Math.max(0, level.available());
    }
}
