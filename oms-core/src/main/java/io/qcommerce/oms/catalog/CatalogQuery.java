package io.qcommerce.oms.catalog;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.error.Violation;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which SKUs of the catalog to list, in id order, one page at a time.
 *
 * @param category only the SKUs of this category (exactly as saved); absent for every category
 * @param brand    only the SKUs of this brand (exactly as saved); absent for every brand
 * @param after    the id of the last SKU of the previous page; absent for the first page
 * @param limit    at most this many, 1 to {@link #MAX_LIMIT}
 */
public record CatalogQuery(
        @Nullable String category,
        @Nullable String brand,
        @Nullable SkuId after,
        int limit) {
    public static final int MAX_LIMIT = 1_000;

    public CatalogQuery {
        List<Violation> problems = new ArrayList<>();
        if (category != null && (category.isBlank() || category.length() > Sku.MAX_LABEL_LENGTH)) {
            problems.add(new Violation("category", "must be 1 to " + Sku.MAX_LABEL_LENGTH + " characters, not blank"));
        }
        if (brand != null && (brand.isBlank() || brand.length() > Sku.MAX_LABEL_LENGTH)) {
            problems.add(new Violation("brand", "must be 1 to " + Sku.MAX_LABEL_LENGTH + " characters, not blank"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            problems.add(new Violation("limit", "must be 1 to " + MAX_LIMIT + ", was " + limit));
        }
        if (!problems.isEmpty()) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, problems);
        }
    }

    /** The first {@code limit} SKUs of the whole catalog, by id. */
    public static CatalogQuery all(int limit) {
        return new CatalogQuery(null, null, null, limit);
    }

    public CatalogQuery category(String value) {
        return new CatalogQuery(value, brand, after, limit);
    }

    public CatalogQuery brand(String value) {
        return new CatalogQuery(category, value, after, limit);
    }

    /** The next page after the SKU {@code last}. */
    public CatalogQuery after(SkuId last) {
        return new CatalogQuery(category, brand, last, limit);
    }

    /** True when the SKU is one this query asks for (the page cursor aside). */
    public boolean matches(Sku sku) {
        return (category == null || category.equals(sku.category())) && (brand == null || brand.equals(sku.brand()));
    }
}
