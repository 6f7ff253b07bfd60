/** Orders, catalog, stores, slots, the stock ledger and low-stock thresholds on MongoDB (sync driver). */
module io.qcommerce.oms.mongo {
    requires transitive io.qcommerce.oms.core;
    requires transitive org.mongodb.driver.sync.client;
    requires transitive org.mongodb.driver.core;
    requires transitive org.mongodb.bson;
    requires org.slf4j;

    exports io.qcommerce.oms.mongo;
}
