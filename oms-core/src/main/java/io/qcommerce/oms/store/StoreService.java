package io.qcommerce.oms.store;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The stores: add, change, activate and deactivate them, and which of them would serve a pincode
 * (to ask which store would fill a cart, see {@code Oms.assignStore}).
 * Thread-safe.
 */
public interface StoreService {
    /** Adds a store; {@code DUPLICATE} when its id is taken. */
    Store create(Store store);

    /** Replaces a known store; {@code UNKNOWN_STORE} otherwise. */
    Store update(Store store);

    Store activate(StoreId id);

    Store deactivate(StoreId id);

    Store get(StoreId id);

    List<Store> servingPincode(Pincode pincode);

    List<Store> all();

    /**
     * The stores to try for a pincode, in order. With a {@code location}, stores whose delivery radius does
     * not reach it are left out and the rest are ordered by distance (stores without a location last, in
     * allocation order).
     */
    List<Store> candidates(Pincode pincode, @Nullable GeoPoint location);
}
