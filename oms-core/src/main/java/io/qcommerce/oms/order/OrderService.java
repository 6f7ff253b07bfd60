package io.qcommerce.oms.order;

import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.store.StoreId;
import java.util.List;
import java.util.Optional;

/**
 * The life of an order after placement: payment confirmed or failed, cancellation, and the fulfilment
 * steps of the store.
 *
 * <p>Guarantees: an order is confirmed if and only if its hold is confirmed (the hold is confirmed first,
 * atomically fenced by its expiry; the order follows). Every call is idempotent: repeating it returns the
 * order as the first call left it. Status changes are compare-and-set on the order's version, retried a
 * bounded number of times against concurrent writers; every change is appended to the order's history
 * with who made it and why. If the process dies between the hold and the order,
 * {@link io.qcommerce.oms.placement.Reconciler} finishes the flow.
 */
public interface OrderService {
    /** The reason recorded on a return whose items the store can sell again. */
    public static final String RESELLABLE = "RESELLABLE";
    /** The reason recorded on a return whose items cannot be sold again. */
    public static final String NOT_RESELLABLE = "NOT_RESELLABLE";

    /** The actor the reconciler's repairs are recorded under. */
    public static final Actor RECONCILER = Actor.system("reconciler");

    /** The order; {@code UNKNOWN_ORDER} when there is none. */
    Order get(OrderId id);

    List<Order> byCustomer(CustomerId customer, int limit);

    List<Order> byStoreAndStatus(StoreId store, OrderStatus status, int limit);

    /**
     * Payment went through: confirm the hold, then the order. When the hold expired (or is gone) first, the
     * order is cancelled with {@link CancelReason#RESERVATION_EXPIRED} and the payment refused.
     */
    PaymentResult confirmPayment(OrderId id, Actor actor);

    /**
     * Payment failed: release the hold and cancel the order with {@link CancelReason#PAYMENT_FAILED}.
     * {@code ILLEGAL_TRANSITION} when the order was already paid for.
     */
    Order paymentFailed(OrderId id, Actor actor);

    /**
     * Cancels an order that is not delivered. Held units go back to available; units already sold (the
     * order was confirmed) are restocked. Repeating it returns the cancelled order, and finishes a restock
     * that an earlier call could not complete (restock movements are idempotent for the lock's retention
     * window, so the repeat must come within it).
     */
    Order cancel(OrderId id, CancelReason reason, Actor actor);

    /**
     * Records that a delivered order came back. When the store can sell its items again
     * ({@code resellable}), its units go back on the shelf, into the batches they came from, as RETURNED
     * movements; otherwise they stay out of the stock. Repeating it returns the returned order and finishes
     * a restock an earlier call could not complete (within the restock retry window). Anything but a
     * delivered order is {@code ILLEGAL_TRANSITION}.
     */
    Order recordReturn(OrderId id, boolean resellable, Actor actor);

    /**
     * Moves an order one step along the fulfilment path: PICKING, PACKED, OUT_FOR_DELIVERY or DELIVERED.
     * Asking for the status it already has returns it unchanged; any other move off the path is
     * {@code ILLEGAL_TRANSITION}. Confirmation and cancellation have their own methods.
     */
    Order advance(OrderId id, OrderStatus to, Actor actor);

    /**
     * Used by the reconciler: settles an order awaiting payment whose hold has expired by now. Releasing
     * the hold tells which way the flow went: if the hold was confirmed, the order is confirmed; otherwise
     * it is cancelled with {@link CancelReason#RESERVATION_EXPIRED}.
     */
    Order settleLapsed(OrderId id);

    /** The order, when there is one. */
    Optional<Order> find(OrderId id);
}
