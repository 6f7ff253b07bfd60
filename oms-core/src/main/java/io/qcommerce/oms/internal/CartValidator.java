package io.qcommerce.oms.internal;

import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartLine;
import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.cart.CartValidation;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderTotals;
import io.qcommerce.oms.spi.Catalog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a cart against the catalog and reports its problems in one answer.
 *
 * <p>Rules: a cart has 1 to {@code maxLines} distinct SKUs; each SKU exists and is active; each quantity
 * is positive; the units of a SKU are at most its per-order maximum and at most {@link Limits#MAX_UNITS};
 * all SKUs share one currency.
 *
 * <p><b>Duplicate lines are merged</b>: two lines of the same SKU count as one line with the sum of their
 * quantities (in the position of the first), and the sum is what is checked against the maximum. A
 * customer who taps "add" twice means two units, not an error. The line limit counts distinct SKUs.
 *
 * <p><b>Bounded work.</b> A cart over the line limit gets the one problem {@code TOO_MANY_LINES} as soon as
 * the limit is passed, before the catalog is read, so a hostile cart costs no catalog read and no more
 * memory than the limit. Otherwise every problem is counted, and the first
 * {@link CartValidation.Invalid#MAX_PROBLEMS} are listed. No quantity throws: every quantity an
 * {@code int} can hold is either sellable or a problem.
 *
 * <p>Reads the catalog at most once per call (one batch query of at most {@code maxLines} ids). Thread-safe.
 */
final class CartValidator {
    private final Catalog catalog;
    private final int maxLines;

    CartValidator(Catalog catalog, int maxLines) {
        this.catalog = Checks.notNull(catalog, "catalog");
        this.maxLines = Checks.positive(maxLines, "maxLines");
    }

    public CartValidation validate(Cart cart) {
        Checks.notNull(cart, "cart");
        if (cart.lines().isEmpty()) {
            return new CartValidation.Invalid(
                    List.of(new CartProblem(CartProblem.Code.EMPTY_CART, null, "the cart has no lines")));
        }

        // Merge in long arithmetic so that many lines of Integer.MAX_VALUE cannot wrap round.
        Map<SkuId, Long> merged = new LinkedHashMap<>();
        Set<SkuId> badQuantity = new HashSet<>();
        for (CartLine line : cart.lines()) {
            if (line.quantity() <= 0) {
                badQuantity.add(line.sku());
            }
            merged.merge(line.sku(), (long) line.quantity(), Long::sum);
            if (merged.size() > maxLines) {
                return new CartValidation.Invalid(List.of(new CartProblem(
                        CartProblem.Code.TOO_MANY_LINES,
                        null,
                        "the cart has more than " + maxLines + " distinct SKUs; at most " + maxLines
                                + " are allowed")));
            }
        }

        Problems problems = new Problems();
        Map<SkuId, Sku> skus = catalog.findAll(merged.keySet());
        List<OrderLine> lines = new ArrayList<>(merged.size());
        java.util.Currency currency = null;
        for (Map.Entry<SkuId, Long> e : merged.entrySet()) {
            SkuId id = e.getKey();
            long quantity = e.getValue();
            Sku sku = skus.get(id);
            boolean positive = !badQuantity.contains(id);
            if (!positive) {
                problems.add(new CartProblem(
                        CartProblem.Code.INVALID_QUANTITY, id, "every quantity of " + id + " must be positive"));
            }
            // Above the SKU's own maximum says more to a customer than above the unit limit; the unit limit
            // speaks only where the catalog allows more (or does not know the SKU).
            boolean aboveMax = positive && sku != null && quantity > sku.maxPerOrder();
            if (positive && !aboveMax && quantity > Limits.MAX_UNITS) {
                problems.add(new CartProblem(
                        CartProblem.Code.INVALID_QUANTITY,
                        id,
                        quantity + " units of " + id + " asked; at most " + Limits.MAX_UNITS + " can be ordered"));
            }
            if (sku == null) {
                problems.add(new CartProblem(CartProblem.Code.UNKNOWN_SKU, id, "no SKU " + id + " in the catalog"));
                continue;
            }
            if (!sku.active()) {
                problems.add(new CartProblem(CartProblem.Code.INACTIVE_SKU, id, id + " is not on sale"));
            }
            if (aboveMax) {
                problems.add(new CartProblem(
                        CartProblem.Code.ABOVE_MAX_PER_ORDER,
                        id,
                        quantity + " units of " + id + " asked; at most " + sku.maxPerOrder() + " per order"));
            }
            if (currency == null) {
                currency = sku.sellingPrice().currency();
            } else if (!currency.equals(sku.sellingPrice().currency())) {
                problems.add(new CartProblem(
                        CartProblem.Code.MIXED_CURRENCY,
                        id,
                        id + " is priced in " + sku.sellingPrice().currency() + ", the cart in " + currency));
            }
            if (problems.total == 0) {
                lines.add(new OrderLine(id, sku.name(), (int) quantity, sku.sellingPrice(), sku.mrp()));
            }
        }
        if (problems.total > 0) {
            return new CartValidation.Invalid(problems.listed, problems.total);
        }
        Map<SkuId, Sku> read = new java.util.HashMap<>();
        for (OrderLine line : lines) {
            read.put(line.sku(), skus.get(line.sku()));
        }
        return new CartValidation.Valid(lines, OrderTotals.of(lines), read);
    }

    /** Counts every problem, keeps the first {@link CartValidation.Invalid#MAX_PROBLEMS}. */
    private static final class Problems {
        final List<CartProblem> listed = new ArrayList<>();
        int total;

        void add(CartProblem problem) {
            total++;
            if (listed.size() < CartValidation.Invalid.MAX_PROBLEMS) {
                listed.add(problem);
            }
        }
    }
}
