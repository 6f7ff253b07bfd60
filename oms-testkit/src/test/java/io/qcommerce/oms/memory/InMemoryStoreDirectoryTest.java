package io.qcommerce.oms.memory;

import io.qcommerce.oms.testkit.StoreDirectoryContract;
import io.qcommerce.oms.store.StoreDirectory;

class InMemoryStoreDirectoryTest extends StoreDirectoryContract {
    @Override
    protected StoreDirectory createDirectory() {
        return new InMemoryStoreDirectory();
    }
}
