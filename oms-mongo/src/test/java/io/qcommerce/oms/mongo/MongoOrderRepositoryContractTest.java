package io.qcommerce.oms.mongo;

import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.testkit.OrderRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The kit's {@link OrderRepositoryContract}, unchanged, on {@link MongoOrderRepository}. */
class MongoOrderRepositoryContractTest extends OrderRepositoryContract {
    private static MongoDatabase database;

    @BeforeAll
    static void createDatabaseWithIndexes() {
        database = TestMongo.shared().freshDatabase("orders");
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
    }

    @AfterAll
    static void dropDatabase() {
        TestMongo.drop(database);
    }

    @Override
    protected OrderRepository createRepository() {
        return new MongoOrderRepository(database);
    }
}
