package io.qcommerce.oms.mongo;

import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.testkit.StockLedgerContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The kit's {@link StockLedgerContract}, unchanged, on {@link MongoStockLedger}. */
class MongoStockLedgerTest extends StockLedgerContract {
    private static MongoDatabase database;

    @BeforeAll
    static void createDatabaseWithIndexes() {
        database = TestMongo.shared().freshDatabase("ledger");
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
    }

    @AfterAll
    static void dropDatabase() {
        TestMongo.drop(database);
    }

    @Override
    protected StockLedger createLedger() {
        return new MongoStockLedger(database);
    }
}
