package io.qcommerce.oms.catalog;

import io.qcommerce.oms.internal.util.Identifiers;

/**
 * The id of a stock-keeping unit; validated at construction: ASCII letters, digits, '-' and '_', 1 to
 * {@link io.qcommerce.oms.common.Limits#MAX_ID_LENGTH} characters, else {@code INVALID_ID}.
 */
public record SkuId(String value) implements Comparable<SkuId> {
    public SkuId {
        Identifiers.check(value, "skuId");
    }

    public static SkuId of(String value) {
        return new SkuId(value);
    }

    @Override
    public int compareTo(SkuId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
