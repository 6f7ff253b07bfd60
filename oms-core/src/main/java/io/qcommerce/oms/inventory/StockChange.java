package io.qcommerce.oms.inventory;

import io.qcommerce.oms.common.Checks;
import io.qcommerce.oms.common.ErrorCode;
import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.common.OmsException;
import io.qcommerce.oms.store.StoreId;

/**
 * A change of a store's on-hand units that is not a sale: a receipt, an adjustment or a restock.
 *
 * @param id       applied once per id: a repeat returns the first outcome
 * @param store    the store
 * @param resource the resource
 * @param kind     why the units change
 * @param delta    the change of {@code onHand}: positive for receipts and restocks, either sign otherwise
 * @param reason   free text for the record (a count correction, damage); may be empty, never null
 * @param batch    the batch the units belong to, or {@code null} for units kept without one. A receipt
 *                 with a batch creates it (its code must be new for the store and SKU, its expiry still
 *                 ahead); an adjustment with a batch changes that batch; a restock with a batch puts units
 *                 back into it, creating it again if the store has forgotten it. SKUs only.
 */
public record StockChange(MovementId id, StoreId store, Resource resource, Kind kind, long delta, String reason,
                          Batch batch) {
    public enum Kind {
        /** Units delivered to the store. */
        RECEIVE,
        /** A correction after a count, damage or loss; may go either way. */
        ADJUST,
        /** Units of a cancelled, confirmed order put back on the shelf. */
        RESTOCK
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
        if (batch != null && !resource.isSku()) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "batch", "only SKU units come in batches");
        }
    }

    public StockChange(MovementId id, StoreId store, Resource resource, Kind kind, long delta, String reason) {
        this(id, store, resource, kind, delta, reason, null);
    }

    public boolean matches(StockChange other) {
        return store.equals(other.store) && resource.equals(other.resource) && kind == other.kind
                && delta == other.delta && java.util.Objects.equals(batch, other.batch);
    }
}
