package io.qcommerce.oms.order;

import io.qcommerce.oms.internal.util.Identifiers;

/** The host's id of a customer; validated at construction (see {@link Identifiers}). */
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
