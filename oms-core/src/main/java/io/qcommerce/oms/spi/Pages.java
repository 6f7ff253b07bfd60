package io.qcommerce.oms.spi;

import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.order.Order;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

/** The cursor pages of {@link OrderRepository}'s default methods, for an adapter that only reads first pages. */
final class Pages {
    static final Comparator<Order> OLDEST_FIRST =
            Comparator.comparing(Order::createdAt).thenComparing(Order::id);
    static final Comparator<Order> NEWEST_FIRST =
            Comparator.comparing(Order::createdAt).reversed().thenComparing(Order::id);

    private Pages() {}

    /**
     * The {@code limit} orders after {@code after} in {@code order}, read from first pages of growing size: what
     * comes after the cursor is found by reading what comes before it again.
     */
    static List<Order> after(IntFunction<List<Order>> firstPage, Comparator<Order> order, Order after, int limit) {
        Checks.positive(limit, "limit");
        for (long size = Math.max(2L * limit, 64); ; size *= 2) {
            int asked = (int) Math.min(size, Integer.MAX_VALUE);
            List<Order> page = firstPage.apply(asked);
            List<Order> later = page.stream()
                    .filter(o -> order.compare(o, after) > 0)
                    .sorted(order)
                    .limit(limit)
                    .toList();
            if (later.size() == limit || page.size() < asked || asked == Integer.MAX_VALUE) {
                return later;
            }
        }
    }
}
