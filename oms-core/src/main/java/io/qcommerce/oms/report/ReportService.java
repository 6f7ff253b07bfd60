package io.qcommerce.oms.report;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.List;

/**
 * Reports for store managers: how a store did over a period, and where a SKU's stock is. Reads only;
 * a report reads orders page by page, so it costs one pass over the period's orders.
 */
public interface ReportService {
    /** The orders placed at the store in {@code [from, to)}, counted by outcome. */
    StorePerformance storePerformance(StoreId store, Instant from, Instant to);

    /** The counters of a SKU in every store of the directory (active or not), in allocation order. */
    List<StockLevel> stockAcrossStores(SkuId sku);
}
