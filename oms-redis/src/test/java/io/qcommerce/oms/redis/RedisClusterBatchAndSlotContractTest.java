package io.qcommerce.oms.redis;

import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.testkit.BatchAndSlotContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;

/**
 * The slot and batch contract on a real three-master Redis Cluster, as {@link RedisClusterContractTest} runs the
 * main one: the batch hash of a store carries its hash tag, so every script still touches one slot.
 */
class RedisClusterBatchAndSlotContractTest extends BatchAndSlotContract {
    @RegisterExtension
    static final TestRedisCluster CLUSTER = new TestRedisCluster();

    @Override
    protected InventoryLock createLock(Clock clock) {
        return CLUSTER.newLock(clock);
    }
}
