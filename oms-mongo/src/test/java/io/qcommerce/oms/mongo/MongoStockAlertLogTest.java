package io.qcommerce.oms.mongo;

import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.spi.StockAlertLog;
import io.qcommerce.oms.testkit.StockAlertLogContract;
import org.junit.jupiter.api.AfterEach;

/** The kit's {@link StockAlertLogContract}, unchanged, on {@link MongoStockAlertLog}, a fresh database per test. */
class MongoStockAlertLogTest extends StockAlertLogContract {
    private MongoDatabase database;

    @Override
    protected StockAlertLog createLog() {
        database = TestMongo.shared().freshDatabase("alerts");
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
        return new MongoStockAlertLog(database, MongoOmsConfig.ofDefaults());
    }

    @AfterEach
    void dropDatabase() {
        TestMongo.drop(database);
    }
}
