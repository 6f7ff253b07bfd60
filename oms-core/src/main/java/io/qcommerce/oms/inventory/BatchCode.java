package io.qcommerce.oms.inventory;

import io.qcommerce.oms.internal.util.Identifiers;

/**
 * The code of a batch (a lot) of one SKU in one store, as printed on the delivery note: unique per
 * (store, SKU); ASCII letters, digits, '-' and '_', 1 to
 * {@link io.qcommerce.oms.common.Limits#MAX_ID_LENGTH} characters.
 */
public record BatchCode(String value) implements Comparable<BatchCode> {
    public BatchCode {
        Identifiers.check(value, "batch");
    }

    public static BatchCode of(String value) {
        return new BatchCode(value);
    }

    @Override
    public int compareTo(BatchCode o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
