package io.qcommerce.oms.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.CommandType;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.servers.RedisProcess;
import io.qcommerce.oms.testkit.servers.RedisServers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check that Redis will never evict stock keys, and what a full server does, on a server of its own whose
 * settings the tests change.
 */
class EvictionPolicyTest {
    private static RedisProcess server;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> admin;

    @BeforeAll
    static void startServer() {
        RedisServers.assumeBinary();
        server = RedisProcess.start("eviction");
        client = TestRedis.newClient(RedisURI.create(server.uri()), LettuceSettings.clientOptions(TestRedis.TIMEOUT));
        admin = client.connect();
    }

    @AfterAll
    static void stopServer() {
        if (admin != null) {
            admin.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aServerThatMayEvictKeysIsRefusedAtStartAndNoevictionIsAccepted() {
        RedisInventoryLock lock = new RedisInventoryLock(admin);
        admin.sync().configSet("maxmemory-policy", "allkeys-lru");
        try {
            assertThatThrownBy(lock::start).isInstanceOfSatisfying(OmsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                assertThat(e.details()).containsEntry("maxmemory-policy", "allkeys-lru");
            });
        } finally {
            admin.sync().configSet("maxmemory-policy", "noeviction");
        }
        assertThat(lock.checkEvictionPolicy()).isTrue();
    }

    @Test
    void aFullServerRefusesWritesWithATypedErrorAndWritesNothing() {
        RedisInventoryLock lock = new RedisInventoryLock(
                admin, RedisInventoryLockConfig.builder().keyPrefix("full").build());
        StoreId store = StoreId.of("s1");
        Resource milk = Resource.sku(SkuId.of("milk"));
        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, 10)
                .id(MovementId.of("grn"))
                .reason("")
                .build());
        long keysBefore = admin.sync().dbsize();
        admin.sync().configSet("maxmemory", "1");
        try {
            OmsException full = catchThrowableOfType(
                    OmsException.class,
                    () -> lock.reserve(new HoldRequest(
                            ReservationId.of("r1"), store, List.of(new HoldLine(milk, 3)), Duration.ofMinutes(5))));

            assertThat(full.code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
            assertThat(full.getMessage()).contains("OOM");
        } finally {
            admin.sync().configSet("maxmemory", "0");
        }
        assertThat(admin.sync().dbsize()).isEqualTo(keysBefore);
        assertThat(lock.levels(store, List.of(milk)).get(milk).reserved()).isZero();
    }

    @Test
    void whereConfigIsNotAllowedThePolicyIsReportedUnknownAndStartStillWorks() {
        admin.sync()
                .aclSetuser(
                        "app",
                        AclSetuserArgs.Builder.on()
                                .nopass()
                                .allKeys()
                                .allCommands()
                                .removeCommand(CommandType.CONFIG));
        RedisURI asApp = RedisURI.Builder.redis("127.0.0.1", server.port())
                .withAuthentication("app", "any")
                .build();
        try (StatefulRedisConnection<String, String> limited = client.connect(asApp)) {
            RedisInventoryLock lock = new RedisInventoryLock(limited);

            assertThat(lock.checkEvictionPolicy()).isFalse();
            lock.start();
        }
    }
}
