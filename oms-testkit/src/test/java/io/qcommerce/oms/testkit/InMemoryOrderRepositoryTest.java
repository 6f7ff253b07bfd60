package io.qcommerce.oms.testkit;

import io.qcommerce.oms.memory.InMemoryOrderRepository;
import io.qcommerce.oms.order.OrderRepository;

class InMemoryOrderRepositoryTest extends OrderRepositoryContract {
    @Override
    protected OrderRepository createRepository() {
        return new InMemoryOrderRepository();
    }
}
