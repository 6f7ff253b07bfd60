package io.qcommerce.oms.mongo;

import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.BSONException;
import org.bson.BsonValue;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * The indexes the adapters rely on, made by an explicit deploy step (never by a constructor, and not by every
 * instance at start), which a start-up only checks:
 * <pre>{@code
 * MongoOmsSchema.deploy(database, config, Duration.ofMinutes(10));    // the deploy step: idempotent
 * MongoOmsSchema.SchemaCheck check = MongoOmsSchema.check(database, config);   // at start: read-only, report it
 * }</pre>
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
 *   <tr><td>skus</td><td>{@value #SKUS_CATEGORY}</td><td>category, _id</td><td>a category's SKUs, by id</td></tr>
 *   <tr><td>skus</td><td>{@value #SKUS_BRAND}</td><td>brand, _id</td><td>a brand's SKUs, by id</td></tr>
 *   <tr><td>stock thresholds</td><td>{@value #THRESHOLDS_STORE_SKU}</td><td>store, sku</td>
 *       <td>the thresholds of a store</td></tr>
 * </table>
 * The catalog is read by {@code _id} (a cart, the whole catalog's listing), which MongoDB always indexes, as are the ledger positions (one per
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
    public static final String SKUS_CATEGORY = "oms_category_id";
    public static final String SKUS_BRAND = "oms_brand_id";

    /** Server codes of an index that exists under the name with another definition, or of duplicate keys. */
    private static final Set<Integer> CONFLICTS = Set.of(85, 86, 11000);

    private MongoOmsSchema() {}

    /** How long {@link #createIndexes} lets {@link #deploy} wait for the index builds. */
    public static final Duration DEFAULT_DEPLOY_TIMEOUT = Duration.ofMinutes(10);

    /** Index options whose presence on an existing index makes it another index than ours (we set none of them). */
    private static final List<String> FOREIGN_OPTIONS = List.of(
            "partialFilterExpression", "collation", "expireAfterSeconds", "hidden", "weights", "2dsphereIndexVersion");

    /**
     * Deploys the schema: creates every index of the adapters' collections that is missing, and returns the names of
     * all of them by collection; collections that do not exist yet are created. An explicit, idempotent deploy step
     * (a migration job, an admin endpoint), not something every instance runs at start: on a replica set an index
     * build waits for every voting member, which can take far longer than an application's timeouts.
     *
     * <p>Everything is read from the primary with read concern {@code local} and sent with its own client-side
     * operation timeout {@code timeout} (the driver's {@code timeoutMS}, which replaces the client's socket timeouts
     * for these calls), so a client tuned for 5 s requests can still deploy. An existing index of one of our names is
     * compared with ours, keys and options ({@code unique}, {@code sparse}, and none of a partial filter, collation,
     * TTL or hidden flag): another definition is {@code INVALID_CONFIGURATION}, never silently kept, as is a unique
     * index that existing duplicates prevent. A build that outlives {@code timeout} is {@code OUTCOME_UNKNOWN}: it may
     * still finish on the server; run this again, which creates only what is still missing.
     */
    public static Map<String, List<String>> deploy(MongoDatabase database, MongoOmsConfig config, Duration timeout) {
        Checks.notNull(database, "database");
        Checks.notNull(config, "config");
        Checks.notNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "timeout", "must be positive, was " + timeout);
        }
        MongoDatabase primary = database.withReadPreference(ReadPreference.primary())
                .withReadConcern(ReadConcern.LOCAL)
                .withWriteConcern(withoutWTimeout(config.writeConcern()))
                .withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (Map.Entry<String, List<IndexModel>> entry : definitions(config).entrySet()) {
            String collection = entry.getKey();
            List<IndexModel> indexes = entry.getValue();
            MongoCollection<Document> target = primary.getCollection(collection);
            String operation = "deploy the indexes of " + collection;
            List<Document> present = listIndexes(target, collection);
            List<IndexModel> missing = new ArrayList<>();
            for (IndexModel index : indexes) {
                Document existing = named(present, nameOf(index));
                if (existing == null) {
                    missing.add(index);
                } else if (!sameDefinition(index, existing)) {
                    throw conflict(
                            operation, collection, "index " + nameOf(index) + " exists as " + existing.toJson(), null);
                }
            }
            if (!missing.isEmpty()) {
                try {
                    target.createIndexes(missing);
                } catch (MongoServerException e) {
                    if (CONFLICTS.contains(e.getCode())) {
                        throw conflict(operation, collection, e.getMessage(), e);
                    }
                    throw MongoErrors.onWrite(operation, e);
                } catch (MongoException | BSONException e) {
                    throw MongoErrors.onWrite(operation, e);
                }
                // MongoDB refuses a same-named index with other keys; check what was made, as not every server does.
                List<Document> made = listIndexes(target, collection);
                for (IndexModel index : missing) {
                    Document existing = named(made, nameOf(index));
                    if (existing == null || !sameDefinition(index, existing)) {
                        throw conflict(
                                operation,
                                collection,
                                "index " + nameOf(index) + " is " + (existing == null ? "missing" : existing.toJson())
                                        + " after creating it",
                                null);
                    }
                }
            }
            all.put(collection, indexes.stream().map(MongoOmsSchema::nameOf).toList());
        }
        return all;
    }

    /**
     * {@link #deploy} with {@link #DEFAULT_DEPLOY_TIMEOUT}: for tests and for a deploy step that accepts the default.
     */
    public static Map<String, List<String>> createIndexes(MongoDatabase database, MongoOmsConfig config) {
        return deploy(database, config, DEFAULT_DEPLOY_TIMEOUT);
    }

    /**
     * What an instance checks at start, read-only and from the primary: the indexes that are missing and those of
     * our names that have another definition, by collection. It changes nothing; a host reports it (a log line, a
     * health indicator) and runs {@link #deploy} as a deploy step. Without the unique indexes two orders with one
     * key could both be stored, and {@link MongoOrderRepository#positionEvents} refuses to run.
     */
    public static SchemaCheck check(MongoDatabase database, MongoOmsConfig config) {
        Checks.notNull(database, "database");
        Checks.notNull(config, "config");
        MongoDatabase primary =
                database.withReadPreference(ReadPreference.primary()).withReadConcern(ReadConcern.LOCAL);
        Map<String, List<String>> missing = new LinkedHashMap<>();
        Map<String, List<String>> different = new LinkedHashMap<>();
        for (Map.Entry<String, List<IndexModel>> entry : definitions(config).entrySet()) {
            String collection = entry.getKey();
            List<Document> present = listIndexes(primary.getCollection(collection), collection);
            List<String> absent = new ArrayList<>();
            List<String> other = new ArrayList<>();
            for (IndexModel index : entry.getValue()) {
                Document existing = named(present, nameOf(index));
                if (existing == null) {
                    absent.add(nameOf(index));
                } else if (!sameDefinition(index, existing)) {
                    other.add(nameOf(index));
                }
            }
            if (!absent.isEmpty()) {
                missing.put(collection, List.copyOf(absent));
            }
            if (!other.isEmpty()) {
                different.put(collection, List.copyOf(other));
            }
        }
        return new SchemaCheck(missing, different);
    }

    /**
     * The answer of {@link #check}: by collection, the names of our indexes that are missing and of those that exist
     * with another definition.
     */
    public record SchemaCheck(Map<String, List<String>> missing, Map<String, List<String>> different) {
        public SchemaCheck {
            missing = Map.copyOf(missing);
            different = Map.copyOf(different);
        }

        /** True when every index is there as defined. */
        public boolean isDeployed() {
            return missing.isEmpty() && different.isEmpty();
        }
    }

    private static List<Document> listIndexes(MongoCollection<Document> collection, String name) {
        return MongoErrors.read(
                "list indexes of " + name, () -> collection.listIndexes().into(new ArrayList<>()));
    }

    private static @Nullable Document named(List<Document> indexes, String name) {
        for (Document d : indexes) {
            if (name.equals(d.get("name"))) {
                return d;
            }
        }
        return null;
    }

    /**
     * The write concern without its {@code wtimeout}: under a client-side operation timeout the driver bounds the
     * wait itself, and an index build's majority wait must not be cut at an application write's 5 s.
     */
    private static WriteConcern withoutWTimeout(WriteConcern concern) {
        Object w = concern.getWObject();
        WriteConcern plain = w instanceof String
                ? new WriteConcern((String) w)
                : w instanceof Integer ? new WriteConcern((Integer) w) : WriteConcern.ACKNOWLEDGED;
        Boolean journal = concern.getJournal();
        return journal == null ? plain : plain.withJournal(journal);
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

    /** Same keys in the same order, the same uniqueness and sparseness, and no option we do not set. */
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
        for (String option : FOREIGN_OPTIONS) {
            if (existing.containsKey(option) && !Boolean.FALSE.equals(existing.get(option))) {
                return false;
            }
        }
        return want.equals(have)
                && unique == wanted.getOptions().isUnique()
                && sparse == wanted.getOptions().isSparse();
    }

    /**
     * The names of the adapters' indexes that are missing from the database, by collection; empty when every one
     * is there. Read-only, from the primary; {@link #check} also reports indexes defined otherwise.
     */
    public static Map<String, List<String>> missingIndexes(MongoDatabase database, MongoOmsConfig config) {
        return check(database, config).missing();
    }

    /**
     * The shard key each collection is written for, should it be sharded (key pattern by collection name); a
     * collection not in the map must stay unsharded. Every single-document write names these fields with equality
     * in its filter (an insert carries them in its document), so a sharded cluster of MongoDB 6.0 to 8.0 routes
     * each write to one shard, and a status change's {@code findOneAndUpdate}, which 6.0 and 7.0 refuse without
     * the shard key, is accepted:
     * <ul>
     *   <li>orders: {@code {customer: 1}}. The unique index {customer, idempotencyKey} has it as prefix, as a
     *       unique index of a sharded collection must; an order's {@code _id} derives from (customer, key), so it
     *       always lands on its customer's shard and stays unique. A status change names the customer (known
     *       from the order read before, else read once by id).</li>
     *   <li>stock ledger, slots, stock thresholds: {@code {store: 1, _id: 1}}. Every query names one store, so
     *       it goes to the shards of that store only; the {@code _id} (which embeds the store for movements and
     *       thresholds) keeps a busy store's chunks splittable, and one {@code _id} always has one shard key value,
     *       so per-shard {@code _id} uniqueness is global uniqueness.</li>
     *   <li>catalog: {@code {_id: "hashed"}}: read and written by id only.</li>
     * </ul>
     * Unsharded: the order events and the stock alerts (their two unique keys, {@code _id} and {@code pos}, cannot
     * both be prefixed by one shard key, and positioning relies on both), stores (few; queried by pincode), event checkpoints and
     * ledger positions (one document per subscriber or store).
     */
    public static Map<String, Document> shardKeys(MongoOmsConfig config) {
        Checks.notNull(config, "config");
        Map<String, Document> keys = new LinkedHashMap<>();
        keys.put(config.ordersCollection(), new Document(OrderMapping.CUSTOMER, 1));
        keys.put(config.stockLedgerCollection(), new Document(MovementMapping.STORE, 1).append(MovementMapping.ID, 1));
        keys.put(config.slotsCollection(), new Document(SlotMapping.STORE, 1).append(SlotMapping.ID, 1));
        keys.put(
                config.stockThresholdsCollection(),
                new Document(MongoStockThresholds.STORE, 1).append(MongoStockThresholds.ID, 1));
        keys.put(config.catalogCollection(), new Document(SkuMapping.ID, "hashed"));
        return java.util.Collections.unmodifiableMap(keys);
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
        // Equality on the category or brand, then the id: a listing page is read in id order from its cursor.
        all.put(
                config.catalogCollection(),
                List.of(
                        new IndexModel(
                                Indexes.ascending(SkuMapping.CATEGORY, SkuMapping.ID),
                                new IndexOptions().name(SKUS_CATEGORY)),
                        new IndexModel(
                                Indexes.ascending(SkuMapping.BRAND, SkuMapping.ID),
                                new IndexOptions().name(SKUS_BRAND))));
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
