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
     * Refused, nothing changed.
     *
     * @param level the counters as they are
     * @param cause why, for a caller to branch on
     * @param why   the same for a person
     */
    record Rejected(StockLevel level, Cause cause, String why) implements StockChangeResult {
        public Rejected(StockLevel level, String why) {
            this(level, Cause.INSUFFICIENT_UNITS, why);
        }
    }

    /** Why a change was refused. */
    enum Cause {
        /**
         * It would take {@code onHand} (of the SKU, or of the named batch) below the units live holds have
         * of it, or below zero.
         */
        INSUFFICIENT_UNITS,
        /** It would take {@code onHand} above {@link io.qcommerce.oms.common.Limits#MAX_UNITS}. */
        ABOVE_LIMIT,
        /** A receipt names a batch code the store already has for the SKU. */
        DUPLICATE_BATCH,
        /** A receipt names a batch whose expiry has passed by the lock's clock. */
        BATCH_EXPIRED,
        /** An adjustment names a batch the store does not have. */
        UNKNOWN_BATCH
    }
}
