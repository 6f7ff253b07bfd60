package io.qcommerce.oms.redis;

import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.testkit.BatchAndSlotContract;

import java.time.Clock;

/**
 * The {@code oms-testkit} contract for delivery slots and batches against a real Redis server, on the suite's
 * {@code MutableClock} (sent with every call) as {@link RedisInventoryLockContractTest} does.
 */
class RedisBatchAndSlotContractTest extends BatchAndSlotContract {
    @Override
    protected InventoryLock createLock(Clock clock) {
        return new RedisInventoryLock(TestRedis.connection(), RedisInventoryLockConfig.builder()
                .keyPrefix(TestRedis.PREFIX)
                .clock(clock)
                .commandTimeout(TestRedis.TIMEOUT)
                .build());
    }
}
