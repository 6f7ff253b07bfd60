package io.qcommerce.oms.internal;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.event.StockAlert;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.InventoryService;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.LedgerPage;
import io.qcommerce.oms.spi.StockAlertLog;
import io.qcommerce.oms.store.StoreId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Raises stock alerts from the stock ledger: reads the movements the lock recorded for a store since the last
 * read, and for each SKU they touched compares the units available now with its threshold and with the SKU's
 * latest alert. Below the threshold after no alert or a RECOVERED one raises LOW; at or above it (or with the
 * threshold turned off) after a LOW one raises RECOVERED. An alert is numbered from the latest, and the log
 * records a number once, so two scanners at once, or a scan repeated after a crash before its position was
 * remembered, raise nothing twice. What it compares is the level when it reads, not at each movement: a SKU that
 * dips below and comes back between two reads raises nothing.
 */
final class StockAlertScanner {
    /** Pages of movements read per store and pass at most, so a pass ends under a flood of movements. */
    private static final int MAX_PAGES = 10;

    private final InventoryLock lock;
    private final StockAlertLog log;
    private final InventoryService inventory;
    private final Clock clock;
    private final int pageSize;

    StockAlertScanner(InventoryLock lock, StockAlertLog log, InventoryService inventory, Clock clock, int pageSize) {
        this.lock = Checks.notNull(lock, "lock");
        this.log = Checks.notNull(log, "log");
        this.inventory = Checks.notNull(inventory, "inventory");
        this.clock = Checks.notNull(clock, "clock");
        this.pageSize = Checks.positive(pageSize, "pageSize");
    }

    /** Reads the store's new movements and raises the alerts they call for; returns how many it raised. */
    int scan(StoreId store) {
        @Nullable String position = log.scanned(store).orElse(null);
        int raised = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            LedgerPage next = lock.movements(store, position, pageSize);
            if (next.movements().isEmpty()) {
                break;
            }
            Set<SkuId> touched = new LinkedHashSet<>();
            for (StockMovement movement : next.movements()) {
                if (movement.resource().isSku()) {
                    touched.add(movement.resource().skuId());
                }
            }
            raised += check(store, touched);
            log.markScanned(store, next.position());
            position = next.position();
            if (next.movements().size() < pageSize) {
                break;
            }
        }
        return raised;
    }

    private int check(StoreId store, Set<SkuId> skus) {
        if (skus.isEmpty()) {
            return 0;
        }
        List<Resource> resources = new ArrayList<>(skus.size());
        skus.forEach(sku -> resources.add(Resource.sku(sku)));
        Map<Resource, StockLevel> levels = lock.levels(store, resources);
        int raised = 0;
        for (SkuId sku : skus) {
            StockLevel level = levels.get(Resource.sku(sku));
            long available = level == null ? 0 : level.available();
            long threshold = inventory.thresholdFor(store, sku);
            boolean low = threshold > 0 && available < threshold;
            Optional<StockAlert> latest = log.latest(store, sku);
            boolean wasLow = latest.isPresent() && latest.get().type() == StockAlert.Type.LOW;
            if (low != wasLow) {
                long sequence = latest.map(StockAlert::sequence).orElse(0L) + 1;
                StockAlert alert = new StockAlert(
                        store,
                        sku,
                        sequence,
                        low ? StockAlert.Type.LOW : StockAlert.Type.RECOVERED,
                        available,
                        threshold,
                        clock.instant(),
                        0);
                if (log.append(alert).isPresent()) {
                    raised++;
                }
            }
        }
        return raised;
    }
}
