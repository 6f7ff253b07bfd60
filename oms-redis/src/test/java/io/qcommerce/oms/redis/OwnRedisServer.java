package io.qcommerce.oms.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.qcommerce.oms.testkit.servers.RedisProcess;
import io.qcommerce.oms.testkit.servers.RedisServers;
import java.time.Duration;

/**
 * A Redis server of a test class's own (for tests that flush it, read its raw keys or time its memory), with a
 * client and one connection made with the options we recommend.
 */
final class OwnRedisServer implements AutoCloseable {
    final RedisProcess server;
    final RedisClient client;
    final StatefulRedisConnection<String, String> connection;

    private OwnRedisServer(
            RedisProcess server, RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.server = server;
        this.client = client;
        this.connection = connection;
    }

    /** Starts a server named {@code name} (skipping the test class when no Redis binary can be had). */
    static OwnRedisServer start(String name) {
        RedisServers.assumeBinary();
        RedisProcess server = RedisProcess.start(name);
        RedisClient client =
                TestRedis.newClient(RedisURI.create(server.uri()), LettuceSettings.clientOptions(TestRedis.TIMEOUT));
        return new OwnRedisServer(server, client, client.connect());
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        server.close();
    }
}
