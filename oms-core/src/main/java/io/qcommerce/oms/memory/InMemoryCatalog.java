package io.qcommerce.oms.memory;

import io.qcommerce.oms.catalog.CatalogQuery;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.spi.Catalog;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Catalog} in a concurrent map. Thread-safe; lost with the JVM. */
public final class InMemoryCatalog implements Catalog {
    private final ConcurrentHashMap<SkuId, Sku> skus = new ConcurrentHashMap<>();

    @Override
    public Map<SkuId, Sku> findAll(Collection<SkuId> ids) {
        Checks.noNulls(ids, "ids");
        Map<SkuId, Sku> out = new HashMap<>();
        for (SkuId id : ids) {
            Sku sku = skus.get(id);
            if (sku != null) {
                out.put(id, sku);
            }
        }
        return out;
    }

    @Override
    public void save(Sku sku) {
        Checks.notNull(sku, "sku");
        skus.put(sku.id(), sku);
    }

    @Override
    public List<Sku> list(CatalogQuery query) {
        Checks.notNull(query, "query");
        SkuId after = query.after();
        return skus.values().stream()
                .filter(query::matches)
                .filter(s -> after == null || s.id().compareTo(after) > 0)
                .sorted(java.util.Comparator.comparing(Sku::id))
                .limit(query.limit())
                .toList();
    }
}
