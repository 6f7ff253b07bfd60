package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.ReleaseResult;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.LedgerPage;
import io.qcommerce.oms.spi.StoreState;
import io.qcommerce.oms.store.StoreId;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory lock, able to lose a store's data as a Redis without persistence does on a restart: {@link #lose}
 * puts a fresh {@link InMemoryInventoryLock} in place for the store (counters, batches, holds, movement record
 * gone) until {@code oms.recovery().rebuild(store)} writes it back. Called only between minutes.
 */
final class LosableInventoryLock implements InventoryLock {
    private final Clock clock;
    private final InventoryLock original;
    private final Map<StoreId, InventoryLock> replaced = new ConcurrentHashMap<>();

    LosableInventoryLock(Clock clock) {
        this.clock = clock;
        this.original = new InMemoryInventoryLock(clock);
    }

    void lose(StoreId store) {
        replaced.put(store, new InMemoryInventoryLock(clock));
    }

    private InventoryLock of(StoreId store) {
        return replaced.getOrDefault(store, original);
    }

    @Override public ReserveResult reserve(HoldRequest r) { return of(r.store()).reserve(r); }
    @Override public ConfirmResult confirm(StoreId s, ReservationId id) { return of(s).confirm(s, id); }
    @Override public ReleaseResult release(StoreId s, ReservationId id) { return of(s).release(s, id); }
    @Override public Optional<Reservation> find(StoreId s, ReservationId id) { return of(s).find(s, id); }
    @Override public StockChangeResult apply(StockChange c) { return of(c.store()).apply(c); }
    @Override public List<BatchLevel> batches(StoreId s, SkuId sku) { return of(s).batches(s, sku); }
    @Override public int expireDue(StoreId s, int max) { return of(s).expireDue(s, max); }
    @Override public Map<Resource, StockLevel> allLevels(StoreId s) { return of(s).allLevels(s); }
    @Override public void restore(StoreState state) { of(state.store()).restore(state); }

    @Override
    public Map<Resource, StockLevel> levels(StoreId s, Collection<Resource> resources) {
        return of(s).levels(s, resources);
    }

    @Override
    public List<BatchLevel> batchesExpiring(StoreId s, Instant before) {
        return of(s).batchesExpiring(s, before);
    }

    @Override
    public LedgerPage movements(StoreId s, String position, int limit) {
        return of(s).movements(s, position, limit);
    }
}
