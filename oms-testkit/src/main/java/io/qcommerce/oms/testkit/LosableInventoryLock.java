package io.qcommerce.oms.testkit;

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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link InventoryLock} that a test can make lose its data, as a Redis restarted without persistence
 * loses its counters, batches, holds and record of movements: one store's ({@link #lose(StoreId)}) or every store's
 * at once ({@link #loseAll()}). After a loss the calls for a lost store go to a fresh, empty
 * {@link InMemoryInventoryLock} until the host puts the store back (for example with
 * {@code oms.recovery().rebuild(store)}, which {@link #restore restores} into the fresh lock); the other stores
 * keep their data.
 *
 * <p>Every call of the port names its store (directly, or in its {@link HoldRequest}, {@link StockChange} or
 * {@link StoreState}), and goes to the lock that holds that store now. Thread-safe; a loss is not atomic with the
 * calls running at that moment, which see the data before or after it.
 */
public final class LosableInventoryLock implements InventoryLock {
    private final Clock clock;
    /** The lock of every store not lost on its own since the last {@link #loseAll()}. */
    private volatile InventoryLock common;
    /** The stores lost on their own, each with the fresh lock that replaced {@link #common} for it. */
    private final Map<StoreId, InventoryLock> replaced = new ConcurrentHashMap<>();

    /** An empty lock whose holds expire by {@code clock}, as does each fresh lock that replaces lost data. */
    public LosableInventoryLock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.common = new InMemoryInventoryLock(clock);
    }

    /** Loses {@code store}'s data: from now on it is empty; the other stores keep theirs. */
    public void lose(StoreId store) {
        replaced.put(store, new InMemoryInventoryLock(clock));
    }

    /** Loses every store's data: from now on the lock is empty. */
    public void loseAll() {
        common = new InMemoryInventoryLock(clock);
        replaced.clear();
    }

    private InventoryLock lockOf(StoreId store) {
        InventoryLock lock = replaced.get(store);
        return lock != null ? lock : common;
    }

    @Override
    public ReserveResult reserve(HoldRequest request) {
        return lockOf(request.store()).reserve(request);
    }

    @Override
    public ConfirmResult confirm(StoreId store, ReservationId id) {
        return lockOf(store).confirm(store, id);
    }

    @Override
    public ReleaseResult release(StoreId store, ReservationId id) {
        return lockOf(store).release(store, id);
    }

    @Override
    public Optional<Reservation> find(StoreId store, ReservationId id) {
        return lockOf(store).find(store, id);
    }

    @Override
    public Map<Resource, StockLevel> levels(StoreId store, Collection<Resource> resources) {
        return lockOf(store).levels(store, resources);
    }

    @Override
    public StockChangeResult apply(StockChange change) {
        return lockOf(change.store()).apply(change);
    }

    @Override
    public List<BatchLevel> batches(StoreId store, SkuId sku) {
        return lockOf(store).batches(store, sku);
    }

    @Override
    public List<BatchLevel> batchesExpiring(StoreId store, Instant before) {
        return lockOf(store).batchesExpiring(store, before);
    }

    @Override
    public int expireDue(StoreId store, int max) {
        return lockOf(store).expireDue(store, max);
    }

    @Override
    public LedgerPage movements(StoreId store, @Nullable String position, int limit) {
        return lockOf(store).movements(store, position, limit);
    }

    @Override
    public java.time.Instant now(StoreId store) {
        return lockOf(store).now(store);
    }

    @Override
    public Map<Resource, StockLevel> allLevels(StoreId store) {
        return lockOf(store).allLevels(store);
    }

    @Override
    public void restore(StoreState state) {
        lockOf(state.store()).restore(state);
    }
}
