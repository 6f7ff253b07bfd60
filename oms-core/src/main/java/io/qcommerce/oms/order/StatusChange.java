package io.qcommerce.oms.order;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One entry of an order's audit trail, and the change its event reports: entry {@code n} (from 1) of an
 * order's history is the event {@code (order, n)} of the feed.
 *
 * @param from      the status before; absent only for the entry that created the order
 * @param to        the status after; equal to {@code from} for a short pick that leaves units to deliver
 * @param at        when
 * @param actor     who acted: the customer, or the staff member, admin or job acting for them
 * @param reason    why; a {@link CancelReason} name for cancellations, free text otherwise, may be empty
 * @param refund    what the customer is owed back because of this change (a paid order cancelled, units
 *                  short-picked or returned); absent when nothing is owed
 * @param shortPick the units of a line the picker could not hand over, for a short pick; absent otherwise
 * @param resellable for a return, the units per SKU the store took back to sell again (SKUs with none left
 *                   out; the rest of the order's units were written off); empty for any other change
 */
public record StatusChange(
        @Nullable OrderStatus from,
        OrderStatus to,
        Instant at,
        Actor actor,
        String reason,
        @Nullable Money refund,
        @Nullable ShortPick shortPick,
        Map<SkuId, Integer> resellable) {
    public StatusChange {
        Checks.notNull(to, "to");
        Checks.notNull(at, "at");
        Checks.notNull(actor, "actor");
        Checks.notNull(reason, "reason");
        if (reason.length() > 500) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "reason", "must have at most 500 characters");
        }
        if (refund != null && refund.minor() <= 0) {
            throw OmsException.invalid(ErrorCode.INVALID_AMOUNT, "refund", "must be positive when present");
        }
        Checks.notNull(resellable, "resellable");
        resellable.forEach((sku, units) -> {
            Checks.notNull(sku, "resellable.sku");
            if (units == null || units <= 0) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_QUANTITY, "resellable." + sku.value(), "must be positive when listed");
            }
        });
        resellable = Collections.unmodifiableMap(new TreeMap<>(resellable));
        if (!resellable.isEmpty() && to != OrderStatus.RETURNED) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "resellable", "only a return takes units back");
        }
    }

    /** A change that takes no unit back. */
    public StatusChange(
            @Nullable OrderStatus from,
            OrderStatus to,
            Instant at,
            Actor actor,
            String reason,
            @Nullable Money refund,
            @Nullable ShortPick shortPick) {
        this(from, to, at, actor, reason, refund, shortPick, Map.of());
    }

    /** A change that owes nothing back and shortens no line. */
    public StatusChange(@Nullable OrderStatus from, OrderStatus to, Instant at, Actor actor, String reason) {
        this(from, to, at, actor, reason, null, null, Map.of());
    }

    /** The same change, owing {@code amount} back to the customer (nothing when the amount is zero). */
    public StatusChange withRefund(Money amount) {
        Checks.notNull(amount, "refund");
        return new StatusChange(
                from, to, at, actor, reason, amount.minor() == 0 ? null : amount, shortPick, resellable);
    }

    /** The same return, taking back {@code units} per SKU to sell again (SKUs with 0 are left out). */
    public StatusChange withResellable(Map<SkuId, Integer> units) {
        Map<SkuId, Integer> listed = new TreeMap<>();
        Checks.notNull(units, "resellable").forEach((sku, n) -> {
            if (n != null && n > 0) {
                listed.put(sku, n);
            }
        });
        return new StatusChange(from, to, at, actor, reason, refund, shortPick, listed);
    }
}
