package io.qcommerce.oms.order;

/** The outcome of {@link OrderService#confirmPayment}. */
public sealed interface PaymentResult {
    Order order();

    /** The hold is confirmed and the order is confirmed (now, or by an earlier call). */
    record Confirmed(Order order) implements PaymentResult {
    }

    /**
     * The order cannot take the payment: it is cancelled (now, because its hold had expired or was gone,
     * or earlier). The host should refund.
     *
     * @param reason why the order is cancelled
     */
    record Refused(Order order, CancelReason reason) implements PaymentResult {
    }
}
