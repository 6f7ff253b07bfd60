package io.qcommerce.oms.memory;

import io.qcommerce.oms.testkit.StoreDirectoryContract;
import io.qcommerce.oms.spi.StoreDirectory;

class InMemoryStoreDirectoryTest extends StoreDirectoryContract {
    @Override
    protected StoreDirectory createDirectory() {
        return new InMemoryStoreDirectory();
    }
}
