package io.qcommerce.oms.store;

import io.qcommerce.oms.internal.util.Identifiers;

/**
 * The id of a dark store; validated at construction: ASCII letters, digits, '-' and '_', 1 to
 * {@link io.qcommerce.oms.common.Limits#MAX_ID_LENGTH} characters, else {@code INVALID_ID}.
 */
public record StoreId(String value) implements Comparable<StoreId> {
    public StoreId {
        Identifiers.check(value, "storeId");
    }

    public static StoreId of(String value) {
        return new StoreId(value);
    }

    @Override
    public int compareTo(StoreId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
