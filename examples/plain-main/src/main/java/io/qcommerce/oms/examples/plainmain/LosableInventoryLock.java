package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.inventory.ReleaseResult;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.spi.StoreState;
import io.qcommerce.oms.spi.LedgerPage;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.store.StoreId;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory inventory lock of the embedded default, with one thing a real one does not have: it can lose
 * everything it holds for a store, the way a Redis without persistence loses its keys when it restarts.
 * {@link #lose} puts a fresh {@link InMemoryInventoryLock} in place for the store: its counters, batches, live and
 * finished holds, applied movement ids and its own record of movements are gone, and the store starts from
 * nothing until {@code oms.recovery().rebuild(store)} writes it back. The other stores keep theirs.
 *
 * <p>The fresh lock numbers its movement record from the start again, as a Redis stream recreated after a flush
 * may: the position the durable ledger remembers for the store names a record that no longer exists. The rebuild
 * takes care of that (after restoring the store it copies the new record from its first movement).
 *
 * <p>Thread-safe: every call goes to the lock that holds the store at that moment. The simulation calls
 * {@link #lose} only between minutes, with no call in flight.
 */
final class LosableInventoryLock implements InventoryLock {
    private final Clock clock;
    private final InventoryLock original;
    private final Map<StoreId, InventoryLock> replaced = new ConcurrentHashMap<>();

    LosableInventoryLock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.original = new InMemoryInventoryLock(clock);
    }

    /** Drops everything the lock holds for the store; it answers as if it had never seen the store. */
    void lose(StoreId store) {
        replaced.put(store, new InMemoryInventoryLock(clock));
    }

    private InventoryLock of(StoreId store) {
        return replaced.getOrDefault(store, original);
    }

    @Override
    public ReserveResult reserve(HoldRequest request) {
        return of(request.store()).reserve(request);
    }

    @Override
    public ConfirmResult confirm(StoreId store, ReservationId id) {
        return of(store).confirm(store, id);
    }

    @Override
    public ReleaseResult release(StoreId store, ReservationId id) {
        return of(store).release(store, id);
    }

    @Override
    public Optional<Reservation> find(StoreId store, ReservationId id) {
        return of(store).find(store, id);
    }

    @Override
    public Map<Resource, StockLevel> levels(StoreId store, Collection<Resource> resources) {
        return of(store).levels(store, resources);
    }

    @Override
    public StockChangeResult apply(StockChange change) {
        return of(change.store()).apply(change);
    }

    @Override
    public List<BatchLevel> batches(StoreId store, SkuId sku) {
        return of(store).batches(store, sku);
    }

    @Override
    public List<BatchLevel> batchesExpiring(StoreId store, Instant before) {
        return of(store).batchesExpiring(store, before);
    }

    @Override
    public int expireDue(StoreId store, int max) {
        return of(store).expireDue(store, max);
    }

    @Override
    public LedgerPage movements(StoreId store, String position, int limit) {
        return of(store).movements(store, position, limit);
    }

    @Override
    public Map<Resource, StockLevel> allLevels(StoreId store) {
        return of(store).allLevels(store);
    }

    @Override
    public void restore(StoreState state) {
        of(state.store()).restore(state);
    }
}
