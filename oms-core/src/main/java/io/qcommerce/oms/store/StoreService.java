package io.qcommerce.oms.store;

import io.qcommerce.oms.common.Checks;
import io.qcommerce.oms.common.ErrorCode;
import io.qcommerce.oms.common.OmsException;

import java.util.List;

/** Admin use cases of the store directory: add, change, activate and deactivate stores. Thread-safe. */
public final class StoreService {
    private final StoreDirectory directory;

    public StoreService(StoreDirectory directory) {
        this.directory = Checks.notNull(directory, "directory");
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
        return directory.find(id).orElseThrow(() -> OmsException.notFound(ErrorCode.UNKNOWN_STORE, "store", id.value()));
    }

    public List<Store> servingPincode(Pincode pincode) {
        return directory.servingPincode(pincode);
    }

    public List<Store> all() {
        return directory.all();
    }
}
