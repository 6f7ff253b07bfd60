package io.qcommerce.oms.mongo;

import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchCode;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.store.StoreId;
import org.bson.Document;

/**
 * A {@link StockMovement} as one document of the stock ledger:
 * <pre>
 * { _id: "BLR-1/mv:grn-1", store: "BLR-1", key: "mv:grn-1", resource: "sku:MILK-1L", type: "RECEIVED",
 *   quantity: int64, batch: { code: "B-7", expiresAt: date }, actor: "store_staff:ravi", at: date,
 *   reference: "grn-1", note: "morning delivery" }
 * </pre>
 * {@code _id} is the store, a {@code '/'} and the movement's key. A store id holds no {@code '/'} (ids are letters,
 * digits, {@code '-'} and {@code '_'}), so two different (store, key) pairs never share an {@code _id}, and one
 * (store, key) pair always has the same: the unique {@code _id} index is what makes recording idempotent. The
 * resource is its {@link Resource#key() key} ({@code sku:…} or {@code slot:…}), the type its enum name;
 * {@code batch} is left out for units kept without one. Instants are BSON dates, cut to the millisecond.
 */
final class MovementMapping {
    static final String ID = "_id";
    static final String STORE = "store";
    static final String KEY = "key";
    static final String RESOURCE = "resource";
    static final String TYPE = "type";
    static final String QUANTITY = "quantity";
    static final String BATCH = "batch";
    static final String ACTOR = "actor";
    static final String AT = "at";
    static final String REFERENCE = "reference";
    static final String NOTE = "note";

    private static final String BATCH_CODE = "code";
    private static final String BATCH_EXPIRES_AT = "expiresAt";

    private MovementMapping() {}

    /** The {@code _id} of the movement of {@code store} with {@code key}. */
    static String id(StoreId store, String key) {
        return store.value() + "/" + key;
    }

    /** The document of a movement; {@code INVALID_ARGUMENT} for an instant a BSON date cannot hold. */
    static Document toDocument(StockMovement m) {
        Document d = new Document(ID, id(m.store(), m.key()))
                .append(STORE, m.store().value())
                .append(KEY, m.key())
                .append(RESOURCE, m.resource().key())
                .append(TYPE, m.type().name())
                .append(QUANTITY, m.quantity());
        if (m.batch() != null) {
            d.append(
                    BATCH,
                    new Document(BATCH_CODE, m.batch().code().value())
                            .append(
                                    BATCH_EXPIRES_AT,
                                    DateFields.toDate(m.batch().expiresAt())));
        }
        return d.append(ACTOR, m.actor())
                .append(AT, DateFields.toDate(m.at()))
                .append(REFERENCE, m.reference())
                .append(NOTE, m.note());
    }

    static StockMovement fromDocument(Document document, String collection) {
        DocumentReader d = DocumentReader.of(document, collection);
        try {
            StoreId store = StoreId.of(d.string(STORE));
            String key = d.string(KEY);
            // The _id is what keeps one entry per (store, key); a document whose _id names another pair was
            // written or edited by something else, and its store or key cannot be trusted.
            if (!id(store, key).equals(document.get(ID))) {
                throw d.problem(ID, "does not match its store and key (expected '" + id(store, key) + "')", null);
            }
            DocumentReader b = d.optionalChild(BATCH);
            Batch batch = b == null ? null : batch(b);
            return new StockMovement(
                    key,
                    store,
                    Resource.ofKey(d.string(RESOURCE)),
                    d.enumValue(TYPE, MovementType.class),
                    d.longValue(QUANTITY),
                    batch,
                    d.string(ACTOR),
                    d.instant(AT),
                    d.string(REFERENCE),
                    d.string(NOTE));
        } catch (UnreadableDocumentException e) {
            throw e;
        } catch (OmsException e) {
            throw d.invalid(e);
        }
    }

    private static Batch batch(DocumentReader b) {
        try {
            return new Batch(BatchCode.of(b.string(BATCH_CODE)), b.instant(BATCH_EXPIRES_AT));
        } catch (UnreadableDocumentException e) {
            throw e;
        } catch (OmsException e) {
            throw b.invalid(e);
        }
    }
}
