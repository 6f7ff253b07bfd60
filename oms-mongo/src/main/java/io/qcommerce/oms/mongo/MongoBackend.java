package io.qcommerce.oms.mongo;

import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.OmsBackend;
import io.qcommerce.oms.internal.util.Checks;

/**
 * MongoDB as a backend of {@link Oms}: installs every port it provides — catalog, stores, slots, orders (with
 * their event feed), stock ledger, low-stock thresholds, event checkpoints and the stock alert log — from one {@link MongoDatabase} and one {@link MongoOmsConfig}. No I/O
 * happens here; create the indexes once with {@link MongoOmsSchema#createIndexes}. The host keeps owning the
 * client and closes it after the {@code Oms}.
 *
 * <pre>{@code
 * Oms oms = Oms.builder().use(MongoBackend.of(database)).use(RedisBackend.of(connection)).build();
 * }</pre>
 */
public final class MongoBackend implements OmsBackend {
    private final MongoCatalog catalog;
    private final MongoStoreDirectory stores;
    private final MongoSlotDirectory slots;
    private final MongoOrderRepository orders;
    private final MongoStockLedger ledger;
    private final MongoStockThresholds thresholds;
    private final MongoEventCheckpoints checkpoints;
    private final MongoStockAlertLog alerts;

    private MongoBackend(MongoDatabase database, MongoOmsConfig config) {
        Checks.notNull(database, "database");
        Checks.notNull(config, "config");
        this.catalog = new MongoCatalog(database, config);
        this.stores = new MongoStoreDirectory(database, config);
        this.slots = new MongoSlotDirectory(database, config);
        this.orders = new MongoOrderRepository(database, config);
        this.ledger = new MongoStockLedger(database, config);
        this.thresholds = new MongoStockThresholds(database, config);
        this.checkpoints = new MongoEventCheckpoints(database, config);
        this.alerts = new MongoStockAlertLog(database, config);
    }

    /** Every MongoDB port on {@code database}, with default settings. */
    public static MongoBackend of(MongoDatabase database) {
        return of(database, MongoOmsConfig.ofDefaults());
    }

    public static MongoBackend of(MongoDatabase database, MongoOmsConfig config) {
        return new MongoBackend(database, config);
    }

    public MongoCatalog catalog() {
        return catalog;
    }

    public MongoStoreDirectory storeDirectory() {
        return stores;
    }

    public MongoSlotDirectory slotDirectory() {
        return slots;
    }

    public MongoOrderRepository orderRepository() {
        return orders;
    }

    public MongoStockLedger stockLedger() {
        return ledger;
    }

    public MongoStockThresholds stockThresholds() {
        return thresholds;
    }

    public MongoEventCheckpoints eventCheckpoints() {
        return checkpoints;
    }

    public MongoStockAlertLog stockAlertLog() {
        return alerts;
    }

    @Override
    public void installInto(Oms.Builder builder) {
        builder.catalog(catalog)
                .storeDirectory(stores)
                .slotDirectory(slots)
                .orderRepository(orders)
                .stockLedger(ledger)
                .stockThresholds(thresholds)
                .eventCheckpoints(checkpoints)
                .stockAlertLog(alerts);
    }
}
