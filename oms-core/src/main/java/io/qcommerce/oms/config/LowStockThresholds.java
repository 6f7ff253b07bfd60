package io.qcommerce.oms.config;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.store.StoreId;
import java.util.HashMap;
import java.util.Map;

/**
 * Below how many available units a SKU counts as low in a store: a threshold for the (store, SKU), else
 * for the SKU, else the default. Immutable; built once.
 */
public final class LowStockThresholds {
    private final long defaultThreshold;
    private final Map<SkuId, Long> perSku;
    private final Map<StoreId, Map<SkuId, Long>> perStoreSku;

    private LowStockThresholds(Builder b) {
        this.defaultThreshold = b.defaultThreshold;
        this.perSku = Map.copyOf(b.perSku);
        Map<StoreId, Map<SkuId, Long>> copy = new HashMap<>();
        b.perStoreSku.forEach((store, m) -> copy.put(store, Map.copyOf(m)));
        this.perStoreSku = Map.copyOf(copy);
    }

    /** No alerts unless configured: a threshold of 0 is never crossed. */
    public static LowStockThresholds none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public long thresholdFor(StoreId store, SkuId sku) {
        Map<SkuId, Long> ofStore = perStoreSku.get(store);
        if (ofStore != null && ofStore.containsKey(sku)) {
            return ofStore.get(sku);
        }
        return perSku.getOrDefault(sku, defaultThreshold);
    }

    /** True when a change from {@code before} to {@code after} available units crosses the threshold downward. */
    public boolean crossedDownward(StoreId store, SkuId sku, long before, long after) {
        return crossesDownward(thresholdFor(store, sku), before, after);
    }

    /** The one rule of a low-stock crossing: from at least the threshold to under it; 0 turns it off. */
    public static boolean crossesDownward(long threshold, long before, long after) {
        return threshold > 0 && before >= threshold && after < threshold;
    }

    public static final class Builder {
        private long defaultThreshold;
        private final Map<SkuId, Long> perSku = new HashMap<>();
        private final Map<StoreId, Map<SkuId, Long>> perStoreSku = new HashMap<>();

        private Builder() {}

        public Builder defaultThreshold(long units) {
            this.defaultThreshold = check(units);
            return this;
        }

        public Builder sku(SkuId sku, long units) {
            perSku.put(Checks.notNull(sku, "sku"), check(units));
            return this;
        }

        public Builder storeSku(StoreId store, SkuId sku, long units) {
            perStoreSku
                    .computeIfAbsent(Checks.notNull(store, "store"), s -> new HashMap<>())
                    .put(Checks.notNull(sku, "sku"), check(units));
            return this;
        }

        private static long check(long units) {
            if (units < 0) {
                throw OmsException.invalid(ErrorCode.INVALID_CONFIGURATION, "threshold", "must not be negative");
            }
            return units;
        }

        public LowStockThresholds build() {
            return new LowStockThresholds(this);
        }
    }
}
