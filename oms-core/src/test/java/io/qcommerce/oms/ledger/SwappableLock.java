package io.qcommerce.oms.ledger;

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

/** An in-memory lock that a test can wipe, as a Redis restart without persistence would. */
final class SwappableLock implements InventoryLock {
    private final Clock clock;
    private volatile InventoryLock current;

    SwappableLock(Clock clock) {
        this.clock = clock;
        this.current = new InMemoryInventoryLock(clock);
    }

    /** Everything the lock held is gone. */
    void lose() {
        current = new InMemoryInventoryLock(clock);
    }

    @Override
    public ReserveResult reserve(HoldRequest request) {
        return current.reserve(request);
    }

    @Override
    public ConfirmResult confirm(StoreId store, ReservationId id) {
        return current.confirm(store, id);
    }

    @Override
    public ReleaseResult release(StoreId store, ReservationId id) {
        return current.release(store, id);
    }

    @Override
    public Optional<Reservation> find(StoreId store, ReservationId id) {
        return current.find(store, id);
    }

    @Override
    public Map<Resource, StockLevel> levels(StoreId store, Collection<Resource> resources) {
        return current.levels(store, resources);
    }

    @Override
    public StockChangeResult apply(StockChange change) {
        return current.apply(change);
    }

    @Override
    public List<BatchLevel> batches(StoreId store, SkuId sku) {
        return current.batches(store, sku);
    }

    @Override
    public List<BatchLevel> batchesExpiring(StoreId store, Instant before) {
        return current.batchesExpiring(store, before);
    }

    @Override
    public int expireDue(StoreId store, int max) {
        return current.expireDue(store, max);
    }

    @Override
    public LedgerPage movements(StoreId store, String position, int limit) {
        return current.movements(store, position, limit);
    }

    @Override
    public java.time.Instant now(StoreId store) {
        return current.now(store);
    }

    @Override
    public Map<Resource, StockLevel> allLevels(StoreId store) {
        return current.allLevels(store);
    }

    @Override
    public void restore(StoreState state) {
        current.restore(state);
    }
}
