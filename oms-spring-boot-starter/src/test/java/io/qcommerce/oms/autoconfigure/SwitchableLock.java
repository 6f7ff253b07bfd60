package io.qcommerce.oms.autoconfigure;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.ForwardingInventoryLock;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** An in-memory lock whose reads can be made to fail as a lock whose server went away does. */
final class SwitchableLock extends ForwardingInventoryLock {
    private final AtomicBoolean down = new AtomicBoolean();

    SwitchableLock() {
        super(new InMemoryInventoryLock(Clock.systemUTC()));
    }

    void down(boolean value) {
        down.set(value);
    }

    @Override
    public Optional<Reservation> find(StoreId store, ReservationId id) {
        failIfDown();
        return super.find(store, id);
    }

    @Override
    public ReserveResult reserve(HoldRequest request) {
        failIfDown();
        return super.reserve(request);
    }

    private void failIfDown() {
        if (down.get()) {
            throw new OmsException(ErrorCode.BACKEND_UNAVAILABLE, "connection refused by 10.0.0.7:6379");
        }
    }
}
