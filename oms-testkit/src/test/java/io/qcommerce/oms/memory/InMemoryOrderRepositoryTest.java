package io.qcommerce.oms.memory;

import io.qcommerce.oms.testkit.OrderRepositoryContract;
import io.qcommerce.oms.spi.OrderRepository;

class InMemoryOrderRepositoryTest extends OrderRepositoryContract {
    @Override
    protected OrderRepository createRepository() {
        return new InMemoryOrderRepository();
    }
}
