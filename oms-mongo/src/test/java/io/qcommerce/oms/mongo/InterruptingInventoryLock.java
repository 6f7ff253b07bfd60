package io.qcommerce.oms.mongo;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.InventoryLock;
import io.qcommerce.oms.inventory.ReleaseResult;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.inventory.StoreState;
import io.qcommerce.oms.ledger.LedgerPage;
import io.qcommerce.oms.store.StoreId;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link InventoryLock} that runs a one-shot action right after a hold is made or confirmed: the instant of the
 * placement saga at which the test takes the orders store away.
 */
final class InterruptingInventoryLock implements InventoryLock {
    private final InventoryLock delegate;
    private final AtomicReference<Runnable> afterReserve = new AtomicReference<>();
    private final AtomicReference<Runnable> afterConfirm = new AtomicReference<>();

    InterruptingInventoryLock(InventoryLock delegate) {
        this.delegate = delegate;
    }

    /** Runs {@code action} once, after the next successful {@link #reserve}. */
    void afterNextReserve(Runnable action) {
        afterReserve.set(action);
    }

    /** Runs {@code action} once, after the next {@link #confirm}. */
    void afterNextConfirm(Runnable action) {
        afterConfirm.set(action);
    }

    @Override
    public ReserveResult reserve(HoldRequest request) {
        ReserveResult result = delegate.reserve(request);
        if (result instanceof ReserveResult.Reserved) {
            runOnce(afterReserve);
        }
        return result;
    }

    @Override
    public ConfirmResult confirm(StoreId store, ReservationId id) {
        ConfirmResult result = delegate.confirm(store, id);
        runOnce(afterConfirm);
        return result;
    }

    @Override
    public ReleaseResult release(StoreId store, ReservationId id) {
        return delegate.release(store, id);
    }

    @Override
    public Optional<Reservation> find(StoreId store, ReservationId id) {
        return delegate.find(store, id);
    }

    @Override
    public Map<Resource, StockLevel> levels(StoreId store, Collection<Resource> resources) {
        return delegate.levels(store, resources);
    }

    @Override
    public StockChangeResult apply(StockChange change) {
        return delegate.apply(change);
    }

    @Override
    public List<BatchLevel> batches(StoreId store, SkuId sku) {
        return delegate.batches(store, sku);
    }

    @Override
    public List<BatchLevel> batchesExpiring(StoreId store, Instant before) {
        return delegate.batchesExpiring(store, before);
    }

    @Override
    public int expireDue(StoreId store, int max) {
        return delegate.expireDue(store, max);
    }

    @Override
    public LedgerPage movements(StoreId store, String position, int limit) {
        return delegate.movements(store, position, limit);
    }

    @Override
    public Map<Resource, StockLevel> allLevels(StoreId store) {
        return delegate.allLevels(store);
    }

    @Override
    public void restore(StoreState state) {
        delegate.restore(state);
    }

    private static void runOnce(AtomicReference<Runnable> slot) {
        Runnable action = slot.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }
}
