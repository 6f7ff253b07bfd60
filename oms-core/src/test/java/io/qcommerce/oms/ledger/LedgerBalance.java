package io.qcommerce.oms.ledger;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.store.StoreId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sums a store's whole ledger and compares the sums with the lock's counters and batches. */
final class LedgerBalance {
    private static final int PAGE = 500;

    private LedgerBalance() {}

    /** Every counter of the store, and batch of the given SKUs, whose ledger sum differs from it, in words. */
    static List<String> disagreements(StockLedger ledger, InventoryLock lock, StoreId store, Collection<SkuId> skus) {
        Map<Resource, long[]> sums = new HashMap<>();
        Map<String, Long> batchSums = new HashMap<>();
        StockMovement last = null;
        while (true) {
            LedgerQuery query = LedgerQuery.of(store, PAGE);
            List<StockMovement> page = ledger.query(last == null ? query : query.after(last));
            for (StockMovement m : page) {
                long[] sum = sums.computeIfAbsent(m.resource(), r -> new long[2]);
                sum[0] += m.onHandEffect();
                sum[1] += m.reservedEffect();
                if (m.batch() != null) {
                    batchSums.merge(m.resource() + "/" + m.batch().code(), m.onHandEffect(), Long::sum);
                }
            }
            if (page.size() < PAGE) {
                break;
            }
            last = page.get(page.size() - 1);
        }
        List<String> off = new ArrayList<>();
        Map<Resource, StockLevel> levels = lock.allLevels(store);
        Set<Resource> resources = new HashSet<>(levels.keySet());
        resources.addAll(sums.keySet());
        for (Resource r : resources) {
            long[] sum = sums.getOrDefault(r, new long[2]);
            StockLevel level = levels.getOrDefault(r, new StockLevel(store, r, 0, 0));
            if (sum[0] != level.onHand() || sum[1] != level.reserved()) {
                off.add(store + "/" + r + ": ledger " + sum[0] + " on hand, " + sum[1] + " reserved; counters "
                        + level.onHand() + ", " + level.reserved());
            }
        }
        for (SkuId sku : skus) {
            for (BatchLevel b : lock.batches(store, sku)) {
                long sum = batchSums.getOrDefault(
                        Resource.sku(sku) + "/" + b.batch().code(), 0L);
                if (sum != b.onHand()) {
                    off.add(store + "/" + sku + "/" + b.batch().code() + ": ledger " + sum + ", counter " + b.onHand());
                }
            }
        }
        return off;
    }
}
