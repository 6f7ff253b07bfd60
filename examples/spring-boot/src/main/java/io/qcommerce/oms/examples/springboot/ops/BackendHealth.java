package io.qcommerce.oms.examples.springboot.ops;

import io.qcommerce.oms.examples.springboot.config.MongoBackend;
import io.qcommerce.oms.examples.springboot.config.OmsWiring;
import io.qcommerce.oms.examples.springboot.config.RedisBackend;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /actuator/health} components for the configured backends: {@code redis} (PING on the inventory
 * lock's own connection) and {@code mongo} ({@code {ping: 1}} on the service's database). Either one down
 * makes the service DOWN (HTTP 503), since no order can be placed without both. The details (address,
 * database, error) are shown to admins only.
 */
@Configuration(proxyBeanMethods = false)
public class BackendHealth {

    @Bean
    @Conditional(OmsWiring.RedisConfigured.class)
    public HealthIndicator redisHealthIndicator(RedisBackend redis) {
        return () -> {
            try {
                return Health.up()
                        .withDetail("address", redis.address())
                        .withDetail("ping", redis.ping())
                        .build();
            } catch (Exception e) {
                return Health.down()
                        .withDetail("address", redis.address())
                        .withDetail("error", e.getClass().getSimpleName())
                        .build();
            }
        };
    }

    @Bean
    @Conditional(OmsWiring.MongoConfigured.class)
    public HealthIndicator mongoHealthIndicator(MongoBackend mongo) {
        return () -> {
            try {
                mongo.ping();
                return Health.up().withDetail("database", mongo.databaseName()).build();
            } catch (RuntimeException e) {
                return Health.down()
                        .withDetail("database", mongo.databaseName())
                        .withDetail("error", e.getClass().getSimpleName())
                        .build();
            }
        };
    }
}
