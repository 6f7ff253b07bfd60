package io.qcommerce.oms.spi;

import io.qcommerce.oms.catalog.CatalogQuery;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port: the SKUs a host sells. Read in one batch per cart, so a backend answers a 10-line cart with one
 * query. Implementations are thread-safe.
 */
public interface Catalog {
    /**
     * The SKUs among {@code ids} that exist, active or not, keyed by id; unknown ids are absent from the
     * map. One round trip whatever the number of ids.
     */
    Map<SkuId, Sku> findAll(Collection<SkuId> ids);

    default Optional<Sku> find(SkuId id) {
        return Optional.ofNullable(findAll(java.util.List.of(id)).get(id));
    }

    /** Inserts or replaces a SKU (its id decides which). */
    void save(Sku sku);

    /**
     * A page of the SKUs the query asks for, active or not, in id order ({@link SkuId#compareTo}), after
     * {@code query.after()}: the whole catalog, a category or a brand, read page by page without loss or repeat.
     * Every adapter of this library implements it; the default, for a catalog written before listings existed,
     * throws {@link UnsupportedOperationException}.
     */
    default List<Sku> list(CatalogQuery query) {
        throw new UnsupportedOperationException(getClass().getName() + " does not list the catalog");
    }
}
