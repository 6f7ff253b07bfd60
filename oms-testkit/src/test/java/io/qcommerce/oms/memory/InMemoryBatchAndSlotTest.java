package io.qcommerce.oms.memory;

import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.testkit.BatchAndSlotContract;

import java.time.Clock;

class InMemoryBatchAndSlotTest extends BatchAndSlotContract {
    @Override
    protected InventoryLock createLock(Clock clock) {
        return new InMemoryInventoryLock(clock);
    }
}
