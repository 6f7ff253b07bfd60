package io.qcommerce.oms.mongo;

import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.testkit.ForwardingInventoryLock;
import java.time.Clock;

/**
 * An in-memory inventory lock whose whole content a test can lose at once, as a Redis restarted without persistence
 * loses its counters, holds and record of movements: {@link #lose()} puts a fresh, empty lock behind it.
 */
final class LosableInventoryLock extends ForwardingInventoryLock {
    private final Clock clock;
    private volatile InventoryLock current;

    LosableInventoryLock(Clock clock) {
        this.clock = clock;
        this.current = new InMemoryInventoryLock(clock);
    }

    /** Everything the lock held is gone; it starts again empty. */
    void lose() {
        current = new InMemoryInventoryLock(clock);
    }

    @Override
    protected InventoryLock delegate() {
        return current;
    }
}
