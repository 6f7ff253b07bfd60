package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qcommerce.oms.examples.springboot.support.Reply;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.StoreState;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The starter's scheduled drift check in the service (on by default; every 100 ms here): a store whose counters
 * the inventory lock lost shows in {@code oms.stock.drift.stores} and in the health details, and stops showing
 * once the store is rebuilt.
 */
@TestPropertySource(
        properties = {
            "oms.drift-check.enabled=true",
            "oms.drift-check.interval=100ms",
            "oms.drift-check.initial-delay=0s"
        })
class DriftCheckTest extends ServiceTest {
    @Autowired
    InventoryLock lock;

    @Test
    void aStoreWhoseCountersWereLostIsSeenByTheScheduledDriftCheckUntilItIsRebuilt() {
        String store = store(unique("S"), uniquePincode(), 0);
        receive(store, sku(6500), 4);
        // What a Redis restart without persistence does to a store: every counter and hold gone.
        lock.restore(new StoreState(StoreId.of(store), List.of(), List.of()));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(driftingStores()).isEqualTo(1));
        Reply health = api.get(ADMIN, "/actuator/health");
        assertThat((Integer) health.json("$.components.oms.components.lock.details.storesDiffering"))
                .isEqualTo(1);

        api.post(ADMIN, "/stores/" + store + "/deactivate", null);
        assertThat(api.post(ADMIN, "/stores/" + store + "/stock/rebuild", null).status())
                .isEqualTo(200);
        api.post(ADMIN, "/stores/" + store + "/activate", null);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(driftingStores()).isZero());
    }

    private double driftingStores() {
        Reply r = api.get(ADMIN, "/actuator/metrics/oms.stock.drift.stores");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return ((Number) r.json("$.measurements[0].value")).doubleValue();
    }
}
