package io.qcommerce.oms.memory;

import io.qcommerce.oms.spi.EventCheckpoints;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.testkit.EventFeedContract;

/** The kit's {@link EventFeedContract} on the in-memory adapters; a restart keeps the same instances. */
class InMemoryEventFeedTest extends EventFeedContract {
    private final InMemoryOrderRepository orders = new InMemoryOrderRepository();
    private final InMemoryEventCheckpoints checkpoints = new InMemoryEventCheckpoints();

    @Override
    protected OrderRepository openOrders() {
        return orders;
    }

    @Override
    protected EventCheckpoints openCheckpoints() {
        return checkpoints;
    }
}
