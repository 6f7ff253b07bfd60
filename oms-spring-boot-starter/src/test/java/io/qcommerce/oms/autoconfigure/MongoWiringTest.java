package io.qcommerce.oms.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.memory.InMemoryCatalog;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.mongo.MongoCatalog;
import io.qcommerce.oms.mongo.MongoEventCheckpoints;
import io.qcommerce.oms.mongo.MongoOrderRepository;
import io.qcommerce.oms.mongo.MongoSlotDirectory;
import io.qcommerce.oms.mongo.MongoStockLedger;
import io.qcommerce.oms.mongo.MongoStockThresholds;
import io.qcommerce.oms.mongo.MongoStoreDirectory;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.spi.Catalog;
import io.qcommerce.oms.spi.EventCheckpoints;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.SlotDirectory;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.spi.StockThresholds;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.testkit.servers.InProcessMongo;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Orders, catalog and stores on MongoDB: the in-process wire-protocol server of the testkit. */
class MongoWiringTest {
    private static InProcessMongo mongo;

    @BeforeAll
    static void start() {
        mongo = InProcessMongo.start();
    }

    @AfterAll
    static void stop() {
        mongo.close();
    }

    private static String database() {
        return "oms_starter_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aMongoUriPutsEveryDurablePortOnMongoDbAndTheOrdersOutliveTheApplication() {
        String database = database();
        var runner = Runners.starterWithJobsOff()
                .withPropertyValues("oms.mongo.uri=" + mongo.uri(), "oms.mongo.database=" + database);
        Order[] placed = new Order[1];
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBean(OrderRepository.class).isInstanceOf(MongoOrderRepository.class);
            assertThat(context).getBean(Catalog.class).isInstanceOf(MongoCatalog.class);
            assertThat(context).getBean(StoreDirectory.class).isInstanceOf(MongoStoreDirectory.class);
            assertThat(context).getBean(SlotDirectory.class).isInstanceOf(MongoSlotDirectory.class);
            assertThat(context).getBean(StockLedger.class).isInstanceOf(MongoStockLedger.class);
            assertThat(context).getBean(StockThresholds.class).isInstanceOf(MongoStockThresholds.class);
            assertThat(context).getBean(EventCheckpoints.class).isInstanceOf(MongoEventCheckpoints.class);
            assertThat(context).getBean(InventoryLock.class).isInstanceOf(InMemoryInventoryLock.class);
            Oms oms = context.getBean(Oms.class);
            Shop.open(oms, 10);
            placed[0] = Shop.placeAndPay(oms, "k-1", 2);
        });
        runner.run(context -> {
            Oms oms = context.getBean(Oms.class);
            assertThat(oms.orders().find(placed[0].id()))
                    .hasValueSatisfying(o -> assertThat(o.status()).isEqualTo(OrderStatus.CONFIRMED));
            assertThat(oms.stores().all()).extracting(s -> s.id()).containsExactly(Shop.STORE);
        });
    }

    @Test
    void theHostsMongoClientIsUsedWithTheConfiguredDatabaseAndStaysOpen() {
        String database = database();
        try (MongoClient client = MongoClients.create(mongo.uri())) {
            Runners.starterWithJobsOff()
                    .withPropertyValues("oms.mongo.database=" + database)
                    .withBean(MongoClient.class, () -> client, RedisWiringTest.notClosedBySpring())
                    .run(context -> {
                        assertThat(context).getBean(OrderRepository.class).isInstanceOf(MongoOrderRepository.class);
                        Oms oms = context.getBean(Oms.class);
                        Shop.open(oms, 10);
                        Shop.placeAndPay(oms, "k-1", 1);
                    });
            assertThat(client.getDatabase(database).getCollection("oms_orders").countDocuments())
                    .isEqualTo(1);
        }
    }

    @Test
    void theHostsMongoDatabaseIsUsedWithTheConfiguredCollectionPrefix() {
        String database = database();
        try (MongoClient client = MongoClients.create(mongo.uri())) {
            MongoDatabase db = client.getDatabase(database);
            Runners.starterWithJobsOff()
                    .withPropertyValues("oms.mongo.collection-prefix=shop_")
                    .withBean(MongoDatabase.class, () -> db)
                    .run(context -> {
                        Oms oms = context.getBean(Oms.class);
                        Shop.open(oms, 10);
                        Shop.placeAndPay(oms, "k-1", 1);
                    });
            assertThat(db.getCollection("shop_orders").countDocuments()).isEqualTo(1);
        }
    }

    @Test
    void aPortTheHostDefinesWinsOverItsMongoDbAdapter() {
        Runners.starterWithJobsOff()
                .withPropertyValues("oms.mongo.uri=" + mongo.uri(), "oms.mongo.database=" + database())
                .withUserConfiguration(HostCatalog.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(Catalog.class);
                    assertThat(context).getBean(Catalog.class).isInstanceOf(InMemoryCatalog.class);
                    assertThat(context).getBean(OrderRepository.class).isInstanceOf(MongoOrderRepository.class);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class HostCatalog {
        @Bean
        Catalog hostCatalog() {
            return new InMemoryCatalog();
        }
    }
}
