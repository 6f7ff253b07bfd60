package io.qcommerce.oms.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.InventoryLockContract;
import io.qcommerce.oms.testkit.servers.RedisProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole contract suite (every capability group) on a real Redis Cluster of three masters (three
 * {@code redis-server} processes on loopback ports), through a {@link StatefulRedisClusterConnection}: the adapter
 * is the same, only the connection differs. Each test's stores land on whichever master owns their hash tag; every key of a store
 * (counters, holds, batches, the ledger stream) carries its hash tag, so every script, the restore included,
 * touches one slot.
 */
class RedisClusterContractTest extends InventoryLockContract {
    @RegisterExtension
    static final TestRedisCluster CLUSTER = new TestRedisCluster();

    @Override
    protected InventoryLock createLock(Clock clock) {
        return CLUSTER.newLock(clock);
    }

    @Test
    void storesSpreadOverEveryMasterAndEachWorksOnItsOwn() {
        RedisInventoryLock redisLock = (RedisInventoryLock) lock;
        redisLock.start();
        Resource sku = Resource.sku(SkuId.of(uniqueId("sku")));
        List<StoreId> stores = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            StoreId s = StoreId.of(uniqueId("st"));
            stores.add(s);
            lock.apply(StockChange.of(StockChange.Kind.RECEIVE, s, sku, 10)
                    .id(MovementId.of(uniqueId("m")))
                    .reason("")
                    .build());
            ReservationId id = ReservationId.of(uniqueId("r"));
            assertThat(lock.reserve(new HoldRequest(id, s, List.of(new HoldLine(sku, 4)), TTL)))
                    .isInstanceOf(ReserveResult.Reserved.class);
            assertThat(lock.confirm(s, id)).isInstanceOf(ConfirmResult.Confirmed.class);
        }

        for (StoreId s : stores) {
            assertThat(lock.levels(s, List.of(sku)).get(sku)).isEqualTo(new StockLevel(s, sku, 6, 0));
        }
        int mastersWithStores = 0;
        RedisClient direct =
                TestRedis.newClient(RedisURI.create(CLUSTER.nodes().get(0).uri()), ClientOptions.create());
        try {
            for (RedisProcess node : CLUSTER.nodes()) {
                try (StatefulRedisConnection<String, String> c = direct.connect(RedisURI.create(node.uri()))) {
                    long keys = c.sync().keys(TestRedis.PREFIX + ":*").size();
                    if (keys > 0) {
                        mastersWithStores++;
                    }
                    String version = c.sync().info("server");
                    if (version.contains("redis_version:6.")) {
                        assertThat(c.sync().scriptExists(LuaScripts.RESERVE.sha1()))
                                .as("start() loaded the scripts on %s", node)
                                .containsExactly(true);
                    } else {
                        assertThat(c.sync().functionList(LuaScripts.LIBRARY_NAME))
                                .as("the function library loaded on %s", node)
                                .hasSize(1);
                    }
                }
            }
        } finally {
            direct.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        assertThat(mastersWithStores).as("24 stores over 3 masters").isEqualTo(3);
        assertThat(redisLock.checkEvictionPolicy()).isTrue();
    }
}
