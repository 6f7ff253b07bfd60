package io.qcommerce.oms.event;

import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.ShortPick;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A change of an order, as the durable feed delivers it. It is recorded in the same atomic write as the
 * change (it is the change's entry in the order's history), so no change is stored without its event.
 *
 * @param id       stable: the order and the number of the change; deduplicate by it
 * @param position where the event stands in the feed, from 1, increasing in the order the feed was written;
 *                 a store's events keep that order. The events of one order come in the order they happened.
 * @param type     what kind of change
 * @param orderId  the order
 * @param store    the store that serves it
 * @param customer who ordered it
 * @param change   the change: statuses before and after, when, who acted, why, what is owed back, what went
 *                 short
 */
public record OrderEvent(
        EventId id,
        long position,
        Type type,
        OrderId orderId,
        StoreId store,
        CustomerId customer,
        StatusChange change) {
    /** The kinds of change. */
    public enum Type {
        /** Placed; its stock is held, awaiting payment. */
        PLACED,
        /** Payment confirmed; its units are sold. */
        CONFIRMED,
        /** Cancelled; {@link StatusChange#refund()} says what is owed back when it was paid. */
        CANCELLED,
        /** Moved along the fulfilment path: picking, packed, out for delivery, delivered, returned. */
        STATUS_CHANGED,
        /** A line went short at picking; the refund is in the change. */
        LINE_SHORTENED
    }

    public OrderEvent {
        Checks.notNull(id, "id");
        Checks.notNull(type, "type");
        Checks.notNull(orderId, "orderId");
        Checks.notNull(store, "store");
        Checks.notNull(customer, "customer");
        Checks.notNull(change, "change");
        if (position < 1) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "position", "starts at 1, was " + position);
        }
    }

    /** The event of change {@code sequence} (from 1) of {@code order}, at {@code position} of the feed. */
    public static OrderEvent of(Order order, int sequence, long position) {
        Checks.notNull(order, "order");
        if (sequence < 1 || sequence > order.history().size()) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT,
                    "sequence",
                    "order " + order.id() + " has changes 1.." + order.history().size() + ", not " + sequence);
        }
        StatusChange change = order.history().get(sequence - 1);
        return new OrderEvent(
                new EventId(order.id(), sequence),
                position,
                typeOf(change),
                order.id(),
                order.store(),
                order.customer(),
                change);
    }

    /** The kind of a change, told by its statuses and its short pick. */
    public static Type typeOf(StatusChange change) {
        Checks.notNull(change, "change");
        if (change.from() == null) {
            return Type.PLACED;
        }
        if (change.to() == OrderStatus.CANCELLED) {
            return Type.CANCELLED;
        }
        if (change.shortPick() != null) {
            return Type.LINE_SHORTENED;
        }
        return change.to() == OrderStatus.CONFIRMED ? Type.CONFIRMED : Type.STATUS_CHANGED;
    }

    /** The order's status after the change. */
    public OrderStatus status() {
        return change.to();
    }

    public Instant at() {
        return change.at();
    }

    public Actor actor() {
        return change.actor();
    }

    /** What this change owes back to the customer, when anything. */
    public @Nullable Money refund() {
        return change.refund();
    }

    /** The units that went short, for a short pick. */
    public @Nullable ShortPick shortPick() {
        return change.shortPick();
    }
}
