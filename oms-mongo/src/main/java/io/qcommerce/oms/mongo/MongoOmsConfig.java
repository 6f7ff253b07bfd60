package io.qcommerce.oms.mongo;

import com.mongodb.WriteConcern;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.error.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the MongoDB adapters: an immutable value, checked once when built.
 *
 * <p>{@link #ofDefaults()} names the collections {@code oms_orders}, {@code oms_skus}, {@code oms_stores},
 * {@code oms_slots}, {@code oms_stock_ledger}, {@code oms_stock_ledger_positions}, {@code oms_stock_thresholds},
 * {@code oms_order_events}, {@code oms_event_checkpoints} and {@code oms_stock_alerts},
 * and writes with {@link WriteConcern#MAJORITY}, so an acknowledged order or stock movement survives the loss of the
 * primary. Every adapter has collections of its own: no two settings may name the same collection. Timeouts
 * (server selection, socket read, {@code timeoutMS}) belong to the host's {@code MongoClientSettings}: the adapters
 * use the client they are given as it is.
 */
public final class MongoOmsConfig {
    /** The prefix of the default collection names. */
    public static final String DEFAULT_PREFIX = "oms_";

    private static final int MAX_COLLECTION_NAME_LENGTH = 120;

    private final String ordersCollection;
    private final String catalogCollection;
    private final String storesCollection;
    private final String slotsCollection;
    private final String stockLedgerCollection;
    private final String ledgerPositionsCollection;
    private final String stockThresholdsCollection;
    private final String orderEventsCollection;
    private final String eventCheckpointsCollection;
    private final String stockAlertsCollection;
    private final WriteConcern writeConcern;

    private MongoOmsConfig(Builder b) {
        Map<String, String> names = b.names();
        this.ordersCollection = name(names, "ordersCollection");
        this.catalogCollection = name(names, "catalogCollection");
        this.storesCollection = name(names, "storesCollection");
        this.slotsCollection = name(names, "slotsCollection");
        this.stockLedgerCollection = name(names, "stockLedgerCollection");
        this.ledgerPositionsCollection = name(names, "ledgerPositionsCollection");
        this.stockThresholdsCollection = name(names, "stockThresholdsCollection");
        this.orderEventsCollection = name(names, "orderEventsCollection");
        this.eventCheckpointsCollection = name(names, "eventCheckpointsCollection");
        this.stockAlertsCollection = name(names, "stockAlertsCollection");
        this.writeConcern = b.writeConcern;
    }

    /** One of the names {@link Builder#names()} always gives. */
    private static String name(Map<String, String> names, String key) {
        return java.util.Objects.requireNonNull(names.get(key), key);
    }

    public static MongoOmsConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The collection of orders, one document per order. Default {@code oms_orders}. */
    public String ordersCollection() {
        return ordersCollection;
    }

    /** The collection of SKUs, one document per SKU. Default {@code oms_skus}. */
    public String catalogCollection() {
        return catalogCollection;
    }

    /** The collection of dark stores, one document per store. Default {@code oms_stores}. */
    public String storesCollection() {
        return storesCollection;
    }

    /** The collection of delivery slots, one document per slot. Default {@code oms_slots}. */
    public String slotsCollection() {
        return slotsCollection;
    }

    /** The stock ledger's movements, one document per (store, movement key). Default {@code oms_stock_ledger}. */
    public String stockLedgerCollection() {
        return stockLedgerCollection;
    }

    /**
     * How far each store's movements have been shipped from the inventory lock to the ledger, one document per store.
     * Default {@code oms_stock_ledger_positions}.
     */
    public String ledgerPositionsCollection() {
        return ledgerPositionsCollection;
    }

    /**
     * Low-stock thresholds, one document per (store, SKU) and one per store default. Default
     * {@code oms_stock_thresholds}.
     */
    public String stockThresholdsCollection() {
        return stockThresholdsCollection;
    }

    /**
     * The order event feed, one document per positioned event (see {@link MongoOrderRepository}). Default
     * {@code oms_order_events}.
     */
    public String orderEventsCollection() {
        return orderEventsCollection;
    }

    /** The event subscribers' checkpoints, one document per subscriber. Default {@code oms_event_checkpoints}. */
    public String eventCheckpointsCollection() {
        return eventCheckpointsCollection;
    }

    /**
     * The stock alert log, one document per alert (see {@link MongoStockAlertLog}). Default
     * {@code oms_stock_alerts}.
     */
    public String stockAlertsCollection() {
        return stockAlertsCollection;
    }

    /**
     * Every collection the adapters use: orders, catalog, stores, slots, ledger, ledger positions, thresholds, order
     * events, event checkpoints, stock alerts.
     */
    public List<String> collections() {
        return List.of(
                ordersCollection,
                catalogCollection,
                storesCollection,
                slotsCollection,
                stockLedgerCollection,
                ledgerPositionsCollection,
                stockThresholdsCollection,
                orderEventsCollection,
                eventCheckpointsCollection,
                stockAlertsCollection);
    }

    /** The write concern of every write. Default {@link WriteConcern#MAJORITY}; never unacknowledged. */
    public WriteConcern writeConcern() {
        return writeConcern;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.ordersCollection = ordersCollection;
        b.catalogCollection = catalogCollection;
        b.storesCollection = storesCollection;
        b.slotsCollection = slotsCollection;
        b.stockLedgerCollection = stockLedgerCollection;
        b.ledgerPositionsCollection = ledgerPositionsCollection;
        b.stockThresholdsCollection = stockThresholdsCollection;
        b.orderEventsCollection = orderEventsCollection;
        b.eventCheckpointsCollection = eventCheckpointsCollection;
        b.stockAlertsCollection = stockAlertsCollection;
        b.writeConcern = writeConcern;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MongoOmsConfig)) {
            return false;
        }
        MongoOmsConfig other = (MongoOmsConfig) o;
        return collections().equals(other.collections()) && writeConcern.equals(other.writeConcern);
    }

    @Override
    public int hashCode() {
        return Objects.hash(collections(), writeConcern);
    }

    @Override
    public String toString() {
        return "MongoOmsConfig[orders=" + ordersCollection + ", catalog=" + catalogCollection + ", stores="
                + storesCollection + ", slots=" + slotsCollection + ", stockLedger=" + stockLedgerCollection
                + ", ledgerPositions=" + ledgerPositionsCollection + ", stockThresholds=" + stockThresholdsCollection
                + ", orderEvents=" + orderEventsCollection + ", eventCheckpoints=" + eventCheckpointsCollection
                + ", stockAlerts=" + stockAlertsCollection + ", writeConcern="
                + writeConcern.asDocument().toJson() + "]";
    }

    public static final class Builder {
        private String prefix = DEFAULT_PREFIX;
        private @Nullable String ordersCollection;
        private @Nullable String catalogCollection;
        private @Nullable String storesCollection;
        private @Nullable String slotsCollection;
        private @Nullable String stockLedgerCollection;
        private @Nullable String ledgerPositionsCollection;
        private @Nullable String stockThresholdsCollection;
        private @Nullable String orderEventsCollection;
        private @Nullable String eventCheckpointsCollection;
        private @Nullable String stockAlertsCollection;
        private WriteConcern writeConcern = WriteConcern.MAJORITY;

        private Builder() {}

        /**
         * The prefix of the collection names not set one by one: {@code prefix + "orders"}, {@code "skus"},
         * {@code "stores"}, {@code "slots"}, {@code "stock_ledger"}, {@code "stock_ledger_positions"},
         * {@code "stock_thresholds"}, {@code "order_events"}, {@code "event_checkpoints"}, {@code "stock_alerts"}. Default {@value MongoOmsConfig#DEFAULT_PREFIX}; may be empty.
         */
        public Builder collectionPrefix(String value) {
            this.prefix = value;
            return this;
        }

        public Builder ordersCollection(String name) {
            this.ordersCollection = name;
            return this;
        }

        public Builder catalogCollection(String name) {
            this.catalogCollection = name;
            return this;
        }

        public Builder storesCollection(String name) {
            this.storesCollection = name;
            return this;
        }

        public Builder slotsCollection(String name) {
            this.slotsCollection = name;
            return this;
        }

        public Builder stockLedgerCollection(String name) {
            this.stockLedgerCollection = name;
            return this;
        }

        public Builder ledgerPositionsCollection(String name) {
            this.ledgerPositionsCollection = name;
            return this;
        }

        public Builder stockThresholdsCollection(String name) {
            this.stockThresholdsCollection = name;
            return this;
        }

        public Builder orderEventsCollection(String name) {
            this.orderEventsCollection = name;
            return this;
        }

        public Builder eventCheckpointsCollection(String name) {
            this.eventCheckpointsCollection = name;
            return this;
        }

        public Builder stockAlertsCollection(String name) {
            this.stockAlertsCollection = name;
            return this;
        }

        /** The collection name of each setting, in the order of {@link MongoOmsConfig#collections()}. */
        private Map<String, String> names() {
            String p = prefix == null ? "" : prefix;
            Map<String, String> names = new LinkedHashMap<>();
            names.put("ordersCollection", ordersCollection != null ? ordersCollection : p + "orders");
            names.put("catalogCollection", catalogCollection != null ? catalogCollection : p + "skus");
            names.put("storesCollection", storesCollection != null ? storesCollection : p + "stores");
            names.put("slotsCollection", slotsCollection != null ? slotsCollection : p + "slots");
            names.put(
                    "stockLedgerCollection",
                    stockLedgerCollection != null ? stockLedgerCollection : p + "stock_ledger");
            names.put(
                    "ledgerPositionsCollection",
                    ledgerPositionsCollection != null ? ledgerPositionsCollection : p + "stock_ledger_positions");
            names.put(
                    "stockThresholdsCollection",
                    stockThresholdsCollection != null ? stockThresholdsCollection : p + "stock_thresholds");
            names.put(
                    "orderEventsCollection",
                    orderEventsCollection != null ? orderEventsCollection : p + "order_events");
            names.put(
                    "eventCheckpointsCollection",
                    eventCheckpointsCollection != null ? eventCheckpointsCollection : p + "event_checkpoints");
            names.put(
                    "stockAlertsCollection",
                    stockAlertsCollection != null ? stockAlertsCollection : p + "stock_alerts");
            return names;
        }

        /**
         * The write concern of every write. It must be acknowledged: the unique indexes and the
         * compare-and-set of a status change are only as good as the answer the server sends back.
         */
        public Builder writeConcern(WriteConcern value) {
            this.writeConcern = value;
            return this;
        }

        /** Checks every setting; {@code INVALID_CONFIGURATION} names each one that is wrong. */
        public MongoOmsConfig build() {
            List<Violation> problems = new ArrayList<>();
            if (prefix == null) {
                problems.add(new Violation("collectionPrefix", "must not be null"));
            }
            if (writeConcern == null) {
                problems.add(new Violation("writeConcern", "must not be null"));
            } else if (!writeConcern.isAcknowledged()) {
                problems.add(new Violation(
                        "writeConcern",
                        "must be acknowledged, was " + writeConcern.asDocument().toJson()));
            }
            Map<String, String> names = names();
            names.forEach((field, name) -> checkName(field, name, problems));
            // Each adapter owns its collections: sharing one would mix documents of different shapes under one
            // _id space and one set of indexes.
            Map<String, List<String>> settingsOfName = new LinkedHashMap<>();
            names.forEach((field, name) ->
                    settingsOfName.computeIfAbsent(name, n -> new ArrayList<>()).add(field));
            List<String> shared = new ArrayList<>();
            settingsOfName.forEach((name, fields) -> {
                if (fields.size() > 1) {
                    shared.add("'" + name + "' by " + String.join(" and ", fields));
                }
            });
            if (!shared.isEmpty()) {
                problems.add(new Violation(
                        "collections",
                        "every setting needs a collection of its own; named twice: " + String.join("; ", shared)));
            }
            if (!problems.isEmpty()) {
                throw OmsException.invalid(ErrorCode.INVALID_CONFIGURATION, problems);
            }
            return new MongoOmsConfig(this);
        }

        private static void checkName(String field, String name, List<Violation> problems) {
            if (name == null || name.isEmpty()) {
                problems.add(new Violation(field, "must not be empty"));
            } else if (name.length() > MAX_COLLECTION_NAME_LENGTH) {
                problems.add(new Violation(field, "must have at most " + MAX_COLLECTION_NAME_LENGTH + " characters"));
            } else if (name.indexOf('$') >= 0
                    || name.indexOf('\0') >= 0
                    || name.startsWith("system.")
                    || name.startsWith(".")
                    || name.endsWith(".")) {
                problems.add(new Violation(field, "is not a usable collection name: '" + name + "'"));
            }
        }
    }
}
