package io.qcommerce.oms.examples.springboot.config;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.qcommerce.oms.redis.LettuceSettings;
import io.qcommerce.oms.redis.RedisInventoryLock;
import io.qcommerce.oms.redis.RedisInventoryLockConfig;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis client, its one connection and the inventory lock on it. The service owns the client: it is
 * closed when the application context closes, after the last use of the lock. Connecting happens at start,
 * so a Redis that cannot be reached then stops the service with a clear error; an outage later is answered
 * 503 while Lettuce reconnects by itself.
 */
public final class RedisBackend implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBackend.class);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisInventoryLock lock;
    private final Duration timeout;
    private final String address;

    RedisBackend(OmsProperties.Redis settings, Clock clock) {
        RedisURI uri = RedisURI.create(settings.uri());
        uri.setTimeout(settings.commandTimeout());
        this.timeout = settings.commandTimeout();
        this.address = uri.getHost() + ":" + uri.getPort();
        this.client = RedisClient.create(uri);
        client.setOptions(LettuceSettings.clientOptions(settings.commandTimeout()));
        RedisInventoryLockConfig.Builder config = RedisInventoryLockConfig.builder()
                .keyPrefix(settings.keyPrefix())
                .commandTimeout(settings.commandTimeout());
        if (settings.timeSource() == OmsProperties.TimeSource.APPLICATION) {
            config.clock(clock);
        } else {
            config.serverTime();
        }
        try {
            this.connection = client.connect();
            this.lock = new RedisInventoryLock(connection, config.build());
            lock.start(); // loads the scripts, refuses a server that may evict stock keys
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
        LOG.info("inventory holds on Redis at {} ({} time)", address, settings.timeSource());
    }

    public RedisInventoryLock lock() {
        return lock;
    }

    /** PING through the lock's own connection: what the health endpoint reports. */
    public String ping() throws Exception {
        return connection.async().ping().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** host:port, never the password a URI may carry. */
    public String address() {
        return address;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
