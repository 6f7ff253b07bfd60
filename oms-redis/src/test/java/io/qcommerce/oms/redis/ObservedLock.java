package io.qcommerce.oms.redis;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.ErrorCode;
import io.qcommerce.oms.common.OmsException;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * An {@link InventoryLock} that passes every call on and records what came back: how many calls, which
 * {@link OmsException} codes, and any other exception (which would be a driver exception crossing the port).
 * Like a sensible caller, it backs off a few milliseconds after {@code BACKEND_UNAVAILABLE} before answering,
 * so that retries during an outage do not spin.
 */
final class ObservedLock implements InventoryLock {
    private final InventoryLock delegate;
    private final LongAdder calls = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final Map<ErrorCode, AtomicLong> errors = new EnumMap<>(ErrorCode.class);
    private final ConcurrentLinkedQueue<Throwable> untyped = new ConcurrentLinkedQueue<>();

    ObservedLock(InventoryLock delegate) {
        this.delegate = delegate;
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, new AtomicLong());
        }
    }

    long calls() {
        return calls.sum();
    }

    /** Calls of reserve, confirm, release and apply: the workers' progress, without the readers'. */
    long writes() {
        return writes.sum();
    }

    long errors(ErrorCode code) {
        return errors.get(code).get();
    }

    long backendErrors() {
        return errors(ErrorCode.BACKEND_UNAVAILABLE) + errors(ErrorCode.OUTCOME_UNKNOWN);
    }

    Collection<Throwable> untyped() {
        return untyped;
    }

    String summary() {
        StringBuilder out = new StringBuilder(calls() + " calls");
        errors.forEach((code, n) -> {
            if (n.get() > 0) {
                out.append(", ").append(n.get()).append(' ').append(code);
            }
        });
        return out.append(", ").append(untyped.size()).append(" untyped exceptions").toString();
    }

    private <T> T observe(Supplier<T> call) {
        calls.increment();
        try {
            return call.get();
        } catch (OmsException e) {
            errors.get(e.code()).incrementAndGet();
            if (e.code() == ErrorCode.BACKEND_UNAVAILABLE) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            throw e;
        } catch (RuntimeException e) {
            untyped.add(e);
            throw e;
        }
    }

    @Override
    public ReserveResult reserve(HoldRequest request) {
        writes.increment();
        return observe(() -> delegate.reserve(request));
    }

    @Override
    public ConfirmResult confirm(StoreId store, ReservationId id) {
        writes.increment();
        return observe(() -> delegate.confirm(store, id));
    }

    @Override
    public ReleaseResult release(StoreId store, ReservationId id) {
        writes.increment();
        return observe(() -> delegate.release(store, id));
    }

    @Override
    public Optional<Reservation> find(StoreId store, ReservationId id) {
        return observe(() -> delegate.find(store, id));
    }

    @Override
    public Map<Resource, StockLevel> levels(StoreId store, Collection<Resource> resources) {
        return observe(() -> delegate.levels(store, resources));
    }

    @Override
    public StockChangeResult apply(StockChange change) {
        writes.increment();
        return observe(() -> delegate.apply(change));
    }

    @Override
    public List<BatchLevel> batches(StoreId store, SkuId sku) {
        return observe(() -> delegate.batches(store, sku));
    }

    @Override
    public List<BatchLevel> batchesExpiring(StoreId store, Instant before) {
        return observe(() -> delegate.batchesExpiring(store, before));
    }

    @Override
    public int expireDue(StoreId store, int max) {
        return observe(() -> delegate.expireDue(store, max));
    }

    @Override
    public LedgerPage movements(StoreId store, String position, int limit) {
        return observe(() -> delegate.movements(store, position, limit));
    }

    @Override
    public Map<Resource, StockLevel> allLevels(StoreId store) {
        return observe(() -> delegate.allLevels(store));
    }

    /** Counted as a write: it replaces the store's counters. */
    @Override
    public void restore(StoreState state) {
        writes.increment();
        observe(() -> {
            delegate.restore(state);
            return null;
        });
    }
}
