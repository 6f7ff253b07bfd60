package io.qcommerce.oms.inventory;

/** The outcome of {@link InventoryLock#apply(StockChange)}. */
public sealed interface StockChangeResult {
    StockLevel level();

    /**
     * The change is in the counters.
     *
     * @param level    the counters right after the change (for a repeat: now)
     * @param repeated true when this movement id had been applied before and nothing changed now
     */
    record Applied(StockLevel level, boolean repeated) implements StockChangeResult {
    }

    /**
     * Refused, nothing changed: the change would take {@code onHand} below the units held by live
     * reservations, or below zero, or above {@link io.qcommerce.oms.common.Limits#MAX_UNITS}.
     *
     * @param level the counters as they are
     */
    record Rejected(StockLevel level, String why) implements StockChangeResult {
    }
}
