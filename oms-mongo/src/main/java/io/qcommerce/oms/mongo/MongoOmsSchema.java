package io.qcommerce.oms.mongo;

import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bson.BSONException;
import org.bson.BsonValue;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * The indexes the adapters rely on, made by an explicit call that a host runs at start (never by a constructor):
 * <pre>{@code MongoOmsSchema.createIndexes(database, config);}</pre>
 *
 * <table>
 *   <caption>Indexes</caption>
 *   <tr><th>collection</th><th>name</th><th>keys</th><th>serves</th></tr>
 *   <tr><td>orders</td><td>{@value #ORDERS_CUSTOMER_KEY}</td><td>customer, idempotencyKey (unique)</td>
 *       <td>one order per (customer, idempotency key)</td></tr>
 *   <tr><td>orders</td><td>{@value #ORDERS_STATUS_EXPIRY}</td><td>status, holdExpiresAt, _id</td>
 *       <td>the reconciler: orders awaiting payment whose hold lapsed</td></tr>
 *   <tr><td>orders</td><td>{@value #ORDERS_STORE_STATUS}</td><td>store, status, createdAt, _id</td>
 *       <td>a store's picking and packing queues</td></tr>
 *   <tr><td>orders</td><td>{@value #ORDERS_CUSTOMER_CREATED}</td><td>customer, createdAt desc, _id</td>
 *       <td>a customer's orders, newest first</td></tr>
 *   <tr><td>orders</td><td>{@value #ORDERS_STORE_CREATED}</td><td>store, createdAt, _id</td>
 *       <td>a store's orders of a period, page by page (reports, the rebuild of its counters)</td></tr>
 *   <tr><td>orders</td><td>{@value #ORDERS_FEED_PENDING}</td><td>feedPending (sparse)</td>
 *       <td>the orders whose events still need a feed position: only those carry the field</td></tr>
 *   <tr><td>order events</td><td>{@value #EVENTS_POS}</td><td>pos (unique)</td>
 *       <td>one event per feed position, and the feed in order</td></tr>
 *   <tr><td>order events</td><td>{@value #EVENTS_STORE_POS}</td><td>store, pos</td>
 *       <td>a store's feed in order</td></tr>
 *   <tr><td>stock alerts</td><td>{@value #ALERTS_POS}</td><td>pos (unique)</td>
 *       <td>one alert per log position, and the log in order</td></tr>
 *   <tr><td>stock alerts</td><td>{@value #ALERTS_STORE_POS}</td><td>store, pos</td>
 *       <td>a store's alerts in order</td></tr>
 *   <tr><td>stock alerts</td><td>{@value #ALERTS_STORE_SKU_SEQ}</td><td>store, sku, seq (descending)</td>
 *       <td>a SKU's latest alert, which decides the next</td></tr>
 *   <tr><td>stores</td><td>{@value #STORES_PINCODE}</td><td>pincodes (multikey), priority, _id</td>
 *       <td>the stores of a pincode in allocation order</td></tr>
 *   <tr><td>stores</td><td>{@value #STORES_PRIORITY}</td><td>priority, _id</td><td>every store in allocation order</td></tr>
 *   <tr><td>slots</td><td>{@value #SLOTS_STORE_DATE}</td><td>store, date, start</td>
 *       <td>a store's slots of a range of dates</td></tr>
 *   <tr><td>stock ledger</td><td>{@value #LEDGER_STORE_AT}</td><td>store, at, key</td>
 *       <td>a store's movements in time order, page by page</td></tr>
 *   <tr><td>stock ledger</td><td>{@value #LEDGER_STORE_RESOURCE}</td><td>store, resource, at, key</td>
 *       <td>the movements of one SKU or slot</td></tr>
 *   <tr><td>stock ledger</td><td>{@value #LEDGER_STORE_TYPE}</td><td>store, type, at, key</td>
 *       <td>the movements of some types ({@code $in}, merged in time order): the stock changes a rebuild adds
 *       up, without the far more numerous holds and sales</td></tr>
 *   <tr><td>stock thresholds</td><td>{@value #THRESHOLDS_STORE_SKU}</td><td>store, sku</td>
 *       <td>the thresholds of a store</td></tr>
 * </table>
 * The catalog is read by {@code _id} only, which MongoDB always indexes, as are the ledger positions (one per
 * store) and the event checkpoints (one per subscriber). An event's {@code _id} is its event id, unique like every
 * {@code _id}: with the unique {@code pos} it is what keeps several positioners from placing one event twice or
 * two events at one position; a stock alert's {@code _id} (its alert id) and unique {@code pos} do the same for
 * the alert log. Order ids are the orders' {@code _id}; a movement's {@code _id} is its store and key, which makes
 * recording it idempotent.
 *
 * <p>Without the unique index on the feed's {@code pos}, {@link MongoOrderRepository#positionEvents} could give
 * two events one position: run this before the first event is positioned.
 *
 * <p>Idempotent: running it again with the same definitions changes nothing. An index of the same name but other
 * keys or options (made by hand, or by an older version) is {@code INVALID_CONFIGURATION}, as is a unique index
 * that existing duplicate documents prevent; a server failure is {@code BACKEND_UNAVAILABLE}.
 */
public final class MongoOmsSchema {
    public static final String ORDERS_CUSTOMER_KEY = "oms_customer_idempotencyKey_unique";
    public static final String ORDERS_STATUS_EXPIRY = "oms_status_holdExpiresAt";
    public static final String ORDERS_STORE_STATUS = "oms_store_status_createdAt";
    public static final String ORDERS_CUSTOMER_CREATED = "oms_customer_createdAt";
    public static final String ORDERS_STORE_CREATED = "oms_store_createdAt";
    public static final String STORES_PINCODE = "oms_pincodes_priority";
    public static final String STORES_PRIORITY = "oms_priority";
    public static final String SLOTS_STORE_DATE = "oms_store_date_start";
    public static final String LEDGER_STORE_AT = "oms_store_at_key";
    public static final String LEDGER_STORE_RESOURCE = "oms_store_resource_at_key";
    public static final String LEDGER_STORE_TYPE = "oms_store_type_at_key";
    public static final String THRESHOLDS_STORE_SKU = "oms_store_sku";
    public static final String ORDERS_FEED_PENDING = "oms_feedPending";
    public static final String EVENTS_POS = "oms_pos_unique";
    public static final String EVENTS_STORE_POS = "oms_store_pos";
    public static final String ALERTS_POS = "oms_alert_pos_unique";
    public static final String ALERTS_STORE_POS = "oms_alert_store_pos";
    public static final String ALERTS_STORE_SKU_SEQ = "oms_alert_store_sku_seq";

    /** Server codes of an index that exists under the name with another definition, or of duplicate keys. */
    private static final Set<Integer> CONFLICTS = Set.of(85, 86, 11000);

    private MongoOmsSchema() {}

    /**
     * Creates every index of the adapters' collections that is missing, and returns the names of all of them by
     * collection. Collections that do not exist yet are created.
     */
    public static Map<String, List<String>> createIndexes(MongoDatabase database, MongoOmsConfig config) {
        Checks.notNull(database, "database");
        Checks.notNull(config, "config");
        Map<String, List<String>> made = new LinkedHashMap<>();
        for (Map.Entry<String, List<IndexModel>> entry : definitions(config).entrySet()) {
            String collection = entry.getKey();
            List<IndexModel> indexes = entry.getValue();
            MongoCollection<Document> target =
                    database.getCollection(collection).withWriteConcern(config.writeConcern());
            String operation = "create indexes of " + collection;
            try {
                made.put(collection, List.copyOf(target.createIndexes(indexes)));
            } catch (MongoServerException e) {
                if (CONFLICTS.contains(e.getCode())) {
                    throw conflict(operation, collection, e.getMessage(), e);
                }
                throw MongoErrors.onWrite(operation, e);
            } catch (MongoException | BSONException e) {
                throw MongoErrors.onWrite(operation, e);
            }
            // MongoDB refuses a same-named index with other keys; check anyway, as not every server does.
            List<Document> present = MongoErrors.read(
                    "list indexes of " + collection, () -> target.listIndexes().into(new ArrayList<>()));
            for (IndexModel index : indexes) {
                String name = nameOf(index);
                for (Document existing : present) {
                    if (name.equals(existing.get("name")) && !sameDefinition(index, existing)) {
                        throw conflict(
                                operation, collection, "index " + name + " exists as " + existing.toJson(), null);
                    }
                }
            }
        }
        return made;
    }

    /** The name every index of {@link #definitions} is given (the driver's option itself may be unset). */
    private static String nameOf(IndexModel index) {
        return Objects.requireNonNull(index.getOptions().getName(), "index name");
    }

    private static OmsException conflict(
            String operation, String collection, @Nullable String why, @Nullable Throwable cause) {
        return new OmsException(
                ErrorCode.INVALID_CONFIGURATION,
                operation + ": " + why + " (drop or rename the conflicting index, or remove the duplicate documents)",
                List.of(),
                Map.of("collection", collection),
                cause);
    }

    /** Same keys in the same order, and the same uniqueness. */
    private static boolean sameDefinition(IndexModel wanted, Document existing) {
        Object key = existing.get("key");
        if (!(key instanceof Document)) {
            return false;
        }
        List<Map.Entry<String, Integer>> want = new ArrayList<>();
        for (Map.Entry<String, BsonValue> e : wanted.getKeys().toBsonDocument().entrySet()) {
            want.add(Map.entry(e.getKey(), e.getValue().asNumber().intValue()));
        }
        List<Map.Entry<String, Integer>> have = new ArrayList<>();
        for (Map.Entry<String, Object> e : ((Document) key).entrySet()) {
            if (!(e.getValue() instanceof Number)) {
                return false;
            }
            have.add(Map.entry(e.getKey(), ((Number) e.getValue()).intValue()));
        }
        boolean unique = Boolean.TRUE.equals(existing.get("unique"));
        boolean sparse = Boolean.TRUE.equals(existing.get("sparse"));
        return want.equals(have)
                && unique == wanted.getOptions().isUnique()
                && sparse == wanted.getOptions().isSparse();
    }

    /**
     * The names of the adapters' indexes that are missing from the database, by collection; empty when every one
     * is there. A read-only check for a host's health endpoint.
     */
    public static Map<String, List<String>> missingIndexes(MongoDatabase database, MongoOmsConfig config) {
        Checks.notNull(database, "database");
        Checks.notNull(config, "config");
        Map<String, List<String>> missing = new LinkedHashMap<>();
        for (Map.Entry<String, List<IndexModel>> entry : definitions(config).entrySet()) {
            String collection = entry.getKey();
            List<Document> present = MongoErrors.read(
                    "list indexes of " + collection,
                    () -> database.getCollection(collection).listIndexes().into(new ArrayList<>()));
            List<String> absent = new ArrayList<>();
            for (IndexModel index : entry.getValue()) {
                String name = nameOf(index);
                if (present.stream().noneMatch(d -> name.equals(d.get("name")))) {
                    absent.add(name);
                }
            }
            if (!absent.isEmpty()) {
                missing.put(collection, List.copyOf(absent));
            }
        }
        return missing;
    }

    private static Map<String, List<IndexModel>> definitions(MongoOmsConfig config) {
        Map<String, List<IndexModel>> all = new LinkedHashMap<>();
        all.put(
                config.ordersCollection(),
                List.of(
                        new IndexModel(
                                Indexes.ascending(OrderMapping.CUSTOMER, OrderMapping.IDEMPOTENCY_KEY),
                                new IndexOptions().name(ORDERS_CUSTOMER_KEY).unique(true)),
                        new IndexModel(
                                Indexes.ascending(OrderMapping.STATUS, OrderMapping.HOLD_EXPIRES_AT, OrderMapping.ID),
                                new IndexOptions().name(ORDERS_STATUS_EXPIRY)),
                        new IndexModel(
                                Indexes.ascending(
                                        OrderMapping.STORE,
                                        OrderMapping.STATUS,
                                        OrderMapping.CREATED_AT,
                                        OrderMapping.ID),
                                new IndexOptions().name(ORDERS_STORE_STATUS)),
                        new IndexModel(
                                Indexes.compoundIndex(
                                        Indexes.ascending(OrderMapping.CUSTOMER),
                                        Indexes.descending(OrderMapping.CREATED_AT),
                                        Indexes.ascending(OrderMapping.ID)),
                                new IndexOptions().name(ORDERS_CUSTOMER_CREATED)),
                        new IndexModel(
                                Indexes.ascending(OrderMapping.STORE, OrderMapping.CREATED_AT, OrderMapping.ID),
                                new IndexOptions().name(ORDERS_STORE_CREATED)),
                        // Sparse: the flag is unset once an order's events are all positioned, so the index holds
                        // only the few orders positionEvents has work on.
                        new IndexModel(
                                Indexes.ascending(OrderMapping.FEED_PENDING),
                                new IndexOptions().name(ORDERS_FEED_PENDING).sparse(true))));
        all.put(
                config.orderEventsCollection(),
                List.of(
                        new IndexModel(
                                Indexes.ascending(EventMapping.POS),
                                new IndexOptions().name(EVENTS_POS).unique(true)),
                        new IndexModel(
                                Indexes.ascending(EventMapping.STORE, EventMapping.POS),
                                new IndexOptions().name(EVENTS_STORE_POS))));
        all.put(
                config.stockAlertsCollection(),
                List.of(
                        new IndexModel(
                                Indexes.ascending(MongoStockAlertLog.POS),
                                new IndexOptions().name(ALERTS_POS).unique(true)),
                        new IndexModel(
                                Indexes.ascending(MongoStockAlertLog.STORE, MongoStockAlertLog.POS),
                                new IndexOptions().name(ALERTS_STORE_POS)),
                        new IndexModel(
                                Indexes.compoundIndex(
                                        Indexes.ascending(MongoStockAlertLog.STORE, MongoStockAlertLog.SKU),
                                        Indexes.descending(MongoStockAlertLog.SEQ)),
                                new IndexOptions().name(ALERTS_STORE_SKU_SEQ))));
        all.put(
                config.storesCollection(),
                List.of(
                        new IndexModel(
                                Indexes.ascending(StoreMapping.PINCODES, StoreMapping.PRIORITY, StoreMapping.ID),
                                new IndexOptions().name(STORES_PINCODE)),
                        new IndexModel(
                                Indexes.ascending(StoreMapping.PRIORITY, StoreMapping.ID),
                                new IndexOptions().name(STORES_PRIORITY))));
        // Equality on the store, then the range on the date: a listing reads only the entries of the days it asks
        // for, however many days a store has planned. The few slots found are then sorted by start.
        all.put(
                config.slotsCollection(),
                List.of(new IndexModel(
                        Indexes.ascending(SlotMapping.STORE, SlotMapping.DATE, SlotMapping.START),
                        new IndexOptions().name(SLOTS_STORE_DATE))));
        // Equality first (store; then resource or type), then the sort keys: a page is read in order from the
        // index, and the cursor (at, key) is a range on it.
        all.put(
                config.stockLedgerCollection(),
                List.of(
                        new IndexModel(
                                Indexes.ascending(MovementMapping.STORE, MovementMapping.AT, MovementMapping.KEY),
                                new IndexOptions().name(LEDGER_STORE_AT)),
                        new IndexModel(
                                Indexes.ascending(
                                        MovementMapping.STORE,
                                        MovementMapping.RESOURCE,
                                        MovementMapping.AT,
                                        MovementMapping.KEY),
                                new IndexOptions().name(LEDGER_STORE_RESOURCE)),
                        new IndexModel(
                                Indexes.ascending(
                                        MovementMapping.STORE,
                                        MovementMapping.TYPE,
                                        MovementMapping.AT,
                                        MovementMapping.KEY),
                                new IndexOptions().name(LEDGER_STORE_TYPE))));
        all.put(
                config.stockThresholdsCollection(),
                List.of(new IndexModel(
                        Indexes.ascending(MongoStockThresholds.STORE, MongoStockThresholds.SKU),
                        new IndexOptions().name(THRESHOLDS_STORE_SKU))));
        return all;
    }
}
