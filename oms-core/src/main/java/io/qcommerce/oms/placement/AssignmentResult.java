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

    /** The cart cannot be sold as it is (only from {@link io.qcommerce.oms.Oms#assignStore}); every problem. */
    record CartRejected(List<CartProblem> problems) implements AssignmentResult {
        public CartRejected {
            problems = List.copyOf(problems);
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
