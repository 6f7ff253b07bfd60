package io.qcommerce.oms.catalog;

import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.error.Violation;
import io.qcommerce.oms.internal.util.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A sellable unit: its prices, whether it is on sale, and how many one order may take.
 *
 * @param id            the SKU id
 * @param name          a display name, snapshotted into orders
 * @param mrp           the maximum retail price printed on the pack
 * @param sellingPrice  what the customer pays; never above the MRP, same currency
 * @param active        whether it may be sold now
 * @param maxPerOrder   the most units of it one order may hold, at least 1
 * @param minShelfLife  for a SKU kept in batches (milk, bread), how long a batch must still be good after
 *                      delivery to be sold; zero to sell until the batch's expiry. At most a year.
 * @param category      the shelf it is listed under ("Dairy"), for the catalog's listings; empty for none
 * @param brand         its brand ("Amul"), for the catalog's listings; empty for none
 */
public record Sku(
        SkuId id,
        String name,
        Money mrp,
        Money sellingPrice,
        boolean active,
        int maxPerOrder,
        Duration minShelfLife,
        String category,
        String brand) {
    /** The longest {@link #minShelfLife()} accepted. */
    public static final Duration MAX_SHELF_LIFE = Duration.ofDays(366);

    /** The most characters of a {@link #category()} or a {@link #brand()}. */
    public static final int MAX_LABEL_LENGTH = 100;

    /** A SKU with no category and no brand, as SKUs were before they had them. */
    public Sku(
            SkuId id,
            String name,
            Money mrp,
            Money sellingPrice,
            boolean active,
            int maxPerOrder,
            Duration minShelfLife) {
        this(id, name, mrp, sellingPrice, active, maxPerOrder, minShelfLife, "", "");
    }

    public Sku {
        List<Violation> problems = new ArrayList<>();
        if (id == null) {
            problems.add(new Violation("id", "must not be null"));
        }
        if (name == null || name.isBlank()) {
            problems.add(new Violation("name", "must not be blank"));
        } else if (name.length() > 200) {
            problems.add(new Violation("name", "must have at most 200 characters"));
        }
        if (mrp == null) {
            problems.add(new Violation("mrp", "must not be null"));
        } else if (mrp.minor() <= 0) {
            problems.add(new Violation("mrp", "must be positive, was " + mrp));
        }
        if (sellingPrice == null) {
            problems.add(new Violation("sellingPrice", "must not be null"));
        } else if (sellingPrice.minor() <= 0) {
            problems.add(new Violation("sellingPrice", "must be positive, was " + sellingPrice));
        }
        if (mrp != null && sellingPrice != null) {
            if (!mrp.currency().equals(sellingPrice.currency())) {
                problems.add(new Violation("sellingPrice", "must be in the MRP's currency " + mrp.currency()));
            } else if (sellingPrice.minor() > mrp.minor()) {
                problems.add(new Violation("sellingPrice", "must not exceed the MRP " + mrp + ", was " + sellingPrice));
            }
        }
        if (maxPerOrder < 1) {
            problems.add(new Violation("maxPerOrder", "must be at least 1, was " + maxPerOrder));
        }
        if (minShelfLife == null) {
            problems.add(new Violation("minShelfLife", "must not be null"));
        } else if (minShelfLife.isNegative() || minShelfLife.compareTo(MAX_SHELF_LIFE) > 0) {
            problems.add(new Violation("minShelfLife", "must be 0 to " + MAX_SHELF_LIFE + ", was " + minShelfLife));
        }
        checkLabel(category, "category", problems);
        checkLabel(brand, "brand", problems);
        if (!problems.isEmpty()) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, problems);
        }
    }

    private static void checkLabel(@Nullable String value, String field, List<Violation> problems) {
        if (value == null) {
            problems.add(new Violation(field, "must not be null (empty for none)"));
        } else if (value.length() > MAX_LABEL_LENGTH) {
            problems.add(new Violation(field, "must have at most " + MAX_LABEL_LENGTH + " characters"));
        } else if (!value.isEmpty() && (value.isBlank() || !value.strip().equals(value))) {
            problems.add(new Violation(field, "must be empty or text without leading or trailing spaces"));
        }
    }

    /**
     * A SKU built by name, so the MRP and the selling price cannot trade places: active, no minimum shelf life and
     * at most one unit per order unless said otherwise. {@link Builder#build()} reports every problem at once.
     *
     * <pre>{@code
     * Sku.builder(SkuId.of("MILK-1L"), "Milk 1 L").mrp(Money.inr(6800)).sellingPrice(Money.inr(6500)).maxPerOrder(6).build()
     * }</pre>
     */
    public static Builder builder(SkuId id, String name) {
        return new Builder(id, name);
    }

    /** The same SKU with the active flag set as given. */
    public Sku withActive(boolean newActive) {
        return new Sku(id, name, mrp, sellingPrice, newActive, maxPerOrder, minShelfLife, category, brand);
    }

    /** The same SKU at a new selling price; checked against the MRP like any SKU. */
    public Sku withSellingPrice(Money price) {
        Checks.notNull(price, "sellingPrice");
        return new Sku(id, name, mrp, price, active, maxPerOrder, minShelfLife, category, brand);
    }

    /** The same SKU with another minimum shelf life. */
    public Sku withMinShelfLife(Duration value) {
        return new Sku(id, name, mrp, sellingPrice, active, maxPerOrder, value, category, brand);
    }

    /** The same SKU listed under another category and brand (empty for none). */
    public Sku withListing(String newCategory, String newBrand) {
        return new Sku(id, name, mrp, sellingPrice, active, maxPerOrder, minShelfLife, newCategory, newBrand);
    }

    /** Builds a {@link Sku}; not thread-safe. */
    public static final class Builder {
        private final SkuId id;
        private final String name;
        private @Nullable Money mrp;
        private @Nullable Money sellingPrice;
        private boolean active = true;
        private int maxPerOrder = 1;
        private Duration minShelfLife = Duration.ZERO;
        private String category = "";
        private String brand = "";

        private Builder(SkuId id, String name) {
            this.id = id;
            this.name = name;
        }

        /** The maximum retail price printed on the pack. */
        public Builder mrp(Money value) {
            this.mrp = value;
            return this;
        }

        /** What the customer pays; never above the MRP. */
        public Builder sellingPrice(Money value) {
            this.sellingPrice = value;
            return this;
        }

        public Builder active(boolean value) {
            this.active = value;
            return this;
        }

        /** The most units of it one order may hold. */
        public Builder maxPerOrder(int value) {
            this.maxPerOrder = value;
            return this;
        }

        /** How long its units must stay good after delivery to be sold. */
        public Builder minShelfLife(Duration value) {
            this.minShelfLife = value;
            return this;
        }

        /** The shelf it is listed under; empty (the default) for none. */
        public Builder category(String value) {
            this.category = value;
            return this;
        }

        /** Its brand; empty (the default) for none. */
        public Builder brand(String value) {
            this.brand = value;
            return this;
        }

        /** The SKU; {@code INVALID_ARGUMENT} with every problem (a missing price among them). */
        @SuppressWarnings("NullAway") // a missing price reaches the record's checks, which report it by name
        public Sku build() {
            return new Sku(id, name, mrp, sellingPrice, active, maxPerOrder, minShelfLife, category, brand);
        }
    }
}
