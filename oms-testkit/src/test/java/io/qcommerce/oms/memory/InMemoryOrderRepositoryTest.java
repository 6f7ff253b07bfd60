package io.qcommerce.oms.memory;

import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.testkit.OrderRepositoryContract;

class InMemoryOrderRepositoryTest extends OrderRepositoryContract {
    @Override
    protected OrderRepository createRepository() {
        return new InMemoryOrderRepository();
    }
}
