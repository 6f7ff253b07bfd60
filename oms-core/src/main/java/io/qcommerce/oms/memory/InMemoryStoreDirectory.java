package io.qcommerce.oms.memory;

import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** {@link StoreDirectory} in a concurrent map; a lookup scans the stores (a city has tens of them). */
public final class InMemoryStoreDirectory implements StoreDirectory {
    private final ConcurrentHashMap<StoreId, Store> stores = new ConcurrentHashMap<>();

    @Override
    public List<Store> servingPincode(Pincode pincode) {
        Checks.notNull(pincode, "pincode");
        return stores.values().stream()
                .filter(s -> s.active() && s.serves(pincode))
                .sorted(ALLOCATION_ORDER)
                .collect(Collectors.toUnmodifiableList());
    }

    @Override
    public Optional<Store> find(StoreId id) {
        Checks.notNull(id, "storeId");
        return Optional.ofNullable(stores.get(id));
    }

    @Override
    public List<Store> all() {
        return stores.values().stream().sorted(ALLOCATION_ORDER).collect(Collectors.toUnmodifiableList());
    }

    @Override
    public void save(Store store) {
        Checks.notNull(store, "store");
        stores.put(store.id(), store);
    }
}
