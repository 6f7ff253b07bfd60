package io.qcommerce.oms.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.redis.RedisInventoryLock;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.testkit.servers.RedisServers;
import io.qcommerce.oms.testkit.servers.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinitionCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The inventory lock on the Redis of the tests (see {@link RedisServers}): from a URI, and from the host's connection. */
class RedisWiringTest {

    /** A key prefix of each test's own: the server may be shared. */
    private static String prefix() {
        return "oms-starter-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aRedisUriPutsTheHoldsOnRedisAndOrdersArePlacedAndPaid() {
        TestServer redis = RedisServers.shared();
        Runners.starterWithJobsOff()
                .withPropertyValues("oms.redis.uri=" + redis.uri(), "oms.redis.key-prefix=" + prefix())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(InventoryLock.class).isInstanceOf(RedisInventoryLock.class);
                    Oms oms = context.getBean(Oms.class);
                    Shop.open(oms, 10);
                    Shop.placeAndPay(oms, "k-1", 3);
                    assertThat(oms.inventory().available(Shop.STORE, Shop.MILK)).isEqualTo(7);
                });
    }

    @Test
    void theHoldsOutliveTheApplicationOnRedis() {
        TestServer redis = RedisServers.shared();
        String prefix = prefix();
        var runner = Runners.starterWithJobsOff()
                .withPropertyValues("oms.redis.uri=" + redis.uri(), "oms.redis.key-prefix=" + prefix);
        runner.run(context -> Shop.open(context.getBean(Oms.class), 10));
        runner.run(context -> {
            InventoryLock lock = context.getBean(InventoryLock.class);
            assertThat(lock.allLevels(Shop.STORE).get(Resource.sku(Shop.MILK)).available())
                    .isEqualTo(10);
        });
    }

    @Test
    void theHostsLettuceConnectionIsUsedAndStaysOpenAfterTheContextCloses() {
        TestServer redis = RedisServers.shared();
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            Runners.starterWithJobsOff()
                    .withPropertyValues("oms.redis.key-prefix=" + prefix())
                    .withBean("hostConnection", StatefulRedisConnection.class, () -> connection, notClosedBySpring())
                    .run(context -> {
                        assertThat(context).getBean(InventoryLock.class).isInstanceOf(RedisInventoryLock.class);
                        Oms oms = context.getBean(Oms.class);
                        Shop.open(oms, 4);
                        Shop.placeAndPay(oms, "k-1", 4);
                        assertThat(oms.inventory().available(Shop.STORE, Shop.MILK))
                                .isZero();
                    });
            assertThat(connection.isOpen()).isTrue();
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void anInventoryLockTheHostDefinesWinsOverTheRedisUri() {
        TestServer redis = RedisServers.shared();
        Runners.starterWithJobsOff()
                .withPropertyValues("oms.redis.uri=" + redis.uri())
                .withUserConfiguration(HostLock.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(InventoryLock.class);
                    assertThat(context).getBean(InventoryLock.class).isInstanceOf(InMemoryInventoryLock.class);
                    assertThat(context).doesNotHaveBean(OwnedRedis.class);
                });
    }

    @Test
    void aRedisThatCannotBeReachedAtStartStopsTheApplication() {
        Runners.starterWithJobsOff()
                .withPropertyValues("oms.redis.uri=redis://127.0.0.1:7599", "oms.redis.command-timeout=500ms")
                .run(context -> assertThat(context).hasFailed());
    }

    /** A host bean whose owner closes it elsewhere (Spring would otherwise close an AutoCloseable bean itself). */
    static BeanDefinitionCustomizer notClosedBySpring() {
        return definition -> definition.setDestroyMethodName("");
    }

    @Configuration(proxyBeanMethods = false)
    static class HostLock {
        @Bean
        InventoryLock hostLock() {
            return new InMemoryInventoryLock(java.time.Clock.systemUTC());
        }
    }
}
