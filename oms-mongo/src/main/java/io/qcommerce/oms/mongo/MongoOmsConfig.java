package io.qcommerce.oms.mongo;

import com.mongodb.WriteConcern;
import io.qcommerce.oms.common.ErrorCode;
import io.qcommerce.oms.common.OmsException;
import io.qcommerce.oms.common.Violation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the MongoDB adapters: an immutable value, checked once when built.
 *
 * <p>{@link #ofDefaults()} names the collections {@code oms_orders}, {@code oms_skus}, {@code oms_stores} and
 * {@code oms_slots} and writes with {@link WriteConcern#MAJORITY}, so an acknowledged order survives the loss of the
 * primary. Timeouts (server selection, socket read, {@code timeoutMS}) belong to the host's
 * {@code MongoClientSettings}: the adapters use the client they are given as it is.
 */
public final class MongoOmsConfig {
    /** The prefix of the default collection names. */
    public static final String DEFAULT_PREFIX = "oms_";

    private static final int MAX_COLLECTION_NAME_LENGTH = 120;

    private final String ordersCollection;
    private final String catalogCollection;
    private final String storesCollection;
    private final String slotsCollection;
    private final WriteConcern writeConcern;

    private MongoOmsConfig(Builder b) {
        this.ordersCollection = b.ordersCollection != null ? b.ordersCollection : b.prefix + "orders";
        this.catalogCollection = b.catalogCollection != null ? b.catalogCollection : b.prefix + "skus";
        this.storesCollection = b.storesCollection != null ? b.storesCollection : b.prefix + "stores";
        this.slotsCollection = b.slotsCollection != null ? b.slotsCollection : b.prefix + "slots";
        this.writeConcern = b.writeConcern;
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

    /** Every collection the adapters use: orders, catalog, stores, slots. */
    public List<String> collections() {
        return List.of(ordersCollection, catalogCollection, storesCollection, slotsCollection);
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
        return ordersCollection.equals(other.ordersCollection) && catalogCollection.equals(other.catalogCollection)
                && storesCollection.equals(other.storesCollection) && slotsCollection.equals(other.slotsCollection)
                && writeConcern.equals(other.writeConcern);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ordersCollection, catalogCollection, storesCollection, slotsCollection, writeConcern);
    }

    @Override
    public String toString() {
        return "MongoOmsConfig[orders=" + ordersCollection + ", catalog=" + catalogCollection + ", stores="
                + storesCollection + ", slots=" + slotsCollection + ", writeConcern="
                + writeConcern.asDocument().toJson() + "]";
    }

    public static final class Builder {
        private String prefix = DEFAULT_PREFIX;
        private String ordersCollection;
        private String catalogCollection;
        private String storesCollection;
        private String slotsCollection;
        private WriteConcern writeConcern = WriteConcern.MAJORITY;

        private Builder() {
        }

        /**
         * The prefix of the collection names not set one by one: {@code prefix + "orders"}, {@code "skus"},
         * {@code "stores"}, {@code "slots"}. Default {@value MongoOmsConfig#DEFAULT_PREFIX}; may be empty.
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
                problems.add(new Violation("writeConcern", "must be acknowledged, was "
                        + writeConcern.asDocument().toJson()));
            }
            String p = prefix == null ? "" : prefix;
            String orders = ordersCollection != null ? ordersCollection : p + "orders";
            String catalog = catalogCollection != null ? catalogCollection : p + "skus";
            String stores = storesCollection != null ? storesCollection : p + "stores";
            String slots = slotsCollection != null ? slotsCollection : p + "slots";
            checkName("ordersCollection", orders, problems);
            checkName("catalogCollection", catalog, problems);
            checkName("storesCollection", stores, problems);
            checkName("slotsCollection", slots, problems);
            // Each adapter owns its collection: sharing one would mix documents of different shapes under one
            // _id space and one set of indexes.
            if (new HashSet<>(List.of(orders, catalog, stores, slots)).size() < 4) {
                problems.add(new Violation("collections", "orders, catalog, stores and slots need four different "
                        + "collections, were " + orders + ", " + catalog + ", " + stores + ", " + slots));
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
            } else if (name.indexOf('$') >= 0 || name.indexOf('\0') >= 0 || name.startsWith("system.")
                    || name.startsWith(".") || name.endsWith(".")) {
                problems.add(new Violation(field, "is not a usable collection name: '" + name + "'"));
            }
        }
    }
}
