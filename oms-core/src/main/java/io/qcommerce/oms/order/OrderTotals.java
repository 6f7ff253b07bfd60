package io.qcommerce.oms.order;

import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.internal.util.Checks;
import java.util.List;

/**
 * What an order costs, in minor units.
 *
 * @param itemCount units over all lines
 * @param total     what the customer pays: the sum of selling prices
 * @param mrpTotal  the sum of MRPs
 * @param savings   {@code mrpTotal - total}, never negative
 */
public record OrderTotals(long itemCount, Money total, Money mrpTotal, Money savings) {
    public OrderTotals {
        Checks.notNull(total, "total");
        Checks.notNull(mrpTotal, "mrpTotal");
        Checks.notNull(savings, "savings");
    }

    public static OrderTotals of(List<OrderLine> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order has at least one line");
        }
        Money total = Money.zero(lines.get(0).unitPrice().currency());
        Money mrp = total;
        long count = 0;
        for (OrderLine line : lines) {
            total = total.plus(line.lineTotal());
            mrp = mrp.plus(line.lineMrp());
            count += line.quantity();
        }
        return new OrderTotals(count, total, mrp, mrp.minus(total));
    }
}
