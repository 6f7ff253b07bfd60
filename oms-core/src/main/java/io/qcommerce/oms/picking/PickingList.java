package io.qcommerce.oms.picking;

import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.List;

/**
 * The confirmed orders of a store waiting to be picked, oldest first, and what they need from the shelf.
 *
 * @param store  the store
 * @param at     when the list was made
 * @param orders the orders, oldest first
 * @param lines  one line per SKU, by SKU id
 */
public record PickingList(StoreId store, Instant at, List<OrderId> orders, List<PickLine> lines) {
    public PickingList {
        orders = List.copyOf(orders);
        lines = List.copyOf(lines);
    }
}
