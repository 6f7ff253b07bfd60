package io.qcommerce.oms.redis;

import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.testkit.InventoryLedgerContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;

/**
 * The ledger contract on a real three-master Redis Cluster: the ledger stream carries the store's hash tag, so
 * every script, the restore included, still touches one slot.
 */
class RedisClusterLedgerContractTest extends InventoryLedgerContract {
    @RegisterExtension
    static final TestRedisCluster CLUSTER = new TestRedisCluster();

    @Override
    protected InventoryLock createLock(Clock clock) {
        return CLUSTER.newLock(clock);
    }
}
