package io.qcommerce.oms.redis;

import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.testkit.InventoryLockContract;
import java.time.Clock;

/**
 * The whole {@code oms-testkit} contract (every capability group: movements, holds, expiry, bad input, stress
 * runs, the ledger and restore, slots and batches) against a real Redis server. The suite moves
 * a {@code MutableClock} by hand, so the lock reads its time from it (sent with every call) instead of the
 * server's clock; {@link ServerTimeExpiryTest} proves expiry on the server's own time.
 */
class RedisInventoryLockContractTest extends InventoryLockContract {
    @Override
    protected InventoryLock createLock(Clock clock) {
        return new RedisInventoryLock(
                TestRedis.connection(),
                RedisInventoryLockConfig.builder()
                        .keyPrefix(TestRedis.PREFIX)
                        .clock(clock)
                        .commandTimeout(TestRedis.TIMEOUT)
                        .build());
    }
}
