package io.qcommerce.oms.placement;

import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.inventory.Shortfall;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.StoreId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The outcome of {@code Oms.place}: one of the cases a checkout must branch on. */
public sealed interface PlacementResult {
    /**
     * This call placed the order: it awaits payment, its stock held until {@link Order#holdExpiresAt()}.
     * The first placement of a key whose earlier attempt held stock and then failed to store the order
     * (a definite failure, or an unknown outcome that did not store it) is {@code Placed} too: it stored
     * the order on that same hold.
     */
    record Placed(Order order) implements PlacementResult {}

    /**
     * An earlier call with the same customer and key placed this order; this call changed nothing. The order
     * is as it is now, in any status: still awaiting payment, or by now confirmed, cancelled, delivered...
     * Answer it as the outcome of the customer's request (an HTTP service answers 200 rather than 201, say);
     * do not treat it as a new order awaiting payment.
     */
    record Repeated(Order order) implements PlacementResult {}

    /**
     * The cart cannot be sold as it is. Nothing was held.
     *
     * @param problems      the problems found, at most {@link io.qcommerce.oms.cart.CartValidation.Invalid#MAX_PROBLEMS}
     * @param totalProblems how many problems were found in all, at least {@code problems.size()}
     */
    record CartRejected(List<CartProblem> problems, int totalProblems) implements PlacementResult {
        public CartRejected {
            problems = List.copyOf(problems);
            if (totalProblems < problems.size()) {
                throw io.qcommerce.oms.error.OmsException.invalid(
                        io.qcommerce.oms.error.ErrorCode.INVALID_ARGUMENT,
                        "totalProblems",
                        "must be at least the " + problems.size() + " problems listed, was " + totalProblems);
            }
        }

        /** Rejected for exactly these problems. */
        public CartRejected(List<CartProblem> problems) {
            this(problems, problems.size());
        }
    }

    /** No active store serves the pincode. Nothing was held. */
    record NotServiceable(Pincode pincode) implements PlacementResult {}

    /**
     * Stores serve the pincode but none could hold the whole cart. Nothing was held.
     *
     * @param shortfalls per store tried, in the order tried, every line it was short of
     */
    record OutOfStock(Map<StoreId, List<Shortfall>> shortfalls) implements PlacementResult {
        public OutOfStock {
            shortfalls = Collections.unmodifiableMap(new LinkedHashMap<>(shortfalls));
        }
    }

    /**
     * An earlier attempt with this key held stock and died before storing the order, and that hold has
     * since expired or been released. The key is spent: place again with a new key.
     */
    record HoldLapsed(OrderId orderId) implements PlacementResult {}

    /**
     * The slot the customer picked cannot be booked now; nothing was held. Pick another slot (or none).
     *
     * @param slot the slot
     * @param why  full, or past its cut-off
     */
    record SlotUnavailable(SlotId slot, Why why) implements PlacementResult {
        public enum Why {
            /** Every unit of its capacity is booked or held. */
            FULL,
            /** Its cut-off has passed. */
            CUT_OFF
        }
    }

    /**
     * Handles every case with one function each and returns what the function of this case returns: a way to
     * branch over the cases that the compiler checks on Java 17 too (a new case adds a parameter, so code that
     * misses it no longer compiles). On Java 21 and newer, a {@code switch} over the cases does the same.
     */
    default <R> R fold(
            Function<? super Placed, ? extends R> onPlaced,
            Function<? super Repeated, ? extends R> onRepeated,
            Function<? super CartRejected, ? extends R> onCartRejected,
            Function<? super NotServiceable, ? extends R> onNotServiceable,
            Function<? super OutOfStock, ? extends R> onOutOfStock,
            Function<? super HoldLapsed, ? extends R> onHoldLapsed,
            Function<? super SlotUnavailable, ? extends R> onSlotUnavailable) {
        if (this instanceof Placed x) {
            return onPlaced.apply(x);
        }
        if (this instanceof Repeated x) {
            return onRepeated.apply(x);
        }
        if (this instanceof CartRejected x) {
            return onCartRejected.apply(x);
        }
        if (this instanceof NotServiceable x) {
            return onNotServiceable.apply(x);
        }
        if (this instanceof OutOfStock x) {
            return onOutOfStock.apply(x);
        }
        if (this instanceof HoldLapsed x) {
            return onHoldLapsed.apply(x);
        }
        return onSlotUnavailable.apply((SlotUnavailable) this);
    }
}
