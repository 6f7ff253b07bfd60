package io.qcommerce.oms.mongo;

import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.testkit.StoreDirectoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The kit's {@link StoreDirectoryContract}, unchanged, on {@link MongoStoreDirectory}. */
class MongoStoreDirectoryContractTest extends StoreDirectoryContract {
    private static MongoDatabase database;

    @BeforeAll
    static void createDatabaseWithIndexes() {
        database = TestMongo.shared().freshDatabase("stores");
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
    }

    @AfterAll
    static void dropDatabase() {
        TestMongo.drop(database);
    }

    @Override
    protected StoreDirectory createDirectory() {
        return new MongoStoreDirectory(database);
    }
}
