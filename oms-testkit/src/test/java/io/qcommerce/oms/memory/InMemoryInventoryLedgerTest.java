package io.qcommerce.oms.memory;

import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.testkit.InventoryLedgerContract;

import java.time.Clock;

class InMemoryInventoryLedgerTest extends InventoryLedgerContract {
    @Override
    protected InventoryLock createLock(Clock clock) {
        return new InMemoryInventoryLock(clock);
    }
}
