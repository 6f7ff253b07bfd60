package io.qcommerce.oms.slot;

import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.error.Violation;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A delivery window of one store that customers book with their order.
 *
 * <p>The capacity is counted in the inventory lock, with the cart's units, so a booking is held, confirmed,
 * released and expired together with the order's stock; this value is the definition a host edits.
 *
 * @param id       unique across stores
 * @param store    the store that delivers in it
 * @param date     the local date of the window, for listing
 * @param start    when deliveries start
 * @param end      when they end; after {@code start}
 * @param type     the kind of delivery
 * @param capacity how many orders it takes; zero or more
 * @param cutoff   the last instant (exclusive) an order may book it; not after {@code start}
 * @param active   whether it may be booked; a deactivated slot keeps its bookings
 * @param version  0 when created, one more for every change; changes compare-and-set on it
 */
public record DeliverySlot(
        SlotId id,
        StoreId store,
        LocalDate date,
        Instant start,
        Instant end,
        SlotType type,
        int capacity,
        Instant cutoff,
        boolean active,
        long version) {
    public DeliverySlot {
        List<Violation> problems = new ArrayList<>();
        if (id == null) {
            problems.add(new Violation("id", "must not be null"));
        }
        if (store == null) {
            problems.add(new Violation("store", "must not be null"));
        }
        if (date == null) {
            problems.add(new Violation("date", "must not be null"));
        }
        if (type == null) {
            problems.add(new Violation("type", "must not be null"));
        }
        if (start == null || end == null) {
            problems.add(new Violation(start == null ? "start" : "end", "must not be null"));
        } else if (!end.isAfter(start)) {
            problems.add(new Violation("end", "must be after the start " + start + ", was " + end));
        }
        if (cutoff == null) {
            problems.add(new Violation("cutoff", "must not be null"));
        } else if (start != null && cutoff.isAfter(start)) {
            problems.add(new Violation("cutoff", "must not be after the start " + start + ", was " + cutoff));
        }
        if (capacity < 0 || capacity > Limits.MAX_UNITS) {
            problems.add(new Violation("capacity", "must be 0 to " + Limits.MAX_UNITS + ", was " + capacity));
        }
        if (version < 0) {
            problems.add(new Violation("version", "must not be negative"));
        }
        if (!problems.isEmpty()) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, problems);
        }
    }

    /** A new, active slot at version 0. */
    public static DeliverySlot of(
            SlotId id,
            StoreId store,
            LocalDate date,
            Instant start,
            Instant end,
            SlotType type,
            int capacity,
            Instant cutoff) {
        return new DeliverySlot(id, store, date, start, end, type, capacity, cutoff, true, 0);
    }

    /** True when an order may still book it at {@code now}: active and before the cut-off. */
    public boolean isOpenAt(Instant now) {
        return active && now.isBefore(cutoff);
    }

    /** True once deliveries in it have begun. */
    public boolean hasStartedAt(Instant now) {
        return !now.isBefore(start);
    }

    public DeliverySlot withActive(boolean newActive) {
        return new DeliverySlot(id, store, date, start, end, type, capacity, cutoff, newActive, version);
    }

    public DeliverySlot withCapacity(int newCapacity) {
        return new DeliverySlot(id, store, date, start, end, type, newCapacity, cutoff, active, version);
    }

    public DeliverySlot withCutoff(Instant newCutoff) {
        return new DeliverySlot(id, store, date, start, end, type, capacity, newCutoff, active, version);
    }

    public DeliverySlot withVersion(long newVersion) {
        return new DeliverySlot(id, store, date, start, end, type, capacity, cutoff, active, newVersion);
    }

    /** True when both describe the same slot, whatever their versions. */
    public boolean sameDefinition(DeliverySlot other) {
        return withVersion(0).equals(other.withVersion(0));
    }
}
