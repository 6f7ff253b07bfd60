package io.qcommerce.oms.spi;

import io.qcommerce.oms.order.Order;

/** The outcome of {@link OrderRepository#insert}. */
public sealed interface InsertResult {
    Order order();

    /** Stored now. */
    record Inserted(Order order) implements InsertResult {}

    /**
     * Not stored: an order with the same id, or the same customer and idempotency key, exists already;
     * this is that order.
     */
    record Duplicate(Order order) implements InsertResult {}
}
