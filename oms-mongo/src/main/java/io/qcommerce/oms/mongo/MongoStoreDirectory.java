package io.qcommerce.oms.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StoreDirectory} on MongoDB: one document per store (shape in {@link StoreMapping}), its served pincodes an
 * array under a multikey index, so {@link #servingPincode} is one indexed query sorted by priority then id.
 *
 * <p>The answer is also sorted in memory by {@link StoreDirectory#ALLOCATION_ORDER}: ids compare the same way
 * either side for the ASCII ids of the domain, but a collection created with a collation of its own would sort
 * differently, and the allocation order is part of the port's contract. Distance ordering for a customer's
 * coordinates is done by the core ({@code StoreService.candidates}) on this list.
 *
 * <p>A stored store that cannot be read is logged and left out of {@link #servingPincode} and {@link #all}, so
 * that one damaged document does not stop placement in its pincodes; {@link #find} of it reports the error.
 *
 * <p>{@link #save} sets the fields of the id's document, or inserts it, in one write; fields this
 * version does not know are left as they are. Thread-safe; the constructor does no I/O; the caller owns the
 * client.
 */
public final class MongoStoreDirectory implements StoreDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(MongoStoreDirectory.class);
    private static final Bson ALLOCATION_SORT = Sorts.ascending(StoreMapping.PRIORITY, StoreMapping.ID);

    private final MongoCollection<Document> stores;
    private final String collectionName;

    /** The directory on the default collection ({@code oms_stores}) with majority writes. */
    public MongoStoreDirectory(MongoDatabase database) {
        this(database, MongoOmsConfig.ofDefaults());
    }

    public MongoStoreDirectory(MongoDatabase database, MongoOmsConfig config) {
        Checks.notNull(database, "database");
        Checks.notNull(config, "config");
        this.collectionName = config.storesCollection();
        this.stores = database.getCollection(collectionName)
                .withWriteConcern(config.writeConcern())
                .withReadPreference(ReadPreference.primary())
                // Pinned, not the host's: a re-read after a duplicate key or a lost compare-and-set must see the
                // winner's write, which a majority read may not show yet.
                .withReadConcern(ReadConcern.LOCAL);
    }

    @Override
    public List<Store> servingPincode(Pincode pincode) {
        Checks.notNull(pincode, "pincode");
        return query(
                "find stores serving " + pincode,
                and(eq(StoreMapping.PINCODES, pincode.value()), eq(StoreMapping.ACTIVE, true)));
    }

    @Override
    public Optional<Store> find(StoreId id) {
        Checks.notNull(id, "storeId");
        Document document = MongoErrors.read("find store " + id, () -> stores.find(eq(StoreMapping.ID, id.value()))
                .first());
        return document == null ? Optional.empty() : Optional.of(StoreMapping.fromDocument(document, collectionName));
    }

    @Override
    public List<Store> all() {
        return query("list stores", new Document());
    }

    @Override
    public void save(Store store) {
        Checks.notNull(store, "store");
        Document document = StoreMapping.toDocument(store);
        String operation = "save store " + store.id();
        MongoErrors.upsertById(operation, () -> upsert(document));
    }

    private void upsert(Document document) {
        // $set of the known fields, not a whole-document replace: fields that a newer writer added survive a
        // save by this version.
        stores.updateOne(
                eq(StoreMapping.ID, document.get(StoreMapping.ID)),
                StoreMapping.toUpsert(document),
                new UpdateOptions().upsert(true));
    }

    private List<Store> query(String operation, Bson filter) {
        List<Document> documents = MongoErrors.read(
                operation, () -> stores.find(filter).sort(ALLOCATION_SORT).into(new ArrayList<>()));
        List<Store> out = new ArrayList<>(documents.size());
        for (Document d : documents) {
            try {
                out.add(StoreMapping.fromDocument(d, collectionName));
            } catch (UnreadableDocumentException e) {
                // One damaged store must not stop every placement in its pincodes; find() still reports it.
                LOG.error("{}: left out a store that cannot be read", operation, e);
            }
        }
        out.sort(ALLOCATION_ORDER);
        return List.copyOf(out);
    }
}
