package io.qcommerce.oms.cart;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.internal.util.Checks;
import org.jspecify.annotations.Nullable;

/**
 * One thing wrong with a cart.
 *
 * @param code    what kind of problem
 * @param sku     the SKU concerned; absent for problems of the whole cart
 * @param message a sentence a developer (or, translated, a customer) can act on
 */
public record CartProblem(Code code, @Nullable SkuId sku, String message) {
    public enum Code {
        EMPTY_CART,
        /**
         * More distinct SKUs than the configured limit; reported alone, before the catalog is read, so the
         * other lines are not checked.
         */
        TOO_MANY_LINES,
        UNKNOWN_SKU,
        INACTIVE_SKU,
        /** Zero or negative, or above {@link io.qcommerce.oms.common.Limits#MAX_UNITS}. */
        INVALID_QUANTITY,
        ABOVE_MAX_PER_ORDER,
        /** SKUs priced in different currencies cannot share an order. */
        MIXED_CURRENCY
    }

    public CartProblem {
        Checks.notNull(code, "code");
        Checks.notNull(message, "message");
    }
}
