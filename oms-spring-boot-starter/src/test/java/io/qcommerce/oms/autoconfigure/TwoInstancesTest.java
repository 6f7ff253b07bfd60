package io.qcommerce.oms.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.event.EventId;
import io.qcommerce.oms.event.EventSubscriber;
import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.testkit.servers.InProcessMongo;
import io.qcommerce.oms.testkit.servers.RedisServers;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Two instances of one service on the same Redis and MongoDB, each running the scheduled jobs: every order event
 * reaches the subscriber (perhaps twice, never not at all), and the reconciler and drift check of both run beside
 * each other's traffic.
 */
class TwoInstancesTest {
    private static final int ORDERS_EACH = 5;

    @Test
    void twoInstancesDispatchingTheSameFeedLoseNoEvent() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Relay relay = new Relay(2 * ORDERS_EACH * 2); // placed and confirmed, per order
        try (InProcessMongo mongo = InProcessMongo.start()) {
            ApplicationContextRunner instance = Runners.starter()
                    .withBean("relay", EventSubscriber.class, () -> relay)
                    .withPropertyValues(
                            "oms.redis.uri=" + RedisServers.shared().uri(),
                            "oms.redis.key-prefix=oms-two-" + id,
                            "oms.mongo.uri=" + mongo.uri(),
                            "oms.mongo.database=oms_two_" + id,
                            "oms.events.interval=20ms",
                            "oms.events.initial-delay=0s",
                            "oms.reconciler.interval=50ms",
                            "oms.reconciler.initial-delay=0s",
                            "oms.drift-check.interval=50ms",
                            "oms.drift-check.initial-delay=0s");
            instance.run(first -> instance.run(second -> {
                Oms a = first.getBean(Oms.class);
                Oms b = second.getBean(Oms.class);
                Shop.open(a, 100);
                for (int i = 0; i < ORDERS_EACH; i++) {
                    Shop.placeAndPay(a, "a-" + i, 1);
                    Shop.placeAndPay(b, "b-" + i, 1);
                }
                assertThat(relay.all.await(60, TimeUnit.SECONDS))
                        .as("events delivered: %s", relay.seen.size())
                        .isTrue();
                assertThat(relay.seen).hasSize(2 * ORDERS_EACH * 2);
                assertThat(b.inventory().available(Shop.STORE, Shop.MILK)).isEqualTo(100 - 2 * ORDERS_EACH);
            }));
        }
    }

    /** The subscriber both instances register under one name, so they share its checkpoint. */
    static final class Relay implements EventSubscriber {
        final Set<EventId> seen = ConcurrentHashMap.newKeySet();
        final CountDownLatch all;

        Relay(int events) {
            this.all = new CountDownLatch(events);
        }

        @Override
        public void on(OrderEvent event) {
            if (seen.add(event.id())) {
                all.countDown();
            }
        }
    }
}
