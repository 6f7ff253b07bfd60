package io.qcommerce.oms.memory;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.spi.StockThresholds;
import io.qcommerce.oms.store.StoreId;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** {@link StockThresholds} in concurrent maps. */
public final class InMemoryStockThresholds implements StockThresholds {
    private final ConcurrentHashMap<StoreId, ConcurrentHashMap<SkuId, Long>> perSku = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<StoreId, Long> defaults = new ConcurrentHashMap<>();

    @Override
    public OptionalLong find(StoreId store, SkuId sku) {
        Checks.notNull(store, "store");
        Checks.notNull(sku, "sku");
        Map<SkuId, Long> ofStore = perSku.get(store);
        Long value = ofStore == null ? null : ofStore.get(sku);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    @Override
    public OptionalLong storeDefault(StoreId store) {
        Long value = defaults.get(Checks.notNull(store, "store"));
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    @Override
    public Map<SkuId, Long> ofStore(StoreId store) {
        Map<SkuId, Long> ofStore = perSku.get(Checks.notNull(store, "store"));
        return ofStore == null ? Map.of() : Map.copyOf(ofStore);
    }

    @Override
    public void set(StoreId store, SkuId sku, long units) {
        Checks.notNull(store, "store");
        Checks.notNull(sku, "sku");
        perSku.computeIfAbsent(store, s -> new ConcurrentHashMap<>()).put(sku, StockThresholds.checkUnits(units));
    }

    @Override
    public void clear(StoreId store, SkuId sku) {
        Map<SkuId, Long> ofStore = perSku.get(Checks.notNull(store, "store"));
        if (ofStore != null) {
            ofStore.remove(Checks.notNull(sku, "sku"));
        }
    }

    @Override
    public void setStoreDefault(StoreId store, long units) {
        defaults.put(Checks.notNull(store, "store"), StockThresholds.checkUnits(units));
    }
}
