package io.qcommerce.oms.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.qcommerce.oms.testkit.servers.RedisServers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce side of this module's tests: one client and connection to the shared Redis server, made with the
 * options we recommend, and the client resources every test client shares.
 *
 * <p>The server comes from the testkit ({@link RedisServers#shared()}: {@code OMS_TEST_REDIS_URI}, else a
 * {@code redis-server} this JVM starts; tests use random store ids and a prefix of their own, so a shared server is
 * fine). Tests that start servers of their own (cluster, crash, eviction policy) call
 * {@link RedisServers#assumeBinary()}: they are skipped only on a machine where no binary can be found at all.
 * Everything is closed when the JVM exits.
 */
final class TestRedis {
    static final String PREFIX = "omstest";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static ClientResources resources;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static boolean hooked;

    private TestRedis() {}

    /** The shared server's address. */
    static RedisURI uri() {
        return RedisURI.create(RedisServers.shared().uri());
    }

    /** Client resources shared by every client of the tests (threads are costly). */
    static synchronized ClientResources resources() {
        if (resources == null) {
            resources = DefaultClientResources.builder()
                    .ioThreadPoolSize(2)
                    .computationThreadPoolSize(2)
                    .build();
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(TestRedis::shutdown, "oms-test-redis-clients"));
            }
        }
        return resources;
    }

    /** A client with the given options; the caller closes it. */
    static RedisClient newClient(RedisURI target, ClientOptions options) {
        RedisClient c = RedisClient.create(resources(), target);
        c.setOptions(options);
        return c;
    }

    /** The shared connection to the shared server, with the recommended client options ({@link LettuceSettings}). */
    static synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null) {
            client = newClient(uri(), LettuceSettings.clientOptions(TIMEOUT));
            connection = client.connect();
        }
        return connection;
    }

    private static synchronized void shutdown() {
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (resources != null) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
