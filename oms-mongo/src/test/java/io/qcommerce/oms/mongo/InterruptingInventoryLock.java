package io.qcommerce.oms.mongo;

import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.ForwardingInventoryLock;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link InventoryLock} that runs a one-shot action right after a hold is made or confirmed: the instant of the
 * placement saga at which the test takes the orders store away.
 */
final class InterruptingInventoryLock extends ForwardingInventoryLock {
    private final AtomicReference<Runnable> afterReserve = new AtomicReference<>();
    private final AtomicReference<Runnable> afterConfirm = new AtomicReference<>();

    InterruptingInventoryLock(InventoryLock delegate) {
        super(delegate);
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
        ReserveResult result = super.reserve(request);
        if (result instanceof ReserveResult.Reserved) {
            runOnce(afterReserve);
        }
        return result;
    }

    @Override
    public ConfirmResult confirm(StoreId store, ReservationId id) {
        ConfirmResult result = super.confirm(store, id);
        runOnce(afterConfirm);
        return result;
    }

    private static void runOnce(AtomicReference<Runnable> slot) {
        Runnable action = slot.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }
}
