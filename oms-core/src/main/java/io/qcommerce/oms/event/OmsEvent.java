package io.qcommerce.oms.event;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;

/**
 * Something that happened, told to the host's {@link OmsListener}s in-process after it is stored, at most
 * once. A host switches over the sealed cases. The durable, at-least-once record of order changes is the
 * feed of {@link OrderEvent}s ({@link EventService}).
 */
public sealed interface OmsEvent {
    /** When it happened, by the library's clock. */
    Instant at();

    /** An order was placed and its stock is held, awaiting payment. */
    record OrderPlaced(Order order, Instant at) implements OmsEvent {}

    /** Payment confirmed the order; its units are sold. */
    record OrderConfirmed(Order order, Instant at) implements OmsEvent {}

    /** An order was cancelled; its held units are back, or its sold units restocked. */
    record OrderCancelled(Order order, CancelReason reason, Instant at) implements OmsEvent {}

    /** Any change of an order's status, including the ones above; the change is the audit entry. */
    record OrderStatusChanged(Order order, StatusChange change, Instant at) implements OmsEvent {}

    /**
     * The available units of a SKU in a store fell below its threshold: sent once per crossing, when a
     * change takes availability from at or above the threshold to below it.
     */
    record StockLow(StoreId store, SkuId sku, long available, long threshold, Instant at) implements OmsEvent {}
}
