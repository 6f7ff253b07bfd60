package io.qcommerce.oms.order;

import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.internal.util.Identifiers;

/**
 * The caller's key for one placement attempt (an {@code Idempotency-Key} header, a checkout session id).
 * Unique per customer: the same key from the same customer means the same order.
 */
public record IdempotencyKey(String value) {
    public IdempotencyKey {
        Identifiers.check(value, "idempotencyKey", Limits.MAX_IDEMPOTENCY_KEY_LENGTH);
    }

    public static IdempotencyKey of(String value) {
        return new IdempotencyKey(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
