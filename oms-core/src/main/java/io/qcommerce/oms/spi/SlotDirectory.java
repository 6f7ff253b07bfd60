package io.qcommerce.oms.spi;

import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.store.StoreId;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Port: the definitions of delivery slots. Bookings are not here: they are counted in the
 * {@link io.qcommerce.oms.spi.InventoryLock} with the cart's units. Implementations are thread-safe;
 * every write is atomic on one slot.
 */
public interface SlotDirectory {
    /**
     * Stores a new slot at version 0. {@code DUPLICATE} when the id is taken by a different slot; storing
     * the same definition again returns the stored slot (a retried create).
     */
    DeliverySlot insert(DeliverySlot slot);

    /**
     * Replaces the slot if its stored version is {@code expectedVersion}; the stored value gets version
     * {@code expectedVersion + 1}, which is returned. Empty when another write came first (or the slot
     * does not exist). The id and the store of a slot never change.
     */
    Optional<DeliverySlot> replace(DeliverySlot slot, long expectedVersion);

    Optional<DeliverySlot> find(SlotId id);

    /** The slots of a store with a date in {@code [from, to]}, active or not, by start then id. */
    List<DeliverySlot> list(StoreId store, LocalDate from, LocalDate to);

    /** The slots of several stores with a date in {@code [from, to]}, by start then store then id. */
    default List<DeliverySlot> list(Collection<StoreId> stores, LocalDate from, LocalDate to) {
        List<DeliverySlot> out = new java.util.ArrayList<>();
        for (StoreId store : stores) {
            out.addAll(list(store, from, to));
        }
        out.sort(ORDER);
        return out;
    }

    /** By start, then store, then id. */
    java.util.Comparator<DeliverySlot> ORDER = java.util.Comparator.comparing(DeliverySlot::start)
            .thenComparing(DeliverySlot::store)
            .thenComparing(DeliverySlot::id);
}
