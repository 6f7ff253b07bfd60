package io.qcommerce.oms.memory;

import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.testkit.StoreDirectoryContract;

class InMemoryStoreDirectoryTest extends StoreDirectoryContract {
    @Override
    protected StoreDirectory createDirectory() {
        return new InMemoryStoreDirectory();
    }
}
