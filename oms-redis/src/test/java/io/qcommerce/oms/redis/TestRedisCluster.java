package io.qcommerce.oms.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.qcommerce.oms.testkit.servers.RedisCluster;
import io.qcommerce.oms.testkit.servers.RedisProcess;
import io.qcommerce.oms.testkit.servers.RedisServers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A three-master {@link RedisCluster} (from the testkit) for the tests of one class, with a cluster client and
 * connection to it.
 * Register it on a static field:
 * <pre>{@code
 * @RegisterExtension
 * static final TestRedisCluster CLUSTER = new TestRedisCluster();
 * }</pre>
 * It starts the cluster before the first test of the class (skipping the class where no {@code redis-server}
 * binary can be found, as {@link RedisServers#assumeBinary()} does) and, after the last one, closes the
 * connection, shuts the client down and stops the nodes.
 */
final class TestRedisCluster implements BeforeAllCallback, AfterAllCallback {
    private static final int MASTERS = 3;

    private Class<?> owner;
    private RedisCluster cluster;
    private RedisClusterClient client;
    private StatefulRedisClusterConnection<String, String> connection;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (owner != null) {
            return; // a nested class of the owner: the cluster is already up
        }
        owner = context.getRequiredTestClass();
        RedisServers.assumeBinary();
        cluster = RedisCluster.start(MASTERS);
        client = RedisClusterClient.create(
                TestRedis.resources(),
                cluster.uris().stream().map(RedisURI::create).toList());
        client.setOptions(LettuceSettings.clusterClientOptions(TestRedis.TIMEOUT));
        connection = client.connect();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass() != owner) {
            return;
        }
        owner = null;
        try {
            if (connection != null) {
                connection.close();
            }
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            connection = null;
            client = null;
            cluster = null;
        }
    }

    /** The nodes of the running cluster, one per master. */
    List<RedisProcess> nodes() {
        return cluster.nodes();
    }

    /** The shared cluster connection, with the recommended cluster client options. */
    StatefulRedisClusterConnection<String, String> connection() {
        return connection;
    }

    /** A lock on the cluster as the contract suites build it: the tests' prefix and timeout, {@code clock}'s time. */
    RedisInventoryLock newLock(Clock clock) {
        return new RedisInventoryLock(
                connection,
                RedisInventoryLockConfig.builder()
                        .keyPrefix(TestRedis.PREFIX)
                        .clock(clock)
                        .commandTimeout(TestRedis.TIMEOUT)
                        .build());
    }
}
