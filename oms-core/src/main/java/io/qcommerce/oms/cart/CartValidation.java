package io.qcommerce.oms.cart;

import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderTotals;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The outcome of {@code Oms.validate}. */
public sealed interface CartValidation {
    /**
     * Sellable as it is.
     *
     * @param lines  one line per SKU (duplicates merged), in the order of first appearance, with prices
     *               snapshotted from the catalog
     * @param totals what it costs
     * @param skus   the catalog entries of the lines' SKUs as the validation read them (their minimum shelf
     *               life, say), so that placement need not read the catalog again
     */
    record Valid(List<OrderLine> lines, OrderTotals totals, Map<SkuId, Sku> skus) implements CartValidation {
        public Valid {
            lines = List.copyOf(lines);
            skus = Map.copyOf(skus);
        }

        /** Sellable, without the catalog entries (placement then reads the catalog for them). */
        public Valid(List<OrderLine> lines, OrderTotals totals) {
            this(lines, totals, Map.of());
        }
    }

    /** Not sellable; every problem found, not just the first. */
    record Invalid(List<CartProblem> problems) implements CartValidation {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Handles every case with one function each and returns what the function of this case returns: a way to
     * branch over the cases that the compiler checks on Java 17 too (a new case adds a parameter, so code that
     * misses it no longer compiles). On Java 21 and newer, a {@code switch} over the cases does the same.
     */
    default <R> R fold(Function<? super Valid, ? extends R> onValid, Function<? super Invalid, ? extends R> onInvalid) {
        if (this instanceof Valid x) {
            return onValid.apply(x);
        }
        return onInvalid.apply((Invalid) this);
    }
}
