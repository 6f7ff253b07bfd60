package io.qcommerce.oms.memory;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.event.StockAlert;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.spi.StockAlertLog;
import io.qcommerce.oms.store.StoreId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@link StockAlertLog} in memory, one lock around it. Thread-safe; lost with the JVM. */
public final class InMemoryStockAlertLog implements StockAlertLog {
    private final List<StockAlert> log = new ArrayList<>();
    private final Map<String, StockAlert> latest = new HashMap<>();
    private final Map<StoreId, String> scanned = new HashMap<>();
    private final java.util.Set<String> ids = new java.util.HashSet<>();

    @Override
    public synchronized Optional<StockAlert> latest(StoreId store, SkuId sku) {
        return Optional.ofNullable(latest.get(key(store, sku)));
    }

    @Override
    public synchronized Optional<StockAlert> append(StockAlert alert) {
        Checks.notNull(alert, "alert");
        if (!ids.add(alert.id())) {
            return Optional.empty();
        }
        StockAlert recorded = alert.at(log.size() + 1L);
        log.add(recorded);
        latest.merge(key(alert.store(), alert.sku()), recorded, (a, b) -> a.sequence() >= b.sequence() ? a : b);
        return Optional.of(recorded);
    }

    @Override
    public synchronized List<StockAlert> read(long position, @Nullable StoreId store, int limit) {
        Checks.positive(limit, "limit");
        List<StockAlert> out = new ArrayList<>();
        for (int i = (int) Math.max(0, Math.min(position, log.size())); i < log.size() && out.size() < limit; i++) {
            StockAlert alert = log.get(i);
            if (store == null || alert.store().equals(store)) {
                out.add(alert);
            }
        }
        return out;
    }

    @Override
    public synchronized long lastPosition() {
        return log.size();
    }

    @Override
    public synchronized Optional<String> scanned(StoreId store) {
        return Optional.ofNullable(scanned.get(Checks.notNull(store, "store")));
    }

    @Override
    public synchronized void markScanned(StoreId store, @Nullable String position) {
        Checks.notNull(store, "store");
        if (position == null) {
            scanned.remove(store);
        } else {
            scanned.put(store, position);
        }
    }

    private static String key(StoreId store, SkuId sku) {
        return store.value() + "/" + sku.value();
    }
}
