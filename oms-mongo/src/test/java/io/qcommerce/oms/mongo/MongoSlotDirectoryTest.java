package io.qcommerce.oms.mongo;

import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.spi.SlotDirectory;
import io.qcommerce.oms.testkit.SlotDirectoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The kit's {@link SlotDirectoryContract}, unchanged, on {@link MongoSlotDirectory}. */
class MongoSlotDirectoryTest extends SlotDirectoryContract {
    private static MongoDatabase database;

    @BeforeAll
    static void createDatabaseWithIndexes() {
        database = TestMongo.shared().freshDatabase("slots");
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
    }

    @AfterAll
    static void dropDatabase() {
        TestMongo.drop(database);
    }

    @Override
    protected SlotDirectory createDirectory() {
        return new MongoSlotDirectory(database);
    }
}
