package io.qcommerce.oms.redis;

import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.testkit.InventoryLedgerContract;

import java.time.Clock;

/**
 * The testkit's ledger contract (movements recorded in the same step as every change, read page after page;
 * every counter of a store; restore) against a real Redis server, on the contract's hand-moved clock.
 */
class RedisInventoryLedgerContractTest extends InventoryLedgerContract {
    @Override
    protected InventoryLock createLock(Clock clock) {
        return new RedisInventoryLock(TestRedis.connection(), RedisInventoryLockConfig.builder()
                .keyPrefix(TestRedis.PREFIX)
                .clock(clock)
                .commandTimeout(TestRedis.TIMEOUT)
                .build());
    }
}
