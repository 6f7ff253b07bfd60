package io.qcommerce.oms.order;

import java.util.function.Function;

/** The outcome of {@link OrderService#confirmPayment}. */
public sealed interface PaymentResult {
    Order order();

    /** The hold is confirmed and the order is confirmed (now, or by an earlier call). */
    record Confirmed(Order order) implements PaymentResult {}

    /**
     * The order cannot take the payment: it is cancelled (now, because its hold had expired or was gone,
     * or earlier). The host should refund.
     *
     * @param reason why the order is cancelled
     */
    record Refused(Order order, CancelReason reason) implements PaymentResult {}

    /**
     * Handles every case with one function each and returns what the function of this case returns: a way to
     * branch over the cases that the compiler checks on Java 17 too (a new case adds a parameter, so code that
     * misses it no longer compiles). On Java 21 and newer, a {@code switch} over the cases does the same.
     */
    default <R> R fold(
            Function<? super Confirmed, ? extends R> onConfirmed, Function<? super Refused, ? extends R> onRefused) {
        if (this instanceof Confirmed x) {
            return onConfirmed.apply(x);
        }
        return onRefused.apply((Refused) this);
    }
}
