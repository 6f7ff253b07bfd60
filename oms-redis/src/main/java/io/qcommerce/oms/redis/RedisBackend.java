package io.qcommerce.oms.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.OmsBackend;
import io.qcommerce.oms.internal.util.Checks;

/**
 * Redis as a backend of {@link Oms}: installs the inventory lock ({@link RedisInventoryLock}) from one Lettuce
 * connection, standalone or Cluster. The host keeps owning the connection and closes it after the {@code Oms}.
 *
 * <pre>{@code
 * Oms oms = Oms.builder().use(RedisBackend.of(connection)).inMemoryForRest().build();
 * }</pre>
 */
public final class RedisBackend implements OmsBackend {
    private final RedisInventoryLock lock;

    private RedisBackend(RedisInventoryLock lock) {
        this.lock = lock;
    }

    /** On one Redis server (or a primary behind Sentinel), with default settings. */
    public static RedisBackend of(StatefulRedisConnection<String, String> connection) {
        return of(connection, RedisInventoryLockConfig.ofDefaults());
    }

    public static RedisBackend of(StatefulRedisConnection<String, String> connection, RedisInventoryLockConfig config) {
        return new RedisBackend(new RedisInventoryLock(Checks.notNull(connection, "connection"), config));
    }

    /** On a Redis Cluster, with default settings: the stores spread over its masters by their hash tags. */
    public static RedisBackend ofCluster(StatefulRedisClusterConnection<String, String> connection) {
        return ofCluster(connection, RedisInventoryLockConfig.ofDefaults());
    }

    public static RedisBackend ofCluster(
            StatefulRedisClusterConnection<String, String> connection, RedisInventoryLockConfig config) {
        return new RedisBackend(new RedisInventoryLock(Checks.notNull(connection, "connection"), config));
    }

    /** The lock this backend installs, for the host's own checks (startup policy, tests). */
    public RedisInventoryLock inventoryLock() {
        return lock;
    }

    @Override
    public void installInto(Oms.Builder builder) {
        builder.inventoryLock(lock);
    }
}
