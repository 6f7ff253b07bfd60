package io.qcommerce.oms.mongo;

import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.OmsException;
import org.bson.Document;

/**
 * A {@link Sku} as one document:
 * <pre>
 * { _id: "MILK-1L", name, mrp: money, sellingPrice: money, active: bool, maxPerOrder: int32 }
 * </pre>
 */
final class SkuMapping {
    static final String ID = "_id";
    static final String NAME = "name";
    static final String MRP = "mrp";
    static final String SELLING_PRICE = "sellingPrice";
    static final String ACTIVE = "active";
    static final String MAX_PER_ORDER = "maxPerOrder";

    private SkuMapping() {
    }

    static Document toDocument(Sku sku) {
        return new Document(ID, sku.id().value())
                .append(NAME, sku.name())
                .append(MRP, MoneyFields.toDocument(sku.mrp()))
                .append(SELLING_PRICE, MoneyFields.toDocument(sku.sellingPrice()))
                .append(ACTIVE, sku.active())
                .append(MAX_PER_ORDER, sku.maxPerOrder());
    }

    /** The update that makes the stored SKU equal to {@code document} and keeps fields it does not name. */
    static Document toUpsert(Document document) {
        Document fields = new Document(document);
        fields.remove(ID);
        return new Document("$set", fields);
    }

    static Sku fromDocument(Document document, String collection) {
        DocumentReader d = DocumentReader.of(document, collection);
        try {
            return new Sku(SkuId.of(d.string(ID)), d.string(NAME), d.money(MRP), d.money(SELLING_PRICE),
                    d.bool(ACTIVE), d.intValue(MAX_PER_ORDER));
        } catch (UnreadableDocumentException e) {
            throw e;
        } catch (OmsException e) {
            throw d.invalid(e);
        }
    }
}
