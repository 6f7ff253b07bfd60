package io.qcommerce.oms.inventory;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The outcome of {@link io.qcommerce.oms.spi.InventoryLock#apply(StockChange)}. */
public sealed interface StockChangeResult {
    StockLevel level();

    /**
     * The change is in the counters.
     *
     * @param level    the counters right after the change (for a repeat: now)
     * @param repeated true when this movement id had been applied before and nothing changed now
     */
    record Applied(StockLevel level, boolean repeated) implements StockChangeResult {}

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

        /**
         * The refusal as the typed error the library's own receipts throw: {@code DUPLICATE_BATCH},
         * {@code BATCH_EXPIRED} or {@code UNKNOWN_BATCH} for a batch, otherwise {@code INVALID_QUANTITY}.
         *
         * @param batch the batch code the change named, if any
         */
        public io.qcommerce.oms.error.OmsException asError(
                io.qcommerce.oms.store.StoreId store, io.qcommerce.oms.catalog.SkuId sku, @Nullable BatchCode batch) {
            java.util.Map<String, String> details = new java.util.TreeMap<>();
            details.put("store", store.value());
            details.put("sku", sku.value());
            if (batch != null) {
                details.put("batch", batch.value());
            }
            io.qcommerce.oms.error.ErrorCode code;
            switch (cause) {
                case DUPLICATE_BATCH:
                    code = io.qcommerce.oms.error.ErrorCode.DUPLICATE_BATCH;
                    break;
                case BATCH_EXPIRED:
                    code = io.qcommerce.oms.error.ErrorCode.BATCH_EXPIRED;
                    break;
                case UNKNOWN_BATCH:
                    code = io.qcommerce.oms.error.ErrorCode.UNKNOWN_BATCH;
                    break;
                default:
                    return io.qcommerce.oms.error.OmsException.invalid(
                            io.qcommerce.oms.error.ErrorCode.INVALID_QUANTITY, "units", why);
            }
            return new io.qcommerce.oms.error.OmsException(code, why, java.util.List.of(), details, null);
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
        UNKNOWN_BATCH;

        /**
         * The refusal of {@code change} for this cause, in words: the one text every adapter gives, so that a
         * refusal reads the same whichever lock made it.
         *
         * @param unitsAfter for {@link #INSUFFICIENT_UNITS}, the units on hand the change would leave (of the
         *                   named batch, or without a batch); ignored otherwise
         * @param unitsHeld  for {@link #INSUFFICIENT_UNITS}, the units live holds have of the same; ignored
         *                   otherwise
         */
        public String describe(StockChange change, long unitsAfter, long unitsHeld) {
            Batch batch = change.batch();
            switch (this) {
                case ABOVE_LIMIT:
                    return "on hand would exceed " + io.qcommerce.oms.common.Limits.MAX_UNITS;
                case INSUFFICIENT_UNITS:
                    return batch == null
                            ? "on hand would be " + unitsAfter + " with " + unitsHeld + " units held"
                            : "batch " + batch.code() + " would have " + unitsAfter + " units with " + unitsHeld
                                    + " held";
                default:
                    break;
            }
            // The batch causes come only from a change that names a batch.
            Batch named = java.util.Objects.requireNonNull(batch, "batch");
            switch (this) {
                case DUPLICATE_BATCH:
                    return "batch " + named.code() + " was received before";
                case BATCH_EXPIRED:
                    return "batch " + named.code() + " expired at " + named.expiresAt();
                default:
                    return "no batch " + named.code() + " expiring at " + named.expiresAt();
            }
        }
    }

    /**
     * Handles every case with one function each and returns what the function of this case returns: a way to
     * branch over the cases that the compiler checks on Java 17 too (a new case adds a parameter, so code that
     * misses it no longer compiles). On Java 21 and newer, a {@code switch} over the cases does the same.
     */
    default <R> R fold(
            Function<? super Applied, ? extends R> onApplied, Function<? super Rejected, ? extends R> onRejected) {
        if (this instanceof Applied x) {
            return onApplied.apply(x);
        }
        return onRejected.apply((Rejected) this);
    }
}
