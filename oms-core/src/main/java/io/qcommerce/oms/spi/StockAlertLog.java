package io.qcommerce.oms.spi;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.event.StockAlert;
import io.qcommerce.oms.store.StoreId;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Port: the durable log of stock alerts, kept with the orders (MongoDB), and how far the lock's record of each
 * store's movements has been read for them. Implementations are thread-safe, and keep three rules the
 * {@code oms-testkit} contract checks:
 * <ul>
 *   <li>One alert per (store, SKU, sequence): appending a sequence already recorded writes nothing.</li>
 *   <li>Positions are 1, 2, 3… in the order alerts were recorded, with no gap.</li>
 *   <li>A reader never sees a position while a lower one can still appear, so a subscriber's checkpoint never
 *       passes an alert it did not get.</li>
 * </ul>
 */
public interface StockAlertLog {
    /** The alert with the highest sequence raised for the SKU in the store, if any. */
    Optional<StockAlert> latest(StoreId store, SkuId sku);

    /**
     * Records {@code alert} at the next position; its own position is ignored. Returns it as recorded, with its
     * position; empty, writing nothing, when its (store, SKU, sequence) is recorded already (another dispatcher
     * raised it first).
     */
    Optional<StockAlert> append(StockAlert alert);

    /** Alerts after {@code position}, in position order, at most {@code limit}; with a store, only its own. */
    List<StockAlert> read(long position, @Nullable StoreId store, int limit);

    /** The position of the log's last alert; 0 when it has none. */
    long lastPosition();

    /** How far the lock's movements of the store have been read for alerts; empty to read from its oldest. */
    Optional<String> scanned(StoreId store);

    /** Remembers how far the store's movements were read; {@code null} to read again from the oldest. */
    void markScanned(StoreId store, @Nullable String position);
}
