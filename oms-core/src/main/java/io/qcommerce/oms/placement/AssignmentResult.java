package io.qcommerce.oms.placement;

import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.inventory.Shortfall;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outcome of {@link StoreAssignment#assign}. */
public sealed interface AssignmentResult {
    /** The first store, in allocation order, that can fill every line now. */
    record Assigned(Store store) implements AssignmentResult {
    }

    /** The cart cannot be sold as it is (only from {@link io.qcommerce.oms.Oms#assignStore}); every problem. */
    record CartRejected(List<CartProblem> problems) implements AssignmentResult {
        public CartRejected {
            problems = List.copyOf(problems);
        }
    }

    /** No active store serves the pincode (or reaches the customer's location). */
    record NotServiceable(Pincode pincode) implements AssignmentResult {
    }

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
}
