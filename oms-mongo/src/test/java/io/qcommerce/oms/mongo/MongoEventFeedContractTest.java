package io.qcommerce.oms.mongo;

import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.spi.EventCheckpoints;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.testkit.EventFeedContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The kit's {@link EventFeedContract}, unchanged, on {@link MongoOrderRepository} and {@link MongoEventCheckpoints}.
 * Each test gets a database of its own (made before the kit's set-up runs, as the kit starts the library at once);
 * a "restart" opens new adapter instances over it.
 */
class MongoEventFeedContractTest extends EventFeedContract {
    private static final MongoOmsConfig CONFIG = MongoOmsConfig.ofDefaults();

    private final MongoDatabase database;

    MongoEventFeedContractTest() {
        database = TestMongo.shared().freshDatabase("feedcontract");
        MongoOmsSchema.createIndexes(database, CONFIG);
    }

    @AfterEach
    void dropDatabase() {
        TestMongo.drop(database);
    }

    @Override
    protected OrderRepository openOrders() {
        return new MongoOrderRepository(database, CONFIG);
    }

    @Override
    protected EventCheckpoints openCheckpoints() {
        return new MongoEventCheckpoints(database, CONFIG);
    }
}
