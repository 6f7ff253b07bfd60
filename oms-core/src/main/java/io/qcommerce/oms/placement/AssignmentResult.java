package io.qcommerce.oms.placement;

import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.inventory.Shortfall;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The outcome of {@code Oms.assignStore}. */
public sealed interface AssignmentResult {
    /** The first store, in allocation order, that can fill every line now. */
    record Assigned(Store store) implements AssignmentResult {}

    /**
     * The cart cannot be sold as it is (only from {@link io.qcommerce.oms.Oms#assignStore}).
     *
     * @param problems      the problems found, at most {@link io.qcommerce.oms.cart.CartValidation.Invalid#MAX_PROBLEMS}
     * @param totalProblems how many problems were found in all, at least {@code problems.size()}
     */
    record CartRejected(List<CartProblem> problems, int totalProblems) implements AssignmentResult {
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

    /** No active store serves the pincode (or reaches the customer's location). */
    record NotServiceable(Pincode pincode) implements AssignmentResult {}

    /**
     * Stores serve the pincode but none can fill the whole cart.
     *
     * @param shortfalls per store tried, in allocation order, every line it was short of
     */
    record Unfillable(Map<StoreId, List<Shortfall>> shortfalls) implements AssignmentResult {
        public Unfillable {
            shortfalls = Collections.unmodifiableMap(new LinkedHashMap<>(shortfalls));
        }
    }

    /**
     * Handles every case with one function each and returns what the function of this case returns: a way to
     * branch over the cases that the compiler checks on Java 17 too (a new case adds a parameter, so code that
     * misses it no longer compiles). On Java 21 and newer, a {@code switch} over the cases does the same.
     */
    default <R> R fold(
            Function<? super Assigned, ? extends R> onAssigned,
            Function<? super CartRejected, ? extends R> onCartRejected,
            Function<? super NotServiceable, ? extends R> onNotServiceable,
            Function<? super Unfillable, ? extends R> onUnfillable) {
        if (this instanceof Assigned x) {
            return onAssigned.apply(x);
        }
        if (this instanceof CartRejected x) {
            return onCartRejected.apply(x);
        }
        if (this instanceof NotServiceable x) {
            return onNotServiceable.apply(x);
        }
        return onUnfillable.apply((Unfillable) this);
    }
}
