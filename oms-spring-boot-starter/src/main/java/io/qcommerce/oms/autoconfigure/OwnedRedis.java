package io.qcommerce.oms.autoconfigure;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.qcommerce.oms.redis.LettuceSettings;
import java.time.Duration;

/**
 * The Redis client and connection the starter opens from {@code oms.redis.uri}, with the options the adapter
 * recommends ({@link LettuceSettings}); closed with the application context, after the inventory lock that uses
 * them. A Redis that cannot be reached at start stops the application; an outage later is answered
 * {@code BACKEND_UNAVAILABLE} while Lettuce reconnects.
 */
final class OwnedRedis implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    OwnedRedis(String uri, Duration commandTimeout) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(commandTimeout);
        this.client = RedisClient.create(redisUri);
        client.setOptions(LettuceSettings.clientOptions(commandTimeout));
        try {
            this.connection = client.connect();
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
