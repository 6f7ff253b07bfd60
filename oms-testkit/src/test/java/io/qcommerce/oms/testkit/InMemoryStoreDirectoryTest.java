package io.qcommerce.oms.testkit;

import io.qcommerce.oms.memory.InMemoryStoreDirectory;
import io.qcommerce.oms.store.StoreDirectory;

class InMemoryStoreDirectoryTest extends StoreDirectoryContract {
    @Override
    protected StoreDirectory createDirectory() {
        return new InMemoryStoreDirectory();
    }
}
