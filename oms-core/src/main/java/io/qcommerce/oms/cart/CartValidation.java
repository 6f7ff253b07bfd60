package io.qcommerce.oms.cart;

import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
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

    /**
     * Not sellable. Every problem is counted, not just the first, but at most {@link #MAX_PROBLEMS} are listed,
     * so that the answer to a hostile cart stays small.
     *
     * @param problems      the first problems found, at most {@link #MAX_PROBLEMS}, never empty
     * @param totalProblems how many problems were found in all, at least {@code problems.size()}; more than
     *                      listed means the list was cut
     */
    record Invalid(List<CartProblem> problems, int totalProblems) implements CartValidation {
        /** The most problems one answer lists. */
        public static final int MAX_PROBLEMS = 100;

        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty() || problems.size() > MAX_PROBLEMS) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_ARGUMENT,
                        "problems",
                        "must list 1 to " + MAX_PROBLEMS + " problems, listed " + problems.size());
            }
            if (totalProblems < problems.size()) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_ARGUMENT,
                        "totalProblems",
                        "must be at least the " + problems.size() + " problems listed, was " + totalProblems);
            }
        }

        /** Invalid for exactly these problems (1 to {@link #MAX_PROBLEMS}). */
        public Invalid(List<CartProblem> problems) {
            this(problems, problems.size());
        }

        /** True when more problems were found than are listed. */
        public boolean truncated() {
            return totalProblems > problems.size();
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
