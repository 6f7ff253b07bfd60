package io.qcommerce.oms.cart;

import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderTotals;

import java.util.List;

/** The outcome of {@link CartValidator#validate}. */
public sealed interface CartValidation {
    /**
     * Sellable as it is.
     *
     * @param lines  one line per SKU (duplicates merged), in the order of first appearance, with prices
     *               snapshotted from the catalog
     * @param totals what it costs
     */
    record Valid(List<OrderLine> lines, OrderTotals totals) implements CartValidation {
        public Valid {
            lines = List.copyOf(lines);
        }
    }

    /** Not sellable; every problem found, not just the first. */
    record Invalid(List<CartProblem> problems) implements CartValidation {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }
}
