package io.qcommerce.oms.mongo;

import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.spi.StockThresholds;
import io.qcommerce.oms.testkit.StockThresholdsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The kit's {@link StockThresholdsContract}, unchanged, on {@link MongoStockThresholds}. */
class MongoStockThresholdsTest extends StockThresholdsContract {
    private static MongoDatabase database;

    @BeforeAll
    static void createDatabaseWithIndexes() {
        database = TestMongo.shared().freshDatabase("thresholds");
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
    }

    @AfterAll
    static void dropDatabase() {
        TestMongo.drop(database);
    }

    @Override
    protected StockThresholds createThresholds() {
        return new MongoStockThresholds(database);
    }
}
