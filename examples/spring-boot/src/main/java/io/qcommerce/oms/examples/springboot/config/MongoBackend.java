package io.qcommerce.oms.examples.springboot.config;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.mongo.MongoCatalog;
import io.qcommerce.oms.mongo.MongoEventCheckpoints;
import io.qcommerce.oms.mongo.MongoOmsConfig;
import io.qcommerce.oms.mongo.MongoOmsSchema;
import io.qcommerce.oms.mongo.MongoOrderRepository;
import io.qcommerce.oms.mongo.MongoSlotDirectory;
import io.qcommerce.oms.mongo.MongoStockLedger;
import io.qcommerce.oms.mongo.MongoStockThresholds;
import io.qcommerce.oms.mongo.MongoStoreDirectory;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MongoDB client and the adapters on its database: orders, catalog, stores, delivery slots, the durable
 * stock ledger and the low-stock thresholds set at run time. The service
 * owns the client and closes it when the application context closes. The indexes are created at start
 * (idempotent; the unique one is what makes a repeated placement a duplicate), so a MongoDB that cannot be
 * reached then stops the service.
 */
public final class MongoBackend implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MongoBackend.class);

    private final MongoClient client;
    private final MongoDatabase database;
    private final MongoOmsConfig config;

    MongoBackend(OmsProperties.Mongo settings) {
        ConnectionString uri = new ConnectionString(settings.uri());
        this.client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(uri)
                .applyToClusterSettings(b -> b.serverSelectionTimeout(
                        settings.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(
                        b -> b.connectTimeout((int) settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                                .readTimeout((int) settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .build());
        try {
            this.database = client.getDatabase(settings.database());
            this.config = MongoOmsConfig.builder()
                    .collectionPrefix(settings.collectionPrefix())
                    .build();
            MongoOmsSchema.createIndexes(database, config);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        LOG.info(
                "orders, catalog, stores, delivery slots, stock ledger and thresholds on MongoDB {} (database {})",
                uri.getHosts(),
                settings.database());
    }

    public MongoOrderRepository orders() {
        return new MongoOrderRepository(database, config);
    }

    public MongoCatalog catalog() {
        return new MongoCatalog(database, config);
    }

    public MongoStoreDirectory stores() {
        return new MongoStoreDirectory(database, config);
    }

    /** The definitions of delivery slots; their bookings are counted by the inventory lock. */
    public MongoSlotDirectory slots() {
        return new MongoSlotDirectory(database, config);
    }

    /**
     * The durable copy of the stock ledger: stock changes as they are made, and the holds and sales the
     * inventory lock recorded, as the reconciler copies them. What a rebuild of a store's counters reads.
     */
    public MongoStockLedger ledger() {
        return new MongoStockLedger(database, config);
    }

    /** Where each event subscriber's checkpoint is kept. */
    public MongoEventCheckpoints checkpoints() {
        return new MongoEventCheckpoints(database, config);
    }

    /** The stock alerts raised from the stock ledger, delivered to alert subscribers. */
    public io.qcommerce.oms.mongo.MongoStockAlertLog alerts() {
        return new io.qcommerce.oms.mongo.MongoStockAlertLog(database, config);
    }

    /** Low-stock thresholds set at run time, per SKU of a store and as a store's default. */
    public MongoStockThresholds thresholds() {
        return new MongoStockThresholds(database, config);
    }

    /** {@code {ping: 1}} on the service's database: what the health endpoint reports. */
    public void ping() {
        database.runCommand(new Document("ping", 1));
    }

    public String databaseName() {
        return database.getName();
    }

    @Override
    public void close() {
        client.close();
    }
}
