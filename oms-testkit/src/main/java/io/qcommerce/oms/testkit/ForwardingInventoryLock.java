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
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.LedgerPage;
import io.qcommerce.oms.spi.StoreState;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An {@link InventoryLock} that hands every call of the port to another lock: the base of the decorators a test
 * puts in front of a real lock, to inject faults (fail, time out, run an action at a chosen instant), to observe
 * the calls (count them, record the errors), or to simulate the loss of the lock's data (put a fresh, empty lock
 * behind it). A subclass overrides only the calls it changes; everything else reaches the delegate unchanged.
 *
 * <p>Two ways to say where calls go:
 * <ul>
 *   <li>a fixed delegate, given to {@link #ForwardingInventoryLock(InventoryLock)};</li>
 *   <li>a delegate chosen at each call: build with {@link #ForwardingInventoryLock()} and override
 *       {@link #delegate()} (for example to return whatever lock is current after a simulated loss).</li>
 * </ul>
 *
 * <p>Each forwarded call runs inside {@link #forward(Supplier)}, which by default just runs it; a decorator that
 * treats every call alike (counting, recording exceptions) overrides that one method instead of all of them.
 * An override that calls {@code super} passes through {@code forward}; one that calls {@code delegate()}
 * directly does not.
 *
 * <p>Thread-safe when the delegate is and when the subclass's own state is.
 */
public abstract class ForwardingInventoryLock implements InventoryLock {
    private final @Nullable InventoryLock delegate;

    /** Forwards every call to {@code delegate}. */
    protected ForwardingInventoryLock(InventoryLock delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** For a subclass that overrides {@link #delegate()} to pick the lock at each call. */
    protected ForwardingInventoryLock() {
        this.delegate = null;
    }

    /**
     * The lock that the next call goes to: by default the one given to the constructor. Called once per
     * forwarded call, so an override may return a different lock from one call to the next.
     */
    protected InventoryLock delegate() {
        if (delegate == null) {
            throw new IllegalStateException(
                    getClass().getName() + " was built without a delegate, so it must override delegate()");
        }
        return delegate;
    }

    /**
     * Runs one forwarded call and returns what it returned ({@code null} for {@link #restore}). By default it only
     * runs it; override to wrap every call of the port in one place.
     */
    protected <T> T forward(Supplier<T> call) {
        return call.get();
    }

    @Override
    public ReserveResult reserve(HoldRequest request) {
        return forward(() -> delegate().reserve(request));
    }

    @Override
    public ConfirmResult confirm(StoreId store, ReservationId id) {
        return forward(() -> delegate().confirm(store, id));
    }

    @Override
    public ReleaseResult release(StoreId store, ReservationId id) {
        return forward(() -> delegate().release(store, id));
    }

    @Override
    public Optional<Reservation> find(StoreId store, ReservationId id) {
        return forward(() -> delegate().find(store, id));
    }

    @Override
    public Map<Resource, StockLevel> levels(StoreId store, Collection<Resource> resources) {
        return forward(() -> delegate().levels(store, resources));
    }

    @Override
    public StockChangeResult apply(StockChange change) {
        return forward(() -> delegate().apply(change));
    }

    @Override
    public List<BatchLevel> batches(StoreId store, SkuId sku) {
        return forward(() -> delegate().batches(store, sku));
    }

    @Override
    public List<BatchLevel> batchesExpiring(StoreId store, Instant before) {
        return forward(() -> delegate().batchesExpiring(store, before));
    }

    @Override
    public int expireDue(StoreId store, int max) {
        return forward(() -> delegate().expireDue(store, max));
    }

    @Override
    public LedgerPage movements(StoreId store, @Nullable String position, int limit) {
        return forward(() -> delegate().movements(store, position, limit));
    }

    @Override
    public Instant now(StoreId store) {
        return forward(() -> delegate().now(store));
    }

    @Override
    public Map<Resource, StockLevel> allLevels(StoreId store) {
        return forward(() -> delegate().allLevels(store));
    }

    @Override
    public void restore(StoreState state) {
        forward(() -> {
            delegate().restore(state);
            return null;
        });
    }
}
