package io.qcommerce.oms.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import io.qcommerce.oms.catalog.CatalogQuery;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.spi.Catalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@link Catalog} on MongoDB: one document per SKU, keyed by its id (shape in {@link SkuMapping}).
 *
 * <p>{@link #findAll} answers a cart with one query ({@code _id $in [...]}) on the built-in {@code _id} index, for
 * up to {@link #MAX_IDS_PER_CALL} distinct ids; more is refused with {@code INVALID_ARGUMENT} (a cart has at most
 * a few hundred lines, and the query must stay far below the 16 MiB command limit).
 *
 * <p>{@link #save} sets the fields of the id's document, or inserts it, in one write; top-level fields this version
 * does not know (added by a newer writer) are left as they are. Thread-safe; the constructor does no I/O; the
 * caller owns the client.
 */
public final class MongoCatalog implements Catalog {
    /** The most distinct ids one {@link #findAll} call takes. */
    public static final int MAX_IDS_PER_CALL = 10_000;

    private final MongoCollection<Document> skus;
    private final String collectionName;

    /** The catalog on the default collection ({@code oms_skus}) with majority writes. */
    public MongoCatalog(MongoDatabase database) {
        this(database, MongoOmsConfig.ofDefaults());
    }

    public MongoCatalog(MongoDatabase database, MongoOmsConfig config) {
        Checks.notNull(database, "database");
        Checks.notNull(config, "config");
        this.collectionName = config.catalogCollection();
        this.skus = database.getCollection(collectionName)
                .withWriteConcern(config.writeConcern())
                .withReadPreference(ReadPreference.primary())
                // Pinned, not the host's: a re-read after a duplicate key or a lost compare-and-set must see the
                // winner's write, which a majority read may not show yet.
                .withReadConcern(ReadConcern.LOCAL);
    }

    @Override
    public Map<SkuId, Sku> findAll(Collection<SkuId> ids) {
        Checks.noNulls(ids, "ids");
        Set<String> wanted = new LinkedHashSet<>();
        for (SkuId id : ids) {
            wanted.add(id.value());
        }
        if (wanted.isEmpty()) {
            return Map.of();
        }
        if (wanted.size() > MAX_IDS_PER_CALL) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT,
                    "ids",
                    "at most " + MAX_IDS_PER_CALL + " distinct ids per call, had " + wanted.size());
        }
        List<Document> documents =
                MongoErrors.read("find " + wanted.size() + " SKUs", () -> skus.find(in(SkuMapping.ID, wanted))
                        .into(new ArrayList<>()));
        Map<SkuId, Sku> found = new HashMap<>();
        for (Document d : documents) {
            Sku sku = SkuMapping.fromDocument(d, collectionName);
            found.put(sku.id(), sku);
        }
        return Collections.unmodifiableMap(found);
    }

    @Override
    public void save(Sku sku) {
        Checks.notNull(sku, "sku");
        Document document = SkuMapping.toDocument(sku);
        String operation = "save SKU " + sku.id();
        MongoErrors.upsertById(operation, () -> upsert(document));
    }

    /**
     * One query sorted by id, on the built-in {@code _id} index for the whole catalog and on
     * {@value MongoOmsSchema#SKUS_CATEGORY} or {@value MongoOmsSchema#SKUS_BRAND} for a category or a brand; the cursor
     * is a range on {@code _id}, so the index scan starts at it. A SKU that cannot be read fails the page
     * ({@code DATA_CORRUPTED}, naming it): a page shortened by a skipped document would read as the last one.
     */
    @Override
    public List<Sku> list(CatalogQuery query) {
        Checks.notNull(query, "query");
        List<Bson> filters = new ArrayList<>();
        if (query.category() != null) {
            filters.add(eq(SkuMapping.CATEGORY, query.category()));
        }
        if (query.brand() != null) {
            filters.add(eq(SkuMapping.BRAND, query.brand()));
        }
        SkuId after = query.after();
        if (after != null) {
            filters.add(gt(SkuMapping.ID, after.value()));
        }
        Bson filter = filters.isEmpty() ? new Document() : and(filters);
        List<Document> documents = MongoErrors.read("list SKUs", () -> skus.find(filter)
                .sort(Sorts.ascending(SkuMapping.ID))
                .limit(query.limit())
                .into(new ArrayList<>()));
        List<Sku> out = new ArrayList<>(documents.size());
        for (Document d : documents) {
            out.add(SkuMapping.fromDocument(d, collectionName));
        }
        return List.copyOf(out);
    }

    private void upsert(Document document) {
        // $set of the known fields, not a whole-document replace: fields that a newer writer added survive a
        // save by this version.
        skus.updateOne(
                eq(SkuMapping.ID, document.get(SkuMapping.ID)),
                SkuMapping.toUpsert(document),
                new UpdateOptions().upsert(true));
    }
}
