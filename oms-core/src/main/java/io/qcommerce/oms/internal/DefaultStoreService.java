package io.qcommerce.oms.internal;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.store.GeoPoint;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.store.StoreService;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Admin use cases of the store directory: add, change, activate and deactivate stores. Thread-safe. */
final class DefaultStoreService implements StoreService {
    private final StoreDirectory directory;
    private final StoreAssignment assignment;

    DefaultStoreService(StoreDirectory directory, StoreAssignment assignment) {
        this.directory = Checks.notNull(directory, "directory");
        this.assignment = Checks.notNull(assignment, "assignment");
    }

    @Override
    public List<Store> candidates(Pincode pincode, @Nullable GeoPoint location) {
        return assignment.candidates(pincode, location);
    }

    /** Adds a store; {@code DUPLICATE} when its id is taken. */
    public Store create(Store store) {
        Checks.notNull(store, "store");
        if (directory.find(store.id()).isPresent()) {
            throw new OmsException(ErrorCode.DUPLICATE, "store " + store.id() + " exists already");
        }
        directory.save(store);
        return store;
    }

    /** Replaces a known store; {@code UNKNOWN_STORE} otherwise. */
    public Store update(Store store) {
        Checks.notNull(store, "store");
        get(store.id());
        directory.save(store);
        return store;
    }

    public Store activate(StoreId id) {
        return update(get(id).withActive(true));
    }

    public Store deactivate(StoreId id) {
        return update(get(id).withActive(false));
    }

    public Store get(StoreId id) {
        Checks.notNull(id, "storeId");
        return directory
                .find(id)
                .orElseThrow(() -> OmsException.notFound(ErrorCode.UNKNOWN_STORE, "store", id.value()));
    }

    public List<Store> servingPincode(Pincode pincode) {
        return directory.servingPincode(pincode);
    }

    public List<Store> all() {
        return directory.all();
    }
}
