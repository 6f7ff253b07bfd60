package io.qcommerce.oms.mongo;

import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.spi.Catalog;
import io.qcommerce.oms.testkit.CatalogContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The kit's {@link CatalogContract}, unchanged, on {@link MongoCatalog}. */
class MongoCatalogContractTest extends CatalogContract {
    private static MongoDatabase database;

    @BeforeAll
    static void createDatabaseWithIndexes() {
        database = TestMongo.shared().freshDatabase("catalog");
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
    }

    @AfterAll
    static void dropDatabase() {
        TestMongo.drop(database);
    }

    @Override
    protected Catalog createCatalog() {
        return new MongoCatalog(database);
    }
}
