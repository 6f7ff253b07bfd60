package io.qcommerce.oms.memory;

import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.store.StoreId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * {@link StockLedger} in memory, one sorted map per store under its own monitor. For tests and a
 * single-node host; like every in-memory adapter, it is lost with the JVM.
 */
public final class InMemoryStockLedger implements StockLedger {
    private final ConcurrentHashMap<StoreId, StoreLedger> stores = new ConcurrentHashMap<>();

    @Override
    public void record(List<StockMovement> movements) {
        Checks.noNulls(movements, "movements");
        for (StockMovement m : movements) {
            StoreLedger ledger = stores.computeIfAbsent(m.store(), s -> new StoreLedger());
            synchronized (ledger) {
                if (ledger.keys.putIfAbsent(m.key(), m) == null) {
                    ledger.ordered.put(new Position(m), m);
                }
            }
        }
    }

    @Override
    public Optional<StockMovement> find(StoreId store, String key) {
        Checks.notNull(store, "store");
        Checks.notNull(key, "key");
        StoreLedger ledger = stores.get(store);
        if (ledger == null) {
            return Optional.empty();
        }
        synchronized (ledger) {
            return Optional.ofNullable(ledger.keys.get(key));
        }
    }

    @Override
    public List<StockMovement> query(LedgerQuery query) {
        Checks.notNull(query, "query");
        StoreLedger ledger = stores.get(query.store());
        if (ledger == null) {
            return List.of();
        }
        List<StockMovement> out = new ArrayList<>();
        synchronized (ledger) {
            Map<Position, StockMovement> tail =
                    query.after() == null ? ledger.ordered : ledger.ordered.tailMap(new Position(query.after()), false);
            for (StockMovement m : tail.values()) {
                if (query.to() != null && !m.at().isBefore(query.to())) {
                    break;
                }
                if (query.matches(m)) {
                    out.add(m);
                    if (out.size() == query.limit()) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    @Override
    public Optional<String> shippedPosition(StoreId store) {
        StoreLedger ledger = stores.get(Checks.notNull(store, "store"));
        if (ledger == null) {
            return Optional.empty();
        }
        synchronized (ledger) {
            return Optional.ofNullable(ledger.shipped);
        }
    }

    @Override
    public void markShipped(StoreId store, String position) {
        Checks.notBlank(position, "position");
        StoreLedger ledger = stores.computeIfAbsent(Checks.notNull(store, "store"), s -> new StoreLedger());
        synchronized (ledger) {
            ledger.shipped = position;
        }
    }

    private static final class StoreLedger {
        final Map<String, StockMovement> keys = new java.util.HashMap<>();
        final TreeMap<Position, StockMovement> ordered = new TreeMap<>();

        @Nullable
        String shipped;
    }

    private record Position(java.time.Instant at, String key) implements Comparable<Position> {
        Position(StockMovement m) {
            this(m.at(), m.key());
        }

        @Override
        public int compareTo(Position o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : key.compareTo(o.key);
        }
    }
}
