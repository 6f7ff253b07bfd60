package io.qcommerce.oms.order;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.store.StoreId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
    /** The reason recorded on a return of which some units can be sold again; the change lists them. */
    public static final String PARTLY_RESELLABLE = "PARTLY_RESELLABLE";

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
     * Cancels an order that is not yet out for delivery, when the configuration's
     * {@link io.qcommerce.oms.config.CancellationPolicy} lets this kind of actor cancel it in its status
     * (by default a customer before packing, the store or an admin up to packed); otherwise
     * {@code CANCELLATION_NOT_ALLOWED}, and an order out for delivery or later is {@code ILLEGAL_TRANSITION}:
     * both change nothing. Held units go back to available; units already sold (the order was confirmed) are
     * restocked, and the change records the paid total as the refund due. Repeating it returns the cancelled
     * order, and finishes a restock that an earlier call could not complete (restock movements are idempotent
     * for the lock's retention window, so the repeat must come within it).
     */
    Order cancel(OrderId id, CancelReason reason, Actor actor);

    /**
     * A picker could hand over only {@code picked} units of the order's line of {@code sku} (the rest were
     * missing or damaged), while the order is confirmed or being picked. The line shrinks to {@code picked}, the
     * totals are recomputed, the change records the refund due for the missing units and its event
     * ({@code LINE_SHORTENED}) says so, and the missing units are written off in the durable ledger (they
     * were sold; they are never restocked). When no unit of the order is left it is cancelled by the store
     * instead ({@code CANCELLED}, reason STORE), its slot given back. Repeating it with the same
     * {@code picked} returns the order and finishes the write-off. {@code INVALID_QUANTITY} when
     * {@code picked} is not below the line's units; {@code UNKNOWN_SKU} when the order has no such line.
     */
    Order shortPick(OrderId id, SkuId sku, int picked, ShortPick.Cause cause, Actor actor);

    /**
     * A short pick as above, with a substitute handed over in place of the short units where the customer
     * allowed it ({@link io.qcommerce.oms.placement.PlaceOrderRequest#allowingSubstitutes()}): a new line of
     * {@code substitution.units()} units of another SKU at its selling price now, which must be no higher per
     * unit than the short line's. Its units are held in the store (first expiry first), the change recorded,
     * then the hold confirmed, so they leave the stock as sold; the refund due is the short units' price less
     * the substitute line's. The event is the same {@code LINE_SHORTENED}, its short pick naming the substitute
     * line. A substitute never cancels the order. Refusals change nothing and hold nothing:
     * {@code SUBSTITUTE_NOT_ALLOWED} when the customer did not allow substitutes, the SKU costs more or is
     * inactive, or the order already has a line of it; {@code INSUFFICIENT_STOCK} when the store has too few
     * units; {@code UNKNOWN_SKU} for a SKU the catalog does not have; {@code INVALID_QUANTITY} for more units
     * than went short. Repeating the call returns the order and finishes the substitute's sale and the write-off.
     * With {@code substitution} null it is {@link #shortPick(OrderId, SkuId, int, ShortPick.Cause, Actor)}.
     */
    Order shortPick(
            OrderId id,
            SkuId sku,
            int picked,
            ShortPick.Cause cause,
            ShortPick.@Nullable Substitution substitution,
            Actor actor);

    /**
     * Records that an order came back: a failed delivery (out for delivery) or a delivered order sent back.
     * When {@code resellable}, every unit goes back on the shelf, into the batches it came from, as RETURNED
     * movements; otherwise all are written off. See {@link #recordReturn(OrderId, Map, Actor)}.
     */
    Order recordReturn(OrderId id, boolean resellable, Actor actor);

    /**
     * Records that an order came back, saying per SKU how many units the store can sell again: those go back
     * on the shelf, into the batches they came from, as RETURNED movements; the rest are written off in the
     * ledger. Never an automatic restock of everything. The change records the order's total as the refund
     * due. Repeating it returns the returned order and finishes a put-back an earlier call could not
     * complete (within the restock retry window). Anything but an order out for delivery or delivered is
     * {@code ILLEGAL_TRANSITION}; a SKU the order lacks or more units than it delivered is
     * {@code INVALID_QUANTITY}. The library does not check who records a return: it is the store's inspection,
     * so a host lets its store staff call it, not the customer.
     */
    Order recordReturn(OrderId id, Map<SkuId, Integer> resellable, Actor actor);

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
