package io.qcommerce.oms.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;

import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.spi.StockThresholds;
import io.qcommerce.oms.store.StoreId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StockThresholds} on MongoDB: one document per threshold, in one collection.
 * <pre>
 * { _id: "BLR-1/MILK-1L", store: "BLR-1", sku: "MILK-1L", units: int64 }   // a SKU's own threshold in a store
 * { _id: "BLR-1/*",       store: "BLR-1",                 units: int64 }   // the store's default
 * </pre>
 * Ids hold neither {@code '/'} nor {@code '*'}, so no threshold can take another's {@code _id}.
 *
 * <p><b>Guarantees.</b> {@link #set} and {@link #setStoreDefault} are one upsert by {@code _id} each: the last
 * write wins, and a repeat changes nothing more. {@link #clear} is one delete by {@code _id}; clearing a threshold
 * that is not set does nothing. The units are checked with {@link StockThresholds#checkUnits} before anything is
 * sent: a bad value is {@code INVALID_QUANTITY} and changes nothing. {@link #ofStore} is one query on the index
 * {@value MongoOmsSchema#THRESHOLDS_STORE_SKU}.
 *
 * <p><b>Errors.</b> Driver failures are translated as by every adapter of this module ({@code BACKEND_UNAVAILABLE},
 * {@code OUTCOME_UNKNOWN}; a write is safe to repeat). A stored threshold that cannot be read (units missing, not a
 * whole number, or outside 0 to {@code MAX_UNITS}) is {@code DATA_CORRUPTED} from {@link #find} and
 * {@link #storeDefault}, and is logged and left out of {@link #ofStore}, so one damaged entry does not silence the
 * store's other thresholds.
 *
 * <p>Reads and writes go to the primary; writes use the configured write concern. Thread-safe; the constructor does
 * no I/O; the caller owns the client.
 */
public final class MongoStockThresholds implements StockThresholds {
    private static final Logger LOG = LoggerFactory.getLogger(MongoStockThresholds.class);
    static final String ID = "_id";
    static final String STORE = "store";
    static final String SKU = "sku";
    static final String UNITS = "units";
    /** What stands for the SKU in the {@code _id} of a store's default. */
    private static final String ANY_SKU = "*";

    private final MongoCollection<Document> thresholds;
    private final String collectionName;

    /** The thresholds on the default collection ({@code oms_stock_thresholds}) with majority writes. */
    public MongoStockThresholds(MongoDatabase database) {
        this(database, MongoOmsConfig.ofDefaults());
    }

    public MongoStockThresholds(MongoDatabase database, MongoOmsConfig config) {
        Checks.notNull(database, "database");
        Checks.notNull(config, "config");
        this.collectionName = config.stockThresholdsCollection();
        this.thresholds = database.getCollection(collectionName)
                .withWriteConcern(config.writeConcern())
                .withReadPreference(ReadPreference.primary())
                // Pinned, not the host's: a re-read after a duplicate key or a lost compare-and-set must see the
                // winner's write, which a majority read may not show yet.
                .withReadConcern(ReadConcern.LOCAL);
    }

    static String id(StoreId store, SkuId sku) {
        return store.value() + "/" + sku.value();
    }

    static String defaultId(StoreId store) {
        return store.value() + "/" + ANY_SKU;
    }

    @Override
    public OptionalLong find(StoreId store, SkuId sku) {
        Checks.notNull(store, "store");
        Checks.notNull(sku, "sku");
        return units(id(store, sku), "read the threshold of " + sku + " in store " + store);
    }

    @Override
    public OptionalLong storeDefault(StoreId store) {
        Checks.notNull(store, "store");
        return units(defaultId(store), "read the default threshold of store " + store);
    }

    private OptionalLong units(String id, String operation) {
        Document document =
                MongoErrors.read(operation, () -> thresholds.find(eq(ID, id)).first());
        return document == null ? OptionalLong.empty() : OptionalLong.of(unitsOf(document));
    }

    @Override
    public Map<SkuId, Long> ofStore(StoreId store) {
        Checks.notNull(store, "store");
        String operation = "list the thresholds of store " + store;
        // The store's default has no sku field: it is not one of the SKUs' thresholds.
        List<Document> documents = MongoErrors.read(operation, () -> thresholds
                .find(and(eq(STORE, store.value()), exists(SKU)))
                .into(new ArrayList<>()));
        Map<SkuId, Long> out = new HashMap<>();
        for (Document document : documents) {
            try {
                DocumentReader d = DocumentReader.of(document, collectionName);
                SkuId sku = sku(d);
                out.put(sku, unitsOf(document));
            } catch (UnreadableDocumentException e) {
                LOG.error("{}: left out a threshold that cannot be read", operation, e);
            }
        }
        return Map.copyOf(out);
    }

    @Override
    public void set(StoreId store, SkuId sku, long units) {
        Checks.notNull(store, "store");
        Checks.notNull(sku, "sku");
        long checked = StockThresholds.checkUnits(units);
        String id = id(store, sku);
        MongoErrors.upsertById(
                "set the threshold of " + sku + " in store " + store,
                () -> thresholds.updateOne(
                        and(eq(STORE, store.value()), eq(ID, id)),
                        Updates.combine(
                                Updates.set(STORE, store.value()),
                                Updates.set(SKU, sku.value()),
                                Updates.set(UNITS, checked)),
                        new UpdateOptions().upsert(true)));
    }

    @Override
    public void clear(StoreId store, SkuId sku) {
        Checks.notNull(store, "store");
        Checks.notNull(sku, "sku");
        String id = id(store, sku);
        MongoErrors.write(
                "clear the threshold of " + sku + " in store " + store,
                () -> thresholds.deleteOne(and(eq(STORE, store.value()), eq(ID, id))));
    }

    @Override
    public void setStoreDefault(StoreId store, long units) {
        Checks.notNull(store, "store");
        long checked = StockThresholds.checkUnits(units);
        String id = defaultId(store);
        MongoErrors.upsertById(
                "set the default threshold of store " + store,
                () -> thresholds.updateOne(
                        and(eq(STORE, store.value()), eq(ID, id)),
                        Updates.combine(Updates.set(STORE, store.value()), Updates.set(UNITS, checked)),
                        new UpdateOptions().upsert(true)));
    }

    private SkuId sku(DocumentReader d) {
        try {
            return SkuId.of(d.string(SKU));
        } catch (UnreadableDocumentException e) {
            throw e;
        } catch (OmsException e) {
            throw d.invalid(e);
        }
    }

    /** The stored units, checked as a written threshold is. */
    private long unitsOf(Document document) {
        DocumentReader d = DocumentReader.of(document, collectionName);
        long units = d.longValue(UNITS);
        try {
            return StockThresholds.checkUnits(units);
        } catch (OmsException e) {
            throw d.problem(UNITS, "is not a threshold: " + e.getMessage(), e);
        }
    }
}
