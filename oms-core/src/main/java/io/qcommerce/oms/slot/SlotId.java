package io.qcommerce.oms.slot;

import io.qcommerce.oms.internal.util.Identifiers;
import io.qcommerce.oms.inventory.Resource;

/**
 * The id of a delivery slot, unique across stores; at most {@link #MAX_LENGTH} characters of the safe set,
 * so that the movement ids derived from it fit.
 */
public record SlotId(String value) implements Comparable<SlotId> {
    public static final int MAX_LENGTH = 48;

    public SlotId {
        Identifiers.check(value, "slotId", MAX_LENGTH);
    }

    public static SlotId of(String value) {
        return new SlotId(value);
    }

    /** The counter of the slot's bookings in the inventory lock. */
    public Resource resource() {
        return Resource.slot(value);
    }

    @Override
    public int compareTo(SlotId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
