package io.qcommerce.oms.mongo;

import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.OmsException;
import java.time.Duration;
import org.bson.Document;

/**
 * A {@link Sku} as one document:
 * <pre>
 * { _id: "MILK-1L", name, mrp: money, sellingPrice: money, active: bool, maxPerOrder: int32,
 *   minShelfLife: "PT48H",           // ISO-8601 duration; only when not zero
 * category: "Dairy", brand: "Amul" }   // each only when not empty
 * </pre>
 * {@code minShelfLife} is exact (an ISO-8601 string keeps every nanosecond of a {@link Duration}) and absent when
 * zero, so a SKU without one has the shape it had before the field existed, and such a document reads as zero.
 */
final class SkuMapping {
    static final String ID = "_id";
    static final String NAME = "name";
    static final String MRP = "mrp";
    static final String SELLING_PRICE = "sellingPrice";
    static final String ACTIVE = "active";
    static final String MAX_PER_ORDER = "maxPerOrder";
    static final String MIN_SHELF_LIFE = "minShelfLife";
    static final String CATEGORY = "category";
    static final String BRAND = "brand";

    private SkuMapping() {}

    static Document toDocument(Sku sku) {
        Document document = new Document(ID, sku.id().value())
                .append(NAME, sku.name())
                .append(MRP, MoneyFields.toDocument(sku.mrp()))
                .append(SELLING_PRICE, MoneyFields.toDocument(sku.sellingPrice()))
                .append(ACTIVE, sku.active())
                .append(MAX_PER_ORDER, sku.maxPerOrder());
        if (!sku.minShelfLife().isZero()) {
            document.append(MIN_SHELF_LIFE, sku.minShelfLife().toString());
        }
        if (!sku.category().isEmpty()) {
            document.append(CATEGORY, sku.category());
        }
        if (!sku.brand().isEmpty()) {
            document.append(BRAND, sku.brand());
        }
        return document;
    }

    /**
     * The update that makes the stored SKU equal to {@code document}: its fields set, a shelf life it no longer
     * has removed, and fields it does not name kept.
     */
    static Document toUpsert(Document document) {
        Document fields = new Document(document);
        fields.remove(ID);
        Document update = new Document("$set", fields);
        // A zero shelf life, no category and no brand are written as no field; an old value must not survive.
        Document unset = new Document();
        for (String optional : new String[] {MIN_SHELF_LIFE, CATEGORY, BRAND}) {
            if (!fields.containsKey(optional)) {
                unset.append(optional, "");
            }
        }
        if (!unset.isEmpty()) {
            update.append("$unset", unset);
        }
        return update;
    }

    private static String orEmpty(@org.jspecify.annotations.Nullable String value) {
        return value == null ? "" : value;
    }

    static Sku fromDocument(Document document, String collection) {
        DocumentReader d = DocumentReader.of(document, collection);
        try {
            return Sku.builder(SkuId.of(d.string(ID)), d.string(NAME))
                    .mrp(d.money(MRP))
                    .sellingPrice(d.money(SELLING_PRICE))
                    .active(d.bool(ACTIVE))
                    .maxPerOrder(d.intValue(MAX_PER_ORDER))
                    .minShelfLife(d.optionalDuration(MIN_SHELF_LIFE, Duration.ZERO))
                    .category(orEmpty(d.optionalString(CATEGORY)))
                    .brand(orEmpty(d.optionalString(BRAND)))
                    .build();
        } catch (UnreadableDocumentException e) {
            throw e;
        } catch (OmsException e) {
            throw d.invalid(e);
        }
    }
}
