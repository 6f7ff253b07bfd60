package io.qcommerce.oms.slot;

import io.qcommerce.oms.internal.util.Checks;
import java.time.Instant;

/**
 * The slot an order booked, as the order keeps it: enough to deliver, and to decide whether a
 * cancellation gives the capacity back, without reading the slot again.
 *
 * @param id    the slot
 * @param type  its kind
 * @param start when deliveries in it start
 * @param end   when they end
 */
public record SlotBooking(SlotId id, SlotType type, Instant start, Instant end) {
    public SlotBooking {
        Checks.notNull(id, "slot.id");
        Checks.notNull(type, "slot.type");
        Checks.notNull(start, "slot.start");
        Checks.notNull(end, "slot.end");
    }

    /** True once deliveries in it have begun: a cancellation then no longer frees capacity. */
    public boolean hasStartedAt(Instant now) {
        return !now.isBefore(start);
    }

    public static SlotBooking of(DeliverySlot slot) {
        return new SlotBooking(slot.id(), slot.type(), slot.start(), slot.end());
    }
}
