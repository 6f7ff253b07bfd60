package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.store.StoreId;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The durable stock ledger at the close, as read back through the {@code StockLedger} port: movements and units
 * by type, per store and overall. (Whether it adds up to the lock is the testkit's check G.)
 *
 * @param byStore per store (in the data's order), per type
 */
public record LedgerTotals(Map<StoreId, Map<MovementType, TypeTotal>> byStore) {
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

    /** Every movement of the stores in the durable ledger, totalled. */
    static LedgerTotals read(Oms oms, List<StoreId> stores) {
        Map<StoreId, Map<MovementType, TypeTotal>> byStore = new LinkedHashMap<>();
        for (StoreId store : stores) {
            Map<MovementType, TypeTotal> totals = new EnumMap<>(MovementType.class);
            StockMovement last = null;
            List<StockMovement> page;
            do {
                LedgerQuery query = LedgerQuery.of(store, LedgerQuery.MAX_LIMIT);
                page = oms.recovery().movements(last == null ? query : query.after(last));
                for (StockMovement m : page) {
                    boolean sku = m.resource().isSku();
                    totals.merge(m.type(), new TypeTotal(1, sku ? m.quantity() : 0, sku ? 0 : 1, sku ? 0 : m.quantity()),
                            TypeTotal::plus);
                }
                last = page.isEmpty() ? last : page.get(page.size() - 1);
            } while (page.size() == LedgerQuery.MAX_LIMIT);
            byStore.put(store, totals);
        }
        return new LedgerTotals(byStore);
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

    /** SKU units on hand by the ledger alone: received + adjusted + restocked + returned - sold. */
    public long skuOnHand() {
        return skuUnits(MovementType.RECEIVED) + skuUnits(MovementType.ADJUSTED) + skuUnits(MovementType.RESTOCKED)
                + skuUnits(MovementType.RETURNED) - skuUnits(MovementType.SOLD);
    }

    /** SKU units reserved by the ledger alone: held - released - expired - sold. */
    public long skuReserved() {
        return skuUnits(MovementType.HELD) - skuUnits(MovementType.RELEASED) - skuUnits(MovementType.EXPIRED)
                - skuUnits(MovementType.SOLD);
    }

    /** Every movement read back. */
    public long movements() {
        return overall().values().stream().mapToLong(TypeTotal::count).sum();
    }
}
