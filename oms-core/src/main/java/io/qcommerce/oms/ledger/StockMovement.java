package io.qcommerce.oms.ledger;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the stock ledger: a change of a store's counters, as the inventory lock applied it.
 *
 * @param key       unique within the store, the same for the same change wherever it is recorded (so that
 *                  copying a movement twice keeps one entry): {@code mv:<movementId>} for receipts,
 *                  adjustments, restocks and returns; {@code <type>:<reservationId>@<heldAtMillis>:<resource>:<batch>}
 *                  for the life of a hold
 * @param store     the store
 * @param resource  the SKU (or slot) whose counters changed
 * @param type      what happened
 * @param quantity  units; positive, except for {@link MovementType#ADJUSTED}, which is signed and non-zero
 * @param batch     the batch of the units; absent for units kept without one
 * @param actor     who made it ({@code customer:asha}, {@code store_staff:ravi}, {@code system:reaper}), or
 *                  {@code system} when the lock alone knows of it
 * @param at        when it took effect; an expiry takes effect at the hold's expiry instant
 * @param reference the movement id of a stock change, or the reservation id of a hold (which names its order)
 * @param note      free text: the reason of an adjustment, the order of a restock; may be empty
 */
public record StockMovement(
        String key,
        StoreId store,
        Resource resource,
        MovementType type,
        long quantity,
        @Nullable Batch batch,
        String actor,
        Instant at,
        String reference,
        String note) {
    public StockMovement {
        Checks.notBlank(key, "key");
        Checks.notNull(store, "store");
        Checks.notNull(resource, "resource");
        Checks.notNull(type, "type");
        Checks.notBlank(actor, "actor");
        Checks.notNull(at, "at");
        Checks.notBlank(reference, "reference");
        Checks.notNull(note, "note");
        if (type == MovementType.ADJUSTED ? quantity == 0 : quantity <= 0) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_QUANTITY,
                    "quantity",
                    type + " needs a " + (type == MovementType.ADJUSTED ? "non-zero" : "positive") + " quantity, was "
                            + quantity);
        }
    }

    /** The change of {@code onHand} this movement made. */
    public long onHandEffect() {
        return type.onHandEffect(quantity);
    }

    /** The change of {@code reserved} this movement made. */
    public long reservedEffect() {
        return type.reservedEffect(quantity);
    }

    /** The key of the movement of a stock change with this id. */
    public static String changeKey(String movementId) {
        return "mv:" + movementId;
    }

    /**
     * The key of a hold's movement of one resource and batch. The hold is named by its reservation id and the
     * millisecond it was taken: an id can be held again once the lock has forgotten an earlier hold of it (past
     * its retention, or lost with its data), and the two holds' movements must not share keys.
     */
    public static String holdKey(
            MovementType type, String reservationId, Instant holdTakenAt, Resource resource, @Nullable Batch batch) {
        return type.name().toLowerCase(java.util.Locale.ROOT) + ":" + reservationId + "@" + holdTakenAt.toEpochMilli()
                + ":" + resource.key() + ":"
                + (batch == null ? "-" : batch.code().value());
    }

    /** The key of the movement of another type of the same hold, resource and batch as {@code holdKey}. */
    public static String sameHoldPart(String holdKey, MovementType type) {
        int colon = holdKey.indexOf(':');
        if (colon < 0) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "holdKey", "not a hold movement's key: " + holdKey);
        }
        return type.name().toLowerCase(java.util.Locale.ROOT) + holdKey.substring(colon);
    }
}
