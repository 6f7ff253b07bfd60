package io.qcommerce.oms.internal;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.report.ReportService;
import io.qcommerce.oms.report.StorePerformance;
import io.qcommerce.oms.spi.Catalog;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reports for store managers: how a store did over a period, and where a SKU's stock is. Reads only;
 * a report reads orders page by page, so it costs one pass over the period's orders.
 */
final class DefaultReportService implements ReportService {
    private final OrderRepository orders;
    private final StoreDirectory stores;
    private final InventoryLock lock;
    private final Catalog catalog;
    private final int pageSize;

    DefaultReportService(
            OrderRepository orders, StoreDirectory stores, InventoryLock lock, Catalog catalog, int pageSize) {
        this.catalog = Checks.notNull(catalog, "catalog");
        this.orders = Checks.notNull(orders, "orders");
        this.stores = Checks.notNull(stores, "stores");
        this.lock = Checks.notNull(lock, "lock");
        this.pageSize = Checks.positive(pageSize, "pageSize");
    }

    /** The orders placed at the store in {@code [from, to)}, counted by outcome. */
    public StorePerformance storePerformance(StoreId store, Instant from, Instant to) {
        Checks.notNull(store, "store");
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
        if (to.isBefore(from)) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "to", "must not be before from");
        }
        if (stores.find(store).isEmpty()) {
            throw OmsException.notFound(ErrorCode.UNKNOWN_STORE, "store", store.value());
        }
        long placed = 0;
        long paid = 0;
        long delivered = 0;
        long returned = 0;
        long cancelled = 0;
        long inProgress = 0;
        long shortPicked = 0;
        long shortOrders = 0;
        Map<CancelReason, Long> byReason = new EnumMap<>(CancelReason.class);
        Money revenue = null;
        Order last = null;
        while (true) {
            List<Order> page = orders.findByStore(store, from, to, last, pageSize);
            for (Order o : page) {
                placed++;
                long shortUnits =
                        o.lines().stream().mapToLong(OrderLine::shortPicked).sum();
                if (shortUnits > 0) {
                    shortPicked += shortUnits;
                    shortOrders++;
                }
                if (o.wasSold()) {
                    paid++;
                }
                switch (o.status()) {
                    case DELIVERED:
                        delivered++;
                        revenue = revenue == null
                                ? o.totals().total()
                                : revenue.plus(o.totals().total());
                        break;
                    case RETURNED:
                        returned++;
                        break;
                    case CANCELLED:
                        cancelled++;
                        o.cancelReason().ifPresent(r -> byReason.merge(r, 1L, Long::sum));
                        break;
                    default:
                        inProgress++;
                }
            }
            if (page.size() < pageSize) {
                break;
            }
            last = page.get(page.size() - 1);
        }
        return new StorePerformance(
                store,
                from,
                to,
                placed,
                paid,
                delivered,
                returned,
                cancelled,
                byReason,
                inProgress,
                revenue == null ? Money.inr(0) : revenue,
                shortPicked,
                shortOrders);
    }

    /** The counters of a SKU in every store of the directory (active or not), in allocation order. */
    public List<StockLevel> stockAcrossStores(SkuId sku) {
        Checks.notNull(sku, "sku");
        if (catalog.find(sku).isEmpty()) {
            throw OmsException.notFound(ErrorCode.UNKNOWN_SKU, "SKU", sku.value());
        }
        Resource resource = Resource.sku(sku);
        List<StockLevel> out = new ArrayList<>();
        for (Store store : stores.all()) {
            out.add(lock.levels(store.id(), List.of(resource)).get(resource));
        }
        return out;
    }
}
