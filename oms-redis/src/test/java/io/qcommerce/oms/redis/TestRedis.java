package io.qcommerce.oms.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.junit.jupiter.api.Assumptions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Redis server shared by the tests of this module, and one Lettuce client and connection to it.
 *
 * <p>The server, in order: {@code OMS_TEST_REDIS_URI} when set (tests use random store ids and a prefix of
 * their own, so a shared server is fine); else a {@code redis-server} that this JVM starts on a free port (see
 * {@link RedisServerProcess} for where the binary comes from). Tests that start servers of their own (cluster,
 * crash, eviction policy) use {@link #requireBinary()}: they are skipped only on a machine where no binary can
 * be found at all. Everything is closed when the JVM exits.
 */
final class TestRedis {
    static final String PREFIX = "omstest";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static RedisServerProcess server;
    private static RedisURI uri;
    private static ClientResources resources;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    private TestRedis() {
    }

    /** The shared server's address. */
    static synchronized RedisURI uri() {
        if (uri == null) {
            String fromEnv = System.getenv("OMS_TEST_REDIS_URI");
            if (fromEnv != null && !fromEnv.isBlank()) {
                uri = RedisURI.create(fromEnv);
            } else {
                requireBinary();
                server = RedisServerProcess.start("shared");
                uri = server.uri();
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestRedis::shutdown, "oms-test-redis-shutdown"));
        }
        return uri;
    }

    /** Client resources shared by every client of the tests (threads are costly). */
    static synchronized ClientResources resources() {
        if (resources == null) {
            resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        }
        return resources;
    }

    /** A client with the recommended options ({@link LettuceSettings}); the caller closes it. */
    static RedisClient newClient(RedisURI target, ClientOptions options) {
        RedisClient c = RedisClient.create(resources(), target);
        c.setOptions(options);
        return c;
    }

    /** The shared connection to the shared server, with the recommended client options. */
    static synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null) {
            client = newClient(uri(), LettuceSettings.clientOptions(TIMEOUT));
            connection = client.connect();
        }
        return connection;
    }

    /** Skips the calling test when no redis-server binary can be found on this machine. */
    static void requireBinary() {
        Assumptions.assumeTrue(RedisServerProcess.binary().isPresent(),
                "no redis-server on the PATH and no embedded binary for this OS/CPU");
    }

    private static synchronized void shutdown() {
        try {
            if (connection != null) {
                connection.close();
            }
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            if (resources != null) {
                resources.shutdown(0, 2, TimeUnit.SECONDS);
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
