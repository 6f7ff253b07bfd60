package io.qcommerce.oms.inventory;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A change of a store's on-hand units that is not a sale: a receipt, an adjustment, a restock or a return.
 * Built by name, so no two arguments of one type can trade places:
 *
 * <pre>{@code
 * StockChange.adjust(store, sku, -2).id(MovementId.of("count-0712")).reason("damaged").by(Actor.staff("ravi")).build()
 * }</pre>
 *
 * @param id       applied once per id: a repeat returns the first outcome
 * @param store    the store
 * @param resource the resource
 * @param kind     why the units change
 * @param delta    the change of {@code onHand}: positive for receipts, restocks and returns, either sign for an
 *                 adjustment
 * @param reason   free text for the record (a count correction, damage); may be empty
 * @param batch    the batch the units belong to, absent for units kept without one. A receipt with a batch
 *                 creates it (its code must be new for the store and SKU, its expiry still ahead); an adjustment
 *                 with a batch changes that batch; a restock or a return with a batch puts units back into it,
 *                 creating it again if the store has forgotten it. SKUs only.
 * @param actor    who made it, absent when not said (recorded as {@value #SYSTEM}). Not part of the
 *                 change's identity.
 */
public record StockChange(
        MovementId id,
        StoreId store,
        Resource resource,
        Kind kind,
        long delta,
        String reason,
        @Nullable Batch batch,
        @Nullable Actor actor) {
    /** The actor the ledger records for a change no one is named for. */
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
        public MovementType movementType() {
            return switch (this) {
                case RECEIVE -> MovementType.RECEIVED;
                case ADJUST -> MovementType.ADJUSTED;
                case RESTOCK -> MovementType.RESTOCKED;
                default -> MovementType.RETURNED;
            };
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
                throw OmsException.invalid(
                        ErrorCode.INVALID_QUANTITY,
                        "delta",
                        "an adjustment must be non-zero and at most " + Limits.MAX_UNITS + " either way, was " + delta);
            }
        } else {
            Checks.positiveQuantity(delta, "delta");
        }
        if (actor != null && actor.toString().length() > 140) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "actor", "must have at most 140 characters");
        }
        if (batch != null && !resource.isSku()) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "batch", "only SKU units come in batches");
        }
    }

    /** A receipt of units of a SKU. */
    public static Builder receive(StoreId store, SkuId sku, long units) {
        return new Builder(store, Resource.sku(Checks.notNull(sku, "sku")), Kind.RECEIVE, units);
    }

    /** A correction of a SKU's units after a count, damage or loss; {@code delta} either way. */
    public static Builder adjust(StoreId store, SkuId sku, long delta) {
        return new Builder(store, Resource.sku(Checks.notNull(sku, "sku")), Kind.ADJUST, delta);
    }

    /** Units of a sold resource put back: a cancelled order's units, or a slot's capacity. */
    public static Builder restock(StoreId store, Resource resource, long units) {
        return new Builder(store, resource, Kind.RESTOCK, units);
    }

    /** Units of a delivered order the customer returned and the store can sell again. */
    public static Builder returned(StoreId store, SkuId sku, long units) {
        return new Builder(store, Resource.sku(Checks.notNull(sku, "sku")), Kind.RETURN, units);
    }

    /** A change of any kind to any resource (a slot's capacity is adjusted this way). */
    public static Builder of(Kind kind, StoreId store, Resource resource, long delta) {
        return new Builder(store, resource, kind, delta);
    }

    /** The same change made by {@code who}. */
    public StockChange by(Actor who) {
        return new StockChange(id, store, resource, kind, delta, reason, batch, Checks.notNull(who, "actor"));
    }

    /** The actor as the ledger records it: {@code store_staff:ravi}, or {@value #SYSTEM}. */
    public String recordedActor() {
        return actor == null ? SYSTEM : actor.toString();
    }

    public boolean matches(StockChange other) {
        return store.equals(other.store)
                && resource.equals(other.resource)
                && kind == other.kind
                && delta == other.delta
                && java.util.Objects.equals(batch, other.batch);
    }

    /** Builds a {@link StockChange}; the movement id is required, the rest optional. Not thread-safe. */
    public static final class Builder {
        private final StoreId store;
        private final Resource resource;
        private final Kind kind;
        private final long delta;
        private @Nullable MovementId id;
        private String reason = "";
        private @Nullable Batch batch;
        private @Nullable Actor actor;

        private Builder(StoreId store, Resource resource, Kind kind, long delta) {
            this.store = store;
            this.resource = resource;
            this.kind = kind;
            this.delta = delta;
        }

        /** The caller's id of the change (a goods-receipt note, a count): a retry with it changes nothing more. */
        public Builder id(MovementId value) {
            this.id = Checks.notNull(value, "movementId");
            return this;
        }

        public Builder reason(String value) {
            this.reason = Checks.notNull(value, "reason");
            return this;
        }

        public Builder batch(@Nullable Batch value) {
            this.batch = value;
            return this;
        }

        /**
         * For an adjustment, the batch by its code alone: {@code InventoryService.apply} changes the store's
         * batch of that code and keeps its expiry ({@code UNKNOWN_BATCH} when there is none).
         */
        public Builder batch(BatchCode code) {
            Checks.notNull(code, "batch");
            if (kind != Kind.ADJUST) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_ARGUMENT,
                        "batch",
                        "a code alone names a batch to adjust; a " + kind + " needs the batch with its expiry");
            }
            this.batch = new Batch(code, Instant.EPOCH);
            return this;
        }

        public Builder by(Actor value) {
            this.actor = Checks.notNull(value, "actor");
            return this;
        }

        /** The change; {@code INVALID_ARGUMENT} without an id, and the checks of the record. */
        public StockChange build() {
            if (id == null) {
                throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "movementId", "must be set");
            }
            return new StockChange(id, store, resource, kind, delta, reason, batch, actor);
        }
    }
}
