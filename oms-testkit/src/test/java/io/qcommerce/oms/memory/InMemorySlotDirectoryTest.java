package io.qcommerce.oms.memory;

import io.qcommerce.oms.spi.SlotDirectory;
import io.qcommerce.oms.testkit.SlotDirectoryContract;

class InMemorySlotDirectoryTest extends SlotDirectoryContract {
    @Override
    protected SlotDirectory createDirectory() {
        return new InMemorySlotDirectory();
    }
}
