package io.qcommerce.oms.order;

import io.qcommerce.oms.internal.util.Identifiers;

/**
 * The host's id of a customer; validated at construction: ASCII letters, digits, '-' and '_', 1 to
 * {@link io.qcommerce.oms.common.Limits#MAX_ID_LENGTH} characters, else {@code INVALID_ID}.
 */
public record CustomerId(String value) {
    public CustomerId {
        Identifiers.check(value, "customerId");
    }

    public static CustomerId of(String value) {
        return new CustomerId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
