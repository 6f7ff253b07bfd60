package io.qcommerce.oms.cart;

import io.qcommerce.oms.internal.util.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * What a customer wants to buy, line by line, as sent; see {@code Oms.validate} for the rules.
 *
 * <p>A cart is built from raw input without judging it: any number of lines and any quantity an {@code int}
 * holds (zero, negative, above {@link io.qcommerce.oms.common.Limits#MAX_UNITS}) make a cart, and
 * {@code Oms.validate} (or {@code Oms.place}) answers their problems as values. Only what is not a cart at all
 * throws: a null line ({@code INVALID_ARGUMENT}), or a SKU id that breaks the id rules of
 * {@link io.qcommerce.oms.catalog.SkuId} ({@code INVALID_ID}).
 */
public record Cart(List<CartLine> lines) {
    public Cart {
        lines = List.copyOf(Checks.noNulls(lines, "cart.lines"));
    }

    public static Cart of(CartLine... lines) {
        return new Cart(List.of(lines));
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<CartLine> lines = new ArrayList<>();

        private Builder() {}

        public Builder add(String sku, int quantity) {
            lines.add(CartLine.of(sku, quantity));
            return this;
        }

        public Cart build() {
            return new Cart(lines);
        }
    }
}
