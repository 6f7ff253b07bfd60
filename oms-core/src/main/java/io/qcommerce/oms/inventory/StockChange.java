package io.qcommerce.oms.inventory;

import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.store.StoreId;
import org.jspecify.annotations.Nullable;

/**
 * A change of a store's on-hand units that is not a sale: a receipt, an adjustment or a restock.
 *
 * @param id       applied once per id: a repeat returns the first outcome
 * @param store    the store
 * @param resource the resource
 * @param kind     why the units change
 * @param delta    the change of {@code onHand}: positive for receipts and restocks, either sign otherwise
 * @param reason   free text for the record (a count correction, damage); may be empty, never null
 * @param batch    the batch the units belong to; absent for units kept without one. A receipt
 *                 with a batch creates it (its code must be new for the store and SKU, its expiry still
 *                 ahead); an adjustment with a batch changes that batch; a restock with a batch puts units
 *                 back into it, creating it again if the store has forgotten it. SKUs only.
 * @param actor    who made it, for the ledger ({@code store_staff:ravi}); {@link #SYSTEM} when not said;
 *                 at most 140 characters. Not part of the change's identity.
 */
public record StockChange(MovementId id, StoreId store, Resource resource, Kind kind, long delta, String reason,
                          @Nullable Batch batch, String actor) {
    /** The actor of a change made without naming one. */
    public static final String SYSTEM = "system";

    public enum Kind {
        /** Units delivered to the store. */
        RECEIVE,
        /** A correction after a count, damage or loss; may go either way. */
        ADJUST,
        /** Units of a cancelled, confirmed order put back on the shelf (or a slot's capacity given back). */
        RESTOCK,
        /** Units of a delivered order the customer returned and the store can sell again. */
        RETURN;

        /** The type of the ledger movement that records a change of this kind. */
        public io.qcommerce.oms.inventory.MovementType movementType() {
            switch (this) {
                case RECEIVE:
                    return io.qcommerce.oms.inventory.MovementType.RECEIVED;
                case ADJUST:
                    return io.qcommerce.oms.inventory.MovementType.ADJUSTED;
                case RESTOCK:
                    return io.qcommerce.oms.inventory.MovementType.RESTOCKED;
                default:
                    return io.qcommerce.oms.inventory.MovementType.RETURNED;
            }
        }
    }

    public StockChange {
        Checks.notNull(id, "movementId");
        Checks.notNull(store, "store");
        Checks.notNull(resource, "resource");
        Checks.notNull(kind, "kind");
        Checks.notNull(reason, "reason");
        if (reason.length() > 500) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "reason", "must have at most 500 characters");
        }
        if (kind == Kind.ADJUST) {
            if (delta == 0 || Math.abs(delta) > Limits.MAX_UNITS) {
                throw OmsException.invalid(ErrorCode.INVALID_QUANTITY, "delta",
                        "an adjustment must be non-zero and at most " + Limits.MAX_UNITS + " either way, was " + delta);
            }
        } else {
            Checks.positiveQuantity(delta, "delta");
        }
        actor = actor == null ? SYSTEM : actor;
        if (actor.isBlank() || actor.length() > 140) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "actor", "must have 1 to 140 characters");
        }
        if (batch != null && !resource.isSku()) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "batch", "only SKU units come in batches");
        }
    }

    public StockChange(MovementId id, StoreId store, Resource resource, Kind kind, long delta, String reason) {
        this(id, store, resource, kind, delta, reason, null, SYSTEM);
    }

    public StockChange(MovementId id, StoreId store, Resource resource, Kind kind, long delta, String reason,
                       @Nullable Batch batch) {
        this(id, store, resource, kind, delta, reason, batch, SYSTEM);
    }

    /** The same change made by {@code who}. */
    public StockChange by(String who) {
        return new StockChange(id, store, resource, kind, delta, reason, batch, who);
    }

    public boolean matches(StockChange other) {
        return store.equals(other.store) && resource.equals(other.resource) && kind == other.kind
                && delta == other.delta && java.util.Objects.equals(batch, other.batch);
    }
}
