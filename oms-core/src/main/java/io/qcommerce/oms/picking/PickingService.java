package io.qcommerce.oms.picking;

import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.store.StoreId;

/**
 * Picking lists of a dark store: the confirmed orders awaiting picking, oldest first, aggregated by SKU with
 * the batches to take; and the step that starts picking an order, which takes it off the list. Thread-safe;
 * a list is a snapshot, and picking the same order twice is harmless (the second call returns it as is).
 */
public interface PickingService {
    /** The oldest {@code maxOrders} confirmed orders of the store and what they need. */
    PickingList list(StoreId store, int maxOrders);

    /** Starts picking an order: it moves to PICKING and leaves the list. */
    Order startPicking(OrderId order, Actor picker);
}
