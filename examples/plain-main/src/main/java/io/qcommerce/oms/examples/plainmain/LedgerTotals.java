package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.store.StoreId;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The durable stock ledger at the close, as read back through the {@code StockLedger} port: movements and units
 * by type, per store and overall, and how much of the lock it was compared with (check G).
 *
 * @param byStore    per store (in the data's order), per type
 * @param counters   (store, resource) counters compared, SKUs and slots
 * @param batches    batches compared
 * @param skuOnHand  SKU units on hand by the ledger: received + adjusted + restocked + returned - sold
 * @param skuReserved SKU units reserved by the ledger: held - released - expired - sold
 */
public record LedgerTotals(Map<StoreId, Map<MovementType, TypeTotal>> byStore, long counters, long batches,
                           long skuOnHand, long skuReserved) {
    /**
     * Movements of one type.
     *
     * @param count     movements, SKUs and slots
     * @param skuUnits  their units of SKUs (an adjustment counts with its sign)
     * @param slotCount of the movements, those of delivery slots
     * @param slotUnits their places (a slot's capacity is its units)
     */
    public record TypeTotal(long count, long skuUnits, long slotCount, long slotUnits) {
        public static final TypeTotal ZERO = new TypeTotal(0, 0, 0, 0);

        public TypeTotal plus(TypeTotal o) {
            return new TypeTotal(count + o.count, skuUnits + o.skuUnits, slotCount + o.slotCount, slotUnits + o.slotUnits);
        }
    }

    public LedgerTotals {
        Map<StoreId, Map<MovementType, TypeTotal>> copy = new LinkedHashMap<>();
        byStore.forEach((store, types) -> copy.put(store, Collections.unmodifiableMap(new EnumMap<>(types))));
        byStore = Collections.unmodifiableMap(copy);
    }

    /** Every type over every store, in the order of {@link MovementType}; a type never recorded is zero. */
    public Map<MovementType, TypeTotal> overall() {
        Map<MovementType, TypeTotal> out = new EnumMap<>(MovementType.class);
        for (MovementType t : MovementType.values()) {
            out.put(t, TypeTotal.ZERO);
        }
        byStore.values().forEach(types -> types.forEach((t, total) -> out.merge(t, total, TypeTotal::plus)));
        return out;
    }

    /** One type in one store; zero when it has none. */
    public TypeTotal of(StoreId store, MovementType type) {
        return byStore.getOrDefault(store, Map.of()).getOrDefault(type, TypeTotal.ZERO);
    }

    /** SKU units of a type over every store. */
    public long skuUnits(MovementType type) {
        return overall().get(type).skuUnits();
    }

    /** Every movement read back. */
    public long movements() {
        return overall().values().stream().mapToLong(TypeTotal::count).sum();
    }
}
