package io.qcommerce.oms.autoconfigure;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.qcommerce.oms.redis.RedisInventoryLock;
import io.qcommerce.oms.redis.RedisInventoryLockConfig;
import io.qcommerce.oms.spi.InventoryLock;
import java.time.Clock;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The inventory lock on Redis ({@link RedisInventoryLock}, from {@code oms-redis}) when {@code oms.redis.uri} is
 * set (the starter opens its own client) or the host has a Lettuce {@link StatefulRedisConnection} or
 * {@link StatefulRedisClusterConnection} bean of {@code String} keys and values (the host keeps owning it).
 * The URI wins over a connection bean. Backs off when the host defines its own {@link InventoryLock}.
 */
@AutoConfiguration
@ConditionalOnClass({RedisInventoryLock.class, StatefulRedisConnection.class})
@Conditional(OmsRedisAutoConfiguration.RedisAvailable.class)
@EnableConfigurationProperties(OmsProperties.class)
public final class OmsRedisAutoConfiguration {

    @Bean(destroyMethod = "close")
    @Conditional(PropertyHasText.RedisUri.class)
    @ConditionalOnMissingBean(InventoryLock.class)
    OwnedRedis omsRedisClient(OmsProperties properties) {
        OmsProperties.Redis redis = properties.getRedis();
        return new OwnedRedis(Objects.requireNonNull(redis.getUri()), redis.getCommandTimeout());
    }

    @Bean
    @ConditionalOnMissingBean(InventoryLock.class)
    RedisInventoryLock omsRedisInventoryLock(
            OmsProperties properties,
            Clock clock,
            ObjectProvider<OwnedRedis> owned,
            ObjectProvider<StatefulRedisConnection<String, String>> connection,
            ObjectProvider<StatefulRedisClusterConnection<String, String>> clusterConnection) {
        OmsProperties.Redis settings = properties.getRedis();
        RedisInventoryLockConfig.Builder config = RedisInventoryLockConfig.builder()
                .keyPrefix(settings.getKeyPrefix())
                .commandTimeout(settings.getCommandTimeout());
        if (settings.getTimeSource() == OmsProperties.TimeSource.APPLICATION) {
            config.clock(clock);
        } else {
            config.serverTime();
        }
        RedisInventoryLock lock;
        OwnedRedis own = owned.getIfAvailable();
        StatefulRedisConnection<String, String> standalone = connection.getIfUnique();
        StatefulRedisClusterConnection<String, String> cluster = clusterConnection.getIfUnique();
        if (own != null) {
            lock = new RedisInventoryLock(own.connection(), config.build());
        } else if (standalone != null) {
            lock = new RedisInventoryLock(standalone, config.build());
        } else if (cluster != null) {
            lock = new RedisInventoryLock(cluster, config.build());
        } else {
            throw new IllegalStateException("oms: no single Lettuce StatefulRedisConnection<String, String> or"
                    + " StatefulRedisClusterConnection<String, String> bean for the inventory lock; set"
                    + " oms.redis.uri, or define one connection bean, or an InventoryLock bean of your own");
        }
        if (settings.isCheckOnStart()) {
            lock.start(); // loads the scripts, refuses a server that may evict stock keys
        }
        return lock;
    }

    /** {@code oms.redis.uri} has text, or the host has a Lettuce connection bean. */
    static final class RedisAvailable extends AnyNestedCondition {
        RedisAvailable() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @Conditional(PropertyHasText.RedisUri.class)
        static final class UriSet {}

        @ConditionalOnBean(StatefulRedisConnection.class)
        static final class ConnectionBean {}

        @ConditionalOnBean(StatefulRedisClusterConnection.class)
        static final class ClusterConnectionBean {}
    }
}
