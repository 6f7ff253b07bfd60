package io.qcommerce.oms.spi;

import io.qcommerce.oms.order.Order;

/** The outcome of {@link OrderRepository#transition}. */
public sealed interface TransitionResult {
    Order order();

    /** Written; this is the order as stored now. */
    record Applied(Order order) implements TransitionResult {}

    /** Not written: another writer changed the order first; this is the order as it is now. */
    record Conflict(Order order) implements TransitionResult {}
}
