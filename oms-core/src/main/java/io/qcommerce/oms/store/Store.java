package io.qcommerce.oms.store;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.error.Violation;
import io.qcommerce.oms.internal.util.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A dark store: the pincodes it serves, its rank among the stores of a pincode, whether it takes orders.
 *
 * @param id                   the store id
 * @param name                 a display name
 * @param pincodes             the pincodes it delivers to; not empty
 * @param priority             allocation rank; lower is tried first, ties broken by id
 * @param active               whether it takes orders now
 * @param location             where it is; absent when unknown
 * @param deliveryRadiusMeters how far it delivers from {@code location}; 0 when not limited by distance
 */
public record Store(
        StoreId id,
        String name,
        Set<Pincode> pincodes,
        int priority,
        boolean active,
        @Nullable GeoPoint location,
        int deliveryRadiusMeters) {
    public Store {
        List<Violation> problems = new ArrayList<>();
        if (id == null) {
            problems.add(new Violation("id", "must not be null"));
        }
        if (name == null || name.isBlank()) {
            problems.add(new Violation("name", "must not be blank"));
        }
        if (pincodes == null || pincodes.isEmpty()) {
            problems.add(new Violation("pincodes", "must name at least one pincode"));
        } else if (pincodes.stream().anyMatch(java.util.Objects::isNull)) {
            problems.add(new Violation("pincodes", "must not contain null"));
        }
        if (priority < 0) {
            problems.add(new Violation("priority", "must not be negative, was " + priority));
        }
        if (deliveryRadiusMeters < 0) {
            problems.add(new Violation("deliveryRadiusMeters", "must not be negative"));
        }
        if (deliveryRadiusMeters > 0 && location == null) {
            problems.add(new Violation("deliveryRadiusMeters", "needs a location"));
        }
        if (!problems.isEmpty()) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, problems);
        }
        pincodes = Collections.unmodifiableSet(new TreeSet<>(pincodes));
    }

    /** A store without location, active, serving the given pincodes. */
    public static Store of(StoreId id, String name, int priority, Pincode... pincodes) {
        return new Store(
                id,
                name,
                new java.util.HashSet<>(java.util.Arrays.asList(Checks.notNull(pincodes, "pincodes"))),
                priority,
                true,
                null,
                0);
    }

    public boolean serves(Pincode pincode) {
        return pincodes.contains(pincode);
    }

    /** True when the store has a location and radius and the point lies within it. */
    public boolean reaches(GeoPoint point) {
        return location == null || deliveryRadiusMeters == 0 || location.metersTo(point) <= deliveryRadiusMeters;
    }

    public Store withActive(boolean newActive) {
        return new Store(id, name, pincodes, priority, newActive, location, deliveryRadiusMeters);
    }

    public Store withPriority(int newPriority) {
        return new Store(id, name, pincodes, newPriority, active, location, deliveryRadiusMeters);
    }

    public Store withPincodes(Set<Pincode> newPincodes) {
        return new Store(id, name, newPincodes, priority, active, location, deliveryRadiusMeters);
    }

    public Store withLocation(@Nullable GeoPoint newLocation, int radiusMeters) {
        return new Store(id, name, pincodes, priority, active, newLocation, radiusMeters);
    }
}
