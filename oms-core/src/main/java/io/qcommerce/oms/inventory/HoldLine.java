package io.qcommerce.oms.inventory;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.internal.util.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Units of one resource in a hold.
 *
 * <p>For a SKU kept in batches, the hold takes units first-expiry-first-out from the batches that are
 * still good when the hold expires and, when {@code freshUntil} is given, still good at that instant (the
 * delivery time plus the SKU's minimum shelf life, say). A batch expiring at or before that instant is
 * not used for the line. Units received without a batch never expire.
 *
 * @param resource   what is held
 * @param quantity   how many; positive and at most {@link io.qcommerce.oms.common.Limits#MAX_UNITS}
 * @param freshUntil batches must still be good at this instant to serve the line; absent when the
 *                   hold's own expiry is enough. Not part of a hold's identity: a repeat of a request with
 *                   another {@code freshUntil} is the same request.
 */
public record HoldLine(
        Resource resource, long quantity, @Nullable Instant freshUntil) {
    public HoldLine {
        Checks.notNull(resource, "line.resource");
        Checks.positiveQuantity(quantity, "line.quantity");
    }

    public HoldLine(Resource resource, long quantity) {
        this(resource, quantity, null);
    }

    public static HoldLine of(SkuId sku, long quantity) {
        return new HoldLine(Resource.sku(sku), quantity);
    }

    /** True when both lines hold the same units of the same resource, whatever their freshness. */
    public boolean sameUnits(HoldLine other) {
        return resource.equals(other.resource) && quantity == other.quantity;
    }

    /** The instant a batch must outlast to serve this line of a hold expiring at {@code holdExpiresAt}. */
    public Instant batchesMustOutlast(Instant holdExpiresAt) {
        return freshUntil != null && freshUntil.isAfter(holdExpiresAt) ? freshUntil : holdExpiresAt;
    }
}
