package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.order.PaymentResult;
import io.qcommerce.oms.placement.AssignmentResult;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.store.Store;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * The library's sealed outcomes that are not a success, as the problems a client acts on:
 * <ul>
 *   <li>422 {@code CART_REJECTED} with every cart problem; 422 {@code NOT_SERVICEABLE} with the pincode; 422
 *       {@code OUT_OF_STOCK} with the shortfalls of every store tried: the cart cannot be had as it is;</li>
 *   <li>422 {@code SLOT_UNAVAILABLE} with the {@code slotId} and the {@code reason} (FULL or CUT_OFF): the
 *       delivery slot picked cannot be booked now, pick another one (or none);</li>
 *   <li>409 {@code HOLD_LAPSED}: this Idempotency-Key is spent, place again with a new one;</li>
 *   <li>409 {@code PAYMENT_REFUSED}: the order was cancelled before the payment arrived; refund it.</li>
 * </ul>
 */
final class Outcomes {
    private Outcomes() {}

    /** The first problems (at most 100) and how many there are in all. */
    static ApiProblem cartRejected(List<CartProblem> problems, int totalProblems) {
        return new ApiProblem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "CART_REJECTED",
                        "the cart cannot be sold as it is: " + totalProblems + " problem(s)")
                .with(
                        "problems",
                        problems.stream().map(Views.CartProblemView::of).toList())
                .with("totalProblems", totalProblems);
    }

    static ApiProblem notServiceable(String pincode) {
        return new ApiProblem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "NOT_SERVICEABLE",
                        "no active store delivers to pincode " + pincode)
                .with("pincode", pincode);
    }

    static Store assigned(AssignmentResult result) {
        if (result instanceof AssignmentResult.Assigned assigned) {
            return assigned.store();
        }
        if (result instanceof AssignmentResult.NotServiceable n) {
            throw notServiceable(n.pincode().value());
        }
        AssignmentResult.Unfillable unfillable = (AssignmentResult.Unfillable) result;
        throw new ApiProblem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "OUT_OF_STOCK",
                        "no store delivering there has every line in stock")
                .with("shortfalls", Views.shortfalls(unfillable.shortfalls()));
    }

    /** Any placement outcome but {@link PlacementResult.Placed} and {@link PlacementResult.Repeated}, as its problem. */
    static ApiProblem notPlaced(PlacementResult result) {
        if (result instanceof PlacementResult.CartRejected rejected) {
            return cartRejected(rejected.problems(), rejected.totalProblems());
        }
        if (result instanceof PlacementResult.NotServiceable n) {
            return notServiceable(n.pincode().value());
        }
        if (result instanceof PlacementResult.OutOfStock out) {
            return new ApiProblem(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "OUT_OF_STOCK",
                            "no store delivering there has every line in stock")
                    .with("shortfalls", Views.shortfalls(out.shortfalls()));
        }
        if (result instanceof PlacementResult.SlotUnavailable unavailable) {
            return slotUnavailable(unavailable);
        }
        PlacementResult.HoldLapsed lapsed = (PlacementResult.HoldLapsed) result;
        return new ApiProblem(
                        HttpStatus.CONFLICT,
                        "HOLD_LAPSED",
                        "an earlier attempt with this Idempotency-Key held stock that has lapsed since; place the order"
                                + " again with a new key")
                .with("orderId", lapsed.orderId().value());
    }

    static ApiProblem slotUnavailable(PlacementResult.SlotUnavailable unavailable) {
        String why = unavailable.why() == PlacementResult.SlotUnavailable.Why.FULL
                ? "is fully booked"
                : "is past its cut-off";
        return new ApiProblem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "SLOT_UNAVAILABLE",
                        "delivery slot " + unavailable.slot() + " " + why + "; pick another slot")
                .with("slotId", unavailable.slot().value())
                .with("reason", unavailable.why().name());
    }

    static ApiProblem paymentRefused(PaymentResult.Refused refused) {
        return new ApiProblem(
                        HttpStatus.CONFLICT,
                        "PAYMENT_REFUSED",
                        "order " + refused.order().id() + " is cancelled (" + refused.reason()
                                + ") and cannot take the payment: refund it")
                .with("reason", refused.reason().name())
                .with("order", Views.OrderView.of(refused.order()));
    }

    /** The metric tag of a placement outcome. */
    static String outcomeTag(PlacementResult result) {
        if (result instanceof PlacementResult.Placed) {
            return "placed";
        }
        if (result instanceof PlacementResult.Repeated) {
            return "repeated";
        }
        if (result instanceof PlacementResult.CartRejected) {
            return "cart_rejected";
        }
        if (result instanceof PlacementResult.NotServiceable) {
            return "not_serviceable";
        }
        if (result instanceof PlacementResult.OutOfStock) {
            return "out_of_stock";
        }
        if (result instanceof PlacementResult.SlotUnavailable) {
            return "slot_unavailable";
        }
        return "hold_lapsed";
    }
}
