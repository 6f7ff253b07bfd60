package io.qcommerce.oms.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.mongo.MongoOrderRepository;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.redis.RedisInventoryLock;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.testkit.servers.InProcessMongo;
import io.qcommerce.oms.testkit.servers.RedisServers;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the README promises: the starter and two URIs, and an order is placed and paid on Redis and MongoDB. */
class RedisAndMongoWiringTest {

    @Test
    void withOnlyTheTwoUrisAnOrderIsPlacedAndPaidOnRedisAndMongoDb() {
        String redisUri = RedisServers.shared().uri();
        String id = UUID.randomUUID().toString().substring(0, 8);
        try (InProcessMongo mongo = InProcessMongo.start()) {
            var runner = Runners.starter()
                    .withPropertyValues(
                            "oms.redis.uri=" + redisUri,
                            "oms.redis.key-prefix=oms-both-" + id,
                            "oms.mongo.uri=" + mongo.uri(),
                            "oms.mongo.database=oms_both_" + id);
            Order[] paid = new Order[1];
            runner.run(context -> {
                assertThat(context).getBean(InventoryLock.class).isInstanceOf(RedisInventoryLock.class);
                assertThat(context).getBean(OrderRepository.class).isInstanceOf(MongoOrderRepository.class);
                Oms oms = context.getBean(Oms.class);
                Shop.open(oms, 10);
                paid[0] = Shop.placeAndPay(oms, "k-1", 3);
            });
            // A restart of the application: the order on MongoDB, the stock on Redis.
            runner.run(context -> {
                Oms oms = context.getBean(Oms.class);
                assertThat(oms.orders().find(paid[0].id()))
                        .hasValueSatisfying(o -> assertThat(o.status()).isEqualTo(OrderStatus.CONFIRMED));
                assertThat(oms.inventory().available(Shop.STORE, Shop.MILK)).isEqualTo(7);
            });
        }
    }
}
