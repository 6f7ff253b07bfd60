package io.qcommerce.oms.order;

import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One entry of an order's audit trail.
 *
 * @param from   the status before; absent only for the entry that created the order
 * @param to     the status after
 * @param at     when
 * @param actor  who
 * @param reason why; a {@link CancelReason} name for cancellations, free text otherwise, may be empty
 */
public record StatusChange(@Nullable OrderStatus from, OrderStatus to, Instant at, Actor actor, String reason) {
    public StatusChange {
        Checks.notNull(to, "to");
        Checks.notNull(at, "at");
        Checks.notNull(actor, "actor");
        Checks.notNull(reason, "reason");
        if (reason.length() > 500) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "reason", "must have at most 500 characters");
        }
    }
}
