package io.qcommerce.oms.internal;

import io.qcommerce.oms.common.IdGenerator;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.InventoryService;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotAvailability;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotService;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.SlotDirectory;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery slots: hosts create, change, deactivate and list them; customers list the ones they can book.
 *
 * <p>A slot's definition lives in the {@link SlotDirectory}; its capacity is counted in the
 * {@link InventoryLock} as a resource whose {@code onHand} is the capacity not yet booked, so that an
 * order's slot is held, confirmed, released and expired in the same atomic step as its units, and a full
 * slot is never overbooked whatever the concurrency. A change of capacity is applied to the lock first
 * (refused, with nothing changed, when it would fall below the bookings), then to the definition by
 * compare-and-set on its version; a lost race undoes the lock's change. Changes are idempotent on their
 * movement id: after a timeout, repeat the call with the same id. Thread-safe.
 */
final class DefaultSlotService implements SlotService {
    private static final Logger LOG = LoggerFactory.getLogger(SlotService.class);

    private final SlotDirectory slots;
    private final StoreDirectory stores;
    private final InventoryLock lock;
    private final InventoryService stock;
    private final IdGenerator ids;
    private final Clock clock;

    DefaultSlotService(
            SlotDirectory slots,
            StoreDirectory stores,
            InventoryLock lock,
            InventoryService stock,
            IdGenerator ids,
            Clock clock) {
        this.slots = Checks.notNull(slots, "slots");
        this.stores = Checks.notNull(stores, "stores");
        this.lock = Checks.notNull(lock, "lock");
        this.stock = Checks.notNull(stock, "stock");
        this.ids = Checks.notNull(ids, "ids");
        this.clock = Checks.notNull(clock, "clock");
    }

    /**
     * Creates a slot (at version 0) and gives the lock its capacity. Repeating the call with the same
     * definition is safe and finishes a creation that failed half-way. {@code UNKNOWN_STORE} for a store
     * that does not exist, {@code DUPLICATE} for an id taken by another slot.
     */
    public DeliverySlot create(DeliverySlot slot) {
        Checks.notNull(slot, "slot");
        if (stores.find(slot.store()).isEmpty()) {
            throw OmsException.notFound(
                    ErrorCode.UNKNOWN_STORE, "store", slot.store().value());
        }
        DeliverySlot stored = slots.insert(slot);
        if (stored.capacity() > 0) {
            StockChangeResult result = stock.apply(StockChange.of(
                            StockChange.Kind.RECEIVE, slot.store(), slot.id().resource(), stored.capacity())
                    .id(MovementId.derive("sl", slot.id().value(), "c0"))
                    .reason("capacity of slot " + slot.id())
                    .build());
            if (result instanceof StockChangeResult.Rejected rejected) {
                throw new IllegalStateException("the lock refused a new slot's capacity: " + rejected.why());
            }
        }
        return stored;
    }

    /**
     * As {@link #update(DeliverySlot, MovementId)} with a movement id derived from the slot and the version the
     * change makes, so that repeating the same call after a timeout applies its capacity change once.
     */
    public DeliverySlot update(DeliverySlot changed) {
        Checks.notNull(changed, "slot");
        return update(changed, MovementId.derive("sl", changed.id().value(), "v" + (changed.version() + 1)));
    }

    /**
     * Replaces a slot's definition: times, type, capacity, cut-off, active flag. {@code changed.version()}
     * must be the stored version ({@code CONCURRENT_MODIFICATION} otherwise, nothing changed). Lowering the
     * capacity below the slot's bookings is {@code SLOT_OVERBOOKED}, nothing changed. The store of a slot
     * never changes.
     *
     * @param movement the id of the capacity change in the lock; repeat it to retry after a timeout
     * @return the stored slot, version one higher
     */
    public DeliverySlot update(DeliverySlot changed, MovementId movement) {
        Checks.notNull(changed, "slot");
        Checks.notNull(movement, "movement");
        DeliverySlot current = require(changed.id());
        if (!current.store().equals(changed.store())) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT, "store", "a slot stays with its store " + current.store());
        }
        if (current.version() == changed.version() + 1 && current.sameDefinition(changed)) {
            // A retry of a change that landed but whose answer was lost: the first outcome, nothing more.
            return current;
        }
        if (current.version() != changed.version()) {
            throw concurrent(changed.id());
        }
        long delta = (long) changed.capacity() - current.capacity();
        Resource resource = changed.id().resource();
        boolean appliedNow = false;
        if (delta != 0) {
            StockChangeResult result =
                    stock.apply(StockChange.of(StockChange.Kind.ADJUST, changed.store(), resource, delta)
                            .id(movement)
                            .reason("capacity of slot " + changed.id() + " to " + changed.capacity())
                            .build());
            if (result instanceof StockChangeResult.Rejected) {
                StockLevel level = result.level();
                throw new OmsException(
                        ErrorCode.SLOT_OVERBOOKED,
                        "slot " + changed.id() + " cannot go to capacity " + changed.capacity() + ": "
                                + (current.capacity() - level.onHand()) + " booked and " + level.reserved() + " held",
                        List.of(),
                        Map.of(
                                "slotId",
                                changed.id().value(),
                                "booked",
                                String.valueOf(current.capacity() - level.onHand()),
                                "held",
                                String.valueOf(level.reserved())),
                        null);
            }
            appliedNow = !((StockChangeResult.Applied) result).repeated();
        }
        Optional<DeliverySlot> stored = slots.replace(changed, current.version());
        if (stored.isPresent()) {
            return stored.get();
        }
        // Undo only what this call applied: a repeated movement was applied by an earlier call, which may be
        // the one that won.
        if (appliedNow) {
            StockChangeResult undone =
                    stock.apply(StockChange.of(StockChange.Kind.ADJUST, changed.store(), resource, -delta)
                            .id(MovementId.derive(movement.value(), "undo"))
                            .reason("undo of " + movement)
                            .build());
            if (undone instanceof StockChangeResult.Rejected rejected) {
                LOG.error(
                        "slot {}: could not undo capacity change {} of {} after losing a race: {}",
                        changed.id(),
                        movement,
                        delta,
                        rejected.why());
            }
        }
        throw concurrent(changed.id());
    }

    /** Stops new bookings of a slot; its bookings stay. Idempotent. */
    public DeliverySlot deactivate(SlotId id) {
        return setActive(id, false);
    }

    /** Opens a deactivated slot again. Idempotent. */
    public DeliverySlot activate(SlotId id) {
        return setActive(id, true);
    }

    private DeliverySlot setActive(SlotId id, boolean active) {
        for (int attempt = 0; attempt < 8; attempt++) {
            DeliverySlot current = require(id);
            if (current.active() == active) {
                return current;
            }
            Optional<DeliverySlot> stored = slots.replace(current.withActive(active), current.version());
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        throw concurrent(id);
    }

    public Optional<DeliverySlot> find(SlotId id) {
        return slots.find(Checks.notNull(id, "slotId"));
    }

    /** {@code UNKNOWN_SLOT} when there is none. */
    public DeliverySlot require(SlotId id) {
        return find(id).orElseThrow(() -> OmsException.notFound(ErrorCode.UNKNOWN_SLOT, "slot", id.value()));
    }

    /** One slot with its bookings; {@code UNKNOWN_SLOT} when there is none. */
    public SlotAvailability availability(SlotId id) {
        return withLevels(List.of(require(id))).get(0);
    }

    /** The slots of a store dated {@code [from, to]}, with their bookings, for the store's staff. */
    public List<SlotAvailability> list(StoreId store, LocalDate from, LocalDate to) {
        Checks.notNull(store, "store");
        checkRange(from, to);
        return withLevels(slots.list(store, from, to));
    }

    /**
     * The slots a customer at the pincode can book now: of active stores serving it, dated
     * {@code [from, to]}, active, before their cut-off and not full; by start, then store, then id.
     */
    public List<SlotAvailability> bookable(Pincode pincode, LocalDate from, LocalDate to) {
        Checks.notNull(pincode, "pincode");
        checkRange(from, to);
        Instant now = clock.instant();
        List<StoreId> serving = new ArrayList<>();
        for (Store store : stores.servingPincode(pincode)) {
            serving.add(store.id());
        }
        List<DeliverySlot> open = new ArrayList<>();
        for (DeliverySlot slot : slots.list(serving, from, to)) {
            if (slot.isOpenAt(now)) {
                open.add(slot);
            }
        }
        List<SlotAvailability> out = new ArrayList<>();
        for (SlotAvailability a : withLevels(open)) {
            if (a.remaining() > 0) {
                out.add(a);
            }
        }
        return out;
    }

    private List<SlotAvailability> withLevels(List<DeliverySlot> list) {
        Map<StoreId, List<Resource>> byStore = new LinkedHashMap<>();
        for (DeliverySlot slot : list) {
            byStore.computeIfAbsent(slot.store(), s -> new ArrayList<>())
                    .add(slot.id().resource());
        }
        Map<Resource, StockLevel> levels = new LinkedHashMap<>();
        byStore.forEach((store, resources) -> levels.putAll(lock.levels(store, resources)));
        List<SlotAvailability> out = new ArrayList<>(list.size());
        for (DeliverySlot slot : list) {
            StockLevel level =
                    java.util.Objects.requireNonNull(levels.get(slot.id().resource()), "level");
            out.add(new SlotAvailability(slot, level));
        }
        return out;
    }

    private static void checkRange(LocalDate from, LocalDate to) {
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
        if (to.isBefore(from)) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "to", "must not be before from " + from);
        }
        if (from.plusDays(366).isBefore(to)) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "to", "a listing spans at most a year");
        }
    }

    private static OmsException concurrent(SlotId id) {
        return new OmsException(
                ErrorCode.CONCURRENT_MODIFICATION,
                "slot " + id + " was changed by someone else; read it again",
                List.of(),
                Map.of("slotId", id.value()),
                null);
    }
}
