package io.qcommerce.oms.slot;

import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.StoreId;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Delivery slots: hosts create, change, deactivate and list them; customers list the ones they can book.
 *
 * <p>A slot's definition lives in the {@link io.qcommerce.oms.spi.SlotDirectory}; its capacity is counted in the
 * {@link InventoryLock} as a resource whose {@code onHand} is the capacity not yet booked, so that an
 * order's slot is held, confirmed, released and expired in the same atomic step as its units, and a full
 * slot is never overbooked whatever the concurrency. A change of capacity is applied to the lock first
 * (refused, with nothing changed, when it would fall below the bookings), then to the definition by
 * compare-and-set on its version; a lost race undoes the lock's change. Changes are idempotent on their
 * movement id: after a timeout, repeat the call with the same id. Thread-safe.
 */
public interface SlotService {
    /**
     * Creates a slot (at version 0) and gives the lock its capacity. Repeating the call with the same
     * definition is safe and finishes a creation that failed half-way. {@code UNKNOWN_STORE} for a store
     * that does not exist, {@code DUPLICATE} for an id taken by another slot.
     */
    DeliverySlot create(DeliverySlot slot);

    /**
     * As {@link #update(DeliverySlot, MovementId)} with a movement id derived from the slot and the version the
     * change makes, so that repeating the same call after a timeout applies its capacity change once.
     */
    DeliverySlot update(DeliverySlot changed);

    /**
     * Replaces a slot's definition: times, type, capacity, cut-off, active flag. {@code changed.version()}
     * must be the stored version ({@code CONCURRENT_MODIFICATION} otherwise, nothing changed). Lowering the
     * capacity below the slot's bookings is {@code SLOT_OVERBOOKED}, nothing changed. The store of a slot
     * never changes.
     *
     * @param movement the id of the capacity change in the lock; repeat it to retry after a timeout
     * @return the stored slot, version one higher
     */
    DeliverySlot update(DeliverySlot changed, MovementId movement);

    /** Stops new bookings of a slot; its bookings stay. Idempotent. */
    DeliverySlot deactivate(SlotId id);

    /** Opens a deactivated slot again. Idempotent. */
    DeliverySlot activate(SlotId id);

    Optional<DeliverySlot> find(SlotId id);

    /** {@code UNKNOWN_SLOT} when there is none. */
    DeliverySlot require(SlotId id);

    /** One slot with its bookings; {@code UNKNOWN_SLOT} when there is none. */
    SlotAvailability availability(SlotId id);

    /** The slots of a store dated {@code [from, to]}, with their bookings, for the store's staff. */
    List<SlotAvailability> list(StoreId store, LocalDate from, LocalDate to);

    /**
     * The slots a customer at the pincode can book now: of active stores serving it, dated
     * {@code [from, to]}, active, before their cut-off and not full; by start, then store, then id.
     */
    List<SlotAvailability> bookable(Pincode pincode, LocalDate from, LocalDate to);
}
