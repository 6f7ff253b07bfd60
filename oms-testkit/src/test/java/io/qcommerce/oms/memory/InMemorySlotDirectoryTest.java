package io.qcommerce.oms.memory;

import io.qcommerce.oms.slot.SlotDirectory;
import io.qcommerce.oms.testkit.SlotDirectoryContract;

class InMemorySlotDirectoryTest extends SlotDirectoryContract {
    @Override
    protected SlotDirectory createDirectory() {
        return new InMemorySlotDirectory();
    }
}
