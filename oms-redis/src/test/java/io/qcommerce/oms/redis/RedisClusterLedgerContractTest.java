package io.qcommerce.oms.redis;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.qcommerce.oms.inventory.InventoryLock;
import io.qcommerce.oms.testkit.InventoryLedgerContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Clock;
import java.time.Duration;

/**
 * The ledger contract on a real three-master Redis Cluster: the ledger stream carries the store's hash tag, so
 * every script, the restore included, still touches one slot.
 */
class RedisClusterLedgerContractTest extends InventoryLedgerContract {
    private static LocalRedisCluster cluster;
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;

    @BeforeAll
    static void startCluster() {
        TestRedis.requireBinary();
        cluster = LocalRedisCluster.start(3);
        client = RedisClusterClient.create(TestRedis.resources(), cluster.uris());
        client.setOptions(LettuceSettings.clusterClientOptions(TestRedis.TIMEOUT));
        connection = client.connect();
    }

    @AfterAll
    static void stopCluster() {
        if (connection != null) {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected InventoryLock createLock(Clock clock) {
        return new RedisInventoryLock(connection, RedisInventoryLockConfig.builder()
                .keyPrefix(TestRedis.PREFIX)
                .clock(clock)
                .commandTimeout(TestRedis.TIMEOUT)
                .build());
    }
}
