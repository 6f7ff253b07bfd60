package io.qcommerce.oms.memory;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.spi.SlotDirectory;
import io.qcommerce.oms.store.StoreId;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** {@link SlotDirectory} in a concurrent map; every write is an atomic map operation on one slot. */
public final class InMemorySlotDirectory implements SlotDirectory {
    private final ConcurrentHashMap<SlotId, DeliverySlot> slots = new ConcurrentHashMap<>();

    @Override
    public DeliverySlot insert(DeliverySlot slot) {
        Checks.notNull(slot, "slot");
        DeliverySlot fresh = slot.withVersion(0);
        DeliverySlot existing = slots.putIfAbsent(fresh.id(), fresh);
        if (existing == null) {
            return fresh;
        }
        if (existing.version() == 0 && existing.sameDefinition(fresh)) {
            return existing;
        }
        throw new OmsException(
                ErrorCode.DUPLICATE,
                "slot " + slot.id() + " exists with another definition",
                List.of(),
                Map.of("slotId", slot.id().value()),
                null);
    }

    @Override
    public Optional<DeliverySlot> replace(DeliverySlot slot, long expectedVersion) {
        Checks.notNull(slot, "slot");
        DeliverySlot[] written = new DeliverySlot[1];
        slots.computeIfPresent(slot.id(), (id, current) -> {
            if (current.version() != expectedVersion || !current.store().equals(slot.store())) {
                return current;
            }
            written[0] = slot.withVersion(expectedVersion + 1);
            return written[0];
        });
        return Optional.ofNullable(written[0]);
    }

    @Override
    public Optional<DeliverySlot> find(SlotId id) {
        Checks.notNull(id, "slotId");
        return Optional.ofNullable(slots.get(id));
    }

    @Override
    public List<DeliverySlot> list(StoreId store, LocalDate from, LocalDate to) {
        Checks.notNull(store, "store");
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
        return slots.values().stream()
                .filter(s -> s.store().equals(store)
                        && !s.date().isBefore(from)
                        && !s.date().isAfter(to))
                .sorted(ORDER)
                .collect(Collectors.toUnmodifiableList());
    }
}
