package io.qcommerce.oms.redis;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.ReleaseResult;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.StoreState;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.ForwardingInventoryLock;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
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
final class ObservedLock extends ForwardingInventoryLock {
    private final LongAdder calls = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final Map<ErrorCode, AtomicLong> errors = new EnumMap<>(ErrorCode.class);
    private final ConcurrentLinkedQueue<Throwable> untyped = new ConcurrentLinkedQueue<>();

    ObservedLock(InventoryLock delegate) {
        super(delegate);
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
        return out.append(", ")
                .append(untyped.size())
                .append(" untyped exceptions")
                .toString();
    }

    /** Every call of the port passes through here. */
    @Override
    protected <T> T forward(Supplier<T> call) {
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
        return super.reserve(request);
    }

    @Override
    public ConfirmResult confirm(StoreId store, ReservationId id) {
        writes.increment();
        return super.confirm(store, id);
    }

    @Override
    public ReleaseResult release(StoreId store, ReservationId id) {
        writes.increment();
        return super.release(store, id);
    }

    @Override
    public StockChangeResult apply(StockChange change) {
        writes.increment();
        return super.apply(change);
    }

    /** Counted as a write: it replaces the store's counters. */
    @Override
    public void restore(StoreState state) {
        writes.increment();
        super.restore(state);
    }
}
