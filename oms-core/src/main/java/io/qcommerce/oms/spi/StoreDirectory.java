package io.qcommerce.oms.spi;

import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Port: the dark stores and the pincodes they serve. Implementations are thread-safe.
 */
public interface StoreDirectory {
    /** The order in which stores of a pincode are tried: priority, then id. */
    Comparator<Store> ALLOCATION_ORDER =
            Comparator.comparingInt(Store::priority).thenComparing(Store::id);

    /** Active stores serving the pincode, in {@link #ALLOCATION_ORDER}. */
    List<Store> servingPincode(Pincode pincode);

    Optional<Store> find(StoreId id);

    /** Every store, active or not, in {@link #ALLOCATION_ORDER}. */
    List<Store> all();

    /** Inserts or replaces a store (its id decides which). */
    void save(Store store);
}
